"""The configuration schema: the single source of truth for keys, defaults and their docs.

`watcher/config.py` loads a file against it; `docs/config.md` is generated from it
(`python -m watcher.config > docs/config.md`, checked by a test).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from watcher.i18n import t


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Limit:
    """The range of a numeric key, with its unit (an i18n key under "unit."): `check` refuses
    what is outside it, before a poll or the daemon would trip over it."""

    minimum: float
    maximum: float
    unit: str
    above: bool = False  # the minimum itself is not allowed ("more than 0 seconds")

    def json(self) -> dict[str, Any]:
        return {
            "minimum": self.minimum,
            "maximum": self.maximum,
            "unit": self.unit,
            "above": self.above,
        }

    def docs(self) -> str:
        low = f"more than {_plain(self.minimum)}" if self.above else _plain(self.minimum)
        unit = t("en", f"unit.{self.unit}")
        return f"Range: {low} to {_plain(self.maximum)} {unit}."


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def number(default: Any, limit: Limit, description: str) -> Any:
    """A numeric key: its default, its range (`Limit`) and what it means."""
    return Field(
        default,
        description=description,
        gt=limit.minimum if limit.above else None,
        ge=None if limit.above else limit.minimum,
        le=limit.maximum,
        allow_inf_nan=False if isinstance(default, float) else None,
        json_schema_extra={"limit": limit.json()},
    )


def numbers(default: Sequence[int], limit: Limit, description: str) -> Any:
    """A list of numbers, each within `limit` (the item type repeats the bounds for pydantic)."""
    return Field(
        default_factory=lambda: list(default),
        description=description,
        json_schema_extra={"limit": limit.json()},
    )


def limit_of(field: Any) -> Limit | None:
    extra = getattr(field, "json_schema_extra", None)
    found = extra.get("limit") if isinstance(extra, dict) else None
    return Limit(**found) if isinstance(found, dict) else None


def limit_at(loc: Sequence[Any], model: type[BaseModel] | None = None) -> Limit | None:
    """The `Limit` of the key at a pydantic error location ('email', 'smtp_port'), or of the
    list a position belongs to ('reminders', 'before_days', 1)."""
    current: type[BaseModel] = model or WatcherConfig
    found: Limit | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        nested = _nested_model(field.annotation)
        if nested is None:
            found = limit_of(field)
        else:
            current = nested
    return found


SECONDS = Limit(0, 3600, "seconds", above=True)
PORT = Limit(1, 65535, "port")
DAYS = Limit(0, 3660, "days")
DAY_LIST = Limit(0, 366, "days")
WEEKDAYS = Limit(1, 7, "weekday")
HOURS_OF_DAY = Limit(0, 24, "hour")


class EmailConfig(Strict):
    transport: Literal["outbox", "smtp"] = Field(
        "outbox", description="outbox: write each e-mail as an .eml file; smtp: send it."
    )
    outbox_dir: str = Field("var/outbox", description="Folder for .eml files (outbox transport).")
    sender: str = Field(
        "watcher@localhost", description='From address, e.g. "Phòng GDĐT <pgd@example.edu.vn>".'
    )
    staff: list[str] = Field(default_factory=list, description="Staff who receive the digest.")
    admins: list[str] = Field(
        default_factory=list,
        description="Admins told about configuration and delivery problems (default: staff).",
    )
    reply_to: str | None = Field(None, description="Reply-To address for school e-mails.")
    smtp_host: str = Field("localhost", description="SMTP server name.")
    smtp_port: int | None = number(
        None, PORT, "SMTP port (default 587 for starttls, 465 for ssl, 25 for none)."
    )
    smtp_security: Literal["starttls", "ssl", "none"] = Field(
        "starttls", description="starttls | ssl | none."
    )
    smtp_username: str | None = Field(None, description="SMTP login name, if the server needs one.")
    smtp_password_file: str | None = Field(
        None,
        description="File holding the SMTP password. Or set env WATCHER_SMTP_PASSWORD. "
        "Never put the password in this file.",
    )
    smtp_timeout: float = number(
        30.0, Limit(0, 600, "seconds", above=True), "Seconds to wait for the SMTP server."
    )
    smtp_ca_file: str | None = Field(
        None, description="Extra CA certificate (PEM) to trust for STARTTLS/SSL."
    )
    give_up_after: str = Field(
        "2d",
        description="How long an address the server refuses for now (4xx) is retried before "
        "it is given up on and listed in the digest.",
    )


class DriveConfig(Strict):
    credentials_file: str | None = Field(
        None,
        description="Service-account key (JSON). Falls back to env GOOGLE_APPLICATION_CREDENTIALS.",
    )
    subject: str | None = Field(None, description="User to impersonate (domain-wide delegation).")
    api_endpoint: str = Field(
        "https://www.googleapis.com/drive/v3/", description="Drive API root (proxies, tests)."
    )
    timeout_seconds: float = number(60.0, SECONDS, "Seconds to wait for one Drive request.")
    max_retries: int = number(
        6, Limit(0, 20, "times"), "Retries for a failed Drive request before giving up."
    )
    full_resync_hours: float = number(
        24.0,
        Limit(0, 8784, "hours"),
        "Hours between full re-listings that heal any drift (0 = never).",
    )
    max_requests_per_second: float = number(
        100.0,
        Limit(0, 10_000, "requests_per_second"),
        "Most Drive requests a second, every download thread together (0 = no limit).",
    )
    download_threads: int = number(
        16, Limit(1, 64, "threads"), "Files downloaded from Drive at once (1 = one at a time)."
    )


class SourceConfig(Strict):
    type: Literal["folder", "drive", "imap", "maildir"] = Field(
        description="folder | drive | imap | maildir."
    )
    path: str | None = Field(None, description="folder, maildir: the folder to watch.")
    folder_id: str | None = Field(None, description="drive: the folder's id or its full link.")
    host: str | None = Field(None, description="imap: the mail server, e.g. imap.gmail.com.")
    port: int | None = number(
        None, PORT, "imap: port (default 993 for ssl, 143 for starttls and none)."
    )
    security: Literal["ssl", "starttls", "none"] = Field(
        "ssl", description="imap: ssl | starttls | none."
    )
    username: str | None = Field(None, description="imap: the login, e.g. pgd@example.edu.vn.")
    password_file: str | None = Field(
        None,
        description="imap: file holding the password (for Gmail an app password). "
        "Or set env WATCHER_IMAP_PASSWORD. Never put the password in this file.",
    )
    token_file: str | None = Field(
        None, description="imap: file holding an OAuth2 access token (XOAUTH2 login instead)."
    )
    ca_file: str | None = Field(None, description="imap: extra CA certificate (PEM) to trust.")
    folder: str = Field("INBOX", description="imap: the mailbox folder to read.")
    since: dt.date | None = Field(
        None, description="imap: only messages that arrived on or after this date."
    )


class PeriodConfig(Strict):
    id: str = Field(description="Short stable id, e.g. 2024-interim.")
    label: str = Field(description="What people read, e.g. Báo cáo sơ kết 2024.")
    due_before: dt.date | None = Field(
        None, description="Must arrive before this date (local time): YYYY-MM-DD."
    )
    due_at: dt.datetime | None = Field(
        None, description="Or: the last acceptable moment, YYYY-MM-DDTHH:MM (local time)."
    )
    opens: dt.date | None = Field(
        None, description="Optional: the first day uploads count for this period."
    )
    grace: str | None = Field(None, description='Extra time before late, e.g. "2h" or "1d".')
    keywords: list[str] = Field(
        default_factory=list, description="Words in file or folder names that mean this period."
    )


class CampaignEmailConfig(Strict):
    sender: str | None = Field(
        None,
        description="From: of this campaign's digests and school e-mail (default: email.sender).",
    )
    staff: list[str] | None = Field(
        None,
        description="Digest recipients for this campaign (default: campaign.staff, email.staff).",
    )
    reply_to: str | None = Field(
        None, description="Reply-To: of this campaign's e-mail (default: email.reply_to)."
    )


class CampaignReportConfig(Strict):
    """The keys of [report]; each one given here replaces it in this campaign's reports."""

    issuer_parent: str | None = Field(None, description="Body above the issuer (else [report]).")
    issuer: str | None = Field(None, description="Issuing body (else [report]).")
    place: str | None = Field(None, description="Place in the date line (else [report]).")
    number: str | None = Field(None, description="Document number (else [report]).")
    signer_title: str | None = Field(None, description="Signer's title (else [report]).")
    signer_name: str | None = Field(None, description="Signer's name (else [report]).")
    recipients: list[str] | None = Field(None, description="'Nơi nhận' lines (else [report]).")


