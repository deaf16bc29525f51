"""Mail under faults, against real SMTP servers (aiosmtpd, or raw sockets for what aiosmtpd
will not do): sessions refused then fixed, greylisting, a server that never answers.

Nothing is lost, nothing goes twice, nothing stale goes at all. Time is explicit: passes are
driven by calling `deliver()` with a later `now`.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import CONFIG, local, make_docx, make_scan, run_cli, write_setup
from tests.test_smtp import PASSWORD, USER, Recorder, free_port, start
from watcher.config import Settings, load
from watcher.cycle import run_cycle
from watcher.notify.compose import build
from watcher.notify.deliver import deliver, make_transport
from watcher.store import QueuedMail, Store

ADMIN = "admin@example.edu.vn"


@dataclass
class Moody(Recorder):
    """A Recorder that can refuse the sender (550, 530) and greylist addresses (450)."""

    refuse_sender: str | None = None
    greylist: set[str] = field(default_factory=set)
    tries: dict[str, int] = field(default_factory=dict)

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.refuse_sender:
            return self.refuse_sender
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        self.tries[address] = self.tries.get(address, 0) + 1
        if address in self.greylist:
            return "450 4.7.1 greylisted, please try again later"
        return await super().handle_RCPT(server, session, envelope, address, options)

    def received(self) -> list[tuple[str, str]]:
        """(key, recipient) for every copy delivered."""
        found = []
        for (recipients, _), message in zip(self.messages, self.parsed(), strict=True):
            found += [(message["X-Watcher-Key"], r) for r in recipients]
        return found


class RawServer:
    """A TCP server for what aiosmtpd won't do: a 554 greeting, or no answer at all."""

    def __init__(self, port: int, greeting: bytes | None) -> None:
        self.greeting = greeting
        self.listener = socket.create_server(("127.0.0.1", port))
        self.listener.settimeout(0.2)
        self.connections: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(connection)
            if self.greeting is not None:
                connection.sendall(self.greeting)
                connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(5)
        self.listener.close()
        for connection in self.connections:
            connection.close()


def config(port: int, extra: str = "", alerts: str = 'mail_refused_for = "0m"') -> str:
    text = CONFIG.replace(
        'transport = "outbox"',
        f'transport = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\n'
        f'smtp_security = "none"\nsmtp_timeout = 2\n{extra}',
    ).replace(
        'staff = ["chuyenvien@example.edu.vn"]',
        f'staff = ["chuyenvien@example.edu.vn"]\nadmins = ["{ADMIN}"]',
    )
    return text + f"\n[alerts]\n{alerts}\n"


def uploads(inbox: Path) -> None:
    """MN Tân Phong complete; TH Phù Đổng half; the other two nothing (period due 1 Nov 2023)."""
    make_docx(inbox / "MN Tân Phong báo cáo năm 2023.docx", "MN Tân Phong", when="2023-10-29 09:00")
    make_scan(inbox / "MN Tân Phong báo cáo năm 2023.pdf", when="2023-10-29 09:05")
    make_docx(inbox / "TH Phù Đổng báo cáo năm 2023.docx", "TH Phù Đổng", when="2023-10-29 10:00")


def queued_keys(store: Store) -> set[str]:
    return {m["key"] for m in store.mail("queued") if m["kind"] != "admin"}


@pytest.fixture
def moody() -> Iterator[tuple[Moody, int]]:
    recorder, port = Moody(), free_port()
    controller = start(recorder, port)
    yield recorder, port
    controller.stop()


# --- acceptance 1: the session refused for one pass, then accepted --------------------------


