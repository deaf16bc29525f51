"""Statuses as people and programs read them: the JSON contract, a table, CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from watcher import safe
from watcher.config import Campaign
from watcher.i18n import status_label, t
from watcher.matching.names import school_label
from watcher.model import Row, SourceFile
from watcher.review import Held, held_json
from watcher.status import file_problems, file_warnings


def local_iso(moment: datetime | None, campaign: Campaign) -> str | None:
    return moment.astimezone(campaign.timezone).isoformat(timespec="seconds") if moment else None


def campaign_json(
    campaign: Campaign,
    rows: list[Row],
    items: list[SourceFile],
    language: str,
    held: list[Held] | None = None,
) -> dict[str, Any]:
    """The JSON contract of one campaign; `unmatched` is the review queue (`held`), with each
    file's candidates, reason and the commands that settle it."""
    return {
        "id": campaign.id,
        "title": campaign.title,
        "periods": [
            {"id": p.id, "label": p.label, "deadline": local_iso(p.deadline, campaign)}
            for p in campaign.periods
        ],
        "rows": [_row_json(row, campaign, language) for row in rows],
        "unmatched": [held_json(h, campaign) for h in held]
        if held is not None
        else [
            {"id": i.record.id, "name": i.record.name, "reason": i.placement.reason}
            for i in items
            if i.placement.held
        ],
    }


def _row_json(row: Row, campaign: Campaign, language: str) -> dict[str, Any]:
    return {
        "school": row.school.code,
        "school_name": row.school.name,
        "period": row.period.id,
        "status": str(row.status),  # a StrEnum: its value, without enum's slow .value
        "overdue": row.overdue,
        "completed_at": local_iso(row.completed_at, campaign),
        "files": [
            {
                "id": f.record.id,
                "name": f.record.name,
                "role": str(f.role),
                "uploaded_at": local_iso(f.record.uploaded_at, campaign),
                "problems": file_problems(f, language),
                "warnings": file_warnings(f, language),
                "url": f.record.url,
            }
            for f in row.files
        ],
        "problems": list(row.problems),
        "warnings": list(row.warnings),
    }


# CSV is for people (a spreadsheet): headers and words follow `language`; programs read JSON.
CSV_COLUMNS = [
    "campaign",
    "period",
    "school",
    "school_name",
    "level",
    "status_label",
    "overdue",
    "completed_at",
    "days_late",
    "files",
    "problems",
    "warnings",
    "note",
]


def csv_header(columns: list[str], language: str) -> list[str]:
    return [t(language, f"col.{column}") for column in columns]


def csv_cells(campaign: Campaign, row: Row, language: str, *, read: bool = True) -> list[object]:
    """One row of `status --format csv`, in the order of CSV_COLUMNS: every text made safe for
    a spreadsheet (no live formula, no control character)."""
    return safe.row(
        [
            campaign.id,
            row.period.id,
            row.school.code,
            row.school.name,
            row.school.level,
            status_label(row.status, language) if read else t(language, "table.not_read"),
            t(language, "cell.yes" if row.overdue else "cell.no"),
            local_iso(row.completed_at, campaign) or "",
            row.days_late,
            "; ".join(safe.line(f.record.name) for f in row.files),
            " ".join(safe.line(problem) for problem in row.problems),
            " ".join(safe.line(warning) for warning in row.warnings),
            row.note,
        ]
    )


def rows_csv(
    pairs: list[tuple[Campaign, list[Row]]], language: str, unread: frozenset[str] = frozenset()
) -> str:
    """`unread`: ids of campaigns whose folder was never read completely."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_header(CSV_COLUMNS, language))
    for campaign, rows in pairs:
        read = campaign.id not in unread
        writer.writerows(csv_cells(campaign, row, language, read=read) for row in rows)
    return out.getvalue()


STYLE = {
    "on_time": "green",
    "late": "yellow",
    "incomplete": "dark_orange",
    "malformed": "red",
    "missing": "bold red",
    "pending": "white",
    "unverified": "magenta",
    "excused": "blue",
}


NARROW = 80  # the table fits an 80-column terminal; `--wide` adds files and problems


def row_label(row: Row, language: str, *, read: bool = True) -> str:
    """The status as people read it: 'Đúng hạn · lưu ý'; 'Chưa đọc thư mục' before any read."""
    if not read:
        return t(language, "table.not_read")
    label = status_label(row.status, language)
    return t(language, "table.with_warning", status=label) if row.warnings else label


def rows_table(
    campaign: Campaign,
    rows: list[Row],
    language: str,
    zone: Any,
    *,
    wide: bool = False,
    read: bool = True,
) -> Any:
    """One line per (school, period). `read=False`: the folder was never read completely, so
    no status is known (every school would otherwise look missing)."""
    from rich.table import Table
    from rich.text import Text

    keys = ["school", "period", "status", "completed"] + (["files", "problems"] if wide else [])
    table = Table(title=campaign.title, show_lines=False, expand=False,
                  width=None if wide else NARROW)  # fmt: skip
    for key in keys:
        table.add_column(t(language, f"table.{key}"), overflow="fold")
    for row in rows:
        moment = row.completed_at.astimezone(zone) if row.completed_at else None
        completed = moment.strftime("%d/%m/%Y %H:%M" if wide else "%d/%m %H:%M") if moment else ""
        style = STYLE[row.status.value] if read else "white"
        shown = safe.terminal
        cells = [  # Text(), not markup: names come from uploads and may hold brackets
            Text(shown(school_label(row.school.name, row.school.level))),
            Text(shown(row.period.label)),
            Text(row_label(row, language, read=read), style=style),
            Text(completed),
        ]
        if wide:
            notes = [
                *(shown(problem) for problem in row.problems),
                *(t(language, "table.warning_line", text=shown(w)) for w in row.warnings),
            ]
            files = "\n".join(shown(f.record.name) for f in row.files)
            cells += [Text(files), Text("\n".join(notes))]
        table.add_row(*cells)
    return table
