"""How long `watcher report` takes to lay out a large district: prints a table of timings.

Synthetic rows (no poll): N schools x 3 periods, half of them complete with a Word file and a
scan, the rest missing. Run: python benchmarks/report.py [N ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watcher.config import Campaign  # noqa: E402
from watcher.model import FileRecord, Period, Placement, Role, School, SourceFile, Verdict  # noqa: E402
from watcher.report.csvfile import write_csv  # noqa: E402
from watcher.report.docx import write_docx  # noqa: E402
from watcher.report.summary import Letterhead, build_report  # noqa: E402
from watcher.report.xlsx import write_xlsx  # noqa: E402
from watcher.status import Rules, compute_rows  # noqa: E402

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
LEVELS = ("MN", "TH", "THCS")


def campaign(schools: int) -> Campaign:
    roster = tuple(
        School(f"S{i:04d}", f"Trường số {i} Nguyễn Thị Thập", LEVELS[i % 3]) for i in range(schools)
    )
    periods = tuple(
        Period(f"p{year}", f"Báo cáo năm {year}", datetime(year, 10, 31, 23, 59, 59, tzinfo=ZONE))
        for year in (2023, 2024, 2025)
    )
    return Campaign(
        "bench", "Kế hoạch thử", roster, periods, (Role.WORD, Role.SCAN), "folder", "/tmp",
        ZONE, (), Path("roster.csv"),
    )  # fmt: skip


def files(campaign: Campaign) -> list[SourceFile]:
    items = []
    for period in campaign.periods:
        for school in campaign.schools[::2]:
            for role, suffix in ((Role.WORD, "docx"), (Role.SCAN, "pdf")):
                uploaded = period.deadline - timedelta(days=3)
                record = FileRecord(
                    f"{school.code}-{period.id}-{role}", f"{school.name} {period.label}.{suffix}",
                    (), "application/octet-stream", 1000, f"h{school.code}{period.id}{role}",
                    uploaded, uploaded,
                )  # fmt: skip
                placement = Placement(record.id, school.code, period.id)
                items.append(SourceFile(record, Verdict(role), placement, role))
    return items


def main(sizes: list[int]) -> None:
    head = Letterhead("UBND QUẬN 7", "PHÒNG GDĐT", "Quận 7", "1/BC", "TRƯỞNG PHÒNG", "", ("Lưu",))
    now = datetime(2026, 1, 5, 9, tzinfo=ZONE)
    print("| schools | rows | docx s | docx KB | xlsx s | xlsx KB | csv s | csv KB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for size in sizes:
        bench = campaign(size)
        rules = Rules(bench.id, bench.schools, bench.periods, bench.require)
        rows = compute_rows(rules, files(bench), now)
        report = build_report(bench, rows, None, head, now, now, "vi")
        cells = [str(size), str(len(rows))]
        with tempfile.TemporaryDirectory() as folder:
            for writer, suffix in ((write_docx, "docx"), (write_xlsx, "xlsx"), (write_csv, "csv")):
                out = Path(folder) / f"r.{suffix}"
                start = time.perf_counter()
                writer(report, out)
                cells += [f"{time.perf_counter() - start:.2f}", f"{out.stat().st_size // 1024}"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [50, 200, 500])
