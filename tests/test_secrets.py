"""Issue 15, acceptance 3: `watcher run` with a real SMTP password configured and a job that
crashes inside the SMTP login (where the password is a local variable of several frames):
no output, on a terminal or off one, and no file the run leaves, holds the password.

The SMTP server is a small real one on loopback that offers AUTH CRAM-MD5 and answers with a
challenge that is not base64: smtplib then raises binascii.Error, which no transport expects,
so the deliver job really crashes (the way a broken relay or proxy makes it crash)."""

from __future__ import annotations

import os
import pty
import select
import signal
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import CONFIG, ROOT, write_setup

PASSWORD = "Hunter2-S3cr3t-SMTP-pass"  # ASCII: smtplib's own login (and CRAM-MD5) handles it


class _BrokenAuth(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        self.wfile.write(b"220 relay.example.test ESMTP\r\n")
        for raw in self.rfile:
            command = raw.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.wfile.write(b"250-relay.example.test\r\n250 AUTH CRAM-MD5\r\n")
            elif command.startswith("AUTH"):
                self.wfile.write(b"334 abc\r\n")  # not base64: 'Incorrect padding'
            elif command.startswith("QUIT"):
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


@contextmanager
def smtp_server() -> Iterator[int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _BrokenAuth)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def setup(tmp_path: Path, port: int) -> Path:
    (tmp_path / "smtp-password").write_text(PASSWORD + "\n", encoding="utf-8")
    email = (
        '[email]\ntransport = "smtp"\nsmtp_host = "127.0.0.1"\n'
        f'smtp_port = {port}\nsmtp_security = "none"\nsmtp_username = "pgd"\n'
        'smtp_password_file = "smtp-password"\nsmtp_timeout = 5\n'
    )
    daemon = '[daemon]\npoll_every = "1h"\ndeliver_every = "2s"\nhealth_port = 0\n\n'
    text = CONFIG.replace('[email]\ntransport = "outbox"\n', daemon + email, 1)
    return write_setup(tmp_path, text)


def _run(config: Path, *, terminal: bool) -> str:
    """`watcher run` until a job has crashed; everything it wrote."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": "160"}
    command = [sys.executable, "-m", "watcher", "run", "--config", str(config)]
    if terminal:
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            command, cwd=config.parent, env=env, stdout=follower, stderr=follower
        )
        os.close(follower)
        return _collect(process, leader)
    reader, writer = os.pipe()
    process = subprocess.Popen(command, cwd=config.parent, env=env, stdout=writer, stderr=writer)
    os.close(writer)
    return _collect(process, reader)


def _collect(process: subprocess.Popen[bytes], fd: int) -> str:
    output = b""
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline and b"job.crashed" not in output:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        while True:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                break
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(fd)
    return output.decode("utf-8", "replace")


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "json-lines"])
def test_a_crashing_job_never_shows_the_smtp_password(tmp_path: Path, terminal: bool) -> None:
    with smtp_server() as port:
        config = setup(tmp_path, port)
        output = _run(config, terminal=terminal)
    assert "job.crashed" in output, output[-3000:]
    assert "Traceback" in output and "binascii.Error" in output  # the crash is told in full
    assert PASSWORD not in output
    assert PASSWORD[4:16] not in output  # not even a piece of it
    for path in (tmp_path / "var").rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_the_password_given_by_environment_is_never_logged(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    with smtp_server() as port:
        config = setup(tmp_path, port)
        text = config.read_text(encoding="utf-8").replace(
            'smtp_password_file = "smtp-password"\n', ""
        )
        config.write_text(text, encoding="utf-8")
        result = run_cli(
            "-v", "poll", "--config", str(config), env={"WATCHER_SMTP_PASSWORD": PASSWORD}
        )
    said = result.stdout + result.stderr
    assert "command.crashed" in said and "binascii.Error" in said, said[-2000:]
    assert PASSWORD not in said
    assert result.returncode == 70
    assert "Lệnh gặp lỗi ngoài dự kiến" in result.stderr
