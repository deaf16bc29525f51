"""E-mails to schools: reminders, receipts and problem notices, in an official, polite tone.

The wording lives here, per language; the templates (school.html / school.txt) only lay out
a list of blocks (paragraphs, bullet lists, a link), so the text and HTML parts always say the
same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from watcher.i18n import role_label
from watcher.matching.names import school_label, without_school_word
from watcher.model import Role, Row, Status
from watcher.notify.compose import render
from watcher.notify.decide import Planned, announced_deadline
from watcher.safe import display, shorten
from watcher.safe import url as safe_url
from watcher.status import file_problems

_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class SchoolContext:
    """What a school e-mail needs beyond the row: the campaign's words and the sender."""

    title: str
    require: tuple[Role, ...]
    zone: ZoneInfo
    language: str
    sender: str
    folder_url: str | None = None


@dataclass(frozen=True)
class SchoolMail:
    subject: str
    text: str
    html: str


def deadline_text(moment: datetime, zone: ZoneInfo, language: str) -> str:
    """'23 giờ 59 phút ngày 31/10/2023' / '23:59 on 31 October 2023' (local time)."""
    local = moment.astimezone(zone)
    if language == "en":
        return f"{local:%H:%M} on {local.day} {_MONTHS_EN[local.month - 1]} {local.year}"
    return f"{local.hour:02d} giờ {local.minute:02d} phút ngày {local:%d/%m/%Y}"


def moment_text(moment: datetime | None, zone: ZoneInfo, language: str) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    return (
        f"{local:%H:%M} ngày {local:%d/%m/%Y}"
        if language != "en"
        else f"{local:%H:%M} on {local:%d/%m/%Y}"
    )


def compose_school_mail(item: Planned, context: SchoolContext, now: datetime) -> SchoolMail:
    words = _WORDS[context.language if context.language in _WORDS else "vi"]
    row = item.row
    school = display(school_label(row.school.name, row.school.level), 80)
    blocks = _BLOCKS[item.kind](item, context, words, now)
    subject = words[f"subject.{_subject_kind(item)}"].format(
        label=display(row.period.label, 60),
        school=shorten(school, 50),
        date=f"{announced_deadline(row).astimezone(context.zone):%d/%m/%Y}",
    )
    page = {
        "subject": subject,
        "greeting": words["greeting"].format(
            school=school if context.language == "en" else without_school_word(school)
        ),
        "blocks": blocks,
        "closing": words["closing"],
        "signature": display(parseaddr(context.sender)[0] or words["department"], 120),
        "footer": words["footer"],
    }
    return SchoolMail(subject, render("school.txt", **page), render("school.html", **page))


def _subject_kind(item: Planned) -> str:
    if item.kind == "reminder":
        return "after" if item.stage.startswith("after") else "before"
    if item.kind == "receipt" and item.row.warnings:
        return "receipt_check"
    return item.kind


def _reminder(
    item: Planned, context: SchoolContext, words: dict[str, str], now: datetime
) -> list[dict[str, Any]]:
    row = item.row
    deadline = announced_deadline(row)
    values = _values(row, context, now)
    days = (deadline.astimezone(context.zone).date() - now.astimezone(context.zone).date()).days
    if now <= deadline:
        lead = words["before"].format(**values)
        when = words["days_left"].format(n=days) if days > 0 else words["due_today"]
        lead = f"{lead} ({when})."
    else:
        lead = words["after"].format(**values, n=max(1, -days))
    blocks: list[dict[str, Any]] = [
        {"kind": "p", "text": lead},
        {"kind": "p", "text": words["still_missing"].format(**values)},
        {"kind": "list", "items": [display(p, 300) for p in row.problems]},
        {"kind": "p", "text": words["require"].format(roles=_roles(context, words))},
    ]
    blocks += _folder(context, words)
    blocks.append({"kind": "p", "text": words["already_sent"]})
    return blocks


def _receipt(
    item: Planned, context: SchoolContext, words: dict[str, str], now: datetime
) -> list[dict[str, Any]]:
    row = item.row
    values = _values(row, context, now)
    verdict = (
        words["on_time"]
        if row.status is Status.ON_TIME
        else words["late"].format(n=max(1, row.days_late))
    )
    files = [
        f"{role_label(f.role, context.language)}: {display(f.record.name)}"
        for f in row.files
        if f.role is not Role.EXTRA
    ]
    if not row.warnings:
        return [
            {"kind": "p", "text": words["receipt"].format(**values, verdict=verdict)},
            {"kind": "list", "items": files},
            {"kind": "p", "text": words["thanks"]},
        ]
    # never "received in full" while something still needs the school's eye
    return [
        {"kind": "p", "text": words["receipt_check"].format(**values, verdict=verdict)},
        {"kind": "list", "items": files},
        {"kind": "p", "text": words["to_check"]},
        {"kind": "list", "items": [display(w, 300) for w in row.warnings]},
        {"kind": "p", "text": words["thanks"]},
    ]


def _problem(
    item: Planned, context: SchoolContext, words: dict[str, str], now: datetime
) -> list[dict[str, Any]]:
    row, file = item.row, item.file
    assert file is not None
    values = _values(row, context, now)
    reasons = [display(r, 300) for r in file_problems(file, context.language)]
    blocks: list[dict[str, Any]] = [
        {
            "kind": "p",
            "text": words["problem"].format(
                **values,
                name=display(file.record.name),
                uploaded=moment_text(file.record.uploaded_at, context.zone, context.language),
            ),
        },
        {"kind": "list", "items": reasons},
        {"kind": "p", "text": words["fix"].format(**values, roles=_roles(context, words))},
    ]
    return blocks + _folder(context, words)


_BLOCKS = {"reminder": _reminder, "receipt": _receipt, "problem": _problem}


