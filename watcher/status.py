"""Status of every (school, period): a pure function of the files, their verdicts and `now`.

Meanings (the status JSON contract):
- on_time / late: every required role has a usable file; judged by when the set became
  complete (the moment the last role got its first usable version), against the deadline
  (plus grace, or a school's extension);
- malformed: a required role has only unusable files;
- incomplete: some required role has nothing;
- pending: nothing yet, deadline ahead; missing: nothing, deadline passed;
- excused: the department excused the school for this period.
Files uploaded after `now` are ignored, so the same function answers "as of" questions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from watcher.i18n import t
from watcher.model import (
    Excuse,
    Extension,
    Period,
    Role,
    Row,
    School,
    SourceFile,
    Status,
)

COMPLETE = (Status.ON_TIME, Status.LATE)


@dataclass(frozen=True)
class Rules:
    """What a campaign asks, as the status stage needs it."""

    campaign: str
    schools: Sequence[School]
    periods: Sequence[Period]
    require: Sequence[Role]
    extensions: Sequence[Extension] = ()
    excuses: Sequence[Excuse] = ()


def compute_rows(
    rules: Rules, files: Iterable[SourceFile], now: datetime, language: str = "vi"
) -> list[Row]:
    placed: dict[tuple[str, str], list[SourceFile]] = {}
    for item in files:
        if item.placement.placed and _arrived(item, now):
            key = (item.placement.school or "", item.placement.period or "")
            placed.setdefault(key, []).append(item)
    extensions = {(e.school, e.period): e for e in rules.extensions}
    excuses = {(e.school, e.period): e for e in rules.excuses}
    return [
        _row(
            rules,
            school,
            period,
            placed.get((school.code, period.id), []),
            now,
            language,
            extensions.get((school.code, period.id)),
            excuses.get((school.code, period.id)),
        )
        for period in rules.periods
        for school in rules.schools
    ]


def effective_deadline(period: Period, extension: Extension | None) -> datetime:
    """The last on-time moment: the extension's date or the period's, plus the grace."""
    base = extension.until if extension else period.deadline
    return base + period.grace


def _arrived(item: SourceFile, now: datetime) -> bool:
    uploaded = item.record.uploaded_at
    return uploaded is None or uploaded <= now


def _row(
    rules: Rules,
    school: School,
    period: Period,
    files: list[SourceFile],
    now: datetime,
    language: str,
    extension: Extension | None,
    excuse: Excuse | None,
) -> Row:
    deadline = effective_deadline(period, extension)
    completed_at = completion_time(files, rules.require, now)
    status = _status(files, rules.require, completed_at, deadline, now, excuse)
    overdue = status not in (*COMPLETE, Status.EXCUSED) and now > deadline
    days_late = 0
    if status is Status.LATE and completed_at is not None:
        days_late = math.ceil((completed_at - deadline) / timedelta(days=1))
    note = (excuse.reason if excuse else "") or (extension.reason if extension else "")
    return Row(
        campaign=rules.campaign,
        school=school,
        period=period,
        status=status,
        overdue=overdue,
        completed_at=completed_at,
        deadline=deadline,
        files=tuple(sorted(files, key=lambda f: (f.role.value, f.record.name))),
        problems=tuple(_problems(files, rules.require, status, language)),
        note=note,
        days_late=days_late,
    )


def completion_time(
    files: Sequence[SourceFile], require: Sequence[Role], now: datetime
) -> datetime | None:
    """When every required role first had a usable version (None: not complete yet)."""
    firsts: list[datetime] = []
    for role in require:
        times = [
            version.uploaded_at or now
            for item in files
            if item.role is role
            for version in _versions(item)
            if version.verdict is not None
            and version.verdict.usable
            and (version.uploaded_at is None or version.uploaded_at <= now)
        ]
        if not times:
            return None
        firsts.append(min(times))
    return max(firsts) if firsts else None


def _versions(item: SourceFile) -> Sequence:
    if item.versions:
        return item.versions
    from watcher.model import Version

    return (Version(item.record.content_hash or "", item.record.uploaded_at, item.verdict),)


def _status(
    files: list[SourceFile],
    require: Sequence[Role],
    completed_at: datetime | None,
    deadline: datetime,
    now: datetime,
    excuse: Excuse | None,
) -> Status:
    if excuse is not None:
        return Status.EXCUSED
    if completed_at is not None:
        return Status.ON_TIME if completed_at <= deadline else Status.LATE
    if not files:
        return Status.PENDING if now <= deadline else Status.MISSING
    if any(_only_unusable(files, role) for role in require):
        return Status.MALFORMED
    return Status.INCOMPLETE


def _only_unusable(files: list[SourceFile], role: Role) -> bool:
    mine = [f for f in files if f.role is role]
    return bool(mine) and not any(f.verdict is not None and f.verdict.usable for f in mine)


def _problems(
    files: list[SourceFile], require: Sequence[Role], status: Status, language: str
) -> list[str]:
    if status in (*COMPLETE, Status.EXCUSED):
        return [
            t(language, "file_problem", name=f.record.name, message=m)
            for f in files
            for m in file_problems(f, language)
        ]
    problems: list[str] = []
    for role in require:
        mine = [f for f in files if f.role is role]
        if not mine:
            problems.append(t(language, f"no_{role.value}"))
    for item in files:
        for message in file_problems(item, language):
            problems.append(t(language, "file_problem", name=item.record.name, message=message))
    return problems


def file_problems(item: SourceFile, language: str) -> list[str]:
    if item.verdict is None:
        return []
    return [f.message(language) for f in item.verdict.findings if f.severity.value == "problem"]


def file_warnings(item: SourceFile, language: str) -> list[str]:
    if item.verdict is None:
        return []
    return [f.message(language) for f in item.verdict.findings if f.severity.value == "warning"]
