"""Shared test helpers: real files, real configs, the CLI run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from docx import Document
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
VN = ZoneInfo("Asia/Ho_Chi_Minh")

ROSTER = """code,name,level,aliases,emails
MN-TANPHONG,Tân Phong,MN,,mntanphong@example.edu.vn
TH-PHUDONG,Phù Đổng,TH,,thphudong@example.edu.vn
THCS-PHUDONG,Phù Đổng,THCS,,thcsphudong@example.edu.vn
THCS-NTT,Nguyễn Thị Thập,THCS,,thcsntt@example.edu.vn
"""

CONFIG = """timezone = "Asia/Ho_Chi_Minh"
state_dir = "var"
language = "vi"

[email]
transport = "outbox"
outbox_dir = "var/outbox"
sender = "Phòng GDĐT <pgd@example.edu.vn>"
staff = ["chuyenvien@example.edu.vn"]

[[campaign]]
id = "q7"
title = "Báo cáo biến đổi khí hậu"
roster = "schools.csv"
require = ["word", "scan"]
source = { type = "folder", path = "inbox" }

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
"""


def local(text: str) -> datetime:
    """'2023-10-31 23:59:59' in Vietnam time."""
    return datetime.fromisoformat(text).replace(tzinfo=VN)


def set_time(path: Path, when: str) -> None:
    moment = local(when).timestamp()
    os.utime(path, (moment, moment))


def make_docx(
    path: Path,
    school: str = "MN Tân Phong",
    title: str = "Báo cáo năm 2023",
    when: str | None = None,
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = Document()
    document.add_paragraph("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
    document.add_paragraph(f"TRƯỜNG {school.upper()}")
    document.add_heading(title.upper(), level=1)
    document.add_paragraph("Nhà trường đã triển khai tuyên truyền về biến đổi khí hậu. " * 8)
    document.save(path)
    if when:
        set_time(path, when)
    return path


def make_scan(path: Path, when: str | None = None, size: tuple[int, int] = (1240, 1754)) -> Path:
    """A scanned page: an image saved as PDF (or JPEG/PNG by the file's extension)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("L", size, 245)
    draw = ImageDraw.Draw(image)
    for line in range(30):
        draw.line((100, 200 + line * 40, 1000, 200 + line * 40), fill=80, width=3)
    kind = {".pdf": "PDF", ".png": "PNG", ".tif": "TIFF", ".tiff": "TIFF"}.get(
        path.suffix.lower(), "JPEG"
    )
    image.save(path, kind, **({"resolution": 150.0} if kind == "PDF" else {}))
    if when:
        set_time(path, when)
    return path


def write_setup(tmp: Path, config: str = CONFIG, roster: str = ROSTER) -> Path:
    (tmp / "inbox").mkdir(parents=True, exist_ok=True)
    (tmp / "schools.csv").write_text(roster, encoding="utf-8")
    path = tmp / "watcher.toml"
    path.write_text(config, encoding="utf-8")
    return path


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `python -m watcher ARGS` as a user would; never raises on a non-zero exit."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "watcher", *args],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
