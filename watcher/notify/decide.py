"""Who gets which e-mail, and when: pure functions of statuses, history and `now`."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger


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
