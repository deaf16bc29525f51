"""Render time of the staff digest (subject, plain text and HTML) for 200 and 5,000 schools.

Three periods per school, statuses and files spread like a real campaign: most schools on
time, some late, missing, incomplete or with an unusable file; 2% of files unmatched.
Prints a Markdown table; the goal is under 1 s for 5,000 schools.

    python benchmarks/digest.py
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watcher.model import (  # noqa: E402
    FileRecord,
    Finding,
    Period,
    Placement,
    Role,
    Row,
    School,
    Severity,
    SourceFile,
    Status,
    Transition,
    Verdict,
)
from watcher.notify.compose import build  # noqa: E402
from watcher.notify.digest import DigestInput, compose  # noqa: E402

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 5, 29, 7, 30, tzinfo=ZONE)
PERIODS = [
    Period("2023-annual", "Báo cáo năm 2023", datetime(2023, 10, 31, 23, 59, 59, tzinfo=ZONE)),
    Period("2024-interim", "Báo cáo sơ kết 2024", datetime(2024, 5, 31, 23, 59, 59, tzinfo=ZONE)),
    Period("2025-final", "Báo cáo tổng kết 2025", datetime(2025, 10, 31, 23, 59, 59, tzinfo=ZONE)),
]
BROKEN = Verdict(
    Role.WORD,
    (Finding("docx.corrupt", Severity.PROBLEM, "Tệp Word bị hỏng, không mở được.", "Damaged."),),
)


def record(name: str, uploaded: datetime) -> FileRecord:
    return FileRecord(
        id=name,
        name=name,
        folders=("Báo cáo",),
        mime_type="application/octet-stream",
        size=1000,
        content_hash=str(hash(name)),
        created_at=uploaded,
        modified_at=uploaded,
        url=f"https://drive.google.com/file/d/{abs(hash(name))}/view",
    )


def make_row(school: School, period: Period, rng: random.Random) -> Row:
    if period.deadline > NOW + timedelta(days=30):
        status = Status.PENDING
    else:
        status = rng.choices(
            [
                Status.ON_TIME,
                Status.LATE,
                Status.MISSING,
                Status.INCOMPLETE,
                Status.MALFORMED,
                Status.PENDING,
            ],
            [60, 10, 10, 8, 4, 8],
        )[0]
        if status is Status.PENDING and period.deadline < NOW:
            status = Status.MISSING
    files: list[SourceFile] = []
    uploaded = period.deadline - timedelta(days=2)
    stem = f"{school.level} {school.name} {period.label}"
    if status in (Status.ON_TIME, Status.LATE, Status.INCOMPLETE, Status.MALFORMED):
        verdict = BROKEN if status is Status.MALFORMED else Verdict(Role.WORD)
        placement = Placement(stem, school.code, period.id)
        files.append(SourceFile(record(stem + ".docx", uploaded), verdict, placement, Role.WORD))
        if status is not Status.INCOMPLETE:
            files.append(
                SourceFile(
                    record(stem + ".pdf", uploaded), Verdict(Role.SCAN), placement, Role.SCAN
                )
            )
    return Row(
        campaign="q7",
        school=school,
        period=period,
        status=status,
        overdue=status is Status.MISSING,
        completed_at=uploaded if status in (Status.ON_TIME, Status.LATE) else None,
        deadline=period.deadline,
        files=tuple(files),
        problems=("Chưa có bản scan có chữ ký.",) if status is Status.INCOMPLETE else (),
        days_late=3 if status is Status.LATE else 0,
    )


def dataset(count: int) -> DigestInput:
    rng = random.Random(count)
    levels = ["MN", "TH", "THCS"]
    schools = [
        School(
            f"S{i:05d}",
            f"Nguyễn Văn Trỗi số {i}",
            levels[i % 3],
            emails=(f"s{i}@example.edu.vn",) if i % 20 else (),
        )
        for i in range(count)
    ]
    rows = [make_row(s, p, rng) for p in PERIODS for s in schools]
    unmatched = [
        SourceFile(
            record(f"scan_{i}.jpg", NOW - timedelta(hours=i)),
            None,
            Placement(f"u{i}", None, None, "Không tìm thấy tên trường."),
        )
        for i in range(count // 50)
    ]
    changes = [
        Transition(
            "q7",
            s.code,
            "2024-interim",
            Status.PENDING,
            Status.ON_TIME,
            NOW - timedelta(hours=3),
            "files",
        )
        for s in schools[: count // 10]
    ]
    unreachable = [s for s in schools if not s.emails]
    return DigestInput(
        "Báo cáo thực hiện CTrHĐ 16 về biến đổi khí hậu",
        rows,
        NOW,
        ZONE,
        "vi",
        unmatched,
        changes,
        [],
        unreachable,
    )


def measure(count: int, repeats: int = 5) -> tuple[float, float, int, int]:
    data = dataset(count)
    compose(data)  # templates compiled once, as in the daemon
    render = mime = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        digest = compose(data)
        middle = time.perf_counter()
        message, _ = build(
            key="digest:q7:bench",
            sender="Phòng GDĐT <pgd@example.edu.vn>",
            recipients=("chuyenvien@example.edu.vn",),
            subject=digest.subject,
            text=digest.text,
            html=digest.html,
            now=NOW,
        )
        render = min(render, middle - start)
        mime = min(mime, time.perf_counter() - middle)
    return render, mime, len(digest.html.encode()), len(message)


def main() -> None:
    print(
        "| schools | rows (3 periods) | render text + HTML | build MIME message | HTML | message |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for count in (200, 5000):
        render, mime, html, message = measure(count)
        print(
            f"| {count:,} | {count * 3:,} | {render * 1000:.0f} ms | {mime * 1000:.0f} ms "
            f"| {html / 1024:,.0f} KiB | {message / 1024:,.0f} KiB |"
        )


if __name__ == "__main__":
    main()
