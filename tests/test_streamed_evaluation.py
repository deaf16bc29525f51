"""A full evaluation, one group of files at a time and the rows a slice of the roster at a
time, stores exactly what evaluating every file at once stored: the same evaluations,
placements, statuses, transitions (in the same order, with the same causes) and state.

The district is `test_stored_reads`' (on-time, late, incomplete, malformed, held, replaced
and removed files, an extension, an excuse), read by real polls; each way runs on its own
copy of that state, at a moment after every deadline, half of its stored statuses dropped
so that rows change.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from tests.test_stored_reads import district  # noqa: F401 - the fixture
from watcher import pipeline
from watcher.config import load
from watcher.evaluation import (
    State,
    fingerprint,
    next_upload,
    note_archive,
    note_recomputed,
    save_state,
)
from watcher.status import compute_rows, mark_unverified
from watcher.store import Store

TABLES = ("evaluations", "placements", "statuses", "transitions", "meta")


def at_once(settings, store, campaign, now, stamp):  # type: ignore[no-untyped-def]
    """The evaluation as it was before: every file of the campaign held at once."""
    everything, _ = pipeline.source_files(settings, store, campaign, include_removed=True)
    pipeline._save_evaluations(store, campaign.id, everything, every=True)
    note_archive(store, campaign.id, None)
    rows = compute_rows(pipeline.rules_of(campaign), everything, now, settings.language)
    rows = mark_unverified(rows, store.last_success(campaign.id))
    transitions = pipeline._record_changes(store, campaign, rows, now)
    note_recomputed(store, campaign.id, None)
    save_state(store, campaign.id, State(stamp, now, next_upload(everything, now)))
    return pipeline.Work(transitions, len(everything), len(rows), full=True)


def evaluated(config: Path, copy: Path, how, now: datetime):  # type: ignore[no-untyped-def]
    shutil.copytree(config.parent, copy)
    settings = load(copy / config.name)
    with sqlite3.connect(settings.state_dir / "watcher.sqlite3") as db:
        assert db.execute("DELETE FROM statuses WHERE rowid % 2 = 0").rowcount
    (campaign,) = settings.campaigns
    store = Store.open(settings.state_dir)
    try:
        with store.transaction():
            stamp = fingerprint(settings, campaign, pipeline.policy_key(settings))
            work = how(settings, store, campaign, now, stamp)
    finally:
        store.close()
    with sqlite3.connect(settings.state_dir / "watcher.sqlite3") as db:
        tables = {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall()) for table in TABLES
        }
    return work, tables


@pytest.mark.parametrize("slice_", [1, 2, 400])
def test_streamed_full_evaluation_stores_what_evaluating_at_once_did(
    district: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    slice_: int,
) -> None:
    now = datetime.fromisoformat("2024-07-01 08:00+07:00")
    before, stored_before = evaluated(district, tmp_path / "once", at_once, now)
    monkeypatch.setattr(pipeline, "ROWS_AT_ONCE", slice_)
    work, stored = evaluated(district, tmp_path / "streamed", pipeline._evaluate_all, now)
    assert work == before
    assert work.transitions  # the rows whose status was dropped: first seen again
    assert (work.files, work.rows) == (before.files, before.rows)
    for table in TABLES:
        assert stored[table] == stored_before[table], table
