"""Upload checks: what a file really is and whether a school's upload is usable.

validate_file(path, name=..., mime_type=..., policy=...) -> Verdict   in-process
validate_isolated(path, name=..., mime_type=..., policy=...) -> Verdict  worker process
"""

from watcher.validation.cache import (
    VerdictCache,
    cache_key,
    verdict_from_dict,
    verdict_to_dict,
)
from watcher.validation.check import file_sha256, validate_file
from watcher.validation.docx import fingerprint
from watcher.validation.isolation import IsolatedChecker, validate_isolated
from watcher.validation.messages import TEXTS, finding
from watcher.validation.policy import ValidationPolicy

__all__ = [
    "TEXTS",
    "IsolatedChecker",
    "ValidationPolicy",
    "VerdictCache",
    "cache_key",
    "file_sha256",
    "finding",
    "fingerprint",
    "validate_file",
    "validate_isolated",
    "verdict_from_dict",
    "verdict_to_dict",
]
