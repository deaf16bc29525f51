"""`/healthz` and `/metrics` over plain HTTP, from a snapshot the daemon refreshes after each step.

The server thread never touches the database: it reads the latest immutable `Snapshot`.
`verdict()` and `render_metrics()` are pure; `HealthServer` is the thin adapter around them.
`/healthz` answers anyone who can reach it, so it says only "healthy" or "unhealthy" and a
short code (`CODES`); the reason, with its paths and error texts, goes to the log and to
`watcher health -v` on the machine itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import structlog

from watcher.model import Status

log = structlog.get_logger("watcher.health")

HEALTHY_POLLS = 3  # healthy while the last successful poll is younger than this many intervals


@dataclass(frozen=True)
class Snapshot:
    started_at: datetime
    measured_at: datetime
    last_success: datetime | None = None
    last_error: str = ""
    polls: int = 0
    poll_failures: int = 0
    files: int = 0
    statuses: Mapping[str, int] = field(default_factory=dict)
    mail: Mapping[str, int] = field(default_factory=dict)  # outbox state -> count
    reloads: int = 0
    reload_failures: int = 0


# code -> what it means (README); the only words /healthz says besides healthy/unhealthy
CODES = {
    "starting": "started recently; the first poll has not finished yet",
    "ok": "the last successful poll is recent",
    "no_poll": "no poll has succeeded since the start, for longer than three intervals",
    "stale": "the last successful poll is older than three intervals",
}


def code(snapshot: Snapshot, now: datetime, poll_every: timedelta) -> tuple[bool, str]:
    """(healthy, short code): what /healthz may tell anyone."""
    healthy, reason = verdict(snapshot, now, poll_every)
    since_start = snapshot.last_success is None or snapshot.last_success < snapshot.started_at
    if healthy:
        return True, "starting" if since_start else "ok"
    return False, "no_poll" if since_start else "stale"


def verdict(snapshot: Snapshot, now: datetime, poll_every: timedelta) -> tuple[bool, str]:
    """(healthy, reason). A fresh start counts as a success, so the first poll has time to run."""
    limit = HEALTHY_POLLS * poll_every
    latest = snapshot.last_success
    since_start = latest is None or latest < snapshot.started_at
    age = now - (snapshot.started_at if latest is None or since_start else latest)
    if age <= limit:
        if since_start:
            return True, f"starting: {_words(age)} since start, no poll finished yet"
        return True, f"ok: last successful poll {_words(age)} ago"
    what = "no successful poll since the start" if since_start else "last successful poll"
    reason = f"unhealthy: {what} {_words(age)} ago (limit {_words(limit)})"
    if snapshot.last_error:
        reason += f"; last error: {snapshot.last_error}"
    return False, reason


def _words(span: timedelta) -> str:
    seconds = int(max(span.total_seconds(), 0))
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"


_METRICS: list[tuple[str, str, str]] = [
    ("watcher_polls_total", "counter", "Polls finished, all campaigns."),
    ("watcher_poll_failures_total", "counter", "Polls that failed."),
    ("watcher_files", "gauge", "Files present in the watched sources."),
    ("watcher_statuses", "gauge", "Schools x periods by status."),
    ("watcher_emails_sent_total", "counter", "E-mails delivered."),
    ("watcher_emails_failed_total", "counter", "E-mails given up on."),
    ("watcher_emails_queued", "gauge", "E-mails waiting to be (re)tried."),
    ("watcher_last_success_timestamp_seconds", "gauge", "When the last successful poll ran."),
    ("watcher_healthy", "gauge", "1 while /healthz answers 200."),
    ("watcher_config_reloads_total", "counter", "Config reloads that took effect."),
    ("watcher_config_reload_failures_total", "counter", "Config edits refused as invalid."),
]


def render_metrics(snapshot: Snapshot, healthy: bool) -> str:
    """Prometheus text exposition format, version 0.0.4."""
    values: dict[str, list[tuple[str, float]]] = {
        "watcher_polls_total": [("", snapshot.polls)],
        "watcher_poll_failures_total": [("", snapshot.poll_failures)],
        "watcher_files": [("", snapshot.files)],
        "watcher_statuses": [
            (f'{{status="{_label(s.value)}"}}', snapshot.statuses.get(s.value, 0)) for s in Status
        ],
        "watcher_emails_sent_total": [("", snapshot.mail.get("sent", 0))],
        "watcher_emails_failed_total": [("", snapshot.mail.get("failed", 0))],
        "watcher_emails_queued": [("", snapshot.mail.get("queued", 0))],
        "watcher_last_success_timestamp_seconds": [
            ("", snapshot.last_success.timestamp() if snapshot.last_success else 0)
        ],
        "watcher_healthy": [("", 1 if healthy else 0)],
        "watcher_config_reloads_total": [("", snapshot.reloads)],
        "watcher_config_reload_failures_total": [("", snapshot.reload_failures)],
    }
    lines: list[str] = []
    for name, kind, help_text in _METRICS:
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]
        lines += [f"{name}{labels} {_number(value)}" for labels, value in values[name]]
    return "\n".join(lines) + "\n"


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class HealthServer:
    """A small threaded HTTP server on host:port (port 0 picks a free one; see `.port`)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        snapshot: Callable[[], Snapshot],
        clock: Callable[[], datetime],
        poll_every: Callable[[], timedelta],
    ) -> None:
        self.snapshot, self.clock, self.poll_every = snapshot, clock, poll_every
        self.server = ThreadingHTTPServer((host, port), self._handler())
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, name="health", daemon=True)
        self._last_code = ""

    def start(self) -> None:
        self.thread.start()
        log.info("health.listening", host=self.server.server_address[0], port=self.port)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str) -> tuple[int, str, str]:
        """(HTTP status, content type, body) for a GET of `path`."""
        snapshot = self.snapshot()
        now, every = self.clock(), self.poll_every()
        healthy, short = code(snapshot, now, every)
        route = path.split("?", 1)[0]
        if route == "/healthz":
            self._tell_log(short, verdict(snapshot, now, every)[1])
            word = "healthy" if healthy else "unhealthy"
            return (200 if healthy else 503), "text/plain; charset=utf-8", f"{word} {short}\n"
        if route == "/metrics":
            body = render_metrics(snapshot, healthy)
            return 200, "text/plain; version=0.0.4; charset=utf-8", body
        return 404, "text/plain; charset=utf-8", "not found: try /healthz or /metrics\n"

    def _tell_log(self, short: str, reason: str) -> None:
        """The details behind a code go to the log, once each time the code changes."""
        if short != self._last_code:
            self._last_code = short
            level = log.info if short in ("ok", "starting") else log.warning
            level("health.changed", code=short, reason=reason)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                status, kind, body = owner.answer(self.path)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                log.debug("health.request", line=format % args)

        return Handler
