"""The per-campaign manifest: one CSV row per version of every file, for people and `verify`.

UTF-8 with BOM so Excel shows Vietnamese letters. Headers follow the configured language;
`read` accepts either language so a manifest stays checkable after the setting changes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from watcher import safe
from watcher.archive.plan import Entry
from watcher.i18n import role_label
from watcher.matching.names import school_label
from watcher.model import Role
from watcher.store import ArchivedCopy

# (key, Vietnamese header, English header), in column order
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("school_code", "Mã trường", "School code"),
    ("school", "Trường", "School"),
    ("period", "Kỳ báo cáo", "Period"),
    ("role", "Loại tệp", "Role"),
    ("name", "Tên tệp gốc", "Original file name"),
    ("path", "Lưu tại", "Archived as"),
    ("file_id", "Mã tệp trên Drive", "Drive id"),
    ("sha256", "SHA-256", "SHA-256"),
    ("source_hash", "Mã băm của nguồn", "Source hash"),
    ("uploaded_at", "Thời điểm tải lên", "Uploaded at"),
    ("archived_at", "Thời điểm lưu", "Archived at"),
    ("withdrawn_at", "Thời điểm rút khỏi Drive", "Withdrawn at"),
    ("moved_from", "Chuyển từ", "Moved from"),
    ("state", "Tình trạng", "State"),
    ("verdict", "Kết quả kiểm tra", "Verdict"),
)
_STATES = {
    "current": ("hiện hành", "current"),
    "replaced": ("đã được thay", "replaced"),
    "withdrawn": ("đã rút", "withdrawn"),
    "not_archived": ("chưa lưu được (không có nội dung)", "not archived (no content)"),
    "paper": ("bản giấy (lưu tại Phòng)", "paper copy (kept at the department)"),
}
_VERDICTS = {"ok": ("đạt", "ok"), "warning": ("lưu ý", "warning"), "problem": ("lỗi", "problem")}


@dataclass(frozen=True)
class ManifestRow:
    path: str  # "" when the version could not be archived
    sha256: str
    name: str


def rows(
    entries: Sequence[Entry],
    copies: Mapping[tuple[str, str], ArchivedCopy],
    zone: ZoneInfo,
    language: str,
) -> list[list[str]]:
    ordered = sorted(entries, key=lambda e: _order(e, copies.get(e.key)))
    return [safe.row(_row(entry, copies.get(entry.key), zone, language)) for entry in ordered]


def render(table: list[list[str]], language: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([vi if language == "vi" else en for _, vi, en in COLUMNS])
    writer.writerows(table)
    return buffer.getvalue().encode("utf-8-sig")


Order = tuple[int, str, str, str, str]


def line(entry: Entry, copy: ArchivedCopy | None, zone: ZoneInfo, language: str) -> str:
    """One version's line of the manifest, as `render` writes it (CSV, CRLF)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(safe.row(_row(entry, copy, zone, language)))
    return buffer.getvalue()


def order(entry: Entry, copy: ArchivedCopy | None) -> Order:
    """Where a version's line stands in the manifest (`rows` sorts by it, stably)."""
    return _order(entry, copy)


def render_lines(lines: Iterable[str], language: str, batch: int = 500) -> Iterator[bytes]:
    """The manifest of these lines (each from `line`, in order), in pieces: the same bytes
    `render` writes for their rows."""
    yield render([], language)
    pending: list[str] = []
    for text in lines:
        pending.append(text)
        if len(pending) >= batch:
            yield "".join(pending).encode("utf-8")
            pending.clear()
    if pending:
        yield "".join(pending).encode("utf-8")


def read(data: bytes) -> list[ManifestRow]:
    """The archived files a manifest lists; raises ValueError when it is not a manifest."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    header = next(reader, None)
    if header is None:
        raise ValueError("the manifest is empty")
    index = _column_index(header)
    return [
        ManifestRow(
            safe.uncell(line[index["path"]]),
            line[index["sha256"]],
            safe.uncell(line[index["name"]]),
        )
        for line in reader
        if len(line) == len(header)
    ]


def _column_index(header: list[str]) -> dict[str, int]:
    by_title = {title: key for key, vi, en in COLUMNS for title in (vi, en)}
    index = {
        by_title[title]: position for position, title in enumerate(header) if title in by_title
    }
    missing = [key for key in ("path", "sha256", "name") if key not in index]
    if missing:
        raise ValueError(f"the manifest has no column for {', '.join(missing)}")
    return index


def _row(entry: Entry, copy: ArchivedCopy | None, zone: ZoneInfo, language: str) -> list[str]:
    school = entry.school
    english = language == "en"
    return [
        school.code if school else "",
        school_label(school.name, school.level) if school else "",
        entry.period or "",
        role_label(entry.role, language) if entry.placed else "",
        entry.name,
        copy.path if copy else "",
        entry.file_id,
        copy.sha256 if copy else "",
        entry.content_hash,
        _time(entry.uploaded_at, zone),
        _time(copy.archived_at if copy else None, zone),
        _time(entry.withdrawn_at, zone),
        (copy.moved_from or "") if copy else "",
        _STATES[_state(entry, copy)][english],
        _verdict(entry, english),
    ]


def _state(entry: Entry, copy: ArchivedCopy | None) -> str:
    if entry.role is Role.PAPER:
        return "paper"
    if copy is None:
        return "not_archived"
    if entry.withdrawn_at is not None:
        return "withdrawn"
    return "current" if entry.current else "replaced"


def _verdict(entry: Entry, english: bool) -> str:
    if entry.verdict is None:
        return ""
    word = _VERDICTS[entry.verdict.kind.value][english]
    codes = ", ".join(finding.code for finding in entry.verdict.findings)
    return f"{word}: {codes}" if codes else word


def _time(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat(sep=" ", timespec="seconds") if moment else ""


def _order(entry: Entry, copy: ArchivedCopy | None) -> tuple[int, str, str, str, str]:
    unplaced = 0 if entry.placed else 1
    code = entry.school.code if entry.school else ""
    return (unplaced, entry.period or "", code, copy.path if copy else "", entry.file_id)
