"""What one e-mail holds for watcher: its sender, subject, a little body text, and its files.

Pure: bytes in, a `Letter` out. Every attachment is a file (inline ones too: Apple Mail sends
PDFs inline), except images embedded in an HTML body (a signature's logo). A forwarded message
(message/rfc822, or an attached .eml) is opened; when staff forwarded it, its files count for
its original sender. winmail.dat (Outlook's TNEF) is unpacked. A Google Drive link stands for
a file when the message has no attachment. A message without any usable file gets one
`problem` part, so it is listed instead of being ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import re
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import Header, decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr

from watcher.text import nfc

SIGNATURE_IMAGE_BYTES = 100_000  # an embedded image smaller than this is decoration
BODY_CHARS = 1500
MAX_DEPTH = 5  # forwarded inside forwarded inside ...
_DRIVE_LINK = re.compile(
    r"https://(?:drive|docs)\.google\.com/(?:file/d/|document/d/|spreadsheets/d/|"
    r"presentation/d/|open\?id=|uc\?(?:export=download&)?id=)([A-Za-z0-9_-]{20,})"
)
_QUOTE_START = re.compile(
    r"^(?:On .{5,200} wrote:|Vào .{5,200}(?:đã viết|viết):|-{2,} ?Original Message ?-{2,}|"
    r"-{2,} ?Forwarded message ?-{2,}|-{2,} ?Thư đã chuyển tiếp ?-{2,}|From: .+|Từ: .+|-- )\s*$",
    re.IGNORECASE,
)
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Part:
    """One file a message carries, a Drive link standing for one, or a problem with it."""

    name: str
    mime_type: str
    sender: str  # whose file it is: the message's sender, or the original sender if forwarded
    data: bytes | None = None
    link: str | None = None  # a Google Drive file id
    problem: str | None = None  # mail.no_attachment | mail.winmail

    @property
    def content_hash(self) -> str:
        if self.data is not None:
            return hashlib.sha256(self.data).hexdigest()
        if self.link:
            return f"drive-link:{self.link}"
        return f"mail-problem:{self.problem}:{hashlib.sha256(self.name.encode()).hexdigest()}"


@dataclass(frozen=True)
class Letter:
    key: str  # stable identity: the same message keeps it in any mailbox, under any UID
    message_id: str
    sender: str  # the address, lower-case
    subject: str
    text: str  # leading body text (quotes and signatures cut), for matching
    references: tuple[str, ...] = ()
    parts: tuple[Part, ...] = field(default_factory=tuple)


def parse(raw: bytes, staff: frozenset[str] = frozenset()) -> Letter:
    # the compat32 policy: five times faster than `policy.default`; words decoded here
    message = message_from_bytes(raw)
    _repair_headers(message)
    sender = address_of(message.get("From", ""))
    subject = header_text(message.get("Subject", ""))
    message_id = str(message.get("Message-ID", "") or "").strip()
    walk = _Walk(staff)
    walk.message(message, sender, 0)
    parts = walk.parts
    if not parts:
        parts = [
            Part(f"Google Drive {link}", "application/octet-stream", sender, link=link)
            for link in walk.links
        ]
    if not parts:
        parts = [
            Part(
                subject or "(không có tiêu đề)",
                "message/rfc822",
                sender,
                problem="mail.no_attachment",
            )
        ]
    references = tuple(str(message.get("References", "") or "").split())
    return Letter(
        key=letter_key(message, raw),
        message_id=message_id,
        sender=sender,
        subject=subject,
        text=" ".join(walk.texts)[:BODY_CHARS],
        references=references,
        parts=tuple(parts),
    )


def letter_key(message: Message, raw: bytes) -> str:
    """Message-ID with sender and date (a re-import keeps them); the bytes when there is none."""
    message_id = _plain(message.get("Message-ID"))
    if message_id:
        basis = f"{message_id}|{_plain(message.get('From'))}|{_plain(message.get('Date'))}".encode()
    else:
        basis = raw
    return hashlib.sha256(basis).hexdigest()[:20]


def _plain(value: object) -> str:
    """A header's raw value with its folding undone (the same from any copy of the message)."""
    return " ".join(str(value or "").split())


def address_of(value: object) -> str:
    pairs = getaddresses([str(value or "")])
    address = pairs[0][1] if pairs else parseaddr(str(value or ""))[1]
    return address.strip().casefold()


def header_text(value: object) -> str:
    """A header as people read it: encoded words decoded (also where mailers misplace them),
    raw UTF-8 (RFC 6532, or a careless mailer) read as UTF-8."""
    if isinstance(value, Header):
        value = "".join(
            chunk.decode(charset if charset and charset != "unknown-8bit" else "utf-8", "replace")
            if isinstance(chunk, bytes)
            else chunk
            for chunk, charset in decode_header(value)
        )
    text = str(value or "")
    text = _utf8(text)
    if "=?" in text:
        with contextlib.suppress(ValueError, LookupError, UnicodeError):
            text = str(make_header(decode_header(text)))
    return nfc(" ".join(text.split()))


