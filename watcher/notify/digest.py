"""The staff digest: the headline, a status matrix, changes, problems, unmatched files."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from watcher.i18n import role_label, status_label
from watcher.model import Placement, Row, SourceFile, Status, Transition
from watcher.notify.compose import render
from watcher.status import file_problems

DONE = (Status.ON_TIME, Status.LATE, Status.EXCUSED)
COLOURS = {
    Status.ON_TIME: "#d4edda",
    Status.LATE: "#fff3cd",
    Status.INCOMPLETE: "#ffe5b4",
    Status.MALFORMED: "#f8d7da",
    Status.MISSING: "#f5c6cb",
    Status.PENDING: "#e2e3e5",
    Status.EXCUSED: "#d6d8f5",
}
ORDER = [
    Status.MISSING,
    Status.MALFORMED,
    Status.INCOMPLETE,
    Status.LATE,
    Status.PENDING,
    Status.ON_TIME,
    Status.EXCUSED,
]


LABELS = {
    "vi": {
        "intro": "Tình hình nộp báo cáo lúc",
        "deadline": "Hạn cuối",
        "school": "Trường",
        "status": "Tình trạng",
        "completed": "Nộp đủ lúc",
        "files": "Tệp",
        "problems": "Vấn đề",
        "changes": "Thay đổi từ bản tin trước",
        "no_changes": "Không có thay đổi.",
        "malformed": "Tệp không dùng được",
        "unmatched": "Tệp chưa xác định được trường/kỳ",
        "late": "Trường nộp trễ",
        "missing": "Trường chưa nộp (quá hạn)",
        "failed": "Thư không gửi được",
        "days_late": "trễ {n} ngày",
        "folder": "Thư mục",
        "reason": "Lý do",
        "total": "Tổng số",
        "footer": "Thư tự động từ watcher. Trả lời thư này nếu cần hỗ trợ.",
    },
    "en": {
        "intro": "Submission status at",
        "deadline": "Deadline",
        "school": "School",
        "status": "Status",
        "completed": "Complete at",
        "files": "Files",
        "problems": "Problems",
        "changes": "Changes since the last digest",
        "no_changes": "No changes.",
        "malformed": "Unusable files",
        "unmatched": "Files not yet placed to a school/period",
        "late": "Late schools",
        "missing": "Missing schools (deadline passed)",
        "failed": "E-mails that could not be delivered",
        "days_late": "{n} days late",
        "folder": "Folder",
        "reason": "Reason",
        "total": "Total",
        "footer": "Automatic e-mail from watcher. Reply to this e-mail if you need help.",
    },
}


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


def headline(title: str, rows: list[Row], now: datetime, language: str) -> str:
    period_id = focus_period(rows, now)
    mine = [r for r in rows if r.period.id == period_id and r.status is not Status.EXCUSED]
    if not mine:
        return title
    open_count = sum(1 for r in mine if r.status not in DONE)
    label, deadline = mine[0].period.label, mine[0].period.deadline
    days = math.ceil((deadline - now) / timedelta(days=1))
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


def compose(
    *,
    title: str,
    rows: list[Row],
    unmatched: list[tuple[SourceFile, Placement]],
    changes: list[Transition],
    failed_mail: list[str],
    now: datetime,
    language: str,
    zone: Any,
) -> Digest:
    context = _context(title, rows, unmatched, changes, failed_mail, now, language, zone)
    return Digest(
        subject=context["subject"],
        text=render("digest.txt", **context),
        html=render("digest.html", **context),
    )


def _context(
    title: str,
    rows: list[Row],
    unmatched: list[tuple[SourceFile, Placement]],
    changes: list[Transition],
    failed_mail: list[str],
    now: datetime,
    language: str,
    zone: Any,
) -> dict[str, Any]:
    names = {(r.school.code): r.school for r in rows}
    periods: dict[str, list[Row]] = {}
    for row in rows:
        periods.setdefault(row.period.id, []).append(row)

    def local(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M") if moment else ""

    return {
        "subject": f"[{title}] {headline(title, rows, now, language)}",
        "title": title,
        "now": local(now),
        "periods": [_period_block(p_rows, language, local) for p_rows in periods.values()],
        "changes": [
            {
                "school": f"{names[c.school].level} {names[c.school].name}"
                if c.school in names
                else c.school,
                "period": c.period,
                "before": status_label(c.before, language) if c.before else "—",
                "after": status_label(c.after, language),
                "at": local(c.at),
            }
            for c in changes
        ],
        "malformed": [
            {
                "school": f"{r.school.level} {r.school.name}",
                "period": r.period.label,
                "name": f.record.name,
                "url": f.record.url,
                "reasons": file_problems(f, language),
            }
            for r in rows
            for f in r.files
            if file_problems(f, language)
        ],
        "unmatched": [
            {
                "name": item.record.name,
                "folder": "/".join(item.record.folders),
                "url": item.record.url,
                "reason": placement.reason,
                "uploaded": local(item.record.uploaded_at),
            }
            for item, placement in unmatched
        ],
        "failed_mail": failed_mail,
        "L": LABELS[language],
        "colours": {s.value: c for s, c in COLOURS.items()},
        "status_label": lambda s: status_label(Status(s), language),
        "role_label": lambda r: role_label(r, language),
    }


def _period_block(rows: list[Row], language: str, local: Any) -> dict[str, Any]:
    counts = Counter(row.status for row in rows)
    ordered = sorted(rows, key=lambda r: (ORDER.index(r.status), r.school.level, r.school.name))
    return {
        "label": rows[0].period.label,
        "deadline": local(rows[0].period.deadline),
        "counts": [(status_label(s, language), counts[s], COLOURS[s]) for s in ORDER if counts[s]],
        "total": len(rows),
        "rows": [
            {
                "code": r.school.code,
                "school": f"{r.school.level} {r.school.name}",
                "status": r.status.value,
                "label": status_label(r.status, language),
                "colour": COLOURS[r.status],
                "completed": local(r.completed_at),
                "days_late": r.days_late,
                "note": r.note,
                "files": [
                    {
                        "name": f.record.name,
                        "url": f.record.url,
                        "role": role_label(f.role, language),
                    }
                    for f in r.files
                ],
                "problems": list(r.problems),
            }
            for r in ordered
        ],
        "late": [f"{r.school.level} {r.school.name}" for r in ordered if r.status is Status.LATE],
        "missing": [
            f"{r.school.level} {r.school.name}" for r in ordered if r.status is Status.MISSING
        ],
    }
