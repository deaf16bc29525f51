"""Paper copies: what staff record as received on paper, counted like an upload.

A paper copy is kept in its own table (who recorded it, when, when it arrived, a note; an
undo keeps the row and marks it undone) and enters the status stage as one more file of the
school's submission, with the role `paper`: so `require = ["word", "paper"]` works, and the
status, digest, report and archive manifest show it as "bản giấy, nhận ngày …".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from watcher.i18n import t
from watcher.model import FileRecord, Placement, Role, SourceFile, Verdict, Version
from watcher.store import Store, iso, parse_time

PAPER_MIME = "application/x-watcher-paper"
_TABLE = """
CREATE TABLE IF NOT EXISTS paper_copies (
    id INTEGER PRIMARY KEY AUTOINCREMENT, campaign TEXT NOT NULL, school TEXT NOT NULL,
    period TEXT NOT NULL, received_at TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL, undone_at TEXT, undone_by TEXT
)
"""


@dataclass(frozen=True)
class PaperCopy:
    campaign: str
    school: str
    period: str
    received_at: datetime
    note: str
    recorded_by: str
    recorded_at: datetime


def _ready(store: Store) -> None:
    store.db.execute(_TABLE)


def record(store: Store, copy: PaperCopy) -> None:
    """Record a paper copy; one already recorded for that school and period is replaced."""
    _ready(store)
    with store.transaction():
        _undo(store, copy.campaign, copy.school, copy.period, copy.recorded_by, copy.recorded_at)
        store.db.execute(
            "INSERT INTO paper_copies (campaign, school, period, received_at, note, recorded_by,"
            " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                copy.campaign,
                copy.school,
                copy.period,
                iso(copy.received_at),
                copy.note,
                copy.recorded_by,
                iso(copy.recorded_at),
            ),
        )


def undo(store: Store, campaign: str, school: str, period: str, by: str, now: datetime) -> bool:
    """Mark the school's paper copy for the period undone; False when there was none."""
    _ready(store)
    with store.transaction():
        return _undo(store, campaign, school, period, by, now) > 0


def _undo(store: Store, campaign: str, school: str, period: str, by: str, now: datetime) -> int:
    cursor = store.db.execute(
        "UPDATE paper_copies SET undone_at = ?, undone_by = ? WHERE campaign = ? AND school = ?"
        " AND period = ? AND undone_at IS NULL",
        (iso(now), by, campaign, school, period),
    )
    return cursor.rowcount


def copies(store: Store, campaign: str) -> list[PaperCopy]:
    _ready(store)
    rows = store.db.execute(
        "SELECT * FROM paper_copies WHERE campaign = ? AND undone_at IS NULL ORDER BY id",
        (campaign,),
    ).fetchall()
    return [
        PaperCopy(
            row["campaign"],
            row["school"],
            row["period"],
            parse_time(row["received_at"]) or datetime.min,
            row["note"],
            row["recorded_by"],
            parse_time(row["recorded_at"]) or datetime.min,
        )
        for row in rows
    ]


def paper_id(school: str, period: str) -> str:
    return f"paper:{school}:{period}"


def as_source_file(copy: PaperCopy, language: str, zone: object) -> SourceFile:
    """The paper copy as the status stage sees a file: placed, usable, role `paper`."""
    local = copy.received_at.astimezone(zone)  # type: ignore[arg-type]
    name = t(language, "paper.received", date=f"{local:%d/%m/%Y %H:%M}")
    digest = f"paper:{copy.school}:{copy.period}:{iso(copy.received_at)}"
    record = FileRecord(
        id=paper_id(copy.school, copy.period),
        name=name,
        folders=(),
        mime_type=PAPER_MIME,
        size=None,
        content_hash=digest,
        created_at=None,
        modified_at=copy.received_at,
        extra={"paper_note": copy.note, "recorded_by": copy.recorded_by},
    )
    verdict = Verdict(Role.PAPER, (), text="", detected="paper")
    evidence = (t(language, "paper.evidence", by=copy.recorded_by, note=copy.note or "—"),)
    placement = Placement(record.id, copy.school, copy.period, evidence=evidence)
    version = Version(digest, copy.received_at, verdict)
    return SourceFile(record, verdict, placement, Role.PAPER, (version,))
