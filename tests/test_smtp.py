"""E-mail against a real SMTP server (aiosmtpd on 127.0.0.1): TLS, AUTH, refusals, outages.

Time is explicit: retries are driven by calling `deliver()` with a later `now`, never by sleeping.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.helpers import CONFIG, local, make_docx, make_scan, run_cli, write_setup
from tests.net import certificate, free_port
from watcher.config import Settings, load
from watcher.cycle import run_cycle
from watcher.notify.compose import message_id
from watcher.notify.deliver import LEASE, deliver, make_transport
from watcher.notify.transports import TransportError
from watcher.store import QueuedMail, Store

USER, PASSWORD = "pgd@example.edu.vn", "mật-khẩu s3cret"
STAFF = "chuyenvien@example.edu.vn"


# --- the server -----------------------------------------------------------------------------


@dataclass
class Recorder:
    """An aiosmtpd handler that keeps every message and refuses addresses starting 'bad'."""

    messages: list[tuple[list[str], bytes]] = field(default_factory=list)
    mechanisms: list[str] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.startswith("bad"):
            return f"550 5.1.1 <{address}>: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        self.mechanisms.append(mechanism)
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        return AuthResult(success=ok, handled=False)

    def parsed(self) -> list[EmailMessage]:
        found = []
        for _, raw in self.messages:
            message = email.message_from_bytes(raw, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            found.append(message)
        return found

    def by_kind(self, kind: str) -> list[EmailMessage]:
        return [m for m in self.parsed() if m["X-Watcher-Key"].startswith(kind + ":")]


@dataclass
class Server:
    recorder: Recorder
    port: int
    controller: Controller | None = None

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def start(recorder: Recorder, port: int, **options: Any) -> Controller:
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **options)
    controller.start()
    return controller


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    """A plain SMTP server that accepts anything but addresses starting with 'bad'."""
    recorder, port = Recorder(), free_port()
    server = Server(recorder, port, start(recorder, port))
    yield server
    server.stop()


# --- configs ----------------------------------------------------------------------------------


def smtp_config(port: int, security: str = "none", extra: str = "") -> str:
    return CONFIG.replace(
        'transport = "outbox"',
        f'transport = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\n'
        f'smtp_security = "{security}"\nsmtp_timeout = 5\n{extra}',
    )


def settings_for(tmp_path: Path, config: str) -> Settings:
    return load(write_setup(tmp_path, config))


def queue_one(store: Store, key: str, to: str, now: dt.datetime, settings: Settings) -> None:
    from watcher.notify.compose import build

    raw, identifier = build(
        key=key,
        sender=settings.raw.email.sender,
        recipients=(to,),
        subject="Nhắc nộp Báo cáo sơ kết 2024 — Trường MN Tân Phong",
        text="Kính gửi Hiệu trưởng,",
        html="<p>Kính gửi Hiệu trưởng,</p>",
        now=now,
    )
    with store.transaction():
        # kind "test": these check the transport, not whether a reminder is still true
        store.enqueue(QueuedMail(key, "test", "q7", (to,), "Nhắc nộp", raw, identifier), now)


def assert_well_formed(message: EmailMessage) -> None:
    assert message.get_content_type() == "multipart/alternative"
    assert all(part.get_content_charset() == "utf-8" for part in message.iter_parts())
    assert message["Message-ID"] == message_id(message["X-Watcher-Key"], "pgd@example.edu.vn")


# --- acceptance 1: digest, reminders, receipts against a real server --------------------------


def test_digest_reminders_and_receipts_reach_exactly_the_right_schools(
    tmp_path: Path, smtp_server: Server
) -> None:
    settings = settings_for(tmp_path, smtp_config(smtp_server.port))
    inbox = tmp_path / "inbox"
    make_docx(inbox / "MN Tân Phong báo cáo năm 2023.docx", "MN Tân Phong", when="2023-10-29 09:00")
    make_scan(inbox / "MN Tân Phong báo cáo năm 2023.pdf", when="2023-10-29 09:05")
    make_docx(inbox / "TH Phù Đổng báo cáo năm 2023.docx", "TH Phù Đổng", when="2023-10-29 10:00")
    store = Store.open(settings.state_dir)
    try:
        run_cycle(settings, store, local("2023-10-30 10:00"))  # Monday, the 1-day stage
        recorder = smtp_server.recorder
        (digest,) = recorder.by_kind("digest")
        assert_well_formed(digest)
        assert digest["Subject"].startswith("3/4 trường chưa nộp đủ Báo cáo năm 2023 — còn 1 ngày")
        assert "Tình trạng từng trường" in digest.get_body(("html",)).get_content()  # type: ignore[union-attr]
        assert "Tình trạng từng trường" in digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        reminded = {m["To"].addresses[0].addr_spec for m in recorder.by_kind("reminder")}
        assert reminded == {
            "thphudong@example.edu.vn",
            "thcsphudong@example.edu.vn",
            "thcsntt@example.edu.vn",
        }
        (receipt,) = recorder.by_kind("receipt")
        assert receipt["To"].addresses[0].addr_spec == "mntanphong@example.edu.vn"
        for message in recorder.parsed():
            assert_well_formed(message)
        reminder = recorder.by_kind("reminder")[0]
        assert reminder["Subject"].startswith("Nhắc nộp Báo cáo năm 2023 — ")
        assert "23 giờ 59 phút ngày 31/10/2023" in reminder.get_body(("plain",)).get_content()  # type: ignore[union-attr]

        # TH Phù Đổng completes: a receipt, and no more reminders to it, ever.
        make_scan(inbox / "TH Phù Đổng báo cáo năm 2023.pdf", when="2023-10-31 08:30")
        before = len(recorder.messages)
        run_cycle(settings, store, local("2023-10-31 09:00"))
        new = recorder.parsed()[before:]
        assert sorted(m["X-Watcher-Key"].split(":")[0] for m in new) == ["digest", "receipt"]
        assert new[-1]["To"].addresses[0].addr_spec in (STAFF, "thphudong@example.edu.vn")

        before = len(recorder.messages)
        run_cycle(settings, store, local("2023-11-04 10:00"))  # the first overdue reminder
        overdue = [
            m for m in recorder.parsed()[before:] if m["X-Watcher-Key"].startswith("reminder")
        ]
        assert {m["To"].addresses[0].addr_spec for m in overdue} == {
            "thcsphudong@example.edu.vn",
            "thcsntt@example.edu.vn",
        }
    finally:
        store.close()


# --- TLS and AUTH -----------------------------------------------------------------------------


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_starttls_with_auth_and_password_from_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mechanism: str
) -> None:
    cert, key = certificate(tmp_path)
    recorder, port = Recorder(), free_port()
    other = "LOGIN" if mechanism == "PLAIN" else "PLAIN"
    controller = start(
        recorder,
        port,
        tls_context=server_context(cert, key),
        require_starttls=True,
        auth_required=True,
        authenticator=recorder.authenticate,
        auth_exclude_mechanism=[other],
    )
    try:
        extra = f'smtp_username = "{USER}"\nsmtp_ca_file = "{cert}"'
        settings = settings_for(tmp_path, smtp_config(port, "starttls", extra))
        monkeypatch.setenv("WATCHER_SMTP_PASSWORD", PASSWORD)
        store = Store.open(settings.state_dir)
        queue_one(
            store,
            "reminder:q7:p:s:before-1d",
            "mntanphong@example.edu.vn",
            local("2024-05-30 08:00"),
            settings,
        )
        report = deliver(settings, store, make_transport(settings), local("2024-05-30 08:00"))
        store.close()
    finally:
        controller.stop()
    assert report.sent == 1 and recorder.mechanisms == [mechanism]
    assert recorder.parsed()[0]["Subject"] == "Nhắc nộp Báo cáo sơ kết 2024 — Trường MN Tân Phong"


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls_with_password_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cert, key = certificate(tmp_path)
    recorder, port = Recorder(), free_port()
    controller = start(
        recorder,
        port,
        ssl_context=server_context(cert, key),
        auth_required=True,
        auth_require_tls=False,  # aiosmtpd does not see implicit TLS as TLS; it is TLS here
        authenticator=recorder.authenticate,
    )
    try:
        (tmp_path / "smtp-password").write_text(PASSWORD + "\n", encoding="utf-8")
        extra = f'smtp_username = "{USER}"\nsmtp_ca_file = "{cert}"\nsmtp_password_file = "smtp-password"'
        settings = settings_for(tmp_path, smtp_config(port, "ssl", extra))
        monkeypatch.delenv("WATCHER_SMTP_PASSWORD", raising=False)
        make_transport(settings).send(
            b"Subject: test\r\n\r\nbody\r\n",
            settings.raw.email.sender,
            ("a@example.edu.vn",),
            "<x@y>",
        )
    finally:
        controller.stop()
    assert len(recorder.messages) == 1


def test_untrusted_certificate_is_refused_and_retried(tmp_path: Path) -> None:
    cert, key = certificate(tmp_path)
    recorder, port = Recorder(), free_port()
    controller = start(recorder, port, tls_context=server_context(cert, key), require_starttls=True)
    try:
        settings = settings_for(tmp_path, smtp_config(port, "starttls"))  # no smtp_ca_file
        with pytest.raises(TransportError) as failure:
            make_transport(settings).send(
                b"Subject: x\r\n\r\nx\r\n", "pgd@example.edu.vn", ("a@example.edu.vn",), "<x@y>"
            )
    finally:
        controller.stop()
    assert not failure.value.permanent and not recorder.messages


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_wrong_password_is_not_delivered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recorder, port = Recorder(), free_port()
    controller = start(
        recorder,
        port,
        auth_required=True,
        auth_require_tls=False,
        authenticator=recorder.authenticate,
    )
    try:
        settings = settings_for(tmp_path, smtp_config(port, "none", f'smtp_username = "{USER}"'))
        monkeypatch.setenv("WATCHER_SMTP_PASSWORD", "wrong")
        with pytest.raises(TransportError):
            make_transport(settings).send(
                b"Subject: x\r\n\r\nx\r\n", "pgd@example.edu.vn", ("a@example.edu.vn",), "<x@y>"
            )
    finally:
        controller.stop()
    assert not recorder.messages


# --- failures: a bad address, the server down, a crash --------------------------------------


def test_bad_address_is_a_permanent_failure_listed_in_the_next_digest(
    tmp_path: Path, smtp_server: Server
) -> None:
    settings = settings_for(tmp_path, smtp_config(smtp_server.port))
    store = Store.open(settings.state_dir)
    try:
        now = local("2024-05-30 08:00")
        queue_one(
            store, "reminder:q7:2024-interim:X:before-1d", "bad@example.edu.vn", now, settings
        )
        report = deliver(settings, store, make_transport(settings), now)
        assert (report.sent, report.failed) == (0, 1)
        (failed,) = store.mail("failed")
        assert "550" in failed["last_error"]
        assert not deliver(
            settings, store, make_transport(settings), now + dt.timedelta(days=1)
        ).sent
        run_cycle(settings, store, local("2024-05-31 08:00"))
    finally:
        store.close()
    (digest,) = smtp_server.recorder.by_kind("digest")
    body = digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Thư không gửi được" in body and "bad@example.edu.vn" in body and "550" in body


def test_server_down_for_an_hour_mail_waits_then_goes(tmp_path: Path) -> None:
    port = free_port()
    settings = settings_for(tmp_path, smtp_config(port))
    store = Store.open(settings.state_dir)
    recorder = Recorder()
    try:
        start_at = local("2024-05-30 08:00")
        queue_one(
            store,
            "reminder:q7:2024-interim:A:before-1d",
            "mntanphong@example.edu.vn",
            start_at,
            settings,
        )
        moment = start_at
        while moment < start_at + dt.timedelta(hours=1):  # nobody listens on the port
            report = deliver(settings, store, make_transport(settings), moment)
            assert report.sent == 0 and report.failed == 0
            moment += dt.timedelta(minutes=5)
        # nobody's fault but the server's: nothing counted against the message, it waits
        (waiting,) = [m for m in store.mail("queued") if m["kind"] != "admin"]
        assert waiting["attempts"] == 0 and waiting["state"] == "queued"
        controller = start(recorder, port)
        try:
            report = deliver(
                settings, store, make_transport(settings), moment + dt.timedelta(hours=1)
            )
        finally:
            controller.stop()
    finally:
        store.close()
    assert report.sent == 1 and len(recorder.messages) == 1


class SendThenCrash:
    """A transport that hands the message to the server, then dies before it is recorded."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def send(
        self, message: bytes, sender: str, recipients: tuple[str, ...], message_id: str
    ) -> None:
        self.inner.send(message, sender, recipients, message_id)
        raise KeyboardInterrupt  # the process is killed between sending and recording


