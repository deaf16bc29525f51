"""A commented `watcher.toml` draft from a plan (or a skeleton without one). Pure: text out.

One campaign titled after the plan, one period per deadline with the sentence it was read from
as a comment, `require` from the files the plan asks for, and the source from its channel: the
Drive folder link, else a local folder where staff save what arrives by e-mail or on paper.
E-mail stays in the outbox until the admin fills in SMTP, so nothing reaches a school before
someone has looked at the draft.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from watcher.i18n import t
from watcher.plan import Plan
from watcher.plan.deadlines import Deadline
from watcher.text import fold

KEY_FILE = "service-account.json"
INBOX = "inbox"
PLACEHOLDER_STAFF = "chuyenvien@example.edu.vn"


@dataclass(frozen=True)
class Draft:
    text: str
    drive: bool  # the source is a Drive folder: a service-account key is needed
    staff_guessed: bool  # the staff address came from the plan, not a placeholder


def draft(plan: Plan | None, roster: str, language: str, config: str) -> Draft:
    """The config text; `roster` as the config names it, `config` as the admin types its path."""
    lines = _head(language, config)
    drive_url = (
        next((c["url"] for c in plan.channels if c["type"] == "drive"), None) if plan else None
    )
    mailbox = (
        next((c["address"] for c in plan.channels if c["type"] == "email"), None) if plan else None
    )
    staff = mailbox or PLACEHOLDER_STAFF
    lines += _email(language, staff, guessed=mailbox is not None)
    lines += _drive(language, drive_url is not None)
    lines += _report(plan)
    lines += _campaign(plan, roster, language, drive_url, mailbox)
    return Draft("\n".join(lines) + "\n", drive_url is not None, mailbox is not None)


def _say(language: str, key: str, **values: object) -> str:
    # always formatted, so a text's TOML braces are written {{ }} whether or not it has fields
    return t(language, f"init.{key}").format(**values)


def _comment(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()]


def _head(language: str, config: str) -> list[str]:
    return [
        *_comment(_say(language, "head", path=config)),
        "",
        'timezone = "Asia/Ho_Chi_Minh"',
        'state_dir = "var"',
        f'language = "{language}"                      # vi | en',
        "",
    ]


def _email(language: str, staff: str, guessed: bool) -> list[str]:
    lines = [
        "[email]",
        *_comment(_say(language, "email")),
        'transport = "outbox"',
        'outbox_dir = "var/outbox"',
        f"sender = {quote(staff)}",
    ]
    if guessed:
        lines += _comment(_say(language, "staff_from_plan"))
    lines += [
        f"staff = [{quote(staff)}]",
        '# smtp_host = "smtp.example.edu.vn"',
        "# smtp_port = 587",
        '# smtp_security = "starttls"            # starttls | ssl | none',
        f"# smtp_username = {quote(staff)}",
        *_comment(_say(language, "smtp_password")),
        "",
    ]
    return lines


def _drive(language: str, needed: bool) -> list[str]:
    if not needed:
        return []
    return [
        "[drive]",
        *_comment(_say(language, "drive")),
        f"credentials_file = {quote(KEY_FILE)}",
        "",
    ]


def _report(plan: Plan | None) -> list[str]:
    """The report header: "Phòng Giáo dục và Đào tạo huyện Thanh Miện" gives the issuer, the
    body above it and the place of the date line."""
    if plan is None or not plan.issuer or " Đào tạo " not in plan.issuer:
        return []
    body, _, place = plan.issuer.partition(" Đào tạo ")
    short_place = re.sub(r"^(?:huyện|quận|thị xã|thành phố|tỉnh)\s+(?=\D)", "", place)
    return [
        "[report]",
        f"issuer_parent = {quote('ỦY BAN NHÂN DÂN ' + place.upper())}",
        f"issuer = {quote((body + ' Đào tạo').upper())}",
        f"place = {quote(short_place)}",
        "",
    ]


def _campaign(
    plan: Plan | None, roster: str, language: str, drive_url: str | None, mailbox: str | None
) -> list[str]:
    title = (plan.title if plan else None) or _say(language, "title_placeholder")
    require = list(plan.require) if plan and plan.require else ["word", "scan"]
    lines = [
        "[[campaign]]",
        *_comment(_say(language, "campaign_id")),
        f"id = {quote(campaign_id(plan))}",
        f"title = {quote(_short(title))}",
        f"roster = {quote(roster)}",
        *_comment(_say(language, "roster_sheet")),
    ]
    if plan and not plan.require:
        lines += _comment(_say(language, "require_guessed"))
    lines.append(f"require = [{', '.join(quote(r) for r in require)}]")
    if drive_url:
        lines.append(f'source = {{ type = "drive", folder_id = {quote(drive_url)} }}')
    else:
        paper = plan is not None and any(c["type"] == "paper" for c in plan.channels)
        if mailbox or paper:
            lines += _comment(_say(language, "folder_for_mail", address=mailbox or "—"))
        else:
            lines += _comment(_say(language, "folder_source"))
        lines.append(f'source = {{ type = "folder", path = {quote(INBOX)} }}')
        if mailbox:
            lines += _comment(_say(language, "imap_source"))
            lines.append(
                f'# source = {{ type = "imap", host = {quote(imap_host(mailbox))}, '
                f"username = {quote(mailbox)} }}"
            )
    lines.append("")
    deadlines = plan.deadlines if plan else ()
    if not deadlines:
        lines += _comment(_say(language, "no_deadline" if plan else "period_placeholder"))
        lines += [
            "# [[campaign.period]]",
            '# id = "2024-interim"',
            '# label = "Báo cáo sơ kết 2024"',
            '# due_before = "2024-06-01"',
        ]
        return lines
    used: set[str] = set()
    for deadline in deadlines:
        lines += _period(deadline, language, used, several=len(deadlines) > 1)
    return lines


def _period(deadline: Deadline, language: str, used: set[str], several: bool) -> list[str]:
    moment = deadline.last_moment
    lines = [*_comment(_say(language, "quote", quote=deadline.quote)), "[[campaign.period]]"]
    if moment is None:
        return [*lines[:-1], *_comment(_say(language, "monthly_no_date")), ""]
    year = moment.year
    label = deadline.label if str(year) in deadline.label else f"{deadline.label} {year}"
    period_id = _unique(f"{year}-{slug(deadline.label)}", used)
    lines += [f"id = {quote(period_id)}", f"label = {quote(label)}"]
    if (moment.hour, moment.minute, moment.second) == (23, 59, 59):
        lines.append(f'due_before = "{(moment.date() + dt.timedelta(days=1)).isoformat()}"')
    else:
        lines.append(f'due_at = "{moment.replace(tzinfo=None).isoformat(timespec="seconds")}"')
    keywords = _keywords(deadline.label) if several else []
    if keywords:
        lines.append(f"keywords = [{', '.join(quote(k) for k in keywords)}]")
    if deadline.recurring:
        lines += _comment(_say(language, f"recurring_{deadline.recurring}"))
    return [*lines, ""]


def _keywords(label: str) -> list[str]:
    """Words in file names that mean this period: "Báo cáo sơ kết" -> ["so ket"]."""
    phrase = " ".join(fold(label).replace("bao cao", " ").split()[:3])
    if not phrase:
        return []
    return [f"bao cao {phrase}"] if phrase == "nam" else [phrase]


_IMAP_HOSTS = {
    "gmail.com": "imap.gmail.com",
    "googlemail.com": "imap.gmail.com",
    "outlook.com": "outlook.office365.com",
    "hotmail.com": "outlook.office365.com",
    "yahoo.com": "imap.mail.yahoo.com",
}


def imap_host(address: str) -> str:
    """The usual IMAP server of an address's provider ("imap.<domain>" when unknown)."""
    domain = address.rsplit("@", 1)[-1].lower()
    return _IMAP_HOSTS.get(domain, f"imap.{domain}")


def campaign_id(plan: Plan | None) -> str:
    if plan is None:
        return "ke-hoach"
    years = [d.last_moment.year for d in plan.deadlines if d.last_moment]
    base = slug(" ".join((plan.title or "ke hoach").split()[:4]))
    return f"{base}-{min(years)}" if years else base


def slug(text: str) -> str:
    folded = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return folded[:40].strip("-") or "ky"


def _unique(value: str, used: set[str]) -> str:
    candidate, number = value, 2
    while candidate in used:
        candidate, number = f"{value}-{number}", number + 1
    used.add(candidate)
    return candidate


def _short(title: str, limit: int = 160) -> str:
    return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"


def quote(value: str) -> str:
    """A TOML basic string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f]", lambda m: f"\\u{ord(m.group(0)):04x}", escaped)
    return f'"{escaped}"'
