"""Status of every (school, period): a pure function of the files, their verdicts and `now`.

Meanings (the status JSON contract):
- on_time / late: every required role has a usable file; judged by when the set became
  complete (the moment the last role got its first usable version), against the deadline
  (plus grace, or a school's extension);
- malformed: a required role has only unusable files;
- incomplete: some required role has nothing;
- pending: nothing yet, deadline ahead; missing: nothing, deadline passed;
- unverified: nothing on record after the deadline, but no complete read of the source since
  the deadline (`mark_unverified`, applied with the time of the last complete read);
- excused: the department excused the school for this period.
Files uploaded after `now` are ignored (a file replaced after `now` counts with the version it
had then), so the same function answers "as of" questions.

Deadlines have second resolution: `Period.deadline` is the last acceptable second, so an
arrival at 23:59:59.900 is on time and one at 00:00:00 is late (`in_time`, `past`). Versions
uploaded before a period `opens` do not count for it; they are listed with a problem.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from watcher.i18n import t
from watcher.model import (
    Excuse,
    Extension,
    Period,
    Role,
    Row,
    School,
    Severity,
    SourceFile,
    Status,
    Version,
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


NO_ATTACHMENT = "mail.no_attachment"


def compute_rows(
    rules: Rules, files: Iterable[SourceFile], now: datetime, language: str = "vi"
) -> list[Row]:
    keys = [(school.code, period.id) for period in rules.periods for school in rules.schools]
    return _rows(rules, files, keys, now, language)


def compute_some(
    rules: Rules,
    files: Iterable[SourceFile],
    keys: Iterable[tuple[str, str]],
    now: datetime,
    language: str = "vi",
) -> list[Row]:
    """The rows of these (school code, period id) only, from (at least) their files; keys
    naming no school or period of the rules are left out."""
    schools = {school.code for school in rules.schools}
    periods = {period.id for period in rules.periods}
    wanted = sorted(k for k in set(keys) if k[0] in schools and k[1] in periods)
    return _rows(rules, files, wanted, now, language)


def _rows(
    rules: Rules,
    files: Iterable[SourceFile],
    keys: Sequence[tuple[str, str]],
    now: datetime,
    language: str,
) -> list[Row]:
    placed: dict[tuple[str, str], list[SourceFile]] = {}
    gone: dict[tuple[str, str], list[SourceFile]] = {}  # removed from the source before `now`
    for item in files:
        seen = as_of(item, now, rules.require) if item.placement.placed else None
        if seen is not None:
            key = (item.placement.school or "", item.placement.period or "")
            removed = item.removed_at is not None and item.removed_at <= now
            (gone if removed else placed).setdefault(key, []).append(seen)
    extensions: dict[tuple[str, str], Extension] = {}
    for extension in sorted(rules.extensions, key=lambda e: e.until):
        extensions[(extension.school, extension.period)] = extension  # the latest one wins
    excuses = {(e.school, e.period): e for e in rules.excuses}
    schools = {school.code: school for school in rules.schools}
    periods = {period.id: period for period in rules.periods}
    return [
        _row(
            rules,
            schools[key[0]],
            periods[key[1]],
            placed.get(key, []),
            gone.get(key, []),
            now,
            language,
            extensions.get(key),
            excuses.get(key),
        )
        for key in keys
    ]


def mark_unverified(rows: Iterable[Row], last_read: datetime | None) -> list[Row]:
    """A school with nothing on record is `missing` only once a complete read of the source
    after the deadline saw nothing; until then (an outage across the deadline, or no read at
    all) it is `unverified`, and not overdue: it may have uploaded after `last_read`."""
    return [
        replace(row, status=Status.UNVERIFIED, overdue=False)
        if row.status is Status.MISSING and (last_read is None or in_time(last_read, row.deadline))
        else row
        for row in rows
    ]


def effective_deadline(period: Period, extension: Extension | None) -> datetime:
    """The last on-time second: the extension's (never earlier than the period's), plus grace."""
    base = max(extension.until, period.deadline) if extension else period.deadline
    return base + period.grace


def in_time(moment: datetime, deadline: datetime) -> bool:
    """True when `moment` falls in or before the deadline's second (23:59:59.9 is in time)."""
    return moment.replace(microsecond=0) <= deadline


def past(now: datetime, deadline: datetime) -> bool:
    """True from the first second after the deadline on (the moment `missing` begins)."""
    return not in_time(now, deadline)


def as_of(item: SourceFile, now: datetime, require: Sequence[Role]) -> SourceFile | None:
    """The file as it stood at `now`: None before it arrived, its earlier version if replaced later."""
    uploaded = item.record.uploaded_at
    if uploaded is None or uploaded <= now:
        return item
    earlier = [v for v in _versions(item) if v.uploaded_at is not None and v.uploaded_at <= now]
    if not earlier:
        return None
    then = earlier[-1]
    record = replace(
        item.record, content_hash=then.content_hash, created_at=None, modified_at=then.uploaded_at
    )
    role = item.role
    usable = then.verdict is not None and then.verdict.usable
    if usable and then.verdict and then.verdict.role in require and not item.placement.overridden:
        role = then.verdict.role  # a usable earlier version fills the slot its content is
    return replace(item, record=record, verdict=then.verdict, role=role, versions=tuple(earlier))


