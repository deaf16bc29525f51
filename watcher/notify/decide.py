"""Who gets which e-mail, and when: pure functions of rows, history, settings and `now`.

School mail has idempotency keys ``"{kind}:{campaign}:{period}:{school}:{stage}"``:

- reminders before the deadline, stage ``before-{d}d`` for each of `reminders.before_days`;
  the stage for ``d`` is *active* from local midnight ``d`` calendar days before the deadline's
  date (a deadline of 31 October 23:59: the 1-day stage starts on 30 October 00:00) until the
  next smaller stage starts (or the deadline). Only the active stage is ever planned, so a stage whose window
  passed while the daemon was down is skipped, never sent late in a burst;
- reminders after the deadline, stage ``after-{k}`` for k = 1..after_max, active from
  ``deadline + k * after_every_days`` for `after_every_days` days (same rule: no bursts);
- one receipt per (school, period), stage ``complete``, when the row is complete and its
  completion is no older than `reminders.max_age_days`;
- one problem notice per unusable content, stage ``file-{hash}``, while the row is not complete.

Reminders go only to schools that are not complete (pending, incomplete, malformed, missing),
never to complete, excused or opted-out schools, nor to schools with no e-mail address.
School mail outside the send window gets `not_before` = the next window opening: deferred,
never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from watcher.config.schema import RemindersConfig
from watcher.model import Row, SourceFile, Status, VerdictKind

COMPLETE = (Status.ON_TIME, Status.LATE)
OPEN = (Status.PENDING, Status.INCOMPLETE, Status.MALFORMED, Status.MISSING)
SCHOOL_KINDS = ("reminder", "receipt", "problem")


@dataclass(frozen=True)
class Planned:
    """One school e-mail the rules call for now."""

    key: str
    kind: str  # reminder | receipt | problem
    stage: str
    row: Row
    not_before: datetime
    file: SourceFile | None = None  # the unusable file, for problem notices


def mail_key(kind: str, campaign: str, period: str, school: str, stage: str) -> str:
    return f"{kind}:{campaign}:{period}:{school}:{stage}"


def row_prefix(kind: str, row: Row) -> str:
    """The key prefix of every `kind` e-mail about one (school, period)."""
    return f"{kind}:{row.campaign}:{row.period.id}:{row.school.code}:"


def announced_deadline(row: Row) -> datetime:
    """The deadline schools are told: the period's or their extension's, without the grace."""
    return row.deadline - row.period.grace


# --- reminder stages --------------------------------------------------------------------


def reminder_stage(row: Row, rules: RemindersConfig, now: datetime, zone: ZoneInfo) -> str | None:
    """The reminder stage active now for this row, or None."""
    if row.status not in OPEN or row.school.opt_out:
        return None
    deadline = announced_deadline(row)
    if now <= deadline:
        return _before_stage(deadline, rules.before_days, now, zone)
    if now > row.deadline and rules.after_every_days > 0:
        return _after_stage(row.deadline, rules.after_every_days, rules.after_max, now)
    return None


def _before_stage(
    deadline: datetime, before_days: Iterable[int], now: datetime, zone: ZoneInfo
) -> str | None:
    days = sorted({d for d in before_days if d > 0}, reverse=True)
    last_day = deadline.astimezone(zone).date()

    def start(day: int) -> datetime:
        return datetime.combine(last_day - timedelta(days=day), time(0), tzinfo=zone)

    for index, day in enumerate(days):
        end = start(days[index + 1]) if index + 1 < len(days) else None
        if start(day) <= now and (end is None or now < end):
            return f"before-{day}d"
    return None


def _after_stage(deadline: datetime, every: int, most: int, now: datetime) -> str | None:
    step = timedelta(days=every)
    count = int((now - deadline) / step)  # whole steps since the deadline
    if 1 <= count <= most:
        return f"after-{count}"
    return None


# --- the plan ---------------------------------------------------------------------------


def unresolved_schools(items: Iterable[SourceFile]) -> frozenset[str]:
    """Schools with an upload whose period could not be decided, or that could not be read.

    Such a school may well have submitted: telling it "not yet received" could be false, so
    its reminders wait until staff place the file (an override or a clearer name) or the
    file can be read again. So do the reminders of a school whose upload the checker could
    not judge (crashed, timed out)."""
    return frozenset(
        i.placement.school
        for i in items
        if i.placement.school
        and (
            not i.placement.period
            or (i.verdict is not None and (i.verdict.unreadable or i.verdict.held))
        )
    )


def plan_school_mail(
    rows: Iterable[Row],
    history: set[str],
    rules: RemindersConfig,
    zone: ZoneInfo,
    now: datetime,
    held: frozenset[str] = frozenset(),
) -> list[Planned]:
    """Every school e-mail due now whose key is not in `history` (keys queued before).

    Schools in `held` get no reminders (receipts and problem notices still go)."""
    if not rules.enabled:
        return []
    not_before = next_window(now, rules, zone)
    planned: list[Planned] = []
    for row in rows:
        if not row.school.emails or row.status is Status.EXCUSED:
            continue
        for item in _row_mail(row, rules, now, not_before, zone):
            if item.key in history or (item.kind == "reminder" and row.school.code in held):
                continue
            planned.append(item)
    return planned


def _row_mail(
    row: Row, rules: RemindersConfig, now: datetime, not_before: datetime, zone: ZoneInfo
) -> list[Planned]:
    def make(kind: str, stage: str, file: SourceFile | None = None) -> Planned:
        key = mail_key(kind, row.campaign, row.period.id, row.school.code, stage)
        return Planned(key, kind, stage, row, not_before, file)

    max_age = timedelta(days=rules.max_age_days)
    if row.status in COMPLETE:
        recent = row.completed_at is not None and now - row.completed_at <= max_age
        return [make("receipt", "complete")] if rules.receipts and recent else []
    mail: list[Planned] = []
    stage = reminder_stage(row, rules, now, zone)
    if stage:
        mail.append(make("reminder", stage))
    if rules.problem_notices:
        for item in unusable_files(row, now, max_age):
            mail.append(make("problem", problem_stage(item), item))
    return mail


def unusable_files(row: Row, now: datetime, max_age: timedelta) -> list[SourceFile]:
    """Files of an incomplete row whose current content cannot be used, uploaded recently."""
    found = []
    for item in row.files:
        verdict, uploaded = item.verdict, item.record.uploaded_at
        if verdict is None or verdict.kind is not VerdictKind.PROBLEM:
            continue
        if verdict.unreadable or verdict.held:
            continue  # not the school's doing (unreadable this time, or the checker failed)
        if item.record.content_hash and (uploaded is None or now - uploaded <= max_age):
            found.append(item)
    return found


def still_due(
    row: Row,
    kind: str,
    stage: str,
    rules: RemindersConfig,
    now: datetime,
    not_before: datetime,
) -> Planned | None:
    """A queued reminder or problem notice that has not left yet, as it should read now; None to cancel it.

    Deferred mail waits for the send window while schools keep uploading: it must say what is
    true when it leaves (not "no Word file" to a school that sent one since), a problem notice
    about a file already replaced must not go out, nor a before-deadline reminder once the
    deadline has passed (the after-deadline stages take over).
    """
    key = mail_key(kind, row.campaign, row.period.id, row.school.code, stage)
    if row.status not in OPEN or not rules.enabled:
        return None
    if kind == "reminder":
        if row.school.opt_out or (stage.startswith("before-") and now > announced_deadline(row)):
            return None
        return Planned(key, kind, stage, row, not_before)
    for item in row.files:
        unusable = item.verdict is not None and not item.verdict.usable
        if kind == "problem" and unusable and problem_stage(item) == stage:
            return Planned(key, kind, stage, row, not_before, item)
    return None


def problem_stage(item: SourceFile) -> str:
    digest = "".join(ch for ch in (item.record.content_hash or "") if ch.isalnum())
    return f"file-{digest[:24]}"


def settled_prefixes(rows: Iterable[Row]) -> list[str]:
    """Key prefixes of queued school mail that must no longer go out.

    A complete or excused row cancels its reminders and problem notices; an opted-out school
    cancels its reminders.
    """
    prefixes: list[str] = []
    for row in rows:
        if row.status in COMPLETE or row.status is Status.EXCUSED:
            prefixes += [row_prefix("reminder", row), row_prefix("problem", row)]
        elif row.school.opt_out:
            prefixes.append(row_prefix("reminder", row))
    return prefixes


def unreachable(rows: Iterable[Row]) -> list[Row]:
    """Rows of schools that would need e-mail but have no address in the roster."""
    seen: set[str] = set()
    found: list[Row] = []
    for row in rows:
        if row.school.emails or row.school.code in seen:
            continue
        seen.add(row.school.code)
        found.append(row)
    return found


# --- send windows -----------------------------------------------------------------------


def next_window(now: datetime, rules: RemindersConfig, zone: ZoneInfo) -> datetime:
    """`now` when school mail may go out now, else the next opening of the send window.

    Windows are the working days (`send_days`, 1 = Monday) minus `holidays`, between
    `send_hours` [first, last) local time. With no window in the next year (a config that
    allows none) mail is not held back, so nothing is ever dropped.
    """
    local = now.astimezone(zone)
    first, last = rules.send_hours[0], rules.send_hours[1]
    holidays = set(rules.holidays)
    for offset in range(370):
        day = local.date() + timedelta(days=offset)
        if day.isoweekday() not in rules.send_days or day in holidays:
            continue
        opens = _at(day, first, zone)
        closes = _at(day, last, zone)
        if local < opens:
            return opens
        if local < closes:
            return now
    return now


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    if hour >= 24:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return datetime.combine(day, time(hour), tzinfo=zone)


# --- the staff digest -------------------------------------------------------------------


def last_fire(cron: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The latest moment at or before `now` that the crontab line names (within 8 days)."""
    trigger = CronTrigger.from_crontab(cron, timezone=zone)
    moment = trigger.get_next_fire_time(None, now - timedelta(days=8))
    latest = None
    while moment is not None and moment <= now:
        latest = moment
        moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
    return latest


def digest_slot(
    cron: str,
    zone: ZoneInfo,
    now: datetime,
    *,
    ever_sent: bool,
    send_on_first_poll: bool,
    first_poll_at: datetime | None,
) -> str | None:
    """The slot name of the digest due now, or None. One digest per slot, ever.

    The slot is the latest scheduled time at or before now; a digest is due for it unless one
    went out for it already (the caller checks the outbox key). Before any digest was sent,
    `send_on_first_poll` sends one at once; otherwise the first slot after the first poll.
    """
    fire = last_fire(cron, zone, now)
    if not ever_sent:
        if send_on_first_poll:
            return (fire or now).isoformat(timespec="minutes")
        if fire is None or first_poll_at is None or fire < first_poll_at:
            return None
    if fire is None:
        return None
    return fire.isoformat(timespec="minutes")