def test_crash_between_send_and_record_resends_the_same_message(
    tmp_path: Path, smtp_server: Server
) -> None:
    settings = settings_for(tmp_path, smtp_config(smtp_server.port))
    path = settings.state_dir
    store = Store.open(path)
    now = local("2024-05-30 08:00")
    queue_one(
        store, "reminder:q7:2024-interim:A:before-1d", "mntanphong@example.edu.vn", now, settings
    )
    with pytest.raises(KeyboardInterrupt):
        deliver(settings, store, SendThenCrash(make_transport(settings)), now)
    store.close()

    store = Store.open(path)  # the restarted daemon
    try:
        assert deliver(settings, store, make_transport(settings), now).sent == 0  # leased
        later = now + LEASE + dt.timedelta(seconds=1)
        assert deliver(settings, store, make_transport(settings), later).sent == 1
        assert deliver(settings, store, make_transport(settings), later + LEASE * 2).sent == 0
    finally:
        store.close()
    received = smtp_server.recorder.parsed()
    assert len(received) == 2
    assert received[0]["Message-ID"] == received[1]["Message-ID"]
    assert bytes(smtp_server.recorder.messages[0][1]) == bytes(smtp_server.recorder.messages[1][1])


# --- the commands -----------------------------------------------------------------------------