def _row(
    rules: Rules,
    school: School,
    period: Period,
    files: list[SourceFile],
    removed: list[SourceFile],
    now: datetime,
    language: str,
    extension: Extension | None,
    excuse: Excuse | None,
) -> Row:
    deadline = effective_deadline(period, extension)
    counted = [f for f in files if not _before_opening(f, period)]
    completed_at = completion_time(counted, rules.require, now, opens=period.opens)
    if completed_at is not None and removed:
        # complete now: it became complete when it first did, even through files since replaced
        earlier = [f for f in removed if not _before_opening(f, period)]
        completed_at = completion_time(counted + earlier, rules.require, now, opens=period.opens)
    status = _status(counted, rules.require, completed_at, deadline, now, excuse)
    overdue = status not in (*COMPLETE, Status.EXCUSED) and past(now, deadline)
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
        files=tuple(sorted(files, key=lambda f: (str(f.role), f.record.name))),
        problems=tuple(_problems(files, rules.require, status, language, period)),
        note=note,
        days_late=days_late,
        warnings=tuple(
            t(language, "file_problem", name=f.record.name, message=message)
            for f in counted
            for message in file_warnings(f, language)
        ),
    )


def completion_time(
    files: Sequence[SourceFile],
    require: Sequence[Role],
    now: datetime,
    *,
    opens: datetime | None = None,
) -> datetime | None:
    """When every required role first had a usable version (None: not complete yet).

    Versions uploaded after `now`, or before the period `opens`, do not count.
    """
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
            and (opens is None or version.uploaded_at is None or version.uploaded_at >= opens)
        ]
        if not times:
            return None
        firsts.append(min(times))
    return max(firsts) if firsts else None


def _versions(item: SourceFile) -> Sequence[Version]:
    if item.versions:
        return item.versions
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
        return Status.ON_TIME if in_time(completed_at, deadline) else Status.LATE
    if not [f for f in files if not _no_file(f)]:
        return Status.MISSING if past(now, deadline) else Status.PENDING
    if any(_only_unusable(files, role) for role in require):
        return Status.MALFORMED
    return Status.INCOMPLETE


def _no_file(item: SourceFile) -> bool:
    """An e-mail without any attachment is listed with the school, but nothing was sent."""
    return item.verdict is not None and any(f.code == NO_ATTACHMENT for f in item.verdict.findings)


def _only_unusable(files: list[SourceFile], role: Role) -> bool:
    mine = [f for f in files if f.role is role]
    return bool(mine) and not any(f.verdict is not None and f.verdict.usable for f in mine)


def _before_opening(item: SourceFile, period: Period) -> bool:
    """Every version of the file arrived before the period opened: it is not for this period."""
    if period.opens is None:
        return False
    times = [v.uploaded_at for v in _versions(item)]
    return all(time is not None and time < period.opens for time in times)


def _problems(
    files: list[SourceFile],
    require: Sequence[Role],
    status: Status,
    language: str,
    period: Period,
) -> list[str]:
    early = [
        t(
            language,
            "file_problem",
            name=f.record.name,
            message=t(language, "before_opening", opens=f"{period.opens:%d/%m/%Y}"),
        )
        for f in files
        if _before_opening(f, period)
    ]
    if status in (*COMPLETE, Status.EXCUSED):
        return [
            t(language, "file_problem", name=f.record.name, message=m)
            for f in files
            for m in file_problems(f, language)
        ] + early
    problems: list[str] = []
    counted = [f for f in files if not _before_opening(f, period)]
    for role in require:
        mine = [f for f in counted if f.role is role]
        if not mine:
            problems.append(t(language, f"no_{role.value}"))
    for item in files:
        for message in file_problems(item, language):
            problems.append(t(language, "file_problem", name=item.record.name, message=message))
    return problems + early


def file_problems(item: SourceFile, language: str) -> list[str]:
    if item.verdict is None or not item.verdict.findings:
        return []
    return [f.message(language) for f in item.verdict.findings if f.severity is Severity.PROBLEM]


def file_warnings(item: SourceFile, language: str) -> list[str]:
    if item.verdict is None or not item.verdict.findings:
        return []
    return [f.message(language) for f in item.verdict.findings if f.severity is Severity.WARNING]


_FOR_THE_SCHOOL = re.compile(
    r"^(vui lòng|xin vui lòng|đề nghị|lần sau|please|next time)\b", re.IGNORECASE
)


def department_note(message: str) -> str:
    """What is wrong, without what the school is asked to do: a note for the department.

    Findings speak to the clerk ("… Vui lòng quét lại … rồi tải lên lại."); the department's
    report and digest keep only the sentences (or clauses) that say what was found.
    """
    parts = re.split(r"(?<=[.;])\s+", message.strip())
    kept = [part for part in parts if not _FOR_THE_SCHOOL.match(part)]
    text = " ".join(kept).strip() or message.strip()
    return text.rstrip(";. ")


def file_notes(item: SourceFile, language: str) -> list[str]:
    """Every finding of one file as a short department note, problems first."""
    if item.verdict is None:
        return []
    ordered = sorted(item.verdict.findings, key=lambda f: f.severity.value != "problem")
    return [department_note(f.message(language)) for f in ordered]


def row_notes(row: Row, language: str) -> list[str]:
    """Notes on a row's files for the department: "«name»: what was found" (no requests)."""
    return [
        t(language, "file_problem", name=item.record.name, message=note)
        for item in row.files
        for note in file_notes(item, language)
    ]
