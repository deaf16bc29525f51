"""What a loaded config is: settings, campaigns, problems; and the small parsers they share."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from watcher.config.schema import WatcherConfig
from watcher.model import Decision, Excuse, Extension, Override, Period, Role, School
from watcher.validation.policy import ValidationPolicy

DEFAULT_PATH = "config/watcher.toml"
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[A-Za-z0-9-]{2,}$")
LONGEST_DURATION = dt.timedelta(days=3660)  # any duration key: ten years is already a mistake
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ConfigErrors(Exception):
    """Every problem found, already worded in `language` (the config's own, "vi" if unknown)."""

    def __init__(self, problems: list[Problem], language: str = "vi") -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.language = language


@dataclass(frozen=True)
class MailAccount:
    """An IMAP source's connection (the password is read when connecting, never stored)."""

    host: str
    port: int
    security: str  # ssl | starttls | none
    username: str
    password_file: Path | None
    token_file: Path | None
    ca_file: Path | None
    folder: str
    since: dt.date | None


@dataclass(frozen=True)
class Campaign:
    id: str
    title: str
    schools: tuple[School, ...]
    periods: tuple[Period, ...]
    require: tuple[Role, ...]
    source_type: str
    source_location: str  # folder or Maildir path (absolute), Drive folder id, IMAP host
    timezone: ZoneInfo
    staff: tuple[str, ...]
    roster_path: Path
    overrides: tuple[Override, ...] = ()
    extensions: tuple[Extension, ...] = ()
    excuses: tuple[Excuse, ...] = ()
    mail: MailAccount | None = None  # imap sources only
    placements: tuple[Decision, ...] = ()  # from the placements file, in file order
    sender: str = ""  # From: of its mail ([campaign.email] sender, else [email] sender)
    reply_to: str | None = None  # [campaign.email] reply_to, else [email] reply_to

    def school(self, code: str) -> School | None:
        return next((s for s in self.schools if s.code == code), None)

    def period(self, period_id: str) -> Period | None:
        return next((p for p in self.periods if p.id == period_id), None)


@dataclass(frozen=True)
class Settings:
    path: Path
    raw: WatcherConfig
    timezone: ZoneInfo
    state_dir: Path
    language: str
    archive_dir: Path | None
    outbox_dir: Path
    campaigns: tuple[Campaign, ...]
    validation_policy: ValidationPolicy = field(default_factory=ValidationPolicy)
    smtp_password_file: Path | None = None
    drive_credentials: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()  # allowed but worth saying, e.g. a school without e-mail

    def campaign(self, campaign_id: str) -> Campaign | None:
        return next((c for c in self.campaigns if c.id == campaign_id), None)

    @property
    def admins(self) -> tuple[str, ...]:
        return tuple(self.raw.email.admins or self.raw.email.staff)


class DurationTooLong(ValueError):
    """A duration past LONGEST_DURATION (timedelta itself would overflow further on)."""


def parse_duration(value: str) -> dt.timedelta:
    """'90s', '5m', '2h', '1d', '1w' -> timedelta. Raises ValueError in plain words."""
    match = _DURATION.match(value or "")
    if not match:
        raise ValueError(f"{value!r} is not a duration; write e.g. 30m, 2h or 1d")
    amount, unit = float(match.group(1)), match.group(2)
    seconds = amount * {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
    if seconds > LONGEST_DURATION.total_seconds():  # timedelta itself overflows past ~2.7M years
        raise DurationTooLong(f"{value!r} is too long: at most {LONGEST_DURATION.days}d")
    return dt.timedelta(seconds=seconds)


def is_email(value: str) -> bool:
    """One address, bare or as `Name <address>`; "a@x.vn; b@x.vn" is two and would lose one."""
    address = parseaddr(value)[1]
    if not _EMAIL.match(address or "") or "\n" in value or "\r" in value:
        return False
    text = value.strip()
    return text == address or (text.endswith(f"<{address}>") and len(getaddresses([text])) == 1)


def deadline_of(
    due_before: dt.date | None, due_at: dt.datetime | None, zone: ZoneInfo
) -> dt.datetime:
    """The last acceptable moment. "Before 1 November" = 31 October 23:59:59 local time."""
    if due_before is not None:
        start = dt.datetime.combine(due_before, dt.time(0), tzinfo=zone)
        return start - dt.timedelta(seconds=1)
    assert due_at is not None
    local = due_at.replace(tzinfo=zone) if due_at.tzinfo is None else due_at.astimezone(zone)
    return local.replace(microsecond=0)


def config_path(option: str | None) -> Path:
    return Path(option or os.environ.get("WATCHER_CONFIG") or DEFAULT_PATH)
