"""Build e-mails from templates: multipart text + HTML, UTF-8, safe headers, stable Message-ID.

Everything a school or a file name can contain is untrusted: headers never carry control or
direction-override characters (no header injection, no spoofed subjects), long names are
shortened, HTML is autoescaped, and only http(s) links become links (watcher/safe.py).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from watcher.safe import display, shorten, url
from watcher.safe import header as clean_header

safe_url = url
__all__ = ["build", "clean_header", "display", "message_id", "render", "safe_url", "shorten"]

_env = Environment(
    loader=PackageLoader("watcher", "templates"),
    autoescape=select_autoescape(["html", "j2.html", "html.j2"], default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)


def render(template: str, **context: Any) -> str:
    return _env.get_template(template).render(**context)


def message_id(key: str, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "watcher.local"
    domain = re.sub(r"[^A-Za-z0-9.-]", "", domain) or "watcher.local"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def encode_subject(subject: str) -> str:
    """RFC 2047 words of at most 75 characters, the spaces inside the words.

    The `email` package's own folding can drop the space between two encoded words when ASCII
    words stand between them ("Báo cáo PCCC năm …" arrived as "Báocáo"); Header keeps every
    space inside an encoded word. The value holds no CR/LF of its own (clean_header)."""
    if subject.isascii() and "=?" not in subject:  # "=?...?=" text would read as a word
        return (
            subject
            if len(subject) <= 70
            else Header(subject, "us-ascii", 76, header_name="Subject").encode(linesep="\n")
        )
    return Header(subject, "utf-8", maxlinelen=76, header_name="Subject").encode(linesep="\n")


def build(
    *,
    key: str,
    sender: str,
    recipients: tuple[str, ...],
    subject: str,
    text: str,
    html: str | None,
    now: datetime,
    reply_to: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
) -> tuple[bytes, str]:
    """The complete message as bytes, and its Message-ID (derived from the idempotency key).

    Non-ASCII subjects and names are RFC 2047 encoded by the `email` package (UTF-8 words),
    bodies are UTF-8; the bytes are stored, so a re-send is byte-identical.
    """
    message = EmailMessage()
    message.set_raw("Subject", encode_subject(clean_header(subject)))
    message["From"] = _address(sender)
    message["To"] = [_address(r) for r in recipients]
    if reply_to:
        message["Reply-To"] = _address(reply_to)
    message["Date"] = format_datetime(now)
    identifier = message_id(key, sender)
    message["Message-ID"] = identifier
    if in_reply_to:  # an answer to a school's own e-mail: it shows in that thread
        message["In-Reply-To"] = clean_header(in_reply_to, 300)
        message["References"] = clean_header(references or in_reply_to, 2000)
    message["X-Watcher-Key"] = clean_header(key, 300)
    message["Auto-Submitted"] = "auto-generated"
    # 7-bit clean transfer encodings: any relay accepts them, Vietnamese arrives intact.
    message.set_content(text, charset="utf-8", cte="base64")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    # SMTP wants CRLF line ends and smtplib sends bytes as they are: write them so.
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n")), identifier


def _address(value: str) -> Address:
    name, address = parseaddr(clean_header(value, 300))
    username, _, domain = address.partition("@")
    return Address(display_name=clean_header(name, 100), username=username, domain=domain)