class CampaignConfig(Strict):
    id: str = Field(description="Short stable id, e.g. q7-moi-truong.")
    title: str = Field(description="The plan's title, as people read it.")
    roster: str = Field(
        description="School roster: a .csv (code,name,level,aliases,emails) or the Excel "
        "list itself (.xlsx, Vietnamese or English headers)."
    )
    roster_sheet: str | None = Field(
        None, description="The sheet of an .xlsx roster (default: the first with a header row)."
    )
    require: list[str] = Field(
        default_factory=lambda: ["word", "scan"],
        description='Roles each school sends: "word", "scan", "paper" (recorded with `watcher receive`).',
    )
    source: SourceConfig = Field(description="Where schools upload.")
    timezone: str | None = Field(None, description="IANA time zone (default: the top-level one).")
    staff: list[str] | None = Field(
        None, description="Digest recipients for this campaign (default: email.staff)."
    )
    period: list[PeriodConfig] = Field(default_factory=list, description="Reporting periods.")
    report: CampaignReportConfig | None = Field(
        None, description="This campaign's own report header and signer (overrides [report])."
    )
    email: CampaignEmailConfig | None = Field(
        None, description="This campaign's own sender, staff and reply-to (overrides [email])."
    )


class OverrideConfig(Strict):
    file: str = Field(description="Drive file id or the exact file name.")
    school: str = Field(description="School code from the roster.")
    period: str = Field(description="Period id.")
    campaign: str | None = Field(None, description="Campaign id (needed with several campaigns).")
    role: Literal["word", "scan", "extra"] | None = Field(
        None, description="Force the role (normally read from the file)."
    )


