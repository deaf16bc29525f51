"""The report as a workbook: a summary sheet (counts per period and level), then one sheet per
period with a frozen header, filters and colours by status.

Times are real Excel date-times in the campaign's local time (Excel has no time zones), so
staff can sort and filter them.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from watcher import safe
from watcher.i18n import status_label, t
from watcher.model import Row, Status
from watcher.report.summary import (
    STATUS_ORDER,
    PeriodReport,
    Report,
    decisions,
    files_text,
    findings,
)

# The digest's colours (watcher/notify/digest.py), so staff see one colour per status.
FILLS = {
    Status.ON_TIME: "D4EDDA",
    Status.LATE: "FFF3CD",
    Status.INCOMPLETE: "FFE5B4",
    Status.MALFORMED: "F8D7DA",
    Status.MISSING: "F5C6CB",
    Status.PENDING: "E2E3E5",
    Status.UNVERIFIED: "FFF9C4",
    Status.EXCUSED: "D6D8F5",
}
# (i18n key, width in characters, number format or None)
COLUMNS: tuple[tuple[str, int, str | None], ...] = (
    ("index", 6, None),
    ("code", 20, None),
    ("school", 26, None),
    ("level", 9, None),
    ("status", 20, None),
    ("deadline", 17, "dd/mm/yyyy hh:mm"),
    ("received", 17, "dd/mm/yyyy hh:mm"),
    ("days_late", 11, None),
    ("files", 48, None),
    ("problems", 48, None),
    ("note", 36, None),
)
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin", color="999999")


def write_xlsx(report: Report, out: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    used: set[str] = set()
    _summary_sheet(workbook.create_sheet(sheet_title(t(report.language, "report.sheet_summary"),
                                                      used)), report)  # fmt: skip
    for section in report.periods:
        sheet = workbook.create_sheet(sheet_title(section.period.label, used))
        _fill_sheet(sheet, report, section)
    workbook.properties.title = safe.line(report.campaign.title)
    workbook.save(out)


def _summary_sheet(sheet: Worksheet, report: Report) -> None:
    """One line per (period, level) and a total line per period: how many schools, by status."""
    language = report.language
    statuses = list(STATUS_ORDER)
    header = [
        t(language, "report.col.period"),
        t(language, "report.col.level"),
        t(language, "report.col.total"),
        *(status_label(status, language) for status in statuses),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for position, status in enumerate(statuses, start=4):
        sheet.cell(row=1, column=position).fill = PatternFill("solid", fgColor=FILLS[status])
    for section in report.periods:
        levels = sorted({row.school.level for row in section.rows})
        for level in [*levels, None]:
            rows = [r for r in section.rows if level is None or r.school.level == level]
            counts = [sum(1 for r in rows if r.status is status) for status in statuses]
            name = level if level is not None else t(language, "report.total_row")
            sheet.append([section.period.label, name, len(rows), *counts])
            if level is None:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
    widths = [34, 12, 9, *([14] * len(statuses))]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"


def sheet_title(label: str, used: set[str]) -> str:
    """A legal, unique sheet name: at most 31 characters, none of []:*?/\\ ."""
    base = _SHEET_FORBIDDEN.sub(" ", safe.line(label)).strip().strip("'") or "Sheet"
    base = re.sub(r"\s+", " ", base)[:SHEET_NAME_MAX].strip()
    name, number = base, 2
    while name.casefold() in used:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        number += 1
    used.add(name.casefold())
    return name


def _fill_sheet(sheet: Worksheet, report: Report, section: PeriodReport) -> None:
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDDDDD")
    sheet.append(safe.row([t(report.language, f"report.col.{key}") for key, _, _ in COLUMNS]))
    for cell in sheet[1]:
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(bottom=_THIN)
    for number, row in enumerate(section.rows, start=1):
        sheet.append(_values(report, number, row))
        _style_row(sheet, sheet.max_row, row)
    for position, (_, width, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _values(report: Report, number: int, row: Row) -> list[Any]:
    return safe.row(
        [
            number,
            row.school.code,
            row.school.name,
            row.school.level,
            status_label(row.status, report.language),
            _naive_local(row.deadline, report),
            _naive_local(row.completed_at, report),
            row.days_late or None,
            files_text(row) or None,
            "\n".join(safe.line(note) for note in findings(row, report.language)) or None,
            "\n".join(safe.line(d) for d in decisions(row, report.campaign, report.language))
            or None,
        ]
    )


def _naive_local(moment: datetime | None, report: Report) -> datetime | None:
    return moment.astimezone(report.zone).replace(tzinfo=None) if moment else None


def _style_row(sheet: Worksheet, index: int, row: Row) -> None:
    fill = PatternFill("solid", fgColor=FILLS[row.status])
    for position, (_, _, number_format) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=index, column=position)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        if number_format:
            cell.number_format = number_format
    sheet.cell(row=index, column=5).fill = fill  # the status column