@pytest.mark.parametrize(
    "answer", ["550 5.7.1 sender address rejected", "530 5.7.0 Authentication required"]
)
def test_sender_refused_for_one_pass_then_everything_goes_once(
    tmp_path: Path, moody: tuple[Moody, int], answer: str
) -> None:
    recorder, port = moody
    settings = load(write_setup(tmp_path, config(port)))
    uploads(tmp_path / "inbox")
    store = Store.open(settings.state_dir)
    try:
        run_cycle(settings, store, local("2023-10-30 10:00"), send=False)
        waiting = queued_keys(store)
        assert {k.split(":")[0] for k in waiting} == {"digest", "reminder", "receipt"}

        recorder.refuse_sender = answer
        report = deliver(settings, store, make_transport(settings), local("2023-10-30 10:01"))
        assert report.refused.startswith("MAIL FROM: " + answer.split()[0])
        assert (report.sent, report.failed, report.retrying) == (0, 0, 0)
        assert not store.mail("failed") and queued_keys(store) == waiting
        assert all(m["attempts"] == 0 for m in store.mail("queued"))
        (alert,) = [m for m in store.mail("queued") if m["key"].startswith("admin:smtp-refused")]
        body = email.message_from_bytes(bytes(alert["message"]), policy=email.policy.default)
        assert answer in body.get_body(("plain",)).get_content()  # type: ignore[union-attr]

        recorder.refuse_sender = None  # the admin fixed it
        deliver(settings, store, make_transport(settings), local("2023-10-30 10:02"))
        deliver(settings, store, make_transport(settings), local("2023-10-30 10:03"))
        deliver(settings, store, make_transport(settings), local("2023-10-30 11:00"))
        outbox = {m["key"]: m["state"] for m in store.mail()}
    finally:
        store.close()
    got = [key for key, _ in recorder.received()]
    assert sorted(k for k in got if not k.startswith("admin:")) == sorted(waiting)  # once each
    admin = [k for k in got if k.startswith("admin:")]
    assert len(admin) == 1 and admin[0].startswith("admin:smtp-recovered:")  # one note, no storm
    assert outbox[alert["key"]] == "superseded"


def test_a_554_greeting_for_one_pass_then_everything_goes_once(tmp_path: Path) -> None:
    port = free_port()
    settings = load(write_setup(tmp_path, config(port)))
    uploads(tmp_path / "inbox")
    store = Store.open(settings.state_dir)
    recorder = Moody()
    try:
        run_cycle(settings, store, local("2023-10-30 10:00"), send=False)
        waiting = queued_keys(store)
        refusing = RawServer(port, b"554 5.3.2 no service for you\r\n")
        try:
            report = deliver(settings, store, make_transport(settings), local("2023-10-30 10:01"))
        finally:
            refusing.stop()
        assert report.refused == "greeting: 554 5.3.2 no service for you"
        assert not store.mail("failed") and queued_keys(store) == waiting
        controller = start(recorder, port)
        try:
            deliver(settings, store, make_transport(settings), local("2023-10-30 10:02"))
        finally:
            controller.stop()
    finally:
        store.close()
    assert sorted(k for k, _ in recorder.received() if not k.startswith("admin:")) == sorted(
        waiting
    )


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_refused_until_the_password_file_is_fixed_no_restart(tmp_path: Path) -> None:
    """535 at AUTH refuses the session; the password file's new content is read next time."""
    recorder, port = Moody(), free_port()
    controller = start(
        recorder,
        port,
        auth_required=True,
        auth_require_tls=False,
        authenticator=recorder.authenticate,
    )
    secret = tmp_path / "smtp-password"
    secret.write_text("old password\n", encoding="utf-8")
    extra = f'smtp_username = "{USER}"\nsmtp_password_file = "{secret}"'
    settings = load(write_setup(tmp_path, config(port, extra)))
    uploads(tmp_path / "inbox")
    store = Store.open(settings.state_dir)
    transport = make_transport(settings)  # one transport, as a long-running daemon holds it
    try:
        run_cycle(settings, store, local("2023-10-30 10:00"), send=False)
        waiting = queued_keys(store)
        report = deliver(settings, store, transport, local("2023-10-30 10:01"))
        assert report.refused.startswith("AUTH: 535")
        assert not store.mail("failed") and queued_keys(store) == waiting
        secret.write_text(PASSWORD + "\n", encoding="utf-8")
        report = deliver(settings, store, transport, local("2023-10-30 10:02"))
    finally:
        store.close()
        controller.stop()
    assert not report.refused
    assert sorted(k for k, _ in recorder.received() if not k.startswith("admin:")) == sorted(
        waiting
    )


# --- acceptance 1: one recipient greylisted --------------------------------------------------


