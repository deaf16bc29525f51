"""Wiring a real DriveSource to a running stub, as production wires it to Google."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.drivestub.server import DriveStub
from watcher.model import FileRecord
from watcher.sources.base import Delta
from watcher.sources.drive import DriveSettings, DriveSource


class Clock:
    def __init__(self, start: datetime = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def make_source(
    stub: DriveStub,
    folder: str,
    key: Path,
    *,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], datetime] | None = None,
    **settings: Any,
) -> DriveSource:
    base = DriveSettings(
        credentials_file=key, api_endpoint=stub.api_endpoint, timeout_seconds=5, max_retries=6
    )
    return DriveSource(
        folder,
        replace(base, **settings),
        sleep=sleep or (lambda _seconds: None),
        clock=clock or Clock(),
    )


class View:
    """What the pipeline would hold: applies deltas exactly as the Delta contract says."""

    def __init__(self) -> None:
        self.files: dict[str, FileRecord] = {}
        self.cursor: str | None = None

    def apply(self, delta: Delta) -> Delta:
        if delta.full:
            self.files = {record.id: record for record in delta.files}
        else:
            for file_id in delta.removed:
                self.files.pop(file_id, None)
            self.files.update({record.id: record for record in delta.files})
        self.cursor = delta.cursor
        return delta

    def poll(self, source: DriveSource) -> Delta:
        return self.apply(source.changes(self.cursor))

    def names(self) -> set[tuple[tuple[str, ...], str]]:
        return {(record.folders, record.name) for record in self.files.values()}
