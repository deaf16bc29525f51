"""The health verdict, the Prometheus text, and the server answering over real HTTP."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import datetime, timedelta

from tests.helpers import local
from watcher.health import CODES, HealthServer, Snapshot, code, render_metrics, verdict

START = local("2024-05-30 08:00")
FIVE = timedelta(minutes=5)


def snap(**changes: object) -> Snapshot:
    fields: dict[str, object] = {"started_at": START, "measured_at": START}
    fields.update(changes)
    return Snapshot(**fields)  # type: ignore[arg-type]


def test_healthy_while_the_last_success_is_younger_than_three_intervals() -> None:
    fresh = snap(last_success=START + timedelta(minutes=10))
    assert verdict(fresh, START + timedelta(minutes=25), FIVE) == (
        True,
        "ok: last successful poll 15m ago",
    )
    healthy, reason = verdict(fresh, START + timedelta(minutes=25, seconds=1), FIVE)
    assert not healthy
    assert reason == "unhealthy: last successful poll 15m ago (limit 15m)"


def test_a_fresh_start_has_three_intervals_to_finish_its_first_poll() -> None:
    old = snap(last_success=START - timedelta(days=3), last_error="q7: Drive said 503")
    assert verdict(old, START + timedelta(minutes=14), FIVE)[0]
    healthy, reason = verdict(old, START + timedelta(minutes=16), FIVE)
    assert not healthy
    assert "no successful poll since the start 16m ago" in reason
    assert reason.endswith("last error: q7: Drive said 503")


def test_metrics_are_prometheus_text_with_every_status() -> None:
    text = render_metrics(
        snap(
            last_success=datetime.fromtimestamp(1717030800, START.tzinfo),
            polls=12,
            poll_failures=2,
            files=40,
            statuses={"on_time": 30, "missing": 2},
            mail={"sent": 5, "failed": 1, "queued": 2},
            reloads=1,
        ),
        healthy=True,
    )
    lines = text.splitlines()
    assert "watcher_polls_total 12" in lines
    assert "watcher_poll_failures_total 2" in lines
    assert "watcher_files 40" in lines
    assert 'watcher_statuses{status="on_time"} 30' in lines
    assert 'watcher_statuses{status="excused"} 0' in lines
    assert "watcher_emails_sent_total 5" in lines and "watcher_emails_failed_total 1" in lines
    assert "watcher_last_success_timestamp_seconds 1717030800" in lines
    assert "watcher_healthy 1" in lines
    samples = [line for line in lines if not line.startswith("#")]
    declared = {line.split()[2] for line in lines if line.startswith("# TYPE")}
    assert {line.split("{")[0].split(" ")[0] for line in samples} == declared
    assert text.endswith("\n")


def test_the_server_answers_over_http_and_follows_the_clock() -> None:
    moments = [START + timedelta(minutes=1)]
    server = HealthServer(
        "127.0.0.1",
        0,
        snapshot=lambda: snap(last_success=START),
        clock=lambda: moments[0],
        poll_every=lambda: FIVE,
    )
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5) as answer:
            assert answer.status == 200 and answer.read() == b"healthy ok\n"
        with urllib.request.urlopen(base + "/metrics", timeout=5) as answer:
            assert "version=0.0.4" in answer.headers["Content-Type"]
            assert b"watcher_healthy 1" in answer.read()
        moments[0] = START + timedelta(hours=1)
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5)
            raise AssertionError("expected 503")
        except urllib.error.HTTPError as failure:
            assert failure.code == 503
            assert failure.read() == b"unhealthy stale\n"  # the reason goes to the log only
    finally:
        server.stop()


def test_healthz_says_a_short_code_and_never_the_error_text() -> None:
    failing = snap(
        last_success=START - timedelta(days=1),
        last_error="q7: the folder /srv/share/Báo cáo/inbox does not exist",
    )
    later = START + timedelta(minutes=16)
    assert code(failing, later, FIVE) == (False, "no_poll")
    assert code(failing, START + timedelta(minutes=1), FIVE) == (True, "starting")
    assert code(snap(last_success=START), START + timedelta(minutes=1), FIVE) == (True, "ok")
    assert code(snap(last_success=START), START + timedelta(hours=1), FIVE) == (False, "stale")
    server = HealthServer(
        "127.0.0.1", 0, snapshot=lambda: failing, clock=lambda: later, poll_every=lambda: FIVE
    )
    status, kind, body = server.answer("/healthz")
    assert (status, body) == (503, "unhealthy no_poll\n")
    assert "/srv" not in body and set(CODES) == {"starting", "ok", "no_poll", "stale"}
    server.server.server_close()  # never started: nothing to shut down
