"""One full cycle, as `watcher poll` and the daemon run it: poll, decide, queue, deliver."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from watcher.archive.sync import archive_changes
from watcher.config import Campaign, Settings
from watcher.evaluation import remail_key, take_recomputed
from watcher.notify.alerts import note_held, note_poll
from watcher.notify.deliver import DeliveryReport, deliver, make_transport
from watcher.notify.moments import mail_may_change, new_day
from watcher.notify.queue import queue_for_campaign
from watcher.pipeline import (
    CampaignPoll,
    SourceFactory,
    current_rows,
    make_source,
    poll_campaign,
    rows_at,
)
from watcher.progress import Reporter, quiet
from watcher.store import Store, iso, parse_time


@dataclass
class CycleReport:
    polls: list[CampaignPoll] = field(default_factory=list)
    queued: int = 0
    archived: int = 0
    delivery: DeliveryReport | None = None

    @property
    def ok(self) -> bool:
        return all(poll.ok for poll in self.polls)


def run_cycle(
    settings: Settings,
    store: Store,
    now: datetime,
    *,
    send: bool = True,
    source_factory: SourceFactory = make_source,
    accept_empty: bool = False,
    progress: Reporter = quiet,
) -> CycleReport:
    report = CycleReport()
    for campaign in settings.campaigns:
        source = source_factory(settings, campaign)
        poll = poll_campaign(
            settings, store, campaign, source, now, accept_empty=accept_empty, progress=progress
        )
        report.polls.append(poll)
        note_poll(settings, store, campaign.id, poll.ok, poll.error, now)
        if not poll.ok:
            continue  # a stale view sends nothing
        report.queued += _queue(settings, store, campaign, poll, now)
        report.archived += _archive(settings, store, campaign, poll, now)
    if send:
        report.delivery = deliver(settings, store, make_transport(settings), now)
    return report


def _queue(
    settings: Settings, store: Store, campaign: Campaign, poll: CampaignPoll, now: datetime
) -> int:
    """Queue the campaign's mail, unless nothing changed and no moment for mail passed.

    Between such moments only the rows computed anew since the last time can call for other
    mail than last time: they alone are read, and their queued mail alone rewritten. At a
    moment every row is planned again; on a new day every waiting message is rewritten too
    (its "N days left" changed at midnight)."""
    key = f"queued:{campaign.id}"
    last = parse_time(store.get_meta(key))
    moment = mail_may_change(settings, campaign, last, now)
    if not store.get_meta(remail_key(campaign.id)) and not moment:
        return 0  # an idle poll: the same facts would queue the same (no) mail
    with store.transaction():
        changed = take_recomputed(store, campaign.id)
        if new_day(campaign, last, now):
            changed = None
        if changed is not None and not moment:
            rows, items = rows_at(settings, store, campaign, changed, now)
        else:
            rows, items = current_rows(settings, store, campaign, now)
        queued = queue_for_campaign(
            settings,
            store,
            campaign,
            rows,
            items,
            poll.transitions,
            now,
            changed,
            every_row=changed is None or moment,
        )
        note_held(settings, store, campaign.id, items, now)
        store.set_meta(key, iso(now) or "")
    return queued


def _archive(
    settings: Settings, store: Store, campaign: Campaign, poll: CampaignPoll, now: datetime
) -> int:
    """Archive what is new: the files evaluated since the last archiving, or every file
    after a failure or a new configuration; an idle poll walks nothing."""
    archived = archive_changes(settings, store, campaign, now)  # logs failures; never raises
    return archived.written if archived else 0
