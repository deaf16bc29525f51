"""kill -9 in the middle of a concurrent cold sync, then a restart: nothing twice, same view.

The poll runs as a user runs it (`watcher poll`, a separate process) against the Drive
stand-in, eight downloads at once under a slow pace, and is killed once some contents are
on disk. The restart must count every file once, send every e-mail once, and end with the
statuses of a clean run that was never interrupted.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.drivestub.server import DriveStub
from tests.helpers import ROOT, local, make_docx, make_scan, run_cli
from tests.test_drive_pipeline import DOCX, setup

SCHOOLS = ("MN Tân Phong", "TH Phù Đổng", "THCS Phù Đổng", "THCS Nguyễn Thị Thập")
NOW = "2024-01-05 10:00"


def district(stub: DriveStub, tmp: Path) -> str:
    root = stub.add_folder("Báo cáo CTrHĐ 16")
    word, scan = make_docx(tmp / "a.docx").read_bytes(), make_scan(tmp / "a.pdf").read_bytes()
    for school in SCHOOLS:
        folder = stub.add_folder(school, root)
        for copy in range(12):
            stub.add_file(
                f"{school} bao cao nam 2023 ({copy}).docx",
                folder,
                word + f"{school}{copy}".encode(),
                DOCX,
                created=local("2023-10-20 09:00"),
            )
        if school != "TH Phù Đổng":
            late = "THCS" in school
            stub.add_file(
                f"{school} bao cao nam 2023.pdf",
                folder,
                scan + school.encode(),
                created=local("2023-11-03 09:00" if late else "2023-10-25 09:00"),
            )
    return root


def blobs(config: Path) -> int:
    return sum(
        1
        for path in (config.parent / "var" / "content").rglob("*")
        if path.is_file() and not path.name.startswith(".part-")
    )


def statuses(config: Path) -> list[tuple[str, str, str, str | None]]:
    shown = run_cli("status", "--config", str(config), "-f", "json", "--now", NOW)
    rows = json.loads(shown.stdout)["campaigns"][0]["rows"]
    return [(r["school"], r["period"], r["status"], r["completed_at"]) for r in rows]


def test_kill_9_mid_concurrent_cold_sync_then_restart(tmp_path: Path) -> None:
    with DriveStub(seed=11, latency=0.1) as stub:
        root = district(stub, tmp_path)
        pace = {"download_threads": 8, "max_requests_per_second": 8}  # ~6 s of downloads
        crashed = setup(tmp_path / "crash", stub, root, **pace)
        poll = subprocess.Popen(
            [sys.executable, "-m", "watcher", "poll", "--config", str(crashed), "--now", NOW],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while blobs(crashed) < 12 and poll.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        poll.kill()
        poll.wait()
        database = crashed.parent / "var" / "watcher.sqlite3"
        with sqlite3.connect(database) as db:
            unfinished = db.execute("SELECT COUNT(*) FROM polls WHERE finished_at IS NULL")
            assert unfinished.fetchone()[0] == 1, "the kill should land inside the cold sync"
            assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0  # all or nothing
            assert db.execute("SELECT COUNT(*) FROM statuses").fetchone()[0] == 0
            assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
        on_disk = blobs(crashed)
        assert 12 <= on_disk < 4 * 12 + 3

        again = run_cli("poll", "--config", str(crashed), "--now", NOW, timeout=300)
        assert again.returncode == 0, again.stderr
        downloads = int(re.search(r"tải về (\d+) tệp", again.stdout).group(1))  # type: ignore[union-attr]
        assert downloads == 4 * 12 + 3 - on_disk  # what the killed run had is not fetched again

        clean = setup(tmp_path / "clean", stub, root, **pace)
        assert run_cli("poll", "--config", str(clean), "--now", NOW, timeout=300).returncode == 0
        assert statuses(crashed) == statuses(clean)
        assert statuses(crashed)[2][:3] == ("THCS-PHUDONG", "2023-annual", "late")

        with sqlite3.connect(database) as db:
            assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 4 * 12 + 3
            assert db.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 4 * 12 + 3
            keys = [row[0] for row in db.execute("SELECT key FROM outbox")]
            sent = db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").fetchone()[0]
        assert keys and len(keys) == len(set(keys))
        assert len(list((crashed.parent / "var" / "outbox").glob("*.eml"))) == sent
