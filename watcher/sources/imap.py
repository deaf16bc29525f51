"""The department's mailbox over IMAP, read-only.

The folder is opened with EXAMINE and messages are read with BODY.PEEK, so nothing in the
mailbox changes: no flag (\\Seen stays as staff left it), no move, no delete. The cursor keeps
UIDVALIDITY, the UID of every message seen and that message's file records, so:

- an idle poll is one round (EXAMINE; UID SEARCH only when the counts moved) and downloads
  nothing;
- new UIDs are first asked for their identifying headers; a message already known under
  another UID (after a UIDVALIDITY change, or copied twice) is not downloaded again and its
  files keep their ids: nothing is counted twice;
- the arrival time is INTERNALDATE, the server's, not the sender's Date header.
"""

from __future__ import annotations

import contextlib
import imaplib
import json
import os
import re
import ssl
from datetime import UTC, datetime
from email import message_from_bytes
from pathlib import Path
from typing import Any

import structlog

from watcher.config.settings import MailAccount
from watcher.i18n import t
from watcher.model import FileRecord
from watcher.sources.base import Delta, SourceError
from watcher.sources.mail import (
    LinkFetcher,
    part_content,
    record_from_json,
    record_json,
    records_of,
)
from watcher.sources.mail_parse import letter_key, parse

log = structlog.get_logger("watcher.imap")