def queue_to(
    store: Store, settings: Settings, key: str, to: tuple[str, ...], now: dt.datetime
) -> None:
    raw, identifier = build(
        key=key,
        sender=settings.raw.email.sender,
        recipients=to,
        subject="Tổng hợp tình hình nộp báo cáo",
        text="Kính gửi,",
        html=None,
        now=now,
    )
    with store.transaction():
        store.enqueue(QueuedMail(key, "digest", "q7", to, "Tổng hợp", raw, identifier), now)


def test_greylisted_recipient_gets_it_once_the_server_accepts(
    tmp_path: Path, moody: tuple[Moody, int]
) -> None:
    recorder, port = moody
    settings = load(write_setup(tmp_path, config(port)))
    store = Store.open(settings.state_dir)
    staff = ("a@example.edu.vn", "b@example.edu.vn")
    now = local("2023-10-30 10:00")
    try:
        queue_to(store, settings, "digest:q7:slot-1", staff, now)
        recorder.greylist = {"b@example.edu.vn"}
        first = deliver(settings, store, make_transport(settings), now)
        assert (first.sent, first.retrying, first.failed) == (0, 1, 0)
        (row,) = store.mail("queued")
        assert json.loads(row["delivered"]) == ["a@example.edu.vn"] and "450" in row["last_error"]
        # before the backoff ends nothing is tried; after it, b is tried again (only b)
        assert (
            deliver(settings, store, make_transport(settings), now + dt.timedelta(seconds=10)).sent
            == 0
        )
        recorder.greylist = set()
        later = deliver(settings, store, make_transport(settings), now + dt.timedelta(hours=1))
        assert later.sent == 1 and store.mail("sent")[0]["key"] == "digest:q7:slot-1"
        assert (
            deliver(settings, store, make_transport(settings), now + dt.timedelta(days=1)).sent == 0
        )
    finally:
        store.close()
    assert sorted(r for _, r in recorder.received()) == list(staff)  # each exactly once
    assert recorder.tries["b@example.edu.vn"] == 2 and recorder.tries["a@example.edu.vn"] == 1


def test_an_address_refused_for_days_is_given_up_and_listed(
    tmp_path: Path, moody: tuple[Moody, int]
) -> None:
    recorder, port = moody
    settings = load(write_setup(tmp_path, config(port, 'give_up_after = "1d"')))
    store = Store.open(settings.state_dir)
    staff = ("a@example.edu.vn", "b@example.edu.vn")
    now = local("2023-10-30 10:00")
    recorder.greylist = {"b@example.edu.vn"}
    try:
        queue_to(store, settings, "digest:q7:slot-1", staff, now)
        moment = now
        while store.mail("queued") and moment < now + dt.timedelta(days=3):
            deliver(settings, store, make_transport(settings), moment)
            moment += dt.timedelta(hours=1)
        (row,) = store.mail()
        assert row["state"] == "sent" and list(json.loads(row["refused"])) == ["b@example.edu.vn"]
        assert moment - now >= dt.timedelta(days=1)
        from watcher.notify.queue import failed_since

        (listed,) = failed_since(store, settings.campaigns[0], None)
        assert listed.recipients == ("b@example.edu.vn",) and "450" in listed.error
    finally:
        store.close()
    assert [r for _, r in recorder.received()] == ["a@example.edu.vn"]


# --- acceptance 2: stale reminders are superseded, receipts and digests still go -------------