def test_notify_test_command_sends_one_mail(tmp_path: Path, smtp_server: Server) -> None:
    path = write_setup(tmp_path, smtp_config(smtp_server.port))
    result = run_cli("notify-test", "--to", "chuyenvien@example.edu.vn", "--config", str(path))
    assert result.returncode == 0, result.stderr
    (message,) = smtp_server.recorder.parsed()
    assert message["Subject"] == "Thư thử nghiệm / Test e-mail — watcher"
    refused = run_cli("notify-test", "--to", "bad@example.edu.vn", "--config", str(path))
    assert refused.returncode == 1 and "550" in refused.stderr  # not "sent"
    smtp_server.stop()
    result = run_cli("notify-test", "--to", "chuyenvien@example.edu.vn", "--config", str(path))
    assert result.returncode == 1 and "không gửi được thư thử" in result.stderr


def test_digest_send_command(tmp_path: Path, smtp_server: Server) -> None:
    path = write_setup(tmp_path, smtp_config(smtp_server.port))
    result = run_cli("digest", "--send", "--config", str(path), "--now", "2024-05-29 10:00")
    assert result.returncode == 0, result.stderr
    (digest,) = smtp_server.recorder.by_kind("digest")
    assert digest["Subject"].startswith("4/4 trường chưa nộp đủ Báo cáo sơ kết 2024 — còn 2 ngày")