PASSWORD_ENV = "WATCHER_IMAP_PASSWORD"
TIMEOUT_SECONDS = 60
BATCH = 50  # UIDs per FETCH command
CACHE_BYTES = 256 * 2**20  # downloaded messages kept for the fetches of the same poll
_FETCH_UID = re.compile(rb"UID (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


class ImapSource:
    def __init__(
        self,
        account: MailAccount,
        staff: frozenset[str] = frozenset(),
        links: LinkFetcher | None = None,
        *,
        environ: dict[str, str] | None = None,
        language: str = "vi",
    ) -> None:
        self.language = language
        self.account = account
        self.staff = staff
        self.links = links
        self.environ = environ if environ is not None else dict(os.environ)
        self.commands = 0  # IMAP commands sent by the last changes() (for tests and metrics)
        self._raw: dict[str, bytes] = {}  # message key -> bytes downloaded this poll
        self._uids: dict[str, int] = {}  # message key -> UID, from the last listing
        self._uidvalidity = 0

    # --- the port --------------------------------------------------------------------------
    def changes(self, cursor: str | None) -> Delta:
        """New messages' files only (full=False): a message staff archive, move or delete
        after it arrived was still sent, so its files stay counted."""
        previous = _decode(cursor)
        self._raw.clear()
        self.commands = 0
        with self._session() as session:
            uidvalidity, exists, uidnext = self._examine(session)
            same_box = previous.get("uidvalidity") == uidvalidity
            if previous and not same_box:
                log.warning(
                    "imap.uidvalidity_changed", before=previous.get("uidvalidity"), now=uidvalidity
                )
            known: dict[str, str] = previous.get("uids", {}) if same_box else {}
            if same_box and (previous.get("exists"), previous.get("uidnext")) == (exists, uidnext):
                uids = [int(uid) for uid in known]  # nothing arrived or left: no SEARCH
            else:
                uids = self._search(session)
            current = {str(uid): known[str(uid)] for uid in uids if str(uid) in known}
            seen: set[str] = set(previous.get("seen", []))
            fresh = [uid for uid in uids if str(uid) not in known]
            new = self._read_new(session, fresh, seen, current) if fresh else []
        self._uidvalidity = uidvalidity
        self._uids = {key: int(uid) for uid, key in current.items()}
        links = [record_from_json(item) for item in previous.get("links", [])]
        links += [record for record in new if record.extra.get("drive_link")]
        state = {
            "uidvalidity": uidvalidity,
            "exists": exists,
            "uidnext": uidnext,
            "uids": current,
            "seen": sorted(seen),
            "links": [record_json(record) for record in links],
        }
        files = {record.id: record for record in [*links, *new]}  # links: re-read every poll
        return Delta(
            full=False, files=list(files.values()), cursor=json.dumps(state), requests=self.commands
        )

    def fetch(self, record: FileRecord, dest: Path, max_bytes: int) -> None:
        key = record.extra.get("mail_key", "")
        part_content(
            lambda: self._message(key, record.name), record, dest, max_bytes, self.staff, self.links
        )

    def describe(self) -> str:
        with self._session() as session:
            _, exists, _ = self._examine(session)
        account = self.account
        return t(
            self.language,
            "source.imap_describe",
            user=account.username,
            host=account.host,
            port=account.port,
            folder=account.folder,
            count=exists,
        )

    # --- reading ---------------------------------------------------------------------------
    def _read_new(
        self, session: imaplib.IMAP4, fresh: list[int], seen: set[str], current: dict[str, str]
    ) -> list[FileRecord]:
        """Identify new UIDs by their headers; download only messages not seen before."""
        unknown: list[int] = []
        headers_item = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID FROM DATE)]"
        for uid, headers, _ in self._fetch(session, fresh, headers_item):
            message = message_from_bytes(headers)
            key = letter_key(message, headers)
            if message.get("Message-ID") and key in seen:
                current[str(uid)] = key  # known under another UID: not downloaded again
            else:
                unknown.append(uid)
        records: list[FileRecord] = []
        cached = 0
        for uid, raw, arrived in self._fetch(session, unknown, "BODY.PEEK[]"):
            letter = parse(raw, self.staff)
            current[str(uid)] = letter.key
            if letter.key in seen:
                continue
            seen.add(letter.key)
            records.extend(records_of(letter, arrived))
            if cached + len(raw) <= CACHE_BYTES:
                self._raw[letter.key] = raw
                cached += len(raw)
        return records

    def _fetch(
        self, session: imaplib.IMAP4, uids: list[int], item: str
    ) -> list[tuple[int, bytes, datetime]]:
        found: list[tuple[int, bytes, datetime]] = []
        for start in range(0, len(uids), BATCH):
            batch = ",".join(str(uid) for uid in uids[start : start + BATCH])
            data = self._ok(session.uid("FETCH", batch, f"(UID INTERNALDATE {item})"), "FETCH")
            for entry in data:
                if isinstance(entry, tuple) and len(entry) >= 2:
                    found.append(_fetched(entry[0], entry[1]))
        return found

    def _message(self, key: str, name: str) -> bytes:
        if key in self._raw:
            return self._raw[key]
        uid = self._uids.get(key)
        if uid is None:
            raise self.failure("imap.message_gone", name=name)
        with self._session() as session:
            uidvalidity, _, _ = self._examine(session)
            if uidvalidity != self._uidvalidity:
                raise self.failure("imap.renumbered")
            fetched = self._fetch(session, [uid], "BODY.PEEK[]")
        if not fetched:
            raise self.failure("imap.message_gone", name=name)
        return fetched[0][1]

    # --- the connection --------------------------------------------------------------------
    def _session(self) -> _Session:
        return _Session(self)

    def failure(
        self,
        key: str,
        error: BaseException | None = None,
        *,
        permanent: bool = False,
        **values: object,
    ) -> SourceError:
        """A sentence for the admin in the configured language; the raw error goes to the log."""
        account = self.account
        words = {"host": account.host, "port": account.port, "user": account.username, **values}
        if error is not None:
            log.warning("imap.error", what=key, error=str(error), host=account.host)
        return SourceError(t(self.language, key, **words), permanent=permanent)

    def connect(self) -> imaplib.IMAP4:
        account = self.account
        session: imaplib.IMAP4 | None = None
        try:
            context = ssl.create_default_context(
                cafile=str(account.ca_file) if account.ca_file else None
            )
            if account.security == "ssl":
                session = imaplib.IMAP4_SSL(
                    account.host, account.port, ssl_context=context, timeout=TIMEOUT_SECONDS
                )
            else:
                session = imaplib.IMAP4(account.host, account.port, timeout=TIMEOUT_SECONDS)
                if account.security == "starttls":
                    session.starttls(context)
            self.commands += 1
            self._login(session)
            self.commands += 1
            return session
        except BaseException as error:
            if session is not None:
                with contextlib.suppress(OSError, imaplib.IMAP4.error):
                    session.shutdown()
            if isinstance(error, ssl.SSLError):
                raise self.failure("imap.tls", error) from error
            if isinstance(error, OSError):
                raise self.failure("imap.unreachable", error) from error
            if isinstance(error, imaplib.IMAP4.error):
                raise self.failure("imap.refused", error) from error
            raise

    def _login(self, session: imaplib.IMAP4) -> None:
        account = self.account
        try:
            if account.token_file is not None:
                token = account.token_file.read_text(encoding="utf-8").strip()
                payload = xoauth2(account.username, token)
                session.authenticate("XOAUTH2", lambda _: payload)
            else:
                session.login(account.username, self._password())
        except imaplib.IMAP4.error as error:
            raise self.failure("imap.login_refused", error, permanent=True) from error
        except OSError as error:  # the token file
            raise self.failure("imap.secret_unreadable", error, permanent=True) from error

    def _password(self) -> str:
        if self.account.password_file is not None:
            try:
                return self.account.password_file.read_text(encoding="utf-8").strip()
            except OSError as error:
                raise self.failure("imap.secret_unreadable", error, permanent=True) from error
        if self.environ.get(PASSWORD_ENV):
            return self.environ[PASSWORD_ENV]
        raise self.failure("imap.no_password", permanent=True, env=PASSWORD_ENV)

    def _examine(self, session: imaplib.IMAP4) -> tuple[int, int, int]:
        folder = self.account.folder
        typ, data = session.select(_quoted(folder), readonly=True)  # EXAMINE: read-only
        self.commands += 1
        if typ != "OK":
            log.warning("imap.examine_refused", folder=folder, answer=_text(data))
            raise self.failure("imap.no_folder", permanent=True, folder=folder)
        exists = int(data[0] or 0) if data and data[0] is not None else 0
        uidvalidity = _number(session.response("UIDVALIDITY"))
        uidnext = _number(session.response("UIDNEXT"))
        return uidvalidity, exists, uidnext

    def _search(self, session: imaplib.IMAP4) -> list[int]:
        since = self.account.since
        criteria = f"SINCE {since.day}-{_MONTHS[since.month - 1]}-{since.year}" if since else "ALL"
        data = self._ok(session.uid("SEARCH", criteria), "SEARCH")
        return [int(uid) for uid in (data[0] or b"").split()] if data else []

    def _ok(self, answer: tuple[str, list[Any]], what: str) -> list[Any]:
        self.commands += 1
        typ, data = answer
        if typ != "OK":
            log.warning("imap.command_refused", command=what, answer=_text(data))
            raise self.failure("imap.command_refused", command=what)
        return data


