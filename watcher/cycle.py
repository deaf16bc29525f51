"""One full cycle, as `watcher poll` and the daemon run it: poll, decide, queue, deliver."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from watcher.archive import archive_campaign
from watcher.config import Settings
from watcher.notify.deliver import DeliveryReport, deliver, make_transport
from watcher.notify.queue import queue_for_campaign
from watcher.pipeline import CampaignPoll, SourceFactory, make_source, poll_campaign
from watcher.store import Store


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
) -> CycleReport:
    report = CycleReport()
    for campaign in settings.campaigns:
        source = source_factory(settings, campaign)
        poll = poll_campaign(settings, store, campaign, source, now, accept_empty=accept_empty)
        report.polls.append(poll)
        if not poll.ok:
            continue  # a stale view sends nothing
        with store.transaction():
            report.queued += queue_for_campaign(
                settings, store, campaign, poll.rows, poll.items, poll.transitions, now
            )
        archived = archive_campaign(settings, store, campaign, now)  # logs failures; never raises
        report.archived += archived.written
    if send:
        report.delivery = deliver(settings, store, make_transport(settings), now)
    return report
