"""kill -9 in the middle of archiving: no partial file under a final name; the next poll completes."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import CONFIG, ROOT, run_cli, set_time, write_setup
from watcher.archive.disk import TEMP_PREFIX

FILES = 120
SIZE = 512 * 1024
OFF = CONFIG.replace('language = "vi"', 'language = "vi"\narchive_dir = ""')


def _make_inbox(inbox: Path) -> dict[str, str]:
    """FILES scans of SIZE bytes each: original name -> SHA-256."""
    hashes: dict[str, str] = {}
    for number in range(FILES):
        name = f"TH Phù Đổng sơ kết 2024 - trang {number:03}.pdf"
        data = hashlib.sha256(str(number).encode()).digest() * (SIZE // 32)
        (inbox / name).write_bytes(data)
        set_time(inbox / name, "2024-05-28 09:00")
        hashes[name] = hashlib.sha256(data).hexdigest()
    return hashes


def _final_files(root: Path) -> dict[str, Path]:
    """original name -> archived path, for every file under a final (non-scratch) name."""
    found: dict[str, Path] = {}
    for path in root.rglob("*.pdf"):
        assert path.name.startswith("scan - "), path
        found[path.name.removeprefix("scan - ")] = path
    return found


def _writing(root: Path) -> bool:
    """Some copies are done and another is half-written: the moment to pull the plug."""
    names = [path.name for path in root.rglob("*")]
    done = sum(name.endswith(".pdf") for name in names)
    return done >= 10 and any(name.startswith(TEMP_PREFIX) for name in names)


def _kill_once_writing(config: Path, root: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "watcher", "poll", "--no-send", "--config", str(config)]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if root.is_dir() and _writing(root):
                break
            time.sleep(0.001)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)


def test_kill_during_archiving_leaves_no_partial_file_and_the_next_poll_completes(
    tmp_path: Path,
) -> None:
    config = write_setup(tmp_path, OFF)
    hashes = _make_inbox(tmp_path / "inbox")
    first = run_cli("poll", "--no-send", "--config", str(config))  # fills the content cache
    assert first.returncode == 0, first.stderr
    config.write_text(CONFIG, encoding="utf-8")  # the archive turned on: the next poll archives
    root = tmp_path / "var" / "archive" / "q7"
    _kill_once_writing(config, root)

    before = _final_files(root)
    assert len(before) < FILES, "the poll finished before it was killed: raise FILES or SIZE"
    for name, path in before.items():  # whatever has a final name is complete
        assert hashlib.sha256(path.read_bytes()).hexdigest() == hashes[name], path

    second = run_cli("poll", "--no-send", "--config", str(config), "--now", "2024-06-10 08:00")
    assert second.returncode == 0, second.stderr
    after = _final_files(root)
    assert set(after) == set(hashes)  # every file exactly once: adopted, never duplicated
    assert len(list(root.rglob("*.pdf"))) == FILES
    for name, path in after.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == hashes[name]
    assert not list(root.rglob(TEMP_PREFIX + "*"))
    verified = run_cli("archive", "verify", "--config", str(config))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"đã kiểm tra {FILES} tệp" in verified.stdout
