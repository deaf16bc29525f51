"""The labelled roster and the three periods of seed 000 (District 7), for matching tests."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from watcher.matching import Matcher
from watcher.model import FileRecord, Period, Placement, School

DATA = Path(__file__).parent / "data"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def roster() -> list[School]:
    with (DATA / "names_roster.csv").open(encoding="utf-8", newline="") as handle:
        return [
            School(
                code=row["code"],
                name=row["name"],
                level=row["level"],
                aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
                emails=tuple(e.strip() for e in row["emails"].split(";") if e.strip()),
                line=line,
            )
            for line, row in enumerate(csv.DictReader(handle), start=2)
        ]


def last_moment_before(year: int, month: int, day: int) -> datetime:
    """'gửi trước ngày 01/11/2023' -> 31 October 2023 23:59:59 local time."""
    return datetime(year, month, day, tzinfo=LOCAL) - timedelta(seconds=1)


def seed_periods() -> list[Period]:
    return [
        Period(
            "2023-annual",
            "Báo cáo năm 2023",
            last_moment_before(2023, 11, 1),
            keywords=("báo cáo năm",),
        ),
        Period(
            "2024-interim",
            "Báo cáo sơ kết 2024",
            last_moment_before(2024, 6, 1),
            keywords=("sơ kết",),
        ),
        Period(
            "2025-final",
            "Báo cáo tổng kết 2025",
            last_moment_before(2025, 11, 1),
            keywords=("tổng kết",),
        ),
    ]


def record(
    name: str,
    folders: tuple[str, ...] = (),
    owner_email: str | None = None,
    uploaded_at: datetime | None = None,
    file_id: str | None = None,
) -> FileRecord:
    return FileRecord(
        id=file_id or f"id-{name}",
        name=name,
        folders=folders,
        mime_type="application/octet-stream",
        size=1000,
        content_hash=None,
        created_at=uploaded_at,
        modified_at=uploaded_at,
        owner_email=owner_email,
    )


def local(text: str) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL)


def labelled_rows() -> list[dict[str, str]]:
    lines = (DATA / "names.tsv").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line and not line.startswith("#")]
    header = body[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in body[1:]]


def labelled_record(row: dict[str, str], number: int) -> FileRecord:
    folders = tuple(part for part in row["folders"].split("/") if part)
    return record(
        row["name"],
        folders,
        row["owner_email"] or None,
        local(row["uploaded_at"]),
        file_id=f"row-{number}",
    )


INTERIM = datetime(2024, 5, 20, 9, 0, tzinfo=LOCAL)  # inside seed 000's interim window


def place_at_interim(
    matcher: Matcher, name: str, folders: tuple[str, ...] = (), text: str = ""
) -> Placement:
    """Where `matcher` places a file of that name (in those folders, with that document
    text) uploaded in the interim window."""
    return matcher.place(record(name, folders, uploaded_at=INTERIM), text)
