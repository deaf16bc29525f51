"""`watcher run` as a real process: HTTP health, signals, reload, kill -9 and restart."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import CONFIG, ROOT, make_docx, make_scan, run_cli, write_setup
from tests.net import free_port

ADMINS = 'staff = ["chuyenvien@example.edu.vn"]\nadmins = ["admin@example.edu.vn"]'


def setup(tmp_path: Path, port: int, poll: str = "1s") -> Path:
    daemon = f'\n[daemon]\npoll_every = "{poll}"\ndeliver_every = "1s"\nhealth_port = {port}\n'
    text = CONFIG.replace('staff = ["chuyenvien@example.edu.vn"]', ADMINS)
    return write_setup(tmp_path, text.replace("\n[email]", daemon + "\n[email]", 1))


class Service:
    """`python -m watcher run` in the background, its log in a file."""

    def __init__(self, config: Path, port: int) -> None:
        self.config, self.port = config, port
        self.log_path = config.parent / f"daemon-{time.monotonic_ns()}.log"
        self.log_file = self.log_path.open("w")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "watcher", "run", "--config", str(config)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log_file,
        )

    def events(self) -> list[dict]:
        lines = self.log_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def logged(self, event: str) -> list[dict]:
        return [e for e in self.events() if e.get("event") == event]

    def get(self, path: str) -> tuple[int, str]:
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as failure:
            return failure.code, failure.read().decode()

    def metric(self, line_start: str) -> float:
        _, body = self.get("/metrics")
        for line in body.splitlines():
            if line.startswith(line_start + " "):
                return float(line.rsplit(" ", 1)[1])
        raise AssertionError(f"{line_start} not in /metrics:\n{body}")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=20)
        self.log_file.close()
        return code


@contextmanager
def running(config: Path, port: int) -> Iterator[Service]:
    service = Service(config, port)
    try:
        wait_for(lambda: _answers(service), what="the health server")
        yield service
    finally:
        if service.process.poll() is None:
            service.process.kill()
            service.process.wait()


def _answers(service: Service) -> bool:
    assert service.process.poll() is None, service.log_path.read_text()
    try:
        return service.get("/healthz")[0] in (200, 503)
    except OSError:
        return False


def wait_for(check: Callable[[], object], what: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def submit(inbox: Path, school: str, when: str) -> None:
    make_docx(inbox / f"{school} - Báo cáo năm 2023.docx", school, when=when)
    make_scan(inbox / f"{school} - Báo cáo năm 2023 scan.pdf", when=when)


# --- health, metrics, signals ----------------------------------------------------------------


def test_run_answers_healthz_and_metrics_over_http_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    config = setup(tmp_path, port)
    submit(tmp_path / "inbox", "MN Tân Phong", "2023-10-30 10:00")
    with running(config, port) as service:
        wait_for(lambda: service.metric("watcher_polls_total") >= 2, what="two polls")
        status, body = service.get("/healthz")
        assert status == 200 and body == "healthy ok\n"
        assert service.metric("watcher_files") == 2
        assert service.metric('watcher_statuses{status="on_time"}') == 1
        assert service.metric('watcher_statuses{status="missing"}') == 7
        assert service.metric("watcher_poll_failures_total") == 0
        assert service.metric("watcher_last_success_timestamp_seconds") > time.time() - 60
        wait_for(lambda: service.metric("watcher_emails_sent_total") == 1, what="the digest")
        assert service.get("/nothing")[0] == 404
        health = run_cli("health", "--config", str(config))
        assert health.returncode == 0 and "ok" in health.stdout
        assert service.stop(signal.SIGTERM) == 0
    events = [e["event"] for e in service.events()]
    assert events[-2:] == ["daemon.stopping", "daemon.stopped"]
    assert {"daemon.started", "poll.started", "poll.done", "mail.sent"} <= set(events)
    assert run_cli("health", "--config", str(config)).returncode == 1


def test_sigint_also_finishes_and_exits_zero(tmp_path: Path) -> None:
    port = free_port()
    with running(setup(tmp_path, port), port) as service:
        wait_for(lambda: service.logged("poll.cycle"), what="a poll")
        assert service.stop(signal.SIGINT) == 0


def test_healthz_turns_503_with_the_reason_when_polls_keep_failing(tmp_path: Path) -> None:
    port = free_port()
    config = setup(tmp_path, port)
    (tmp_path / "inbox").rmdir()
    with running(config, port) as service:
        wait_for(lambda: service.get("/healthz")[0] == 503, what="503", timeout=10)
        status, body = service.get("/healthz")
        assert body == "unhealthy no_poll\n"  # anyone may ask: no path, no error text
        assert any(
            "does not exist" in e.get("reason", "") for e in service.logged("health.changed")
        )
        assert service.metric("watcher_poll_failures_total") >= 3
        assert service.metric("watcher_healthy") == 0
        health = run_cli("health", "-v", "--config", str(config))
        assert health.returncode == 1 and "unhealthy no_poll" in health.stderr
        assert "q7: lần đọc thành công gần nhất: chưa có" in health.stdout
        assert "does not exist" in health.stdout  # the details, on this machine only
        (tmp_path / "inbox").mkdir()
        wait_for(lambda: service.get("/healthz")[0] == 200, what="recovery")
        assert service.stop() == 0


# --- reload ----------------------------------------------------------------------------------


def test_edits_reload_without_restart_and_a_broken_edit_keeps_the_old_config(
    tmp_path: Path,
) -> None:
    port = free_port()
    config = setup(tmp_path, port)
    good = config.read_text()
    with running(config, port) as service:
        wait_for(lambda: service.logged("poll.cycle"), what="a poll")
        assert service.metric('watcher_statuses{status="excused"}') == 0
        excuse = '\n[[excuse]]\nschool = "THCS-NTT"\nperiod = "2023-annual"\nreason = "x"\n'
        config.write_text(good + excuse)
        wait_for(lambda: service.logged("config.reloaded"), what="the reload")
        wait_for(
            lambda: service.metric('watcher_statuses{status="excused"}') == 1, what="the excuse"
        )

        config.write_text(good.replace('poll_every = "1s"', 'poll_every = "every hour"'))
        wait_for(lambda: service.logged("config.reload_failed"), what="the refusal")
        (refusal,) = service.logged("config.reload_failed")
        assert any("daemon.poll_every" in problem for problem in refusal["problems"])
        polls = service.metric("watcher_polls_total")
        wait_for(lambda: service.metric("watcher_polls_total") >= polls + 2, what="old config")
        assert service.get("/healthz")[0] == 200
        assert service.metric("watcher_config_reload_failures_total") >= 1
        outbox = tmp_path / "var" / "outbox"
        wait_for(lambda: _admin_mails(outbox), what="the admin e-mail")
        assert len(_admin_mails(outbox)) == 1

        config.write_text(good)  # fixed; SIGHUP asks for a reload at once
        service.process.send_signal(signal.SIGHUP)
        wait_for(lambda: len(service.logged("config.reloaded")) >= 2, what="the second reload")
        wait_for(
            lambda: service.metric('watcher_statuses{status="excused"}') == 0, what="no excuse"
        )
        assert service.stop() == 0
    assert len(_admin_mails(outbox)) == 1


def _admin_mails(outbox: Path) -> list[Path]:
    return [p for p in outbox.glob("*.eml") if b"X-Watcher-Key: admin:config:" in p.read_bytes()]


# --- kill -9 ----------------------------------------------------------------------------------


def _big_inbox(inbox: Path, count: int) -> None:
    """`count` distinct Word files for one school: a first poll takes seconds."""
    base = make_docx(inbox.parent / "base.docx", "MN Tân Phong")
    data = base.read_bytes()
    for index in range(count):
        copy = io.BytesIO(data)
        with zipfile.ZipFile(copy, "a") as archive:
            archive.writestr("customXml/item.xml", f"<n>{index}</n>" + "x" * 20000)
        (inbox / f"MN Tân Phong - Báo cáo năm 2023 ({index}).docx").write_bytes(copy.getvalue())
    make_scan(inbox / "MN Tân Phong - Báo cáo năm 2023 scan.pdf")


def _state(config: Path) -> list[tuple[str, str, str | None]]:
    shown = run_cli("status", "--config", str(config), "-f", "json", "--now", "2023-11-05 08:00")
    rows = json.loads(shown.stdout)["campaigns"][0]["rows"]
    return [(r["school"], r["status"], r["completed_at"]) for r in rows]


def test_kill_9_during_a_poll_then_restart_leaves_consistent_state(tmp_path: Path) -> None:
    port = free_port()
    config = setup(tmp_path / "crash", port)
    _big_inbox(tmp_path / "crash" / "inbox", 3000)
    service = Service(config, port)
    try:
        wait_for(
            lambda: service.log_path.read_text().count('"poll.started"'), what="a poll", timeout=60
        )
        time.sleep(0.4)
    finally:
        service.process.kill()
        service.process.wait()
    database = tmp_path / "crash" / "var" / "watcher.sqlite3"
    with sqlite3.connect(database) as db:
        unfinished = db.execute("SELECT COUNT(*) FROM polls WHERE finished_at IS NULL").fetchone()
        assert unfinished[0] == 1, "the kill should land inside the first poll"
        assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0  # all or nothing

    with running(config, port) as again:  # a full poll of 3,001 files: slow on a busy machine
        wait_for(
            lambda: again.get("/healthz")[0] == 200 and again.logged("poll.cycle"),
            "poll",
            timeout=120,
        )
        wait_for(lambda: again.metric("watcher_emails_sent_total") >= 1, "the digest", timeout=60)
        assert again.stop() == 0

    clean = setup(tmp_path / "clean", free_port())
    (clean.parent / "inbox").rmdir()
    (clean.parent / "inbox").symlink_to(tmp_path / "crash" / "inbox")
    assert run_cli("poll", "--config", str(clean)).returncode == 0
    assert _state(config) == _state(clean)
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 3001
        keys = [row[0] for row in db.execute("SELECT key FROM outbox")]
        sent = db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").fetchone()[0]
    assert len(keys) == len(set(keys))
    assert len(list((tmp_path / "crash" / "var" / "outbox").glob("*.eml"))) == sent
