"""What the daemon and its validation worker say to each other: plain JSON, checked on arrival.

The worker opens hostile files. Were its answers pickles, a worker taken over by such a file
could make the daemon run code by answering with a crafted pickle. JSON carries only data,
and `reply_from_json` accepts only the shape of a verdict: known finding codes, known roles
and severities, bounded sizes. Anything else is a `WireError`, and the file gets
"file.check_crashed" like a worker that died.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from watcher.model import Finding, Role, Severity, Verdict
from watcher.validation.cache import verdict_to_dict
from watcher.validation.messages import TEXTS
from watcher.validation.policy import ValidationPolicy

MAX_REPLY_BYTES = 4 * 2**20  # a verdict's leading text is far smaller; more is not a verdict
MAX_FINDINGS = 64
MAX_MESSAGE_CHARS = 4000
MAX_TEXT_CHARS = 200_000
_DETECTED = re.compile(r"^[a-z0-9_.+-]{0,40}$")
_CODES = frozenset(key if isinstance(key, str) else key[0] for key in TEXTS)
READY = b'"ready"'


class WireError(ValueError):
    """A message that is not what the protocol allows."""


def request_to_json(path: str, name: str, mime_type: str | None, policy: ValidationPolicy) -> bytes:
    policy_data = dataclasses.asdict(policy)
    policy_data["blank_template_sha256"] = list(policy.blank_template_sha256)
    return json.dumps(
        {"path": path, "name": name, "mime_type": mime_type, "policy": policy_data}
    ).encode("utf-8")


def request_from_json(data: bytes) -> tuple[Path, str, str | None, ValidationPolicy]:
    message = _object(data)
    policy = dict(_field(message, "policy", dict))
    policy["blank_template_sha256"] = tuple(policy.get("blank_template_sha256", ()))
    mime_type = message.get("mime_type")
    if mime_type is not None and not isinstance(mime_type, str):
        raise WireError("mime_type must be text or null")
    try:
        checked = ValidationPolicy(**policy)
    except TypeError as error:
        raise WireError(f"not a validation policy: {error}") from None
    return Path(_field(message, "path", str)), _field(message, "name", str), mime_type, checked


def reply_to_json(verdict: Verdict, peak_kib: int, exhausted: bool) -> bytes:
    reply = {"verdict": verdict_to_dict(verdict), "peak_kib": peak_kib, "exhausted": exhausted}
    return json.dumps(reply, ensure_ascii=False).encode("utf-8")


def reply_from_json(data: bytes) -> tuple[Verdict, int, bool]:
    """(verdict, the worker's peak RSS in KiB, whether it wants replacing); WireError else."""
    if len(data) > MAX_REPLY_BYTES:
        raise WireError(f"a reply of {len(data)} bytes")
    message = _object(data)
    if set(message) != {"verdict", "peak_kib", "exhausted"}:
        raise WireError(f"unexpected keys {sorted(message)}")
    peak = _field(message, "peak_kib", int)
    exhausted = _field(message, "exhausted", bool)
    if isinstance(peak, bool) or peak < 0:
        raise WireError("peak_kib must be a count")
    return _verdict(_field(message, "verdict", dict)), peak, exhausted


def _verdict(data: dict[str, Any]) -> Verdict:
    if set(data) != {"role", "detected", "text", "findings"}:
        raise WireError(f"unexpected verdict keys {sorted(data)}")
    role = _choice(Role, _field(data, "role", str))
    detected = _field(data, "detected", str)
    text = _field(data, "text", str)
    items = _field(data, "findings", list)
    if not _DETECTED.match(detected) or len(text) > MAX_TEXT_CHARS or len(items) > MAX_FINDINGS:
        raise WireError("a verdict out of bounds")
    return Verdict(role, tuple(_finding(item) for item in items), text, detected)


def _finding(item: object) -> Finding:
    if not isinstance(item, dict) or set(item) != {"code", "severity", "vi", "en"}:
        raise WireError("a finding is not {code, severity, vi, en}")
    code = _field(item, "code", str)
    if code not in _CODES:
        raise WireError(f"unknown finding code {code[:60]!r}")
    messages = (_field(item, "vi", str), _field(item, "en", str))
    if any(len(message) > MAX_MESSAGE_CHARS for message in messages):
        raise WireError("a finding message is too long")
    return Finding(code, _choice(Severity, _field(item, "severity", str)), *messages)


def _object(data: bytes) -> dict[str, Any]:
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise WireError(f"not JSON: {error}") from None
    if not isinstance(message, dict):
        raise WireError("not a JSON object")
    return message


def _field(message: dict[str, Any], key: str, kind: type) -> Any:
    value = message.get(key)
    if not isinstance(value, kind):
        raise WireError(f"{key} must be {kind.__name__}")
    return value


def _choice(kind: Any, value: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise WireError(f"{value[:40]!r} is not a {kind.__name__}") from None
