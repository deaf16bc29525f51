"""Load the admin's TOML config and school rosters; report every mistake with where it is.

`load(path)` returns a `Settings` or raises `ConfigErrors` holding every problem found, each
with the file, the line (where the format gives one) and the key path, in plain words.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import structlog
from pydantic import BaseModel, ValidationError

from watcher.config import repair as config_repair
from watcher.config import roster as roster_module
from watcher.config.schema import CampaignConfig, PeriodConfig, WatcherConfig, limit_at
from watcher.config.settings import (
    LONGEST_DURATION,
    Campaign,
    ConfigErrors,
    DurationTooLong,
    MailAccount,
    Problem,
    Settings,
    deadline_of,
    is_email,
    parse_duration,
)
from watcher.config.tomlhelp import explain as explain_toml
from watcher.config.tomllines import key_lines, line_of
from watcher.i18n import LANGUAGES, t
from watcher.model import Excuse, Extension, Override, Period, Role, School
from watcher.validation.policy import ValidationPolicy

_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[A-Za-z0-9-]{2,}$")
_LANGUAGE_LINE = re.compile(r"""^\s*language\s*=\s*["']([A-Za-z]+)["']""", re.MULTILINE)
log = structlog.get_logger(__name__)


def load(path: str | Path) -> Settings:
    loader = _Loader(Path(path))
    settings = loader.run()
    if loader.problems or settings is None:
        # the config file first, top to bottom, as the admin reads it; then each roster
        config_file = str(loader.path)
        order = sorted(loader.problems, key=lambda p: (p.file != config_file, p.file, p.line or 0))
        raise ConfigErrors(order, loader.language)
    return settings


def language_of(text: str, data: dict[str, Any] | None = None) -> str:
    """The `language` the admin asked for, even from a file that does not parse ("vi" if none).

    Messages about a broken config must already be in that language, so it is read before
    (and independently of) everything else: from the parsed top-level key, else from the first
    top-level `language = "…"` line of the text.
    """
    if data is not None:
        value = data.get("language")
        return value if isinstance(value, str) and value in LANGUAGES else "vi"
    header = re.search(r"^\s*\[", text, re.MULTILINE)  # top-level keys come before any table
    match = _LANGUAGE_LINE.search(text[: header.start()] if header else text)
    return match.group(1) if match and match.group(1) in LANGUAGES else "vi"


WORKER_MIN_MB = 256  # the checker starts at ~60 MB and opens a scanned page in the rest


def range_rules(
    raw: WatcherConfig,
) -> list[tuple[str, float | None, float, float, str]]:
    """(key, value, lowest, highest, text key of why or "") for every number with limits beyond its type."""
    email, daemon, drive, validation = raw.email, raw.daemon, raw.drive, raw.validation
    reminders = raw.reminders
    worker = "config.range.worker_memory"
    rules: list[tuple[str, float | None, float, float, str]] = [
        ("validation.memory_limit_mb", validation.memory_limit_mb, WORKER_MIN_MB, 65536, worker),
        ("validation.timeout_seconds", validation.timeout_seconds, 1, 600, ""),
        ("validation.max_zip_entries", validation.max_zip_entries, 10, 1_000_000, ""),
        ("validation.max_image_pixels", validation.max_image_pixels, 1_000_000, 10**10, ""),
        ("validation.max_bytes", validation.max_bytes, 1024, 2**40, ""),
        ("email.smtp_port", email.smtp_port, 1, 65535, ""),
        ("email.smtp_timeout", email.smtp_timeout, 1, 300, ""),
        ("daemon.health_port", daemon.health_port, 0, 65535, ""),
        ("drive.timeout_seconds", drive.timeout_seconds, 1, 600, ""),
        ("drive.max_retries", drive.max_retries, 0, 20, ""),
        ("drive.full_resync_hours", drive.full_resync_hours, 0, 24 * 365, ""),
        ("reminders.after_every_days", reminders.after_every_days, 0, 365, ""),
        ("reminders.after_max", reminders.after_max, 0, 100, ""),
        ("reminders.max_age_days", reminders.max_age_days, 0, 3650, ""),
        ("alerts.poll_failures", raw.alerts.poll_failures, 1, 10_000, ""),
    ]
    for index, days in enumerate(reminders.before_days):
        rules.append((f"reminders.before_days[{index}]", days, 0, 365, ""))
    return rules


class _Loader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.base = path.resolve().parent
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}
        self.stand_ins: set[str] = set()  # keys patched over after a schema error
        self.warnings: list[Problem] = []
        self.language = "vi"  # until the file says otherwise

    def say(self, text_key: str, **values: object) -> str:
        """A message in the admin's language (texts in watcher/i18n/config.py)."""
        return t(self.language, text_key, **values)

    def hint(self, name: str, choices: list[str]) -> str:
        close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
        return self.say("config.did_you_mean", name=repr(close[0])) if close else ""

    def add(
        self, key: str, message: str, *, file: str | None = None, line: int | None = None
    ) -> None:
        if file is None and config_repair.covered(key, self.stand_ins):
            return  # already reported as a schema error; this is about our stand-in
        if line is None and file is None:
            line = line_of(self.lines, key)
        problem = Problem(file or str(self.path), line, key, message)
        if problem not in self.problems:  # a date-or-datetime key fails both ways alike
            self.problems.append(problem)

    def resolve(self, value: str) -> Path:
        candidate = Path(value).expanduser()
        return candidate if candidate.is_absolute() else self.base / candidate

    def run(self) -> Settings | None:
        data = self._read_toml()
        if data is None:
            return None
        raw = self._validate(data)
        if raw is None:
            return None
        return self._build(raw)

    def _read_toml(self) -> dict[str, Any] | None:
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            self.add("", self.say("config.file_missing"))
            return None
        except UnicodeDecodeError:
            self.add("", self.say("config.file_not_utf8"))
            return None
        except OSError as error:
            log.warning("config.unreadable", path=str(self.path), error=str(error))
            self.add("", self.say("config.file_unreadable"))
            return None
        self.language = language_of(text)
        self.lines = key_lines(text)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            log.info("config.toml_invalid", path=str(self.path), error=str(error))
            line, message = explain_toml(text, str(error), self.language)
            self.add("", message, line=line)
            return None
        self.language = language_of(text, data)
        return data

    def _validate(self, data: dict[str, Any]) -> WatcherConfig | None:
        try:
            return WatcherConfig.model_validate(data)
        except ValidationError as error:
            first = error
        raw = self._validate_repaired(data, first)
        if raw is None:
            self._check_rosters_anyway(data)
        else:
            self._build(raw)  # only for the problems it finds; the schema errors stand
        return None

    def _validate_repaired(self, data: dict[str, Any], error: ValidationError) -> Any:
        """Explain the schema errors, patch them over and go on, so one run shows them all."""
        stand_ins: set[str] = set()
        for _ in range(5):
            items = [
                (item, [p for p in item["loc"] if not _is_union_tag(p)]) for item in error.errors()
            ]
            if any(config_repair.covered(_key_path(loc), stand_ins) for _, loc in items):
                return None  # a stand-in of ours failed too: stop before guessing further
            for item, _ in items:
                self._explain(item, data)
            patch = config_repair.repair(
                data, [(loc, i["type"], i.get("input")) for i, loc in items]
            )
            if patch is None:
                return None
            data, added = patch
            stand_ins |= added
            try:
                raw = WatcherConfig.model_validate(data)
            except ValidationError as again:
                error = again
                continue
            self.stand_ins = stand_ins
            return raw
        return None

    def _check_rosters_anyway(self, data: dict[str, Any]) -> None:
        """Schema errors must not hide roster errors: report both in one run."""
        campaigns = data.get("campaign")
        for index, spec in enumerate(campaigns if isinstance(campaigns, list) else []):
            roster = spec.get("roster") if isinstance(spec, dict) else None
            if isinstance(roster, str):
                sheet = spec.get("roster_sheet")
                sheet = sheet if isinstance(sheet, str) else None
                self._roster(f"campaign[{index}].roster", self.resolve(roster), sheet)

    def _explain(self, item: Any, data: dict[str, Any]) -> None:
        loc = [part for part in item["loc"] if not _is_union_tag(part)]
        key = _key_path(loc)
        kind = item["type"]
        value = item.get("input")
        if kind == "extra_forbidden":
            self.add(key, self._unknown_key(loc))
        elif kind in _RANGE_ERRORS and limit_at(loc) is not None:
            self.add(key, self._out_of_range(loc, value))
        elif kind == "list_type" and isinstance(value, dict):
            table = ".".join(str(part) for part in loc if not isinstance(part, int))
            self.add(key, self.say("config.double_brackets", table=table))
        else:
            self.add(key, self._schema_message(kind, value, item.get("ctx") or {}))

    def _schema_message(self, kind: str, value: Any, context: dict[str, Any]) -> str:
        """One pydantic error type in plain words (pydantic's own text is English only)."""
        shown = repr(value)
        limits = {
            "greater_than_equal": ("config.too_small", "ge"),
            "greater_than": ("config.not_above", "gt"),
            "less_than_equal": ("config.too_large", "le"),
            "less_than": ("config.not_below", "lt"),
            "string_too_short": ("config.text_too_short", "min_length"),
            "string_too_long": ("config.text_too_long", "max_length"),
            "too_short": ("config.list_too_short", "min_length"),
            "too_long": ("config.list_too_long", "max_length"),
        }
        if kind in limits:
            text_key, bound = limits[kind]
            return self.say(text_key, value=shown, limit=context.get(bound, "?"))
        if kind == "missing":
            return self.say("config.required")
        if kind.startswith(("date", "datetime")):
            return self.say("config.bad_date", value=shown)
        if kind == "literal_error":
            return self.say("config.not_allowed", value=shown, expected=self._choices(context))
        if kind in ("int_parsing", "int_type", "float_parsing", "float_type"):
            return self.say("config.not_number", value=shown)
        if kind == "int_from_float":
            return self.say("config.not_whole_number", value=shown)
        if kind in ("bool_parsing", "bool_type"):
            return self.say("config.not_boolean", value=shown)
        if kind == "list_type":
            return self.say("config.expected_list", value=shown)
        if kind == "string_type":
            return self.say("config.expected_text", value=shown, bare=value)
        if kind in ("model_type", "dict_type"):
            return self.say("config.expected_table", value=shown)
        return self.say("config.invalid_value", value=shown)

    def _choices(self, context: dict[str, Any]) -> str:
        """pydantic's "'vi' or 'en'" with the admin's word for "or"."""
        expected = str(context.get("expected", ""))
        return re.sub(r" or ", f" {self.say('config.or')} ", expected)

    def _unknown_key(self, loc: list[Any]) -> str:
        name = str(loc[-1])
        model = _model_at(loc[:-1])
        known = list(model.model_fields) if model else []
        return self.say("config.unknown_key", name=repr(name), hint=self.hint(name, known))

    def _out_of_range(self, loc: list[Any], value: Any) -> str:
        """'70000 is out of range: it must be from 0 to 65535 (port number)', in the config's
        language; the range and unit come from the schema."""
        limit = limit_at(loc)
        language = self.language
        if limit is None or not isinstance(value, int | float):
            return t(language, "limits.not_finite", value=repr(value), example="30")
        if isinstance(value, float) and not math.isfinite(value):
            return t(
                language, "limits.not_finite", value=value, example=_figure(limit.maximum, language)
            )
        return t(
            language,
            "limits.above" if limit.above else "limits.range",
            value=_figure(value, language),
            minimum=_figure(limit.minimum, language),
            maximum=_figure(limit.maximum, language),
            unit=t(language, f"unit.{limit.unit}"),
        )

    def _too_long(self, key: str, value: str, maximum: str) -> None:
        self.add(key, t(self.language, "limits.duration_too_long", value=value, maximum=maximum))

    def _build(self, raw: WatcherConfig) -> Settings | None:
        timezone = self._zone("timezone", raw.timezone) or ZoneInfo("UTC")
        self._check_emails(raw)
        state_dir = self.resolve(raw.state_dir)
        archive = raw.archive_dir
        archive_dir = (
            None if archive == "" else self.resolve(archive or str(Path(raw.state_dir) / "archive"))
        )
        campaigns = self._campaigns(raw, timezone)
        self._check_references(raw, campaigns)
        campaigns = self._placements(campaigns)
        self._check_misc(raw)
        template_hashes = self._template_hashes(raw)
        policy = self._policy(raw, template_hashes)
        if self.problems:
            return None
        return Settings(
            path=self.path,
            raw=raw,
            timezone=timezone,
            state_dir=state_dir,
            language=raw.language,
            archive_dir=archive_dir,
            outbox_dir=self.resolve(raw.email.outbox_dir),
            campaigns=tuple(campaigns),
            validation_policy=policy,
            smtp_password_file=self.resolve(raw.email.smtp_password_file)
            if raw.email.smtp_password_file
            else None,
            drive_credentials=self.resolve(raw.drive.credentials_file)
            if raw.drive.credentials_file
            else None,
            warnings=tuple(self.warnings),
        )

    def _zone(self, key: str, name: str) -> ZoneInfo | None:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            self.add(key, self.say("config.bad_zone", value=repr(name)))
            return None

    def _check_emails(self, raw: WatcherConfig) -> None:
        if not is_email(raw.email.sender):
            self.add("email.sender", self.not_an_address(raw.email.sender))
        for group in ("staff", "admins"):
            for index, address in enumerate(getattr(raw.email, group)):
                if not is_email(address):
                    self.add(f"email.{group}[{index}]", self.not_an_address(address))
        if raw.email.reply_to and not is_email(raw.email.reply_to):
            self.add("email.reply_to", self.not_an_address(raw.email.reply_to))
        if raw.email.transport == "outbox" and not raw.email.outbox_dir:
            self.add("email.outbox_dir", self.say("config.outbox_needs_folder"))

    def not_an_address(self, value: str) -> str:
        if re.search(r"[;,]", value) and value.count("@") > 1:
            return self.say("config.not_one_address", value=repr(value))
        return self.say("config.not_address", value=repr(value))

    def duration(
        self, key: str, value: str, longest: dt.timedelta = LONGEST_DURATION
    ) -> dt.timedelta | None:
        try:
            span = parse_duration(value)
        except DurationTooLong:
            span = longest + dt.timedelta(seconds=1)
        except ValueError:
            self.add(key, self.say("config.bad_duration", value=repr(value)))
            return None
        if span > longest:
            self._too_long(key, value, f"{longest.days}d")
            return None
        return span

    def _check_misc(self, raw: WatcherConfig) -> None:
        durations = [
            ("daemon.poll_every", raw.daemon.poll_every, False),
            ("daemon.deliver_every", raw.daemon.deliver_every, False),
            ("email.give_up_after", raw.email.give_up_after, False),
            ("alerts.poll_failing_for", raw.alerts.poll_failing_for, False),
            ("alerts.mail_refused_for", raw.alerts.mail_refused_for, True),
        ]
        for key, value, zero_ok in durations:
            longest = LONGEST_INTERVAL if key.startswith("daemon.") else LONGEST_DURATION
            span = self.duration(key, value, longest)
            if span is not None and span.total_seconds() <= 0 and not zero_ok:
                self.add(key, self.say("config.duration_positive"))
        self._check_ranges(raw)
        try:
            from apscheduler.triggers.cron import CronTrigger

            CronTrigger.from_crontab(raw.digest.cron)
        except ValueError as error:
            log.info("config.bad_cron", cron=raw.digest.cron, error=str(error))
            self.add("digest.cron", self.say("config.bad_cron", value=repr(raw.digest.cron)))
        hours = raw.reminders.send_hours
        if len(hours) != 2 or not 0 <= hours[0] < hours[1] <= 24:
            self.add("reminders.send_hours", self.say("config.send_hours"))
        if any(day < 1 or day > 7 for day in raw.reminders.send_days):
            self.add("reminders.send_days", self.say("config.send_days"))
        if (
            raw.email.smtp_password_file
            and not self.resolve(raw.email.smtp_password_file).is_file()
        ):
            self.add("email.smtp_password_file", self.say("config.no_such_file"))

    def _check_ranges(self, raw: WatcherConfig) -> None:
        """Numbers that pass the schema but cannot work (issue 13: a 64 MB checker passed
        `check` and then called good scans unusable)."""
        for key, value, low, high, why in range_rules(raw):
            if value is None or low <= value <= high:
                continue
            message = self.say("config.range.out", value=value, low=low, high=high)
            self.add(key, message + (self.say(why) if why else ""))

    def _template_hashes(self, raw: WatcherConfig) -> tuple[str, ...]:
        """Each blank template as its file hash and its body-text hash (a re-saved copy)."""
        from watcher.validation import fingerprint

        hashes: list[str] = []
        for index, entry in enumerate(raw.validation.blank_template):
            if re.fullmatch(r"[0-9a-fA-F]{64}", entry):
                hashes.append(entry.lower())
                continue
            path = self.resolve(entry)
            if not path.is_file():
                self.add(
                    f"validation.blank_template[{index}]", self.say("config.cannot_read", path=path)
                )
                continue
            hashes.extend(digest for digest in fingerprint(path) if digest)
        return tuple(hashes)

    def _policy(self, raw: WatcherConfig, template_hashes: tuple[str, ...]) -> ValidationPolicy:
        values = raw.validation.model_dump(exclude={"blank_template"})
        policy = ValidationPolicy(**values, blank_template_sha256=template_hashes)
        for key, text_key, values in policy.problems():
            self.add(key, self.say(text_key, **values))
        return policy

    def _campaigns(self, raw: WatcherConfig, timezone: ZoneInfo) -> list[Campaign]:
        campaigns: list[Campaign] = []
        seen: set[str] = set()
        if not raw.campaign:
            self.add("campaign", self.say("config.no_campaign"))
        for index, spec in enumerate(raw.campaign):
            key = f"campaign[{index}]"
            if spec.id in seen:
                self.add(f"{key}.id", self.say("config.campaign_twice", value=repr(spec.id)))
            seen.add(spec.id)
            campaign = self._campaign(key, spec, timezone, raw)
            if campaign:
                campaigns.append(campaign)
        return campaigns

    def _campaign(
        self, key: str, spec: CampaignConfig, default_zone: ZoneInfo, raw: WatcherConfig
    ) -> Campaign | None:
        zone = self._zone(f"{key}.timezone", spec.timezone) if spec.timezone else default_zone
        zone = zone or default_zone
        require = self._roles(key, spec.require)
        periods = self._periods(key, spec.period, zone)
        location = self._source(key, spec)
        roster_path = self.resolve(spec.roster)
        schools = self._roster(f"{key}.roster", roster_path, spec.roster_sheet)
        for index, address in enumerate(spec.staff or []):
            if not is_email(address):
                self.add(f"{key}.staff[{index}]", self.not_an_address(address))
        own = spec.email
        if own is not None:
            for index, address in enumerate(own.staff or []):
                if not is_email(address):
                    self.add(f"{key}.email.staff[{index}]", self.not_an_address(address))
            for name in ("sender", "reply_to"):
                value = getattr(own, name)
                if value is not None and not is_email(value):
                    self.add(f"{key}.email.{name}", self.not_an_address(value))
        staff = (own.staff if own else None) or spec.staff
        if staff is None:
            staff = raw.email.staff
        opted_out = set(raw.reminders.opt_out)
        schools = [
            School(
                s.code,
                s.name,
                s.level,
                s.aliases,
                s.emails,
                s.line,
                s.opt_out or s.code in opted_out,
                s.place,
            )
            for s in schools
        ]
        return Campaign(
            id=spec.id,
            title=spec.title,
            schools=tuple(schools),
            periods=tuple(periods),
            require=tuple(require),
            source_type=spec.source.type,
            source_location=location or "",
            timezone=zone,
            staff=tuple(staff),
            roster_path=roster_path,
            mail=self._mail_account(key, spec),
            sender=(own.sender if own and own.sender else None) or raw.email.sender,
            reply_to=(own.reply_to if own and own.reply_to else None) or raw.email.reply_to,
        )

    def _roles(self, key: str, require: list[str]) -> list[Role]:
        roles: list[Role] = []
        for index, role in enumerate(require):
            if role not in ("word", "scan", "paper"):
                hint = self.hint(role, ["word", "scan", "paper"])
                self.add(
                    f"{key}.require[{index}]",
                    self.say("config.unknown_role", value=repr(role), hint=hint),
                )
            else:
                roles.append(Role(role))
        if not require:
            self.add(f"{key}.require", self.say("config.no_role"))
        return roles

    def _source(self, key: str, spec: CampaignConfig) -> str | None:
        source = spec.source
        self._unused_source_keys(key, spec)
        if source.type in ("folder", "maildir"):
            if not source.path:
                self.add(f"{key}.source.path", self.say("config.needs_path", type=source.type))
                return None
            folder = self.resolve(source.path)
            if folder.exists() and not folder.is_dir():
                self.add(f"{key}.source.path", self.say("config.not_a_folder", path=folder))
            return str(folder)
        if source.type == "imap":
            if not source.host:
                self.add(f"{key}.source.host", self.say("config.imap_needs_host"))
            return source.host
        if not source.folder_id:
            self.add(f"{key}.source.folder_id", self.say("config.drive_needs_folder"))
            return None
        from watcher.sources.drive_ids import parse_folder_id

        try:
            return parse_folder_id(source.folder_id)
        except ValueError:
            value = source.folder_id.strip()
            link = re.search(r"/(file|document|spreadsheets|presentation)/d/", value)
            text_key = "config.drive_file_link" if link else "config.drive_bad_folder"
            self.add(f"{key}.source.folder_id", self.say(text_key, value=repr(value)))
            return None

    def _unused_source_keys(self, key: str, spec: CampaignConfig) -> None:
        """A key another source type needs is a mistake here (a typo'd type, a copied line)."""
        source = spec.source
        used = {
            "folder": {"path"},
            "maildir": {"path"},
            "drive": {"folder_id"},
            "imap": set(_IMAP_KEYS),
        }[source.type]
        for name in source.model_fields_set - used - {"type"}:
            self.add(
                f"{key}.source.{name}",
                self.say("config.unused_source_key", name=name, type=source.type),
            )

    def _mail_account(self, key: str, spec: CampaignConfig) -> MailAccount | None:
        source = spec.source
        if source.type != "imap":
            return None
        if not source.username:
            self.add(f"{key}.source.username", self.say("config.imap_needs_username"))
        password_file = self.resolve(source.password_file) if source.password_file else None
        token_file = self.resolve(source.token_file) if source.token_file else None
        ca_file = self.resolve(source.ca_file) if source.ca_file else None
        for name, path in (("password_file", password_file), ("token_file", token_file)):
            if path is not None and not path.is_file():
                self.add(f"{key}.source.{name}", self.say("config.path_missing", path=path))
        if ca_file is not None and not ca_file.is_file():
            self.add(f"{key}.source.ca_file", self.say("config.path_missing", path=ca_file))
        default_port = 993 if source.security == "ssl" else 143
        return MailAccount(
            host=source.host or "",
            port=source.port or default_port,
            security=source.security,
            username=source.username or "",
            password_file=password_file,
            token_file=token_file,
            ca_file=ca_file,
            folder=source.folder,
            since=source.since,
        )

    def _periods(self, key: str, specs: list[PeriodConfig], zone: ZoneInfo) -> list[Period]:
        periods: list[Period] = []
        seen: set[str] = set()
        if not specs:
            self.add(f"{key}.period", self.say("config.no_period"))
        for index, spec in enumerate(specs):
            pkey = f"{key}.period[{index}]"
            if spec.id in seen:
                self.add(f"{pkey}.id", self.say("config.period_twice", value=repr(spec.id)))
            seen.add(spec.id)
            period = self._period(pkey, spec, zone)
            if period:
                periods.append(period)
        return periods

    def _period(self, key: str, spec: PeriodConfig, zone: ZoneInfo) -> Period | None:
        if (spec.due_before is None) == (spec.due_at is None):
            self.add(key, self.say("config.due_one_of"))
            return None
        grace = dt.timedelta(0)
        if spec.grace:
            grace = self.duration(f"{key}.grace", spec.grace, LONGEST_GRACE) or grace
        opens = None
        deadline = deadline_of(spec.due_before, spec.due_at, zone)
        if spec.opens:
            opens = dt.datetime.combine(spec.opens, dt.time(0), tzinfo=zone)
            if opens > deadline:
                self.add(f"{key}.opens", self.say("config.opens_after"))
        return Period(
            id=spec.id,
            label=spec.label,
            deadline=deadline,
            keywords=tuple(spec.keywords),
            grace=grace,
            opens=opens,
        )

    def _roster(self, key: str, path: Path, sheet: str | None = None) -> list[School]:
        try:
            schools, problems = roster_module.read(path, self.language, sheet)
        except FileNotFoundError:
            self.add(key, self.say("roster.missing", path=path))
            return []
        except OSError as error:
            log.warning("config.roster_unreadable", path=str(path), error=str(error))
            self.add(key, self.say("roster.unreadable", path=path))
            return []
        if path.suffix.lower() not in roster_module.XLSX_SUFFIXES:  # an .xlsx names the cell
            problems = [*problems, *roster_module.missing_emails(schools, self.language)]
        for problem in problems:
            found = Problem(str(path), problem.line, problem.column, problem.message)
            (self.warnings if problem.warning else self.problems).append(found)
        return schools

    def _placements(self, campaigns: list[Campaign]) -> list[Campaign]:
        """Staff decisions from the placements file beside the config (`watcher place`)."""
        from watcher.config import placements

        path = placements.path_beside(self.path)
        found, problems = placements.read(path, campaigns, self.language)
        self.problems.extend(problems)
        return [_replace(c, placements=tuple(found.get(c.id, ()))) for c in campaigns]

    def _check_references(self, raw: WatcherConfig, campaigns: list[Campaign]) -> None:
        by_id = {c.id: c for c in campaigns}
        for table in ("override", "extension", "excuse"):
            for index, entry in enumerate(getattr(raw, table)):
                self._reference(f"{table}[{index}]", entry, by_id)
        if self.problems:
            return
        _attach(raw, by_id, campaigns)

    def _reference(self, key: str, entry: Any, by_id: dict[str, Campaign]) -> None:
        if entry.campaign is None and len(by_id) > 1:
            self.add(f"{key}.campaign", self.say("config.say_campaign"))
            return
        campaign = by_id.get(entry.campaign) if entry.campaign else next(iter(by_id.values()), None)
        if campaign is None:
            hint = self.hint(entry.campaign or "", list(by_id))
            self.add(
                f"{key}.campaign",
                self.say("config.no_campaign_id", value=repr(entry.campaign), hint=hint),
            )
            return
        codes = [s.code for s in campaign.schools]
        if entry.school not in codes:
            hint = self.hint(entry.school, codes)
            self.add(
                f"{key}.school",
                self.say(
                    "config.no_school_code",
                    value=repr(entry.school),
                    roster=campaign.roster_path.name,
                    hint=hint,
                ),
            )
        period_ids = [p.id for p in campaign.periods]
        if entry.period not in period_ids:
            hint = self.hint(entry.period, period_ids)
            self.add(
                f"{key}.period",
                self.say(
                    "config.no_period_id",
                    value=repr(entry.period),
                    campaign=campaign.id,
                    hint=hint,
                ),
            )
        period = campaign.period(entry.period)
        until = getattr(entry, "until", None)
        if period and until and _until(until, campaign.timezone) <= period.deadline:
            deadline = f"{period.deadline:%d/%m/%Y %H:%M}"
            self.add(f"{key}.until", self.say("config.extension_early", deadline=deadline))


