"""`benchmarks/matching.py --pipeline`: matching with everything watcher/pipeline.py gives it.

A Drive district: each school uploads a Word report and its signed scan side by side (same
folder, same uploader, minutes apart), into its own folder, a level folder ("2. Tiểu học/"), a
ward folder ("P. Tân Hưng/") or the shared root. The Word files carry the text the upload
checks extract from a real .docx (watcher.validation.check): the letterhead, the title and
the first page of a report. The run is what `source_files` does after validation:
`place_together` over (record, text), then `with_text_check` on every verdict ("the document
names another school or period").
"""

from __future__ import annotations

import random
import tempfile
import time
import unicodedata
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from docx import Document

from watcher.matching import Matcher
from watcher.matching.together import place_together
from watcher.model import FileRecord, Period, Role, School, Verdict
from watcher.pipeline import with_text_check
from watcher.text import strip_diacritics
from watcher.validation.check import check
from watcher.validation.docx import TEXT_LIMIT
from watcher.validation.policy import ValidationPolicy

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PLACEHOLDER = "@@TRUONG@@"
LEVEL_WORDS = {"MN": "MẦM NON", "TH": "TIỂU HỌC", "THCS": "TRUNG HỌC CƠ SỞ"}
LEVEL_FOLDERS = {"MN": "1. Mầm non", "TH": "2. Tiểu học", "THCS": "3. THCS"}
WARDS = ["Tân Hưng", "Tân Phong", "Bình Thuận", "Phú Mỹ", "Tân Quy", "Tân Kiểng", "Tân Thuận"]
TITLES = {  # period id -> the title line in the document, how file names say the period
    "2023-annual": (
        "Kết quả thực hiện công tác bảo vệ môi trường năm 2023",
        ("Báo cáo năm 2023", "BC nam 2023", "bao cao nam 2023"),
    ),
    "2024-interim": (
        "Sơ kết thực hiện công tác bảo vệ môi trường năm 2024",
        ("Báo cáo sơ kết 2024", "BC so ket 2024", "So ket 2024"),
    ),
    "2025-final": (
        "Tổng kết giai đoạn 2023-2025 công tác bảo vệ môi trường",
        ("Báo cáo tổng kết 2025", "BC tong ket 2025", "Tong ket giai doan 2023-2025"),
    ),
}
# The first page of a report, from the District 7 plan (tests/data/plans, seed 000): how
# these documents read, at the length the matcher sees (the checks keep 2,000 characters).
BODY = (
    "I. MỤC TIÊU, CHỈ TIÊU",
    "Tiếp tục thực hiện Nghị quyết số 24-NQ/TW về chủ động ứng phó với biến đổi khí hậu, tăng "
    "cường quản lý tài nguyên và bảo vệ môi trường theo Kết luận số 56-KL/TW của Bộ Chính trị.",
    "Đảm bảo 100% cơ sở giáo dục trên địa bàn quận được sử dụng nước sạch, hợp vệ sinh.",
    "Nâng cao trách nhiệm cộng đồng và năng lực cho cán bộ quản lý, đảm bảo 100% công chức, "
    "viên chức trên địa bàn quận có hiểu biết cơ bản về biến đổi khí hậu, phòng, tránh lụt bão "
    "và giảm nhẹ thiên tai.",
    "Phấn đấu 100% khối lượng chất thải rắn sinh hoạt, chất thải nguy hại, chất thải y tế được "
    "lưu giữ, thu gom theo quy định.",
    "II. KẾT QUẢ THỰC HIỆN",
    "Nhà trường đã triển khai tuyên truyền về biến đổi khí hậu đến 100% cán bộ, giáo viên, nhân "
    "viên và học sinh; tổ chức các hoạt động trải nghiệm, ngày hội môi trường, phân loại rác "
    "tại nguồn, trồng cây xanh trong khuôn viên trường.",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
    "Tiếp tục lồng ghép nội dung giáo dục bảo vệ môi trường vào các môn học và hoạt động giáo "
    "dục; duy trì phong trào xanh - sạch - đẹp.",
)


def letterhead(school: School) -> str:
    level, _, base = school.name.partition(" ")
    return f"TRƯỜNG {LEVEL_WORDS.get(level, level)} {base.upper()}"


