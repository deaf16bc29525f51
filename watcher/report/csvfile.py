"""The report as CSV: the columns of `watcher status --format csv` plus the period's label.

UTF-8 with a byte-order mark and CRLF line ends, so Excel opens Vietnamese text correctly.
"""

from __future__ import annotations

import csv
from pathlib import Path

from watcher import safe
from watcher.report.summary import Report, department_problems, department_warnings
from watcher.statusview import CSV_COLUMNS, csv_cells, csv_header

COLUMNS = [*CSV_COLUMNS[:2], "period_label", *CSV_COLUMNS[2:]]


def write_csv(report: Report, out: Path) -> None:
    campaign = report.campaign
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)  # the csv module ends lines with CRLF
        writer.writerow(csv_header(COLUMNS, report.language))
        for section in report.periods:
            for row in section.rows:
                cells = csv_cells(campaign, row, report.language)
                # the department's report: notes on what was found, not requests to schools
                problems = " ".join(safe.line(p) for p in department_problems(row))
                cells[CSV_COLUMNS.index("problems")] = safe.cell(problems)
                warnings = " ".join(safe.line(w) for w in department_warnings(row, report.language))
                cells[CSV_COLUMNS.index("warnings")] = safe.cell(warnings)
                writer.writerow([*cells[:2], safe.cell(row.period.label), *cells[2:]])