class ExtensionConfig(Strict):
    school: str = Field(description="School code.")
    period: str = Field(description="Period id.")
    until: dt.date | dt.datetime = Field(
        description="New deadline: a date (must arrive before it) or YYYY-MM-DDTHH:MM."
    )
    reason: str = Field("", description="Why; shown in statuses and reports.")
    campaign: str | None = Field(None, description="Campaign id (needed with several campaigns).")


class ExcuseConfig(Strict):
    school: str = Field(description="School code.")
    period: str = Field(description="Period id.")
    reason: str = Field("", description="Why; shown in statuses and reports.")
    campaign: str | None = Field(None, description="Campaign id (needed with several campaigns).")


class ValidationConfig(Strict):
    max_bytes: int = number(
        50 * 2**20, Limit(1, 16 * 2**30, "bytes"), "Largest accepted upload, in bytes."
    )
    min_text_chars: int = number(
        1,
        Limit(0, 1_000_000, "characters"),
        "A Word file with fewer body characters than this is called empty.",
    )
    legacy_doc: Literal["ok", "warning", "problem"] = Field(
        "warning", description="An old Word 97-2003 .doc: ok, warning or problem."
    )
    text_only_pdf: Literal["ok", "warning", "problem"] = Field(
        "warning",
        description="A PDF with no scanned images (exported, not scanned): ok, warning or problem.",
    )
    min_image_px: int = number(
        1000,
        Limit(0, 100_000, "pixels"),
        "Long side of a scanned image under which it may not be legible, in pixels "
        "(1000 px is about 85 dpi on an A4 page).",
    )
    small_image: Literal["ok", "warning", "problem"] = Field(
        "warning", description="An image smaller than min_image_px: ok, warning or problem."
    )
    tiny_image_px: int = number(
        600,
        Limit(0, 100_000, "pixels"),
        "Long side under which an image cannot hold a legible A4 page, in pixels "
        "(600 px is about 50 dpi: letters 3-4 px high).",
    )
    tiny_image: Literal["ok", "warning", "problem"] = Field(
        "problem", description="An image smaller than tiny_image_px: ok, warning or problem."
    )
    blank_template: list[str] = Field(
        default_factory=list,
        description="The department's blank template(s): file paths or SHA-256 hashes.",
    )
    max_uncompressed_bytes: int = number(
        256 * 2**20,
        Limit(1, 64 * 2**30, "bytes"),
        "Largest unpacked size of a .docx (zip-bomb guard).",
    )
    max_compression_ratio: float = number(
        200.0,
        Limit(10, 100_000, "ratio"),
        "Largest packing ratio of a large .docx part (zip-bomb guard).",
    )
    max_zip_entries: int = number(
        5000, Limit(1, 1_000_000, "entries"), "Most parts a .docx may hold."
    )
    max_image_pixels: int = number(
        90_000_000,
        Limit(1, 2_000_000_000, "pixels"),
        "Larger images, standalone or inside a PDF or .docx, are refused as bombs.",
    )
    timeout_seconds: float = number(30.0, SECONDS, "Longest time one file may be checked.")
    memory_limit_mb: int = number(
        1536, Limit(256, 1_048_576, "megabytes"), "Most memory one file check may use."
    )