class _Session:
    """One logged-in connection; closed (LOGOUT) however the block ends. Errors mid-way are
    SourceErrors: the poll fails and the previous view stays."""

    def __init__(self, source: ImapSource) -> None:
        self.source = source
        self.session: imaplib.IMAP4 | None = None

    def __enter__(self) -> imaplib.IMAP4:
        self.session = self.source.connect()
        return self.session

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: Any
    ) -> None:
        if self.session is not None:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                self.session.logout()
        if isinstance(error, imaplib.IMAP4.abort | OSError):
            raise self.source.failure("imap.broke_off", error) from error
        if isinstance(error, imaplib.IMAP4.error):
            raise self.source.failure("imap.broke_off", error) from error


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def xoauth2(username: str, token: str) -> bytes:
    """The SASL XOAUTH2 initial response (Gmail, Outlook.com); imaplib base64-encodes it."""
    return f"user={username}\x01auth=Bearer {token}\x01\x01".encode()


def _decode(cursor: str | None) -> dict[str, Any]:
    if not cursor:
        return {}
    try:
        state = json.loads(cursor)
    except ValueError:
        return {}
    return state if isinstance(state, dict) and "uidvalidity" in state else {}


def _fetched(head: bytes, body: bytes) -> tuple[int, bytes, datetime]:
    uid = _FETCH_UID.search(head)
    moment = _INTERNALDATE.search(head)
    if uid is None or moment is None:
        raise SourceError(
            f"the mail server answered FETCH without UID or INTERNALDATE: {head[:80]!r}"
        )
    return int(uid.group(1)), body, internaldate(moment.group(1).decode())


def internaldate(value: str) -> datetime:
    """'08-Sep-2022 10:30:00 +0700' (the day may be space-padded) as an aware UTC time."""
    try:
        day, month, rest = value.strip().split("-", 2)
        moment = datetime.strptime(
            f"{int(day):02d}-{_MONTHS.index(month.title()) + 1:02d}-{rest}", "%d-%m-%Y %H:%M:%S %z"
        )
    except ValueError as error:
        raise SourceError(f"unreadable INTERNALDATE {value!r}") from error
    return moment.astimezone(UTC)


def _quoted(folder: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9._/-]+", folder):
        return folder
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(response: tuple[str, list[Any]]) -> int:
    _, data = response
    value = data[-1] if data else None
    if isinstance(value, bytes):
        value = value.decode()
    return int(value) if value and str(value).isdigit() else 0


def _text(data: Any) -> str:
    if isinstance(data, list) and data and isinstance(data[0], bytes):
        return data[0].decode("utf-8", "replace")
    return str(data)
