"""Build e-mails from templates: multipart text + HTML, UTF-8, safe headers, stable Message-ID."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

_env = Environment(
    loader=PackageLoader("watcher", "templates"),
    autoescape=select_autoescape(["html", "j2.html", "html.j2"], default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template: str, **context: Any) -> str:
    return _env.get_template(template).render(**context)


def clean_header(value: str, limit: int = 180) -> str:
    """No control or direction-override characters in a header; long text shortened."""
    text = " ".join(_CONTROL.sub(" ", value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def message_id(key: str, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "watcher.local"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{clean_header(domain, 100)}>"


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
) -> tuple[bytes, str]:
    """The complete message as bytes, and its Message-ID (derived from the idempotency key)."""
    message = EmailMessage()
    message["Subject"] = clean_header(subject)
    message["From"] = _address(sender)
    message["To"] = ", ".join(str(_address(r)) for r in recipients)
    if reply_to:
        message["Reply-To"] = _address(reply_to)
    message["Date"] = format_datetime(now)
    identifier = message_id(key, sender)
    message["Message-ID"] = identifier
    message["X-Watcher-Key"] = clean_header(key, 300)
    message.set_content(text, charset="utf-8")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8")
    return message.as_bytes(), identifier


def _address(value: str) -> Address:
    name, address = parseaddr(clean_header(value, 300))
    username, _, domain = address.partition("@")
    return Address(display_name=clean_header(name, 100), username=username, domain=domain)