def _values(row: Row, context: SchoolContext, now: datetime) -> dict[str, str]:
    return {
        "title": display(context.title, 200),
        "label": display(row.period.label, 120),
        "deadline": deadline_text(announced_deadline(row), context.zone, context.language),
        "now": moment_text(now, context.zone, context.language),
        "completed": moment_text(row.completed_at, context.zone, context.language),
    }


def _roles(context: SchoolContext, words: dict[str, str]) -> str:
    return words["and"].join(words[f"one.{role.value}"] for role in context.require)


def _folder(context: SchoolContext, words: dict[str, str]) -> list[dict[str, Any]]:
    url = safe_url(context.folder_url)
    return [{"kind": "link", "text": words["folder"], "url": url}] if url else []


_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "subject.before": "Nhắc nộp {label} — {school} — hạn chót {date}",
        "subject.after": "Quá hạn nộp {label} — {school}",
        "subject.receipt": "Đã nhận đủ {label} — {school}",
        "subject.receipt_check": "Đã nhận {label}, cần kiểm tra lại — {school}",
        "subject.problem": "Tệp nộp chưa dùng được — {label} — {school}",
        "greeting": "Kính gửi Hiệu trưởng Trường {school},",
        "before": "Phòng Giáo dục và Đào tạo kính nhắc nhà trường gửi {label} ({title}) "
        "chậm nhất vào {deadline}",
        "days_left": "còn {n} ngày",
        "due_today": "hạn chót là hôm nay",
        "after": "Hạn chót gửi {label} ({title}) là {deadline}; đến nay đã quá hạn {n} ngày. "
        "Đề nghị nhà trường khẩn trương hoàn thành và gửi báo cáo.",
        "still_missing": "Đến {now}, Phòng chưa nhận đủ báo cáo của nhà trường:",
        "require": "Mỗi đơn vị gửi {roles}.",
        "one.word": "01 tệp Word (.docx)",
        "one.scan": "01 bản scan có chữ ký, đóng dấu (PDF hoặc ảnh)",
        "one.paper": "01 bản giấy có chữ ký, đóng dấu gửi về Phòng",
        "and": " và ",
        "folder": "Thư mục nộp báo cáo",
        "already_sent": "Nếu nhà trường đã gửi đầy đủ, xin vui lòng bỏ qua thư này hoặc trả lời "
        "thư để Phòng kiểm tra lại.",
        "receipt": "Phòng Giáo dục và Đào tạo xác nhận đã nhận đủ {label} ({title}) của nhà "
        "trường lúc {completed}, {verdict}. Các tệp đã nhận:",
        "receipt_check": "Phòng Giáo dục và Đào tạo đã nhận {label} ({title}) của nhà trường "
        "lúc {completed}, {verdict}. Các tệp đã nhận:",
        "to_check": "Các tệp được tính là đã nộp, nhưng đề nghị nhà trường kiểm tra lại:",
        "on_time": "đúng hạn",
        "late": "trễ hạn {n} ngày",
        "thanks": "Cảm ơn nhà trường đã thực hiện.",
        "problem": "Tệp «{name}» nhà trường gửi lúc {uploaded} cho {label} ({title}) chưa "
        "sử dụng được:",
        "fix": "Đề nghị nhà trường kiểm tra lại tệp và gửi lại chậm nhất vào {deadline}: {roles}. "
        "Tệp gửi lại có thể đặt cùng thư mục; không cần xóa tệp cũ.",
        "closing": "Trân trọng.",
        "department": "Phòng Giáo dục và Đào tạo",
        "footer": "Thư gửi tự động từ hệ thống theo dõi báo cáo. Xin trả lời thư này nếu "
        "cần hỗ trợ.",
    },
    "en": {
        "subject.before": "Reminder: {label} — {school} — due {date}",
        "subject.after": "Overdue: {label} — {school}",
        "subject.receipt": "Received: {label} — {school}",
        "subject.receipt_check": "Received, please check: {label} — {school}",
        "subject.problem": "Your upload cannot be used — {label} — {school}",
        "greeting": "Dear Principal of {school},",
        "before": "The Department of Education and Training kindly reminds your school to "
        "send {label} ({title}) by {deadline}",
        "days_left": "{n} days left",
        "due_today": "the deadline is today",
        "after": "{label} ({title}) was due by {deadline}; it is now {n} days overdue. "
        "Please complete and send the report as soon as possible.",
        "still_missing": "As of {now}, the Department has not received your complete report:",
        "require": "Each school sends {roles}.",
        "one.word": "one Word file (.docx)",
        "one.scan": "one signed and stamped scan (PDF or image)",
        "one.paper": "one signed and stamped paper copy sent to the department",
        "and": " and ",
        "folder": "Upload folder",
        "already_sent": "If your school has already sent everything, please ignore this e-mail "
        "or reply so that the Department can check again.",
        "receipt": "The Department of Education and Training confirms it received your "
        "complete {label} ({title}) at {completed}, {verdict}. Files received:",
        "receipt_check": "The Department of Education and Training has received your "
        "{label} ({title}) at {completed}, {verdict}. Files received:",
        "to_check": "The files count as submitted, but please check:",
        "on_time": "on time",
        "late": "{n} days late",
        "thanks": "Thank you.",
        "problem": "The file «{name}» your school uploaded at {uploaded} for {label} "
        "({title}) cannot be used:",
        "fix": "Please check the file and upload it again by {deadline}: {roles}. The new "
        "file can go in the same folder; there is no need to delete the old one.",
        "closing": "Yours sincerely,",
        "department": "Department of Education and Training",
        "footer": "Automatic e-mail from the report watcher. Reply to this e-mail if you need "
        "help.",
    },
}
