"""Builds, on disk, the two Nghệ An departments of tests/data/nghean_files.tsv: each roster as the
department's Excel list, a config with a folder source per department and the three periods of
seed 000, and every labelled upload as a real file (python-docx, Pillow), NFD names in NFD bytes,
dangling links, pipes and chmod-000 files where the labels say so."""

from __future__ import annotations

import csv
import ctypes
import os
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from docx import Document
from openpyxl import Workbook
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
VN = ZoneInfo("Asia/Ho_Chi_Minh")

DEPARTMENTS = {
    "dienchau": ("HUYỆN DIỄN CHÂU", "dienchau_roster.csv", "dc"),
    "nghiloc": ("HUYỆN NGHI LỘC", "nghiloc_roster.csv", "nl"),
}

CONFIG_HEAD = """timezone = "Asia/Ho_Chi_Minh"
state_dir = "var"
language = "vi"

[email]
transport = "outbox"
outbox_dir = "var/outbox"
sender = "Phòng GDĐT <pgd@example.edu.vn>"
staff = ["chuyenvien@example.edu.vn"]
"""

CAMPAIGN = """
[[campaign]]
id = "{id}"
title = "Báo cáo thực hiện kế hoạch ứng phó biến đổi khí hậu ({district})"
roster = "{id}.xlsx"
require = ["word", "scan"]
source = {{ type = "folder", path = "inbox/{id}" }}

[[campaign.period]]
id = "2023-annual"
label = "Báo cáo năm 2023"
due_before = "2023-11-01"
keywords = ["bao cao nam", "nam 2023"]

[[campaign.period]]
id = "2024-interim"
label = "Báo cáo sơ kết 2024"
due_before = "2024-06-01"
keywords = ["so ket"]

[[campaign.period]]
id = "2025-final"
label = "Báo cáo tổng kết 2025"
due_before = "2025-11-01"
keywords = ["tong ket"]
"""


@dataclass(frozen=True)
class Upload:
    campaign: str
    path: str
    form: str
    kind: str
    when: str
    head: str
    title: str
    expected: str
    period: str
    note: str

    @property
    def disk_path(self) -> str:
        return unicodedata.normalize("NFD" if self.form == "nfd" else "NFC", self.path)


def uploads() -> list[Upload]:
    lines = (DATA / "nghean_files.tsv").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line and not line.startswith("#")]
    return [Upload(*line.split("\t")) for line in body[1:]]


def roster_rows(campaign: str) -> list[dict[str, str]]:
    with (DATA / DEPARTMENTS[campaign][1]).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _slug(text: str) -> str:
    out = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in out if c.isascii() and c.isalnum()).lower()


def write_roster(path: Path, campaign: str) -> None:
    district, _, suffix = DEPARTMENTS[campaign]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "DS truong"
    sheet.append([f"UBND {district}"])
    sheet.append(["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"])
    sheet.append(["DANH SÁCH CÁC TRƯỜNG MẦM NON, TIỂU HỌC, THCS NĂM HỌC 2023-2024"])
    sheet.merge_cells("A3:F3")
    sheet.append([])
    sheet.append(["STT", "Mã trường", "Tên trường", "Cấp học", "Xã", "Email"])
    for number, row in enumerate(roster_rows(campaign), start=1):
        email = "" if number % 11 == 0 else f"{_slug(row['name'])}.{suffix}@example.edu.vn"
        sheet.append(
            [number, row["code"] or None, row["name"], row["level"], row["commune"], email]
        )
    book.save(path)


def _local(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=VN).timestamp()


def _docx(path: Path, upload: Upload) -> None:
    document = Document()
    for line in [h for h in upload.head.split(" | ") if h]:
        document.add_paragraph(line)
    document.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    document.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    if upload.title:
        document.add_heading(upload.title, level=1)
    document.add_paragraph(
        "Thực hiện kế hoạch của Phòng Giáo dục và Đào tạo, nhà trường báo cáo kết quả "
        "tuyên truyền, giáo dục ứng phó với biến đổi khí hậu và bảo vệ môi trường. " * 6
    )
    document.save(path)


def _scan(path: Path, fmt: str) -> None:
    image = Image.new("L", (850, 1202), 255)  # long side over min_image_px
    draw = ImageDraw.Draw(image)
    for y in range(110, 1100, 33):
        draw.line((80, y, 770, y), fill=40, width=2)
    draw.ellipse((560, 950, 740, 1130), outline=90, width=6)  # the stamp
    image.save(path, format=fmt, quality=60, resolution=150)


def build(tmp: Path) -> Path:
    """Writes config, rosters and every upload under tmp; returns the config path."""
    config = tmp / "watcher.toml"
    text = CONFIG_HEAD
    for campaign, (district, _, _) in DEPARTMENTS.items():
        write_roster(tmp / f"{campaign}.xlsx", campaign)
        text += CAMPAIGN.format(id=campaign, district=district.title())
        (tmp / "inbox" / campaign).mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")
    for upload in uploads():
        path = tmp / "inbox" / upload.campaign / upload.disk_path
        path.parent.mkdir(parents=True, exist_ok=True)
        if upload.kind == "brokenlink":
            path.symlink_to(path.parent / "da-xoa.bin")
            continue
        if upload.kind == "fifo":
            os.mkfifo(path)
            continue
        if upload.kind in ("docx", "noperm"):
            _docx(path, upload)
        elif upload.kind == "jpg":
            _scan(path, "JPEG")
        else:
            _scan(path, "PDF")
        stamp = _local(upload.when)
        os.utime(path, (stamp, stamp))
        if upload.kind == "noperm":
            path.chmod(0)
    for folder in {p for p in (tmp / "inbox").rglob("*") if p.is_dir()}:
        stamp = _local("2023-09-01 08:00:00")
        os.utime(folder, (stamp, stamp))
    return config


_PR_CAPBSET_DROP, _CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 24, 1, 2


def _without_override() -> None:
    """Root without the two capabilities that let it read a chmod-000 file."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def run_cli_bound(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`python -m watcher ARGS` as a process that file permissions bind."""
    return subprocess.run(
        [sys.executable, "-m", "watcher", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=_without_override if os.geteuid() == 0 else None,
    )