_IMAP_KEYS = (
    "host",
    "port",
    "security",
    "username",
    "password_file",
    "token_file",
    "ca_file",
    "folder",
    "since",
)


def _attach(raw: WatcherConfig, by_id: dict[str, Campaign], campaigns: list[Campaign]) -> None:
    """Give each campaign its overrides, extensions and excuses (Campaign is frozen)."""
    for position, campaign in enumerate(campaigns):

        def mine(entry: Any, campaign: Campaign = campaign) -> bool:
            return (entry.campaign or next(iter(by_id))) == campaign.id

        zone = campaign.timezone
        overrides = tuple(
            Override(o.file, o.school, o.period, Role(o.role) if o.role else None)
            for o in raw.override
            if mine(o)
        )
        extensions = tuple(
            Extension(e.school, e.period, _until(e.until, zone), e.reason)
            for e in raw.extension
            if mine(e)
        )
        excuses = tuple(Excuse(e.school, e.period, e.reason) for e in raw.excuse if mine(e))
        campaigns[position] = _replace(
            campaign, overrides=overrides, extensions=extensions, excuses=excuses
        )


def _replace(campaign: Campaign, **changes: Any) -> Campaign:
    import dataclasses

    return dataclasses.replace(campaign, **changes)


def _until(value: dt.date | dt.datetime, zone: ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return deadline_of(None, value, zone)
    return deadline_of(value, None, zone)


LONGEST_INTERVAL = dt.timedelta(days=7)  # daemon.poll_every, daemon.deliver_every
LONGEST_GRACE = dt.timedelta(days=366)
_RANGE_ERRORS = (
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "finite_number",
)


def _figure(value: float, language: str) -> str:
    """1536 -> '1.536' (vi) or '1,536' (en); 1e+300 stays as Python writes it."""
    if isinstance(value, float) and (not value.is_integer() or abs(value) >= 1e15):
        return repr(value)
    text = f"{int(value):,}"
    return text.replace(",", ".") if language == "vi" else text


def _key_path(loc: list[Any]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and part in {
        "date",
        "datetime",
        "str",
        "list[str]",
        "function-after",
    }


def _model_at(loc: list[Any]) -> type[BaseModel] | None:
    from watcher.config.schema import _nested_model

    model: type[BaseModel] | None = WatcherConfig
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field_info = model.model_fields.get(str(part))
        model = _nested_model(field_info.annotation) if field_info else None
    return model