class _Walk:
    def __init__(self, staff: frozenset[str]) -> None:
        self.staff = staff
        self.parts: list[Part] = []
        self.links: list[str] = []
        self.texts: list[str] = []
        self._cids: set[str] = set()

    def message(self, message: Message, owner: str, depth: int) -> None:
        self._cids |= _referenced_cids(message)
        self.entity(message, owner, depth)

    def entity(self, part: Message, owner: str, depth: int) -> None:
        _repair_headers(part)
        kind = part.get_content_type()
        name = _filename(part)
        if kind == "message/rfc822" or (name and name.lower().endswith(".eml")):
            self.forwarded(part, owner, depth)
        elif part.is_multipart():
            children = list(part.get_payload())  # type: ignore[arg-type]
            plain = kind == "multipart/alternative" and any(
                child.get_content_type() == "text/plain" for child in children
            )
            for child in children:
                if plain and child.get_content_type() == "text/html":
                    self.body(child, "text/html", links_only=True)
                else:
                    self.entity(child, owner, depth)
        elif name and _is_winmail(name, kind):
            self.winmail(part, name, owner)
        elif name or part.get_content_disposition() == "attachment":
            self.attachment(part, name or "attachment", kind, owner)
        elif kind in ("text/plain", "text/html"):
            self.body(part, kind)
        elif kind.startswith(("image/", "application/")):
            self.attachment(part, "", kind, owner)

    def forwarded(self, part: Message, owner: str, depth: int) -> None:
        if depth >= MAX_DEPTH:
            return
        if part.get_content_type() == "message/rfc822" and part.is_multipart():
            inner = part.get_payload(0)
        else:
            payload = part.get_payload(decode=True)
            raw = payload if isinstance(payload, bytes) else b""
            inner = message_from_bytes(raw)
        if not isinstance(inner, Message):
            return
        original = address_of(inner.get("From", ""))
        subject = header_text(inner.get("Subject", ""))
        if subject:
            self.texts.append(subject)
        self.message(inner, original if original and owner in self.staff else owner, depth + 1)

    def attachment(self, part: Message, name: str, kind: str, owner: str) -> None:
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or not data:
            data = b"" if name else None
        if data is None:
            return
        if kind.startswith("image/") and self._embedded(part, data):
            return  # a logo or signature picture shown in the HTML body
        self.parts.append(Part(nfc(name) or _unnamed(kind), kind, owner, data=data))

    def _embedded(self, part: Message, data: bytes) -> bool:
        if part.get_content_disposition() == "attachment":
            return False
        cid = str(part.get("Content-ID", "") or "").strip().strip("<>")
        referenced = bool(cid) and cid in self._cids
        return (referenced or not _filename(part)) and len(data) < SIGNATURE_IMAGE_BYTES

    def winmail(self, part: Message, name: str, owner: str) -> None:
        data = part.get_payload(decode=True)
        files = _unpack_tnef(data if isinstance(data, bytes) else b"")
        if files is None:
            self.parts.append(Part(name, "application/ms-tnef", owner, problem="mail.winmail"))
            return
        for inner_name, content in files:
            self.parts.append(
                Part(nfc(inner_name), "application/octet-stream", owner, data=content)
            )

    def body(self, part: Message, kind: str, links_only: bool = False) -> None:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return
        charset = part.get_content_charset() or "utf-8"
        try:
            content = payload.decode(charset, "replace")
        except LookupError:  # a charset Python does not know
            content = payload.decode("utf-8", "replace")
        self.links.extend(link for link in _DRIVE_LINK.findall(content) if link not in self.links)
        if links_only:
            return
        if kind == "text/html":
            content = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", content)
            content = html.unescape(_TAGS.sub(" ", content))
        text = _leading_text(content)
        if text and text not in self.texts:
            self.texts.append(text)


def _repair_headers(part: Message) -> None:
    """Raw UTF-8 in a header (a file name, RFC 6532) read as UTF-8, not as U+FFFD.

    compat32 keeps undecodable bytes as surrogates and turns them into U+FFFD on every read;
    mending the stored values once lets get_filename() and friends see the real letters."""
    headers = getattr(part, "_headers", None)
    if isinstance(headers, list) and any(_has_raw_bytes(str(v)) for _, v in headers):
        part._headers = [  # type: ignore[attr-defined]
            (name, _utf8(value) if isinstance(value, str) else value) for name, value in headers
        ]


def _has_raw_bytes(text: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in text)


def _utf8(text: str) -> str:
    if not _has_raw_bytes(text):
        return text
    return text.encode("ascii", "surrogateescape").decode("utf-8", "replace")


def _filename(part: Message) -> str:
    try:
        name = part.get_filename()
    except (ValueError, LookupError, UnicodeError):
        name = None
    return header_text(name) if name else ""


def _is_winmail(name: str, kind: str) -> bool:
    return kind == "application/ms-tnef" or name.lower() == "winmail.dat"


def _unpack_tnef(data: bytes) -> list[tuple[str, bytes]] | None:
    """The files inside a winmail.dat; None when it cannot be read or holds none."""
    try:
        from tnefparse import TNEF

        tnef = TNEF(data, do_checksum=False)
        files = [
            (str(item.long_filename() or item.name or "attachment"), bytes(item.data))
            for item in tnef.attachments
            if item.data
        ]
    except Exception:  # tnefparse raises bare errors of many kinds on bad input
        return None
    return files or None


def _referenced_cids(message: Message) -> set[str]:
    found: set[str] = set()
    for part in message.walk():
        if part.get_content_type() == "text/html" and not part.get_filename():
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                found |= set(re.findall(r"cid:([^\"'\s>)]+)", payload.decode("utf-8", "replace")))
    return found


def _leading_text(content: str) -> str:
    """The writer's own words: stop at the quoted reply, the forwarded header or the signature."""
    lines: list[str] = []
    for line in content.splitlines():
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if _QUOTE_START.match(stripped) or stripped == "--":
            break
        if stripped:
            lines.append(stripped)
    return nfc(" ".join(lines))[:BODY_CHARS]


def _unnamed(kind: str) -> str:
    extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(kind, "")
    return f"tệp đính kèm{extension}"
