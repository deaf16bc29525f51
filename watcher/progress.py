"""How far a long poll has got: a bar on a terminal, structured events in the daemon's log.

A cold sync of a province is tens of thousands of downloads and checks; people watching it
want to know it moves and when it ends. Both reporters take (campaign, stage, done, total):
stage "listed" once the source's listing is in, then "checked" as files are downloaded and
checked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import structlog

log = structlog.get_logger("watcher.progress")

Reporter = Callable[[str, str, int, int], None]  # campaign, stage, done, total


def quiet(_campaign: str, _stage: str, _done: int, _total: int) -> None:
    return None


class LogProgress:
    """`poll.progress` events at most every `every` seconds, and one when a stage ends."""

    def __init__(self, every: float = 15.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.every = every
        self.clock = clock
        self._started: dict[tuple[str, str], float] = {}
        self._last = 0.0
        self._lock = threading.Lock()  # checks report from several threads at once

    def __call__(self, campaign: str, stage: str, done: int, total: int) -> None:
        with self._lock:
            self._report(campaign, stage, done, total)

    def _report(self, campaign: str, stage: str, done: int, total: int) -> None:
        now = self.clock()
        started = self._started.setdefault((campaign, stage), now)
        if done < total and now - self._last < self.every:
            return
        self._last = now
        elapsed = now - started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else None
        log.info(
            "poll.progress",
            campaign=campaign,
            stage=stage,
            done=done,
            total=total,
            per_second=round(rate, 1),
            eta_seconds=round(eta) if eta is not None else None,
        )


class BarProgress:
    """A Rich progress bar (files checked of those to check, rate, time left) for a terminal.
    Only a stage with at least `least` files shows one: a daily poll stays a single line."""

    def __init__(self, console: Any, least: int = 20) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self.least = least
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}/s"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[tuple[str, str], Any] = {}

    def __call__(self, campaign: str, stage: str, done: int, total: int) -> None:
        if total < self.least:
            return
        key = (campaign, stage)
        if key not in self._tasks:
            self.bar.start()
            label = f"{campaign}: {'listed' if stage == 'listed' else 'downloaded and checked'}"
            self._tasks[key] = self.bar.add_task(label, total=total, rate="0")
        task = self._tasks[key]
        speed = self.bar.tasks[task].speed or 0.0
        self.bar.update(task, completed=done, total=total, rate=f"{speed:.0f}")

    def close(self) -> None:
        if self._tasks:
            self.bar.stop()
