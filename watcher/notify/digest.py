"""The staff digest: the headline, a colour-coded matrix, changes, problems, unmatched files.

Pure: `compose(DigestInput)` renders the subject, the plain text and the HTML (Jinja2,
autoescaped, inline styles, tables, no scripts, no remote images). Both parts carry the same
content.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from watcher.i18n import role_label, status_label
from watcher.matching.names import school_label
from watcher.model import Row, School, SourceFile, Status, Transition
from watcher.notify.compose import render
from watcher.review import Held
from watcher.safe import display, shorten
from watcher.safe import url as safe_url
from watcher.status import department_note, file_problems
from watcher.text import fold

DONE = (Status.ON_TIME, Status.LATE, Status.EXCUSED)
COLOURS = {
    Status.ON_TIME: "#c8e6c9",
    Status.LATE: "#fff0b3",
    Status.INCOMPLETE: "#ffd8a8",
    Status.MALFORMED: "#f5b7b1",
    Status.MISSING: "#ef9a9a",
    Status.PENDING: "#e6e6e6",
    Status.UNVERIFIED: "#fff9c4",
    Status.EXCUSED: "#d6d8f5",
}
ORDER = [
    Status.MISSING,
    Status.MALFORMED,
    Status.INCOMPLETE,
    Status.LATE,
    Status.UNVERIFIED,
    Status.PENDING,
    Status.ON_TIME,
    Status.EXCUSED,
]

LABELS = {
    "vi": {
        "intro": "Tình hình nộp báo cáo lúc",
        "last_poll": "Thư mục được đọc đầy đủ lần gần nhất lúc",
        "stale": "Chú ý: đã hơn một ngày thư mục chưa được đọc thành công; tình trạng dưới đây "
        "có thể chưa cập nhật.",
        "never_polled": "Chú ý: thư mục chưa được đọc thành công lần nào; tình trạng dưới đây "
        "chưa phản ánh các tệp đã nộp.",
        "summary": "Tổng hợp theo kỳ",
        "period": "Kỳ báo cáo",
        "deadline": "Hạn chót",
        "matrix": "Tình trạng từng trường",
        "school": "Trường",
        "changes": "Thay đổi từ bản tin trước",
        "no_changes": "Không có thay đổi.",
        "first": "Đây là bản tin đầu tiên của đợt báo cáo này: chưa có bản tin trước để so "
        "sánh. Tình trạng của {count} lượt trường – kỳ được ghi nhận lần đầu (xem bảng trên).",
        "malformed": "Tệp không dùng được",
        "unmatched": "Tệp chưa xác định được trường hoặc kỳ",
        "late": "Trường nộp trễ",
        "missing": "Trường chưa nộp (đã quá hạn)",
        "incomplete": "Trường nộp chưa đủ hoặc tệp lỗi",
        "to_check": "Cần kiểm tra lại (tệp vẫn được tính)",
        "with_warning": "lưu ý",
        "no_email": "Trường chưa có địa chỉ e-mail (không nhận được thư nhắc)",
        "failed": "Thư không gửi được",
        "days_late": "trễ {n} ngày",
        "folder": "Thư mục",
        "reason": "Lý do",
        "could_be": "Có thể là",
        "settle": "Xếp tệp (chạy một lệnh)",
        "not_submission": "Nếu không phải bài nộp",
        "uploaded": "tải lên",
        "total": "Tổng",
        "footer": "Thư tự động từ hệ thống theo dõi báo cáo (watcher). Màu ô chỉ để dễ nhìn; "
        "tình trạng luôn được ghi bằng chữ.",
    },
    "en": {
        "intro": "Submission status at",
        "last_poll": "The folder was last read completely at",
        "stale": "Note: the folder has not been read successfully for more than a day; the "
        "statuses below may be out of date.",
        "never_polled": "Note: the folder has never been read successfully; the statuses below "
        "do not reflect any upload.",
        "summary": "Summary per period",
        "period": "Period",
        "deadline": "Deadline",
        "matrix": "Status of every school",
        "school": "School",
        "changes": "Changes since the last digest",
        "no_changes": "No changes.",
        "first": "This is the first digest of this campaign: there is no earlier one to compare "
        "with. {count} school-period statuses were recorded for the first time (see above).",
        "malformed": "Unusable files",
        "unmatched": "Files not yet placed to a school or period",
        "late": "Late schools",
        "missing": "Missing schools (deadline passed)",
        "incomplete": "Incomplete submissions or unusable files",
        "to_check": "To check (the files still count)",
        "with_warning": "to check",
        "no_email": "Schools with no e-mail address (they get no reminders)",
        "failed": "E-mails that could not be delivered",
        "days_late": "{n} days late",
        "folder": "Folder",
        "reason": "Reason",
        "could_be": "Could be",
        "settle": "To place it (run one)",
        "not_submission": "If it is not a submission",
        "uploaded": "uploaded",
        "total": "Total",
        "footer": "Automatic e-mail from the report watcher. Colours are only a help; every "
        "status is also written in words.",
    },
}


@dataclass(frozen=True)
class FailedMail:
    recipients: tuple[str, ...]
    subject: str
    error: str
    at: datetime | None


@dataclass(frozen=True)
class DigestInput:
    title: str
    rows: list[Row]
    now: datetime
    zone: ZoneInfo
    language: str = "vi"
    unmatched: list[SourceFile] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)  # the review queue: candidates, commands
    changes: list[Transition] = field(default_factory=list)
    failed_mail: list[FailedMail] = field(default_factory=list)
    unreachable: list[School] = field(default_factory=list)
    last_poll: datetime | None = None  # the last time the folder was read completely
    never_polled: bool = False  # no poll of this campaign has ever succeeded
    first: bool = False  # no digest of this campaign went out before this one


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str


def focus_period(rows: list[Row], now: datetime) -> str | None:
    """The period a headline speaks of: the next deadline ahead, else the latest past one."""
    deadlines = {row.period.id: row.period.deadline for row in rows}
    ahead = sorted((d, p) for p, d in deadlines.items() if d >= now)
    if ahead:
        return ahead[0][1]
    behind = sorted((d, p) for p, d in deadlines.items())
    return behind[-1][1] if behind else None


def headline(rows: list[Row], now: datetime, language: str, zone: ZoneInfo) -> str:
    """'12/45 trường chưa nộp đủ Báo cáo sơ kết 2024 — còn 3 ngày' (excused schools left out)."""
    period_id = focus_period(rows, now)
    mine = [r for r in rows if r.period.id == period_id and r.status is not Status.EXCUSED]
    if not mine:
        return ""
    open_count = sum(1 for r in mine if r.status not in DONE)
    label, deadline = display(mine[0].period.label, 60), mine[0].period.deadline
    days = (deadline.astimezone(zone).date() - now.astimezone(zone).date()).days
    if language == "en":
        when = (
            f"{days} days left"
            if days > 0
            else ("due today" if days == 0 else f"{-days} days past the deadline")
        )
        return f"{open_count}/{len(mine)} schools have not completed {label} — {when}"
    when = (
        f"còn {days} ngày"
        if days > 0
        else ("hạn chót hôm nay" if days == 0 else f"quá hạn {-days} ngày")
    )
    return f"{open_count}/{len(mine)} trường chưa nộp đủ {label} — {when}"


def compose(data: DigestInput) -> Digest:
    context = digest_context(data)
    return Digest(
        subject=str(context["subject"]),
        text=render("digest.txt", **context),
        html=render("digest.html", **context),
    )


def digest_context(data: DigestInput) -> dict[str, object]:
    language = data.language if data.language in LABELS else "vi"

    def local(moment: datetime | None) -> str:
        return moment.astimezone(data.zone).strftime("%d/%m/%Y %H:%M") if moment else ""

    periods = _periods(data.rows)
    title = display(data.title, 200)
    head = headline(data.rows, data.now, language, data.zone)
    subject = f"{head} · {shorten(title, 70)}" if head else title
    return {
        "subject": subject,
        "headline": head,
        "title": title,
        "now": local(data.now),
        "last_poll": local(data.last_poll) if data.last_poll else "",
        "stale": _staleness(data),
        "L": LABELS[language],
        "summary": [_summary(p_rows, language, local) for p_rows in periods.values()],
        "period_labels": [display(p_rows[0].period.label, 60) for p_rows in periods.values()],
        "matrix": _matrix(data.rows, periods, data.now, language),
        "changes": _changes(data.changes, data.rows, language, local),
        "first": LABELS[language]["first"].format(count=len(data.rows)) if data.first else "",
        "malformed": _malformed(data.rows, language, local),
        "unmatched": [
            _unmatched(item, local, {h.record.id: h for h in data.held}) for item in data.unmatched
        ],
        "attention": [_attention(p_rows, language) for p_rows in periods.values()],
        "no_email": [display(school_label(s.name, s.level), 100) for s in data.unreachable],
        "failed_mail": [
            {
                "to": display(", ".join(m.recipients), 200),
                "subject": display(m.subject, 150),
                "error": display(m.error, 300),
                "at": local(m.at),
            }
            for m in data.failed_mail
        ],
    }


def _periods(rows: list[Row]) -> dict[str, list[Row]]:
    periods: dict[str, list[Row]] = {}
    for row in sorted(rows, key=lambda r: r.period.deadline):
        periods.setdefault(row.period.id, []).append(row)
    return periods


def _school_name(school: School) -> str:
    return display(school_label(school.name, school.level), 100)


def _cell_label(row: Row, language: str) -> str:
    """'Đúng hạn', 'Trễ hạn (trễ 2 ngày)', 'Đúng hạn · lưu ý' (what to check is listed below)."""
    label = status_label(row.status, language)
    if row.days_late:
        label += " (" + LABELS[language]["days_late"].format(n=row.days_late) + ")"
    if row.warnings:
        label += " · " + LABELS[language]["with_warning"]
    return label


def _summary(rows: list[Row], language: str, local: Callable[..., str]) -> dict[str, object]:
    counts = Counter(row.status for row in rows)
    return {
        "label": display(rows[0].period.label, 120),
        "deadline": local(rows[0].period.deadline),
        "counts": [(status_label(s, language), counts[s], COLOURS[s]) for s in ORDER if counts[s]],
        "total": len(rows),
    }


def _matrix(
    rows: list[Row], periods: dict[str, list[Row]], now: datetime, language: str
) -> list[dict[str, object]]:
    """One line per school, one coloured cell per period; the worst in the focus period first."""
    focus = focus_period(rows, now)
    by_school: dict[str, dict[str, Row]] = {}
    schools: dict[str, School] = {}
    for row in rows:
        by_school.setdefault(row.school.code, {})[row.period.id] = row
        schools.setdefault(row.school.code, row.school)

    def rank(code: str) -> tuple[int, int, str, str]:
        current = by_school[code].get(focus or "")
        worst = min(ORDER.index(r.status) for r in by_school[code].values())
        school = schools[code]
        return (
            ORDER.index(current.status) if current else 99,
            worst,
            school.level,
            fold(school.name),
        )

    labels: dict[Status, str] = {s: status_label(s, language) for s in Status}
    lines: list[dict[str, object]] = []
    for code in sorted(by_school, key=rank):
        cells: list[dict[str, str]] = []
        for period_id in periods:
            found = by_school[code].get(period_id)
            if found is None:
                cells.append({"label": "—", "colour": "#ffffff"})
                continue
            plain = not (found.days_late or found.warnings)
            label = labels[found.status] if plain else _cell_label(found, language)
            cells.append({"label": label, "colour": COLOURS[found.status]})
        lines.append({"school": _school_name(schools[code]), "cells": cells})
    return lines


def _changes(
    changes: list[Transition], rows: list[Row], language: str, local: Callable[..., str]
) -> list[dict[str, str]]:
    schools = {row.school.code: row.school for row in rows}
    periods = {row.period.id: row.period.label for row in rows}
    return [
        {
            "school": _school_name(schools[c.school]) if c.school in schools else display(c.school),
            "period": display(periods.get(c.period, c.period), 80),
            "before": status_label(c.before, language) if c.before else "—",
            "after": status_label(c.after, language),
            "at": local(c.at),
        }
        for c in changes
    ]


def _file(item: SourceFile, language: str) -> dict[str, object]:
    return {
        "name": display(item.record.name),
        "url": safe_url(item.record.url),
        "role": role_label(item.role, language),
    }


def _malformed(
    rows: list[Row], language: str, local: Callable[..., str]
) -> list[dict[str, object]]:
    found = []
    for row in rows:
        for item in row.files:
            reasons = file_problems(item, language)
            if reasons:
                found.append(
                    {
                        "school": _school_name(row.school),
                        "period": display(row.period.label, 80),
                        **_file(item, language),
                        "uploaded": local(item.record.uploaded_at),
                        "reasons": [display(r, 300) for r in reasons],
                    }
                )
    return found


def _unmatched(
    item: SourceFile, local: Callable[..., str], held: dict[str, Held]
) -> dict[str, object]:
    queued = held.get(item.record.id)
    return {
        "name": display(item.record.name),
        "url": safe_url(item.record.url),
        "folder": display("/".join(item.record.folders), 120),
        "reason": display(item.placement.reason, 300),
        "uploaded": local(item.record.uploaded_at),
        "problems": [display(p, 300) for p in queued.problems] if queued else [],
        "candidates": display(
            "; ".join(f"{c.name} [{c.code}]" for c in queued.schools) if queued else "", 300
        ),
        "commands": [display(c, 500) for c in queued.commands[:2]] if queued else [],
        "ignore_command": display(queued.ignore_command, 500) if queued else "",
    }


def _attention(rows: list[Row], language: str) -> dict[str, object]:
    """Late, missing and incomplete schools of one period, with what is wrong and the files."""
    ordered = sorted(rows, key=lambda r: (r.school.level, fold(r.school.name)))  # Đ beside D
    return {
        "label": display(rows[0].period.label, 120),
        "late": [
            f"{_school_name(r.school)} ({LABELS[language]['days_late'].format(n=r.days_late)})"
            for r in ordered
            if r.status is Status.LATE
        ],
        "missing": [_school_name(r.school) for r in ordered if r.status is Status.MISSING],
        "incomplete": [
            {
                "school": _school_name(r.school),
                "status": status_label(r.status, language),
                "colour": COLOURS[r.status],
                "problems": [display(p, 300) for p in r.problems],
                "files": [_file(f, language) for f in r.files],
            }
            for r in ordered
            if r.status in (Status.INCOMPLETE, Status.MALFORMED)
        ],
        "to_check": [
            {
                "school": _school_name(r.school),
                "status": _cell_label(r, language),
                "colour": COLOURS[r.status],
                "notes": [display(department_note(w), 300) for w in r.warnings],
                "files": [_file(f, language) for f in r.files],
            }
            for r in ordered
            if r.warnings and r.status not in (Status.INCOMPLETE, Status.MALFORMED)
        ],
    }


def _staleness(data: DigestInput) -> str:
    """ "never_polled", "stale" (over a day old) or "": staff must know a view is old."""
    if data.never_polled:
        return "never_polled"
    if data.last_poll and data.now - data.last_poll > timedelta(days=1):
        return "stale"
    return ""
