"""The report as CSV: the columns of `watcher status --format csv` plus the period's label.

UTF-8 with a byte-order mark and CRLF line ends, so Excel opens Vietnamese text correctly.
"""

from __future__ import annotations

import csv
from pathlib import Path

from watcher import safe
from watcher.report.summary import Report
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
                writer.writerow([*cells[:2], safe.cell(row.period.label), *cells[2:]])
