"""Mail that is still true when it leaves: each school e-mail is checked against the current
statuses and clock just before it is sent.

A reminder or problem notice can wait in the queue for hours (a send window, a mail server
that refuses). A "1 day left" reminder that leaves after the deadline, or an overdue reminder
to a school that has since submitted, is worse than none: it is superseded (kept, with why)
instead. Receipts, digests and admin mail stay true and always go.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from watcher.config import Settings
from watcher.config.schema import RemindersConfig
from watcher.i18n import t
from watcher.model import Row, Status
from watcher.notify import decide
from watcher.store import Store, parse_time

CHECKED_KINDS = ("reminder", "problem")


class Freshness:
    """Current rows per campaign, computed once per delivery pass and only when needed: the
    rows the pass's messages are about (`due`), not the district's."""

    def __init__(self, settings: Settings, store: Store, due: Iterable[sqlite3.Row] = ()) -> None:
        self.settings = settings
        self.store = store
        self._rows: dict[str, tuple[dict[tuple[str, str], Row], frozenset[str]]] = {}
        self._wanted: dict[str, set[tuple[str, str]]] = {}
        for mail in due:
            if mail["kind"] in CHECKED_KINDS:
                campaign_id, key = _about(mail)
                self._wanted.setdefault(campaign_id, set()).add(key)

    def superseded(self, mail: sqlite3.Row, now: datetime) -> str | None:
        """Why this message must not go out now (in the configured language), or None."""
        if mail["kind"] not in CHECKED_KINDS:
            return None
        key = str(mail["key"])
        kind = key.split(":", 1)[0]
        campaign_id, about = _about(mail)
        rows = self._current(campaign_id, now)
        if rows is None:
            return self._say("mail.superseded.no_campaign", campaign=campaign_id)
        prefix, _, stage = key.rpartition(":")  # stages hold no colon
        if (kind, prefix + ":") not in rows[0] and about in self._wanted.get(campaign_id, ()):
            self._wanted[campaign_id] = set()  # not among the rows read: read every row
            self._rows.pop(campaign_id)
            rows = self._current(campaign_id, now)
            assert rows is not None
        by_prefix, held = rows
        row = by_prefix.get((kind, prefix + ":"))
        if row is None:
            return self._say("mail.superseded.no_row")
        not_before = parse_time(mail["not_before"]) or now
        return why_not(row, kind, stage, self.settings, now, not_before, row.school.code in held)

    def _current(
        self, campaign_id: str, now: datetime
    ) -> tuple[dict[tuple[str, str], Row], frozenset[str]] | None:
        if campaign_id not in self._rows:
            campaign = self.settings.campaign(campaign_id)
            if campaign is None:
                return None
            from watcher.pipeline import current_rows, rows_at

            wanted = self._wanted.get(campaign_id)
            if wanted:
                rows, items = rows_at(self.settings, self.store, campaign, wanted, now)
            else:
                rows, items = current_rows(self.settings, self.store, campaign, now)
            self._rows[campaign_id] = (
                {(k, decide.row_prefix(k, r)): r for r in rows for k in CHECKED_KINDS},
                decide.unresolved_schools(items),
            )
        return self._rows[campaign_id]

    def _say(self, key: str, **values: object) -> str:
        return t(self.settings.language, key, **values)


def _about(mail: sqlite3.Row) -> tuple[str, tuple[str, str]]:
    """The campaign and (school, period) of a school message, from its key
    ``kind:campaign:period:school:stage``."""
    key = str(mail["key"])
    campaign_id = mail["campaign"] or key.split(":", 2)[1]
    rest = key[len(key.split(":", 1)[0]) + len(campaign_id) + 2 :]
    period, _, school_stage = rest.partition(":")
    return campaign_id, (school_stage.rpartition(":")[0], period)


def why_not(
    row: Row,
    kind: str,
    stage: str,
    settings: Settings,
    now: datetime,
    not_before: datetime,
    held: bool = False,
) -> str | None:
    """Pure: why a queued reminder or problem notice about `row` is no longer true at `now`."""
    language = settings.language
    rules = settings.raw.reminders
    if row.status in decide.COMPLETE or row.status is Status.EXCUSED:
        return t(language, "mail.superseded.settled", status=_status(row, language))
    if kind == "reminder" and stage.startswith("before-") and now > decide.announced_deadline(row):
        return t(language, "mail.superseded.deadline_passed")
    if row.status is Status.UNVERIFIED:
        return t(language, "mail.superseded.unverified")
    if kind == "reminder" and held:
        return t(language, "mail.superseded.held")
    if decide.still_due(row, kind, stage, rules, now, not_before) is None:
        return t(language, "mail.superseded.not_true", status=_status(row, language))
    return None


def _status(row: Row, language: str) -> str:
    from watcher.i18n import status_label

    return status_label(row.status, language)


def event_time(plan: decide.Planned, rules: RemindersConfig, zone: ZoneInfo) -> datetime | None:
    """When what a school e-mail is about happened: the completion a receipt confirms, the
    upload a problem notice is about, the start of a reminder's stage."""
    row = plan.row
    if plan.kind == "receipt":
        return row.completed_at
    if plan.kind == "problem":
        return plan.file.record.uploaded_at if plan.file else None
    if plan.stage.startswith("before-") and plan.stage.endswith("d"):
        days = int(plan.stage.removeprefix("before-").removesuffix("d"))
        last_day = decide.announced_deadline(row).astimezone(zone).date()
        return datetime.combine(last_day - timedelta(days=days), time(0), tzinfo=zone)
    if plan.stage.startswith("after-"):
        step = int(plan.stage.removeprefix("after-"))
        return row.deadline + step * timedelta(days=rules.after_every_days)
    return None
