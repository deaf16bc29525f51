"""When the mail a campaign calls for can change although no file and no status did.

Reminder stages begin at local midnights (N days before a deadline) and every
`after_every_days` after a deadline; the digest is due at its cron times. Between such
moments, with nothing new from the source, queueing again would decide exactly what it
decided last time, so an idle poll skips it. Pure: times in, a yes or no out.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from watcher.config import Campaign, Settings
from watcher.notify.decide import last_fire
from watcher.status import effective_deadline


def mail_may_change(
    settings: Settings, campaign: Campaign, last: datetime | None, now: datetime
) -> bool:
    """True when a moment that can change the mail due lies in (last, now]."""
    if new_day(campaign, last, now):
        return True  # "N days before" stages begin at midnight
    assert last is not None
    zone: ZoneInfo = campaign.timezone
    fire = last_fire(settings.raw.digest.cron, zone, now)
    if fire is not None and fire > last:
        return True
    every = settings.raw.reminders.after_every_days
    if every > 0:
        step = timedelta(days=every)
        for deadline in _deadlines(campaign):
            if now > deadline and int((now - deadline) / step) != int(
                max(last - deadline, timedelta(0)) / step
            ):
                return True
    return False


def new_day(campaign: Campaign, last: datetime | None, now: datetime) -> bool:
    """A local day begun since `last` (or never queued, or a clock that went back): every
    waiting message's "N days left" may read differently now."""
    if last is None or now < last:
        return True
    zone: ZoneInfo = campaign.timezone
    return last.astimezone(zone).date() != now.astimezone(zone).date()


def _deadlines(campaign: Campaign) -> set[datetime]:
    moments = {effective_deadline(period, None) for period in campaign.periods}
    for extension in campaign.extensions:
        period = campaign.period(extension.period)
        if period is not None:
            moments.add(effective_deadline(period, extension))
    return moments