def test_reminder_undeliverable_until_after_the_deadline_is_never_sent(
    tmp_path: Path, moody: tuple[Moody, int]
) -> None:
    recorder, port = moody
    path = write_setup(tmp_path, config(port))
    settings = load(path)
    uploads(tmp_path / "inbox")
    store = Store.open(settings.state_dir)
    recorder.refuse_sender = "550 5.7.1 relaying denied"
    try:
        run_cycle(settings, store, local("2023-10-31 09:00"), send=False)  # the 1-day stage
        keys = queued_keys(store)
        assert any(k.endswith(":before-1d") for k in keys)
        moment = local("2023-10-31 09:01")
        while moment < local("2023-11-01 08:00"):  # the deadline passes while it refuses
            deliver(settings, store, make_transport(settings), moment)
            moment += dt.timedelta(hours=2)
        recorder.refuse_sender = None
        report = deliver(settings, store, make_transport(settings), local("2023-11-01 08:05"))
        states = {m["key"]: (m["state"], m["last_error"]) for m in store.mail()}
    finally:
        store.close()
    sent = {k.split(":")[0] for k, _ in recorder.received()}
    assert "reminder" not in sent and {"receipt", "digest"} <= sent
    stale = [k for k in keys if k.startswith("reminder:")]
    assert report.superseded == len(stale) == 3
    for key in stale:
        state, reason = states[key]
        assert state == "superseded" and "quá hạn" in reason

    listing = run_cli("outbox", "--config", str(path), "--format", "json", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    shown = {item["key"]: item for item in json.loads(listing.stdout)["mail"]}
    assert {shown[k]["state"] for k in stale} == {"superseded"}
    assert all("quá hạn" in shown[k]["reason"] for k in stale)


# --- the outbox command ----------------------------------------------------------------------


def test_outbox_lists_failures_and_retry_requeues_them(
    tmp_path: Path, moody: tuple[Moody, int]
) -> None:
    recorder, port = moody
    path = write_setup(tmp_path, config(port))
    settings = load(path)
    store = Store.open(settings.state_dir)
    now = local("2023-10-30 10:00")
    try:
        queue_to(store, settings, "digest:q7:one", ("bad-one@example.edu.vn",), now)
        queue_to(store, settings, "digest:q7:two", ("bad-two@example.edu.vn",), now)
        assert deliver(settings, store, make_transport(settings), now).failed == 2
    finally:
        store.close()
    table = run_cli("outbox", "--config", str(path), cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert (
        "digest:q7:one" in table.stdout
        and "550" in table.stdout
        and "không gửi được" in table.stdout
    )

    missing = run_cli("outbox", "retry", "digest:q7:nope", "--config", str(path), cwd=tmp_path)
    assert missing.returncode == 1 and "digest:q7:nope" in missing.stderr
    both = run_cli("outbox", "retry", "--config", str(path), cwd=tmp_path)
    assert both.returncode == 2

    recorder_accepts_all(recorder)
    at = ("--now", "2023-10-30 10:30")
    one = run_cli("outbox", "retry", "digest:q7:one", "--config", str(path), *at, cwd=tmp_path)
    assert one.returncode == 0 and "1" in one.stdout
    store = Store.open(settings.state_dir)
    try:
        assert (
            deliver(settings, store, make_transport(settings), now + dt.timedelta(hours=1)).sent
            == 1
        )
        assert [m["key"] for m in store.mail("failed")] == ["digest:q7:two"]
    finally:
        store.close()
    rest = run_cli("outbox", "retry", "--failed", "--config", str(path), *at, cwd=tmp_path)
    assert rest.returncode == 0
    store = Store.open(settings.state_dir)
    try:
        assert (
            deliver(settings, store, make_transport(settings), now + dt.timedelta(hours=2)).sent
            == 1
        )
        assert not store.mail("failed")
    finally:
        store.close()
    assert sorted(r for _, r in recorder.received()) == [
        "bad-one@example.edu.vn",
        "bad-two@example.edu.vn",
    ]


def recorder_accepts_all(recorder: Moody) -> None:
    """The mailbox now exists: accept 'bad…' addresses too."""

    async def accept(server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        envelope.rcpt_tos.append(address)
        return "250 OK"

    recorder.handle_RCPT = accept  # type: ignore[method-assign]


# --- limits that cannot work -----------------------------------------------------------------


def test_check_refuses_a_checker_memory_limit_too_small_to_work(tmp_path: Path) -> None:
    text = CONFIG + "\n[validation]\nmemory_limit_mb = 64\ntimeout_seconds = 0.001\n"
    text = text.replace('outbox_dir = "var/outbox"', 'outbox_dir = "var/outbox"\nsmtp_port = 70000')
    result = run_cli("check", "--config", str(write_setup(tmp_path, text)), cwd=tmp_path)
    assert result.returncode == 1
    for key in ("validation.memory_limit_mb", "validation.timeout_seconds", "email.smtp_port"):
        assert key in result.stderr
    assert "64" in result.stderr and "256" in result.stderr


# --- acceptance 3: a server that accepts the connection and never answers --------------------


def test_a_silent_mail_server_never_holds_up_polls_health_or_shutdown(tmp_path: Path) -> None:
    import signal
    import time

    from tests.test_daemon_process import running, setup, submit, wait_for

    smtp_port, health_port = free_port(), free_port()
    config = setup(tmp_path, health_port)
    text = config.read_text().replace(
        'transport = "outbox"',
        f'transport = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = {smtp_port}\n'
        'smtp_security = "none"\nsmtp_timeout = 60',
    )
    config.write_text(text)
    submit(tmp_path / "inbox", "MN Tân Phong", "2023-10-30 10:00")  # a digest is due at once
    silent = RawServer(smtp_port, greeting=None)
    try:
        with running(config, health_port) as service:
            wait_for(lambda: silent.connections, what="delivery to reach the silent server")
            polls = service.metric("watcher_polls_total")
            wait_for(
                lambda: service.metric("watcher_polls_total") >= polls + 3,
                what="three more polls while delivery waits on the server",
            )
            status, body = service.get("/healthz")
            assert status == 200, body
            started = time.monotonic()
            assert service.stop(signal.SIGTERM) == 0
            assert time.monotonic() - started < 10
    finally:
        silent.stop()
    sent = [e for e in service.events() if e.get("event") == "mail.sent"]
    assert not sent  # nothing pretended to go


# --- a slow pass: each message's lease runs from when it was taken ---------------------------


class SlowTransport:
    """Hands each message to the real server after a pause (a slow relay); on the last
    message, a second deliverer (a manual `watcher poll`) runs while that one is in flight."""

    def __init__(self, inner: Any, pause: float, during_last: Any = None) -> None:
        self.inner, self.pause, self.during_last, self.count = inner, pause, during_last, 0

    def send(
        self, message: bytes, sender: str, recipients: tuple[str, ...], message_id: str
    ) -> Any:
        import time

        self.count += 1
        time.sleep(self.pause)
        if self.count == 3 and self.during_last is not None:
            self.during_last()
        return self.inner.send(message, sender, recipients, message_id)


def test_a_slow_pass_never_lets_a_second_deliverer_resend_the_message_in_flight(
    tmp_path: Path, moody: tuple[Moody, int]
) -> None:
    from watcher.notify.deliver import LEASE

    recorder, port = moody
    settings = load(write_setup(tmp_path, config(port)))
    store = Store.open(settings.state_dir)
    now = local("2023-10-30 10:00")
    for index in range(3):
        queue_to(store, settings, f"digest:q7:slot-{index}", ("a@example.edu.vn",), now)
    second = Store.open(settings.state_dir)
    late: list[Any] = []

    def manual_poll() -> None:  # just after the first message's lease would have ended
        when = now + LEASE + dt.timedelta(seconds=1)
        late.append(deliver(settings, second, make_transport(settings), when))

    try:
        slow = SlowTransport(make_transport(settings), 1.5, manual_poll)
        report = deliver(settings, store, slow, now)
    finally:
        second.close()
        store.close()
    assert report.sent == 3 and late[0].sent == 0
    assert sorted(k for k, _ in recorder.received()) == [f"digest:q7:slot-{i}" for i in range(3)]


def test_a_pass_stops_taking_messages_at_its_deadline(
    tmp_path: Path, moody: tuple[Moody, int]
) -> None:
    recorder, port = moody
    settings = load(write_setup(tmp_path, config(port)))
    store = Store.open(settings.state_dir)
    now = local("2023-10-30 10:00")
    try:
        for index in range(4):
            queue_to(store, settings, f"digest:q7:slot-{index}", ("a@example.edu.vn",), now)
        slow = SlowTransport(make_transport(settings), 0.6)
        report = deliver(settings, store, slow, now, deadline=dt.timedelta(seconds=1))
        assert report.stopped and 1 <= report.sent < 4
        waiting = store.mail("queued")
        assert len(waiting) == 4 - report.sent and all(m["attempts"] == 0 for m in waiting)
        rest = deliver(settings, store, make_transport(settings), now + dt.timedelta(minutes=1))
        assert rest.sent == 4 - report.sent
    finally:
        store.close()
    assert len(recorder.received()) == 4
