"""Matching speed: 30,000 file names against a 5,000-school roster, on one core.

Run: python benchmarks/matching.py [--files 30000] [--schools 5000] [--seed 7]
         [--pipeline] [--outcome FILE]
The roster is synthetic but shaped like a province's: Vietnamese person and place names,
three levels, numbered siblings ("Tuổi Thơ 2"), same names at two levels. File names are
made from it the way clerks type them (no diacritics, NFD, caps, noise, typos) plus a share
of names that match nothing.

`--pipeline` matches as watcher/pipeline.py does: every file in the folders a Drive district
has (a school's folder, a level folder, a ward folder, or the shared root), with its uploader,
the Word files with their text as the upload checks extract it from a real .docx (letterhead,
title, the first page), through `place_together` (a scan follows its Word file) and the check
that a document names another school or period. `--outcome FILE` writes every decision (one
line per file), to compare two versions of the matcher.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watcher.matching import Matcher  # noqa: E402
from watcher.model import FileRecord, Period, Placement, School  # noqa: E402
from watcher.text import strip_diacritics  # noqa: E402

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Quốc",
    "Thanh",
    "Ngọc",
    "Xuân",
    "Hồng",
    "Anh",
    "Công",
]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đông",
    "Giang",
    "Hà",
    "Hải",
    "Hiền",
    "Hòa",
    "Hùng",
    "Hưng",
    "Khoa",
    "Lâm",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Nghĩa",
    "Phát",
    "Phong",
    "Phú",
    "Phúc",
    "Quang",
    "Quý",
    "Sơn",
    "Tâm",
    "Tân",
    "Thắng",
    "Thành",
    "Thảo",
    "Thịnh",
    "Thọ",
    "Thuận",
    "Trâm",
    "Trực",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Xuân",
    "Yên",
    "Lộc",
    "Lợi",
    "Đạt",
    "Định",
    "Hưởng",
    "Lầu",
    "Thập",
    "Tám",
]
PLACES = [
    "Tân Phong",
    "Hoa Sen",
    "Tuổi Thơ",
    "Sao Mai",
    "Ánh Dương",
    "Bình Minh",
    "Hướng Dương",
    "Họa Mi",
    "Sơn Ca",
    "Vành Khuyên",
    "Hoa Hồng",
    "Hoa Mai",
    "Hoa Lan",
    "Phù Đổng",
    "Kim Đồng",
    "Bé Ngoan",
    "Măng Non",
    "Thủy Tiên",
    "Rạng Đông",
    "Thanh Đa",
    "Phú Mỹ",
    "Bình Thuận",
    "Tân Quy",
    "Tân Kiểng",
    "Tân Hưng",
    "Tân Thuận",
]
LEVELS = ["MN", "TH", "THCS"]
NOISE = ["BC", "Báo cáo", "scan", "(1)", "v2", "final", "bản scan", "file word", "đã ký"]
KINDS = ["năm 2023", "sơ kết", "tổng kết 2025", "", "so ket 2024"]
UTC7 = datetime(2024, 5, 20).astimezone().tzinfo


def roster(count: int, rng: random.Random) -> list[School]:
    names: set[tuple[str, str]] = set()
    while len(names) < count:
        level = rng.choice(LEVELS)
        if rng.random() < 0.25:
            base = rng.choice(PLACES) + (f" {rng.randint(2, 5)}" if rng.random() < 0.3 else "")
        else:
            base = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        names.add((level, base))
    return [
        School(f"S{i:05d}", f"{level} {base}", level, emails=(f"s{i}@edu.vn",))
        for i, (level, base) in enumerate(sorted(names))
    ]


def file_name(school: School, rng: random.Random) -> str:
    name = school.name
    roll = rng.random()
    if roll < 0.3:
        name = strip_diacritics(name)
    elif roll < 0.4:
        name = unicodedata.normalize("NFD", name)
    elif roll < 0.45:
        name = name.upper()
    elif roll < 0.5:
        words = name.split()
        name = " ".join(words[1:])  # level left out
    if rng.random() < 0.05:
        position = rng.randrange(len(name))
        name = name[:position] + name[position] + name[position:]  # a doubled letter
    parts = [rng.choice(NOISE), name, rng.choice(KINDS)]
    rng.shuffle(parts)
    return " - ".join(part for part in parts if part) + rng.choice([".docx", ".pdf", ".jpg"])


def records(schools: list[School], count: int, rng: random.Random) -> list[FileRecord]:
    start = datetime(2023, 9, 1, tzinfo=UTC7)
    result = []
    for number in range(count):
        if rng.random() < 0.08:
            name = rng.choice(["IMG_20231030_101522.jpg", "Document1.docx", "scan.pdf"])
        else:
            name = file_name(rng.choice(schools), rng)
        moment = start + timedelta(minutes=rng.randrange(60 * 24 * 800))
        result.append(FileRecord(f"f{number}", name, (), "", 1, None, moment, moment, None))
    return result


def periods() -> list[Period]:
    return [
        Period("2023-annual", "Báo cáo năm 2023", datetime(2023, 10, 31, 23, 59, 59, tzinfo=UTC7)),
        Period(
            "2024-interim", "Báo cáo sơ kết 2024", datetime(2024, 5, 31, 23, 59, 59, tzinfo=UTC7)
        ),
        Period(
            "2025-final", "Báo cáo tổng kết 2025", datetime(2025, 10, 31, 23, 59, 59, tzinfo=UTC7)
        ),
    ]


def calibration() -> float:
    """CPU seconds for a fixed pure-Python loop: compare machines, or a busy machine with itself."""
    began = time.process_time()
    total = 0
    for number in range(5_000_000):
        total += number % 7
    return time.process_time() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=30_000)
    parser.add_argument("--schools", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pipeline", action="store_true", help="folders, uploader, .docx text")
    parser.add_argument("--outcome", type=Path, help="write every decision to this file")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    schools = roster(args.schools, rng)
    if args.pipeline:
        from benchmarks.matching_pipeline import run

        run(schools, periods(), args.files, rng, args.outcome, calibration)
        return
    files = records(schools, args.files, rng)

    began, cpu_began = time.perf_counter(), time.process_time()
    matcher = Matcher(schools, periods())
    built, cpu_built = time.perf_counter(), time.process_time()
    placements = [matcher.place(record) for record in files]
    done, cpu_done = time.perf_counter(), time.process_time()

    if args.outcome:
        write_outcome(args.outcome, files, placements)
    placed = sum(1 for placement in placements if placement.placed)
    school_only = sum(1 for p in placements if p.school and not p.period)
    print(f"roster: {len(schools)} schools, files: {len(files)}")
    print(f"calibration loop: {calibration():.3f} s CPU (a fixed loop, to compare machines)")
    print(f"index build: {built - began:.3f} s")
    print(
        f"placing:     {done - built:.3f} s ({(done - built) / len(files) * 1e6:.0f} µs per file)"
    )
    print(f"total:       {done - began:.3f} s wall, {cpu_done - cpu_began:.3f} s CPU")
    print(f"placing CPU: {cpu_done - cpu_built:.3f} s")
    print(
        f"placed {placed}, school only {school_only}, unplaced {len(files) - placed - school_only}"
    )


def write_outcome(
    path: Path, files: list[FileRecord], placements: list[Placement], notes: list[str] | None = None
) -> None:
    """One line per file: its id and name, the whole placement, and (pipeline) the warning."""
    with path.open("w", encoding="utf-8") as handle:
        for position, (record, placement) in enumerate(zip(files, placements, strict=True)):
            note = f"\t{notes[position]!r}" if notes is not None else ""
            handle.write(f"{record.id}\t{record.name}\t{placement!r}{note}\n")


if __name__ == "__main__":
    main()
