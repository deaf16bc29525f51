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
        "status": row.status.value,
        "overdue": row.overdue,
        "completed_at": local_iso(row.completed_at, campaign),
        "files": [
            {
                "id": f.record.id,
                "name": f.record.name,
                "role": f.role.value,
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


def csv_cells(campaign: Campaign, row: Row, language: str) -> list[object]:
    """One row of `status --format csv`, in the order of CSV_COLUMNS: every text made safe for
    a spreadsheet (no live formula, no control character)."""
    return safe.row(
        [
            campaign.id,
            row.period.id,
            row.school.code,
            row.school.name,
            row.school.level,
            status_label(row.status, language),
            t(language, "cell.yes" if row.overdue else "cell.no"),
            local_iso(row.completed_at, campaign) or "",
            row.days_late,
            "; ".join(safe.line(f.record.name) for f in row.files),
            " ".join(safe.line(problem) for problem in row.problems),
            " ".join(safe.line(warning) for warning in row.warnings),
            row.note,
        ]
    )


def rows_csv(pairs: list[tuple[Campaign, list[Row]]], language: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_header(CSV_COLUMNS, language))
    for campaign, rows in pairs:
        writer.writerows(csv_cells(campaign, row, language) for row in rows)
    return out.getvalue()


STYLE = {
    "on_time": "green",
    "late": "yellow",
    "incomplete": "dark_orange",
    "malformed": "red",
    "missing": "bold red",
    "pending": "white",
    "excused": "blue",
}


def rows_table(campaign: Campaign, rows: list[Row], language: str, zone: Any) -> Any:
    from rich.table import Table
    from rich.text import Text

    headers = (
        ("Trường", "Kỳ", "Tình trạng", "Nộp đủ lúc", "Tệp", "Vấn đề")
        if language == "vi"
        else ("School", "Period", "Status", "Complete at", "Files", "Problems")
    )
    table = Table(title=campaign.title, show_lines=False, expand=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        completed = (
            row.completed_at.astimezone(zone).strftime("%d/%m/%Y %H:%M") if row.completed_at else ""
        )
        label = status_label(row.status, language)
        shown = safe.terminal
        table.add_row(  # Text(), not markup: names come from uploads and may hold brackets
            Text(shown(school_label(row.school.name, row.school.level))),
            Text(shown(row.period.label)),
            Text(label, style=STYLE[row.status.value]),
            completed,
            Text("\n".join(shown(f.record.name) for f in row.files)),
            Text("\n".join(shown(problem) for problem in row.problems)),
        )
    return table