KILLER = """
import os, signal, sys
from watcher.config import load
from watcher.notify.deliver import deliver, make_transport
from watcher.store import Store
from tests.helpers import local

class SendThenDie:
    def __init__(self, inner):
        self.inner = inner
    def send(self, message, sender, recipients, message_id):
        self.inner.send(message, sender, recipients, message_id)
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9 between sending and recording

settings = load(sys.argv[1])
store = Store.open(settings.state_dir)
deliver(settings, store, SendThenDie(make_transport(settings)), local("2024-05-30 08:00"))
"""


def test_kill_9_between_send_and_record(tmp_path: Path, smtp_server: Server) -> None:
    import subprocess
    import sys

    from tests.helpers import ROOT

    settings = settings_for(tmp_path, smtp_config(smtp_server.port))
    store = Store.open(settings.state_dir)
    now = local("2024-05-30 08:00")
    for school in ("A", "B"):
        queue_one(
            store,
            f"reminder:q7:2024-interim:{school}:before-1d",
            f"{school.lower()}@example.edu.vn",
            now,
            settings,
        )
    store.close()
    process = subprocess.run(
        [sys.executable, "-c", KILLER, str(settings.path)],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert process.returncode == -9
    assert len(smtp_server.recorder.messages) == 1  # the first went out, then the process died

    store = Store.open(settings.state_dir)
    try:
        report = deliver(
            settings, store, make_transport(settings), now + LEASE + dt.timedelta(seconds=1)
        )
    finally:
        store.close()
    assert report.sent == 2
    ids = [m["Message-ID"] for m in smtp_server.recorder.parsed()]
    assert len(ids) == 3 and len(set(ids)) == 2  # each once or twice, never a new Message-ID
    assert ids[0] == ids[1] or ids[0] == ids[2]
