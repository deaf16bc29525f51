"""Progress of a long poll: structured events for the daemon's log, a bar on a terminal."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from structlog.testing import capture_logs

from tests.helpers import local, make_docx, make_scan, write_setup
from watcher.config import load
from watcher.cycle import run_cycle
from watcher.progress import BarProgress, LogProgress
from watcher.store import Store

NOW = local("2023-10-31 10:00")


def inbox(config: Path) -> None:
    folder = config.parent / "inbox"
    for school in ("MN Tân Phong", "TH Phù Đổng", "THCS Phù Đổng"):
        make_docx(folder / f"{school} bao cao nam 2023.docx", school)
        make_scan(folder / f"{school} bao cao nam 2023.pdf")


def test_the_daemon_log_gets_progress_events_up_to_the_last_file(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    inbox(config)
    settings = load(config)
    clock = iter(range(1000))  # one second between calls
    progress = LogProgress(every=0, clock=lambda: float(next(clock)))  # every event is due
    with capture_logs() as events:
        report = run_cycle(
            settings, Store.open(settings.state_dir), NOW, send=False, progress=progress
        )
    assert report.ok
    steps = [e for e in events if e["event"] == "poll.progress"]
    listed = [e for e in steps if e["stage"] == "listed"]
    checked = [e for e in steps if e["stage"] == "checked"]
    assert listed and listed[0]["total"] == 6
    # checks finish in several threads: counts come in any order, some may be folded
    # together, but none is reported twice and the last file always is
    counts = [e["done"] for e in checked]
    assert len(counts) == len(set(counts)) and set(counts) <= {1, 2, 3, 4, 5, 6}
    assert 6 in counts
    last = next(e for e in checked if e["done"] == 6)
    assert last["total"] == 6 and last["per_second"] > 0
    assert last["eta_seconds"] == 0


def test_a_terminal_gets_a_bar_with_counts(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    inbox(config)
    settings = load(config)
    screen = io.StringIO()
    bar = BarProgress(Console(file=screen, force_terminal=True, width=120), least=1)
    try:
        report = run_cycle(settings, Store.open(settings.state_dir), NOW, send=False, progress=bar)
    finally:
        bar.close()
    assert report.ok
    shown = screen.getvalue()
    assert "q7: downloaded and checked" in shown and "6/6" in shown


def test_a_small_poll_shows_no_bar(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    inbox(config)
    settings = load(config)
    screen = io.StringIO()
    bar = BarProgress(Console(file=screen, force_terminal=True, width=120))  # 20 files or more
    run_cycle(settings, Store.open(settings.state_dir), NOW, send=False, progress=bar)
    bar.close()
    assert screen.getvalue() == ""
