"""`watcher simulate`: the statuses and e-mails as they would be at a chosen moment.

It works on a copy of the database (SQLite's online backup, read-only on the real file), so
nothing in the real state changes and nothing is sent: the copy's outbox is only read.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from watcher.config import Campaign, Settings
from watcher.model import Row, SourceFile
from watcher.notify.queue import queue_for_campaign
from watcher.pipeline import evaluate
from watcher.store import Store, parse_time


@dataclass(frozen=True)
class WouldSend:
    key: str
    kind: str
    campaign: str | None
    recipients: tuple[str, ...]
    subject: str
    not_before: datetime | None
    new: bool  # queued by the simulation (False: already waiting in the real outbox)


@dataclass(frozen=True)
class Simulation:
    as_of: datetime
    campaigns: list[tuple[Campaign, list[Row], list[SourceFile]]]
    mail: list[WouldSend]


def simulate(settings: Settings, as_of: datetime) -> Simulation:
    with tempfile.TemporaryDirectory(prefix="watcher-simulate-") as folder:
        copy = Path(folder) / "watcher.sqlite3"
        copy_database(settings.state_dir / "watcher.sqlite3", copy)
        store = Store(copy)
        try:
            before = {row["key"] for row in store.mail()}
            campaigns = [_campaign(settings, store, c, as_of) for c in settings.campaigns]
            mail = [_would_send(row, before) for row in store.due_mail(as_of, limit=100_000)]
        finally:
            store.close()
    return Simulation(as_of, campaigns, mail)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy, even while the daemon writes; nothing when there is no database.

    With a write-ahead log present (a daemon has it open) SQLite's backup reads through it;
    without one the file is complete on its own and a plain copy leaves no -wal/-shm behind.
    """
    if not source.exists():
        return
    if not Path(f"{source}-wal").exists():
        before = source.stat()
        shutil.copyfile(source, target)
        after = source.stat()
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns):
            return
        target.unlink()
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def _campaign(
    settings: Settings, store: Store, campaign: Campaign, as_of: datetime
) -> tuple[Campaign, list[Row], list[SourceFile]]:
    with store.transaction():
        # the simulation assumes the folder still reads as it last did: as a read at `as_of`
        store.finish_poll(store.start_poll(campaign.id, as_of), as_of, ok=True)
        transitions, rows, items = evaluate(settings, store, campaign, as_of)
        queue_for_campaign(settings, store, campaign, rows, items, transitions, as_of)
    return campaign, rows, items


def _would_send(row: sqlite3.Row, before: set[str]) -> WouldSend:
    return WouldSend(
        key=row["key"],
        kind=row["kind"],
        campaign=row["campaign"],
        recipients=tuple(json.loads(row["recipients"])),
        subject=row["subject"],
        not_before=parse_time(row["not_before"]),
        new=row["key"] not in before,
    )
