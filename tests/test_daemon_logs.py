"""Logs: JSON lines off a terminal, readable lines on one, stable event names, no secrets."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT, run_cli, write_setup
from watcher.logs import scrub


def test_secrets_are_scrubbed_from_text() -> None:
    text = (
        "smtp://pgd:hunter2@mail.example.vn:587 failed; token=abc.def-123 "
        'Authorization: Bearer ya29.a0AfB_byC "client_secret": "s3cr3t" api_key=K1'
    )
    cleaned = scrub(text)
    for secret in ("hunter2", "abc.def-123", "ya29.a0AfB_byC", "s3cr3t", "K1"):
        assert secret not in cleaned
    assert "smtp://pgd:***@mail.example.vn:587" in cleaned
    key = "-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----"
    assert scrub({"errors": [f"bad key {key}"]}) == {"errors": ["bad key [private key]"]}
    assert scrub("digest:q7:2024-05-30T07:30+07:00") == "digest:q7:2024-05-30T07:30+07:00"


def test_off_a_terminal_every_line_is_json_with_a_stable_event(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    (tmp_path / "inbox").rmdir()
    result = run_cli("-v", "poll", "--config", str(config), "--no-send")
    lines = [line for line in result.stderr.splitlines() if line.startswith("{")]
    events = [json.loads(line) for line in lines]
    failed = next(e for e in events if e["event"] == "poll.failed")
    assert failed["level"] == "error" and failed["campaign"] == "q7" and failed["timestamp"]


def test_on_a_terminal_lines_are_for_people(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    (tmp_path / "inbox").rmdir()
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "dumb", "NO_COLOR": "1"}
    process = subprocess.run(
        [sys.executable, "-m", "watcher", "poll", "--config", str(config), "--no-send"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        timeout=60,
        check=False,
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    text = output.decode("utf-8", "replace")
    assert process.returncode == 2
    assert "poll.failed" in text and not text.lstrip().startswith("{")