class MatchingConfig(Strict):
    single_period_default: bool = Field(
        True, description="A campaign with one period places every school-matched file in it."
    )
    lead_days: int = number(
        60,
        DAYS,
        "Upload time counts as weak period evidence from this many days before a deadline...",
    )
    slack_days: int = number(14, DAYS, "...until this many days after it.")


class RemindersConfig(Strict):
    enabled: bool = Field(
        True, description="Send reminders, receipts and problem notices to schools."
    )
    before_days: list[Annotated[int, Field(ge=0, le=366)]] = numbers(
        [7, 3, 1], DAY_LIST, "Remind this many days before the deadline."
    )
    after_every_days: int = number(
        3, Limit(1, 366, "days"), "After the deadline, remind every N days..."
    )
    after_max: int = number(3, Limit(0, 100, "times"), "...at most this many times.")
    receipts: bool = Field(True, description="Send a receipt when a submission becomes complete.")
    problem_notices: bool = Field(True, description="Tell a school when its upload is unusable.")
    max_age_days: int = number(
        14,
        DAYS,
        "Never send a school e-mail about something older than this (first runs "
        "over an old folder stay quiet).",
    )
    send_days: list[Annotated[int, Field(ge=1, le=7)]] = numbers(
        [1, 2, 3, 4, 5, 6],
        WEEKDAYS,
        "Weekdays school e-mail may go out (1 = Monday ... 7 = Sunday).",
    )
    send_hours: list[Annotated[int, Field(ge=0, le=24)]] = numbers(
        [7, 17], HOURS_OF_DAY, "[first, last) local hour for school e-mail."
    )
    holidays: list[dt.date] = Field(
        default_factory=list, description="Dates with no school e-mail (deferred, not dropped)."
    )
    opt_out: list[str] = Field(
        default_factory=list, description="School codes that receive no reminders."
    )


class DigestConfig(Strict):
    cron: str = Field(
        "30 7 * * mon-fri", description="When staff get the digest (crontab, local time)."
    )
    send_on_first_poll: bool = Field(
        True, description="Send a digest after the very first poll, so new setups see one at once."
    )


class DaemonConfig(Strict):
    poll_every: str = Field("5m", description='How often to poll, e.g. "5m", "1h".')
    health_host: str = Field("127.0.0.1", description="Address for /healthz and /metrics.")
    health_port: int = number(
        8730, Limit(0, 65535, "port"), "Port for /healthz and /metrics (0 = off)."
    )
    deliver_every: str = Field("1m", description="How often queued e-mail is (re)tried.")


