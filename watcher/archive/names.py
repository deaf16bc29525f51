"""Names in the archive that Windows and macOS file shares accept, Vietnamese letters kept.

Pure functions. A name is NFC, has no direction or control character (removed, so the name and
its extension read as they are: watcher/safe.py), no reserved character (`<>:"/\\|?*`),
no trailing dot or space, is not a reserved device name (CON, PRN, AUX, NUL, COM1…, LPT1…),
and fits a length budget in characters and in UTF-8 bytes (a long name loses its middle, never
its extension). Two names that differ only in case or normalisation are the same name on those
shares: `name_key` is what collisions are checked on.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from watcher import safe
from watcher.text import nfc

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)
_EXTENSION = re.compile(r"^\.[0-9A-Za-z]{1,8}$")
_ELLIPSIS = "…"
MAX_BYTES = 255  # per component, on every file system the archive may live on

# Character budgets per component keep the whole path near Windows' 260 (archive_dir excluded).
CAMPAIGN_CHARS = 40
PERIOD_CHARS = 40
SCHOOL_CHARS = 60
FILE_CHARS = 110
UNMATCHED = "_unmatched"
MANIFEST = "manifest.csv"


def safe_component(text: str, max_chars: int = FILE_CHARS) -> str:
    """One path component that every share accepts; the extension survives shortening."""
    cleaned = _FORBIDDEN.sub("_", nfc(safe.file_name(text))).strip(" ").rstrip(". ")
    if not cleaned:
        cleaned = "_"
    if _RESERVED.match(cleaned):
        cleaned = "_" + cleaned
    stem, extension = split_extension(cleaned)
    return shorten(stem, extension, max_chars)


def split_extension(name: str) -> tuple[str, str]:
    """('Báo cáo', '.docx'); a 'suffix' with spaces or too long is part of the stem."""
    dot = name.rfind(".")
    if dot <= 0 or not _EXTENSION.match(name[dot:]):
        return name, ""
    return name[:dot], name[dot:]


def shorten(stem: str, tail: str, max_chars: int, max_bytes: int = MAX_BYTES) -> str:
    """stem + tail within max_chars and max_bytes, cutting the middle of the stem."""
    if _fits(stem + tail, max_chars, max_bytes):
        return stem + tail
    keep = min(len(stem), max_chars - len(tail) - 1)
    while keep > 1:
        head = (keep + 1) // 2
        candidate = stem[:head].rstrip() + _ELLIPSIS + stem[len(stem) - (keep - head) :].lstrip()
        if _fits(candidate + tail, max_chars, max_bytes):
            return nfc(candidate) + tail
        keep -= 1
    return stem[:1] + _ELLIPSIS + tail


def _fits(name: str, max_chars: int, max_bytes: int = MAX_BYTES) -> bool:
    return len(name) <= max_chars and len(name.encode("utf-8")) <= max_bytes


def name_key(name: str) -> str:
    """What a case-insensitive, normalisation-insensitive share compares."""
    return nfc(name).casefold()


def school_folder(level: str, name: str, code: str = "") -> str:
    """'TH - Phù Đổng'; with the code when two schools would share the folder."""
    label = f"{level} - {name}" if level else name
    return safe_component(f"{label} ({code})" if code else label, SCHOOL_CHARS)


def file_name(original: str, role: str | None, stamp: str = "") -> str:
    """'word - Báo cáo (2024-05-30 0815).docx'; role None for unmatched files."""
    stem, extension = split_extension(safe_component(original, 10_000))
    prefix = f"{role} - " if role else ""
    tail = (f" ({stamp})" if stamp else "") + extension
    budget = MAX_BYTES - len(prefix.encode("utf-8"))
    return prefix + shorten(stem, tail, FILE_CHARS - len(prefix), budget)


def numbered(name: str, counter: int) -> str:
    """'word - Báo cáo (2).docx': the last resort when every other name is taken."""
    stem, extension = split_extension(name)
    return shorten(stem, f" ({counter}){extension}", FILE_CHARS)


def stamps(uploaded_at: datetime | None, zone: ZoneInfo, content_hash: str) -> list[str]:
    """The distinguishing suffixes to try, shortest first: minute, second, then the hash."""
    short = content_hash[:8]
    if uploaded_at is None:
        return [short]
    local = uploaded_at.astimezone(zone)
    minute = local.strftime("%Y-%m-%d %H%M")
    second = local.strftime("%Y-%m-%d %H%M%S")
    return [minute, second, f"{second} {short}"]
