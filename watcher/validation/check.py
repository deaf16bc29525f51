"""One file in, one verdict out: what the content is, and whether it is usable as that."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePath

import structlog

from watcher.model import Finding, Role, Severity, Verdict
from watcher.validation.docx import check_word
from watcher.validation.messages import finding
from watcher.validation.policy import ValidationPolicy
from watcher.validation.scan import check_image, check_pdf
from watcher.validation.sniff import OTHER_IMAGE_KINDS, Sniffed, magic_kind, role_of, sniff

log = structlog.get_logger(__name__)

IMAGE_KINDS = frozenset({"jpeg", "png", "tiff"})
# Extension and content disagree, but the usual program still opens the file.
_HARMLESS_MISNAMES = {("doc", "docx")} | {
    (claimed, real) for claimed in IMAGE_KINDS for real in IMAGE_KINDS
}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _misname(sniffed: Sniffed, name: str) -> Finding | None:
    claimed, real = sniffed.claimed, sniffed.detected
    if not claimed or claimed == real or real == "empty" or real.startswith("google-"):
        return None
    if claimed == "docx":
        if real in ("docm", "dotx", "dotm"):
            return None  # a Word package all the same: docx.py explains the difference
        return finding("docx.not_docx", what=real)
    severity = Severity.WARNING if (claimed, real) in _HARMLESS_MISNAMES else Severity.PROBLEM
    return finding("file.misnamed", severity, ext=PurePath(name).suffix.lower(), what=real)


def _content(path: Path, sniffed: Sniffed, policy: ValidationPolicy) -> tuple[list[Finding], str]:
    if sniffed.role is Role.WORD:
        needs_hash = bool(policy.blank_template_sha256)
        return check_word(path, sniffed, file_sha256(path) if needs_hash else "", policy)
    if sniffed.detected == "pdf":
        return check_pdf(path, policy), ""
    if sniffed.detected in IMAGE_KINDS:
        return check_image(path, policy), ""
    if sniffed.detected in OTHER_IMAGE_KINDS:
        return [finding("image.unsupported_format", what=sniffed.detected)], ""
    return [finding("file.wrong_type", what=sniffed.detected)], ""


def _by_size(path: Path, size: int, policy: ValidationPolicy) -> Verdict | None:
    if size == 0:
        return Verdict(Role.EXTRA, (finding("file.empty"),), detected="empty")
    if size > policy.max_bytes:
        with path.open("rb") as handle:
            detected = magic_kind(handle.read(8192))
        too_large = finding(
            "file.too_large",
            size_mb=f"{size / 2**20:.1f}",
            limit_mb=f"{policy.max_bytes / 2**20:.0f}",
        )
        return Verdict(role_of(detected), (too_large,), detected=detected)
    return None


def check(path: Path, name: str, mime_type: str | None, policy: ValidationPolicy) -> Verdict:
    early = _by_size(path, path.stat().st_size, policy)
    if early is not None:
        return early
    sniffed = sniff(path, name, mime_type, policy)
    misnamed = _misname(sniffed, name)
    if misnamed is not None and misnamed.severity is Severity.PROBLEM:
        return Verdict(sniffed.role, (misnamed,), detected=sniffed.detected)
    findings, text = _content(path, sniffed, policy)
    if misnamed is not None:
        findings.insert(0, misnamed)
    return Verdict(sniffed.role, tuple(findings), text=text, detected=sniffed.detected)


def validate_file(
    path: Path,
    *,
    name: str,
    mime_type: str | None = None,
    policy: ValidationPolicy = ValidationPolicy(),  # noqa: B008 - frozen, shared safely
) -> Verdict:
    """Judge one file in this process. Never raises: the unexpected becomes "file.unreadable"."""
    try:
        return check(Path(path), name, mime_type, policy)
    except MemoryError:
        log.warning("validation.out_of_memory", file=name)
        return Verdict(Role.EXTRA, (finding("file.check_crashed"),), detected="unknown")
    except Exception as error:
        log.warning("validation.unexpected", file=name, error=f"{type(error).__name__}: {error}")
        return Verdict(Role.EXTRA, (finding("file.unreadable"),), detected="unknown")