class AlertsConfig(Strict):
    poll_failures: int = number(
        3,
        Limit(1, 1000, "times"),
        "Tell admins once a campaign's polls failed this many times in a row...",
    )
    poll_failing_for: str = Field("1h", description="...or have failed for this long.")
    mail_refused_for: str = Field(
        "10m", description="Tell admins once the mail server has refused mail this long."
    )


class ReportConfig(Strict):
    issuer_parent: str = Field(
        "ỦY BAN NHÂN DÂN QUẬN 7", description="Body above the issuer (top left of the report)."
    )
    issuer: str = Field("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", description="Issuing body (bold, top left).")
    place: str = Field("Quận 7", description='Place in the date line ("Quận 7, ngày ...").')
    number: str = Field(
        "     /BC-GDĐT",
        description="Document number, e.g. 15/BC-GDĐT (or give --number to `watcher report`).",
    )
    signer_title: str = Field("TRƯỞNG PHÒNG", description="Signer's title.")
    signer_name: str = Field("", description="Signer's name.")
    recipients: list[str] = Field(
        default_factory=lambda: ["Như trên;", "Lưu: VT."], description="'Nơi nhận' lines."
    )


class WatcherConfig(Strict):
    timezone: str = Field("Asia/Ho_Chi_Minh", description="IANA time zone for deadlines and mail.")
    state_dir: str = Field("var", description="SQLite database and caches live here.")
    language: Literal["vi", "en"] = Field("vi", description="vi | en, for everything people read.")
    archive_dir: str | None = Field(
        None, description='Archive of every submission (default <state_dir>/archive; "" = off).'
    )
    email: EmailConfig = Field(default_factory=EmailConfig)  # type: ignore[arg-type]
    drive: DriveConfig = Field(default_factory=DriveConfig)  # type: ignore[arg-type]
    validation: ValidationConfig = Field(default_factory=ValidationConfig)  # type: ignore[arg-type]
    matching: MatchingConfig = Field(default_factory=MatchingConfig)  # type: ignore[arg-type]
    reminders: RemindersConfig = Field(default_factory=RemindersConfig)  # type: ignore[arg-type]
    digest: DigestConfig = Field(default_factory=DigestConfig)  # type: ignore[arg-type]
    daemon: DaemonConfig = Field(default_factory=DaemonConfig)  # type: ignore[arg-type]
    alerts: AlertsConfig = Field(default_factory=AlertsConfig)  # type: ignore[arg-type]
    report: ReportConfig = Field(default_factory=ReportConfig)  # type: ignore[arg-type]
    campaign: list[CampaignConfig] = Field(default_factory=list, description="Report campaigns.")
    override: list[OverrideConfig] = Field(default_factory=list)
    extension: list[ExtensionConfig] = Field(default_factory=list)
    excuse: list[ExcuseConfig] = Field(default_factory=list)


def all_keys(model: type[BaseModel] = WatcherConfig, prefix: str = "") -> list[tuple[str, str]]:
    """(dotted key, description) for every key, nested tables included."""
    keys: list[tuple[str, str]] = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        nested = _nested_model(field.annotation)
        if nested is not None:
            keys.extend(all_keys(nested, path + "."))
        else:
            default = "" if field.is_required() else f" (default: {_show(field)})"
            limit = limit_of(field)
            ranged = f" {limit.docs()}" if limit else ""
            keys.append((path, (field.description or "") + ranged + default))
    return keys


def _nested_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _show(field: object) -> str:
    factory = getattr(field, "default_factory", None)
    value = factory() if factory else getattr(field, "default", None)  # type: ignore[call-arg]
    return repr(value) if value not in (None, "") else "none"


def render_docs() -> str:
    lines = [
        "# Configuration reference",
        "",
        "Generated from `watcher/config/schema.py` (`python -m watcher.config > docs/config.md`).",
        "Tables in `[[double brackets]]` repeat. Relative paths resolve against the config file.",
        "",
        "| key | meaning |",
        "| --- | --- |",
    ]
    lines += [f"| `{key}` | {text.replace('|', '/')} |" for key, text in all_keys()]
    return "\n".join(lines) + "\n"
