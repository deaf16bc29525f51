"""A real Dovecot IMAP server for the tests: its own config, base_dir and Maildir under tmp.

Started in the foreground (`dovecot -F`, not a daemon) on free loopback ports, with a
certificate the test makes; stopped (and waited for) when the test ends. Mail is delivered
with APPEND over a separate connection, with the arrival time (INTERNALDATE) and flags a real
mailbox would have. When the dovecot binary is absent the tests that need it are skipped
(.ci/run installs it, so CI always has it).
"""

from __future__ import annotations

import base64
import datetime as dt
import getpass
import grp
import hashlib
import hmac
import imaplib
import json
import os
import pwd
import shutil
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.net import certificate, free_port

USER, PASSWORD = "pgd@example.edu.vn", "app-password-16c"
OAUTH2_SECRET = b"watcher-test-oauth2-signing-key!"
DOVECOT = shutil.which("dovecot") or (
    "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
)


@dataclass
class Dovecot:
    root: Path
    imap_port: int
    imaps_port: int
    cert: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def maildir(self) -> Path:
        return self.root / "home" / "Maildir"

    def config_text(self) -> str:
        me = getpass.getuser()
        uid, gid = mail_ids()
        internal = me if os.getuid() != 0 else "dovecot"
        login = me if os.getuid() != 0 else "dovenull"
        return f"""
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{self.cert}
ssl_key = <{self.root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
default_internal_user = {internal}
default_internal_group = {grp.getgrgid(pwd.getpwnam(internal).pw_gid).gr_name}
default_login_user = {login}
first_valid_uid = {uid}
last_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{self.maildir}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/passwd
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2
  args = {self.root}/oauth2.conf.ext
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={self.root}/home
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""

    def start(self) -> None:
        for sub in ("run", "state", "home"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        os.chown(self.root / "home", *mail_ids())
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        self._oauth2_keys()
        (self.root / "dovecot.conf").write_text(self.config_text())
        assert DOVECOT
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=(self.root / "stderr.log").open("wb"),
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"dovecot exited: {self.logs()}")
            try:
                with imaplib.IMAP4("127.0.0.1", self.imap_port, timeout=2) as probe:
                    probe.login(USER, PASSWORD)
                    probe.logout()
                return
            except (OSError, imaplib.IMAP4.error):
                time.sleep(0.1)
        raise AssertionError(f"dovecot did not answer: {self.logs()}")

    def _oauth2_keys(self) -> None:
        """XOAUTH2 with tokens Dovecot checks itself: HS256 JWTs signed with OAUTH2_SECRET."""
        for relative in ("keys/default/HS256/default", "keys/shared/default/HS256/default"):
            path = self.root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(base64.b64encode(OAUTH2_SECRET).decode())
        (self.root / "oauth2.conf.ext").write_text(
            "introspection_mode = local\n"
            f"local_validation_key_dict = fs:posix:prefix={self.root}/keys/\n"
            "username_attribute = sub\n"
        )

    def token(self, user: str = USER, secret: bytes = OAUTH2_SECRET) -> str:
        """An access token as an OAuth2 provider issues it (a signed JWT, valid for an hour)."""

        def part(data: bytes) -> bytes:
            return base64.urlsafe_b64encode(data).rstrip(b"=")

        now = int(time.time())
        head = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = part(json.dumps({"sub": user, "iat": now, "nbf": now, "exp": now + 3600}).encode())
        signature = part(hmac.new(secret, head + b"." + body, hashlib.sha256).digest())
        return (head + b"." + body + b"." + signature).decode()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> None:
        self.stop()
        shutil.rmtree(self.root / "run", ignore_errors=True)
        self.start()

    def logs(self) -> str:
        parts = []
        for name in ("stderr.log", "dovecot.log"):
            path = self.root / name
            if path.exists():
                parts.append(path.read_text(errors="replace")[-3000:])
        return "\n".join(parts)

    def client(self) -> imaplib.IMAP4:
        session = imaplib.IMAP4("127.0.0.1", self.imap_port, timeout=10)
        session.login(USER, PASSWORD)
        return session

    def append(
        self, raw: bytes, arrived: dt.datetime, flags: str = "", folder: str = "INBOX"
    ) -> None:
        with self.client() as session:
            typ, data = session.append(
                folder, flags or None, imaplib.Time2Internaldate(arrived), raw
            )
            assert typ == "OK", data
            session.logout()

    def flags(self, folder: str = "INBOX") -> dict[str, str]:
        """Message-ID -> flags, read with EXAMINE so reading them changes nothing."""
        found: dict[str, str] = {}
        with self.client() as session:
            session.select(folder, readonly=True)
            typ, data = session.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
            assert typ == "OK"
            for entry in data:
                if isinstance(entry, tuple):
                    head, body = entry
                    flags = head.split(b"FLAGS (", 1)[1].split(b")", 1)[0].decode()
                    found[body.decode().split(":", 1)[1].strip()] = flags
            session.logout()
        return found

    def uidvalidity(self, folder: str = "INBOX") -> int:
        with self.client() as session:
            session.select(folder, readonly=True)
            _, data = session.response("UIDVALIDITY")
            session.logout()
        return int(data[-1])

    def reset_uidvalidity(self) -> None:
        """What a server restore or a re-created mailbox does: every UID and UIDVALIDITY new."""
        self.stop()
        for path in self.maildir.rglob("dovecot*"):
            if path.is_file():
                path.unlink()
        self.start()

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


def mail_ids() -> tuple[int, int]:
    """Dovecot refuses to run mail as root: as root, the mailbox belongs to `nobody`."""
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    nobody = pwd.getpwnam("nobody")
    return nobody.pw_uid, nobody.pw_gid


@pytest.fixture(name="dovecot")
def dovecot_fixture(tmp_path: Path) -> Iterator[Dovecot]:
    if DOVECOT is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have dovecot: .ci/run installs dovecot-imapd")
        pytest.skip("dovecot is not installed here (apt-get install dovecot-imapd; .ci/run does)")
    # pytest's tmp folders are private to their owner; the mail user must reach its home
    root = Path(tempfile.mkdtemp(prefix="watcher-dovecot-")) if os.getuid() == 0 else tmp_path
    root.chmod(0o755)
    cert, _ = certificate(root)
    server = Dovecot(root, free_port(), free_port(), cert)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        if root != tmp_path:
            shutil.rmtree(root, ignore_errors=True)