def make_report(path: Path, head: str, period_id: str, year: int) -> Path:
    """A school's report as Word writes it: the letterhead, the national motto, the title."""
    document = Document()
    for line in ("ỦY BAN NHÂN DÂN QUẬN 7", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", head):
        document.add_paragraph(line)
    document.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    document.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    document.add_paragraph(f"Số: {year % 100}/BC-MT")
    document.add_paragraph(f"Quận 7, ngày 20 tháng 10 năm {year}")
    document.add_heading("BÁO CÁO", level=1)
    document.add_paragraph(TITLES[period_id][0])
    for paragraph in BODY:
        document.add_paragraph(paragraph)
    document.save(path)
    return path


class Texts:
    """Document text per (school, period), as `check` extracts it from a real .docx: one real
    report per period with a placeholder letterhead; a sample written for real and compared."""

    def __init__(self, folder: Path, periods: list[Period]) -> None:
        self.folder = folder
        self.templates = {}
        for period in periods:
            path = make_report(folder / f"{period.id}.docx", PLACEHOLDER, period.id, _year(period))
            text = extracted(path)
            assert PLACEHOLDER in text and len(text) < TEXT_LIMIT - 200, "template too long"
            self.templates[period.id] = text
        self.years = {period.id: _year(period) for period in periods}

    def of(self, school: School, period_id: str) -> str:
        return self.templates[period_id].replace(PLACEHOLDER, letterhead(school))

    def verify(self, pairs: list[tuple[School, str]]) -> int:
        """Write these reports for real and check their extracted text is what `of` gives."""
        for number, (school, period_id) in enumerate(pairs):
            path = self.folder / f"real{number}.docx"
            make_report(path, letterhead(school), period_id, self.years[period_id])
            assert extracted(path) == self.of(school, period_id), school.name
        return len(pairs)


def extracted(path: Path) -> str:
    return check(path, path.name, DOCX, ValidationPolicy()).text


def _year(period: Period) -> int:
    return period.deadline.year


def layout(school: School, rng: random.Random) -> tuple[tuple[str, ...], str | None]:
    """Where a school uploads (its folders) and as whom."""
    roll = rng.random()
    if roll < 0.55:
        folders: tuple[str, ...] = (school.name,)
    elif roll < 0.75:
        folders = (LEVEL_FOLDERS.get(school.level, school.level), school.name)
    elif roll < 0.85:
        folders = (f"P. {rng.choice(WARDS)}", school.name)
    else:
        folders = ()  # straight into the shared folder
    owner = school.emails[0] if rng.random() < 0.85 else f"gv{rng.randrange(10**6)}@gmail.com"
    return folders, owner


def word_name(school: School, said: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return (
            f"{said} - {strip_diacritics(school.name) if rng.random() < 0.5 else school.name}.docx"
        )
    if roll < 0.6:
        return unicodedata.normalize("NFD", f"{said} {school.name}.docx")
    return f"{said}.docx" if rng.random() < 0.9 else rng.choice(["Báo cáo.docx", "BC.docx"])


def scan_name(word: str, rng: random.Random) -> str:
    stem = word.rsplit(".", 1)[0]
    return rng.choice(
        [f"{stem} (đã ký).pdf", f"{stem} scan.pdf", "scan0001.pdf", "IMG_20231030_101522.jpg"]
    )


def records(
    schools: list[School], periods: list[Period], count: int, rng: random.Random, texts: Texts
) -> tuple[list[tuple[FileRecord, str]], list[tuple[School, str]]]:
    places = {school.code: layout(school, rng) for school in schools}
    items: list[tuple[FileRecord, str]] = []
    sample: list[tuple[School, str]] = []
    while len(items) < count:
        school, period = rng.choice(schools), rng.choice(periods)
        folders, owner = places[school.code]
        said = rng.choice(TITLES[period.id][1])
        moment = period.deadline - timedelta(days=rng.randrange(30), minutes=rng.randrange(600))
        word = word_name(school, said, rng)
        # now and then a report sent for another school (a copy, the wrong letterhead)
        writer = rng.choice(schools) if rng.random() < 0.03 else school
        number = len(items)
        items.append(
            (_record(number, word, folders, owner, DOCX, moment), texts.of(writer, period.id))
        )
        if len(sample) < 12 and rng.random() < 0.01:
            sample.append((writer, period.id))
        scan = scan_name(word, rng)
        later = moment + timedelta(minutes=rng.randrange(1, 20))
        items.append((_record(number + 1, scan, folders, owner, "application/pdf", later), ""))
    return items[:count], sample


def _record(
    number: int, name: str, folders: tuple[str, ...], owner: str | None, mime: str, moment: object
) -> FileRecord:
    return FileRecord(f"f{number}", name, folders, mime, 1, None, moment, moment, owner)  # type: ignore[arg-type]


def run(
    schools: list[School],
    periods: list[Period],
    count: int,
    rng: random.Random,
    outcome: Path | None,
    calibration: Callable[[], float],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        texts = Texts(Path(folder), periods)
        items, sample = records(schools, periods, count, rng, texts)
        verified = texts.verify(sample)
    began, cpu_began = time.perf_counter(), time.process_time()
    matcher = Matcher(schools, periods)
    built, cpu_built = time.perf_counter(), time.process_time()
    placements = place_together(matcher, items)
    placed_at, cpu_placed = time.perf_counter(), time.process_time()
    notes = []
    for (_, text), placement in zip(items, placements, strict=True):
        verdict = Verdict(Role.WORD if text else Role.SCAN, (), text=text)
        checked = with_text_check(verdict, placement, matcher)
        notes.append(checked.findings[-1].message_vi if checked and checked.findings else "")
    done, cpu_done = time.perf_counter(), time.process_time()

    from benchmarks.matching import write_outcome

    if outcome:
        write_outcome(outcome, [record for record, _ in items], placements, notes)
    placed = sum(1 for placement in placements if placement.placed)
    warned = sum(1 for note in notes if note)
    words = sum(1 for _, text in items if text)
    print(f"roster: {len(schools)} schools, files: {len(items)} ({words} Word files with text)")
    print(
        f"document texts: from real .docx via the upload checks ({verified} written and compared)"
    )
    print(f"calibration loop: {calibration():.3f} s CPU (a fixed loop, to compare machines)")
    print(f"index build:      {built - began:.3f} s")
    print(f"place_together:   {placed_at - built:.3f} s wall, {cpu_placed - cpu_built:.3f} s CPU")
    print(f"text check:       {done - placed_at:.3f} s wall, {cpu_done - cpu_placed:.3f} s CPU")
    print(f"total:            {done - began:.3f} s wall, {cpu_done - cpu_began:.3f} s CPU")
    print(f"placed {placed}, held {len(items) - placed}, documents naming another: {warned}")
