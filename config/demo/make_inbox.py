"""Build the demo inbox: real Word files (python-docx) and scans (image → PDF), with upload times.

Run by `make demo`; writes config/demo/inbox/ (not committed). Deterministic: the same files
and times every run, so a second poll changes nothing.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from docx import Document
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

# (campaign, path inside the inbox, kind, local upload time, school shown in the file, title)
Q7 = "q7-moi-truong"
TM = "tm-pccc"
NAM, SOKET, TONGKET = "Báo cáo năm 2023", "Báo cáo sơ kết năm 2024", "Báo cáo tổng kết năm 2025"
FILES: list[tuple[str, str, str, str, str, str]] = [
    (Q7, "BC nam 2023 - MN Tân Phong.docx", "word", "2023-10-20 09:12", "MN Tân Phong", NAM),
    (Q7, "BC nam 2023 - MN Tân Phong (scan).pdf", "scan", "2023-10-20 09:15", "MN Tân Phong", NAM),
    (Q7, "MN Hoa Sen/Báo cáo năm 2023.docx", "word", "2023-10-25 14:02", "MN Hoa Sen", NAM),
    (
        Q7,
        "MN Hoa Sen/Báo cáo năm 2023 - bản scan.pdf",
        "scan",
        "2023-10-25 14:05",
        "MN Hoa Sen",
        NAM,
    ),
    (Q7, "TH Phù Đổng - báo cáo năm 2023.docx", "word", "2023-10-31 23:40", "TH Phù Đổng", NAM),
    (Q7, "TH Phù Đổng - báo cáo năm 2023 scan.pdf", "scan", "2023-10-31 23:59", "TH Phù Đổng", NAM),
    (Q7, "THCS Phu Dong bao cao nam 2023.docx", "word", "2023-11-03 08:30", "THCS Phù Đổng", NAM),
    (Q7, "THCS Phu Dong bao cao nam 2023.pdf", "scan", "2023-11-03 08:31", "THCS Phù Đổng", NAM),
    (
        Q7,
        "THCS Nguyễn Thị Thập_Báo cáo năm 2023.docx",
        "word",
        "2023-10-28 10:00",
        "THCS Nguyễn Thị Thập",
        NAM,
    ),
    (Q7, "TH Lê Văn Tám báo cáo năm 2023.docx", "broken", "2023-10-30 16:20", "TH Lê Văn Tám", NAM),
    (
        Q7,
        "TH Lê Văn Tám báo cáo năm 2023 (scan).pdf",
        "scan",
        "2023-10-30 16:21",
        "TH Lê Văn Tám",
        NAM,
    ),
    (
        Q7,
        "TH Nguyễn Văn Hưởng - BC năm 2023.docx",
        "word",
        "2023-10-30 11:11",
        "TH Nguyễn Văn Hưởng",
        NAM,
    ),
    (
        Q7,
        "TH Nguyễn Văn Hưởng - BC năm 2023.pdf",
        "scan",
        "2023-10-30 11:12",
        "TH Nguyễn Văn Hưởng",
        NAM,
    ),
    (Q7, "BC năm 2023 MN Tuổi Thơ 2.docx", "word", "2023-10-29 08:00", "MN Tuổi Thơ 2", NAM),
    (Q7, "BC năm 2023 MN Tuổi Thơ 2.pdf", "scan", "2023-10-29 08:01", "MN Tuổi Thơ 2", NAM),
    (
        Q7,
        "Sơ kết 2024/MN Tân Phong - so ket 2024.docx",
        "word",
        "2024-05-20 10:00",
        "MN Tân Phong",
        SOKET,
    ),
    (
        Q7,
        "Sơ kết 2024/MN Tân Phong - so ket 2024.pdf",
        "scan",
        "2024-05-20 10:02",
        "MN Tân Phong",
        SOKET,
    ),
    (
        Q7,
        "MN Sao Mai/Sơ kết 2024/Báo cáo sơ kết.docx",
        "word",
        "2024-05-29 15:00",
        "MN Sao Mai",
        SOKET,
    ),
    (Q7, "MN Sao Mai/Sơ kết 2024/trang 1.jpg", "page", "2024-05-29 15:03", "MN Sao Mai", SOKET),
    (Q7, "MN Sao Mai/Sơ kết 2024/trang 2.jpg", "page", "2024-05-29 15:03", "MN Sao Mai", SOKET),
    (
        Q7,
        "TH Kim Đồng - báo cáo sơ kết 2024.docx",
        "word",
        "2024-06-05 09:00",
        "TH Kim Đồng",
        SOKET,
    ),
    (Q7, "TH Kim Đồng - báo cáo sơ kết 2024.pdf", "scan", "2024-06-05 09:01", "TH Kim Đồng", SOKET),
    (
        Q7,
        "THCS Huỳnh Tấn Phát - sơ kết 2024.docx",
        "word",
        "2024-06-10 10:30",
        "THCS Huỳnh Tấn Phát",
        SOKET,
    ),
    (
        Q7,
        "THCS Huỳnh Tấn Phát - sơ kết 2024.pdf",
        "scan",
        "2024-06-10 10:31",
        "THCS Huỳnh Tấn Phát",
        SOKET,
    ),
    (Q7, "TH Phù Đổng sơ kết 2024.docx", "word", "2024-05-15 13:00", "TH Phù Đổng", SOKET),
    (Q7, "TH Phù Đổng sơ kết 2024 bản scan.pdf", "scan", "2024-05-15 13:05", "TH Phù Đổng", SOKET),
    (
        Q7,
        "THCS Nguyễn Hữu Thọ - tổng kết 2025.docx",
        "word",
        "2025-10-22 09:00",
        "THCS Nguyễn Hữu Thọ",
        TONGKET,
    ),
    (
        Q7,
        "THCS Nguyễn Hữu Thọ - tổng kết 2025.pdf",
        "scan",
        "2025-10-22 09:05",
        "THCS Nguyễn Hữu Thọ",
        TONGKET,
    ),
    (Q7, "MN Hương Sen tong ket 2025.docx", "word", "2025-10-30 17:45", "MN Hương Sen", TONGKET),
    (Q7, "MN Hương Sen tong ket 2025.pdf", "empty", "2025-10-30 17:46", "MN Hương Sen", TONGKET),
    (Q7, "IMG_20240528_101500.jpg", "page", "2024-05-28 10:15", "", ""),
    (Q7, "bao cao.docx", "word", "2024-05-30 21:00", "", "Báo cáo"),
    (
        TM,
        "Báo cáo PCCC - TH Hồng Quang.docx",
        "word",
        "2022-09-05 08:00",
        "TH Hồng Quang",
        "Báo cáo PCCC",
    ),
    (
        TM,
        "MN Đoàn Tùng - BC PCCC 2022.docx",
        "word",
        "2022-09-08 10:00",
        "MN Đoàn Tùng",
        "Báo cáo PCCC",
    ),
    (TM, "THCS Lê Hồng BC PCCC.docx", "word", "2022-09-12 07:30", "THCS Lê Hồng", "Báo cáo PCCC"),
    (
        TM,
        "TH Ngô Quyền - bao cao PCCC.docx",
        "word",
        "2022-09-09 16:00",
        "TH Ngô Quyền",
        "Báo cáo PCCC",
    ),
]

BODY = (
    "Thực hiện kế hoạch của Phòng Giáo dục và Đào tạo, nhà trường đã triển khai tuyên truyền đến "
    "giáo viên, học sinh và người lao động về phòng, chống thiên tai, ứng phó biến đổi khí hậu và "
    "bảo vệ môi trường: phân loại chất thải rắn sinh hoạt, tổng vệ sinh định kỳ, sử dụng tiết kiệm "
    "nguồn nước và điện, phát triển mảng xanh, hạn chế túi ni-lông và sản phẩm nhựa dùng một lần."
)


def write_docx(path: Path, school: str, title: str) -> None:
    document = Document()
    document.add_paragraph("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
    if school:
        document.add_paragraph(f"TRƯỜNG {school.upper()}")
    document.add_heading(title.upper(), level=1)
    for _ in range(3):
        document.add_paragraph(BODY)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Nội dung", "Kết quả"
    table.cell(1, 0).text, table.cell(1, 1).text = "Tuyên truyền", "100% lớp học"
    document.add_paragraph("HIỆU TRƯỞNG")
    document.save(path)


def page_image(school: str, title: str, seed: int) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("L", (1240, 1754), 250)  # A4 at 150 dpi, greyscale like a scanner
    draw = ImageDraw.Draw(image)
    draw.text((120, 100), "PHONG GIAO DUC VA DAO TAO", fill=20)
    draw.text((120, 130), school.encode("ascii", "ignore").decode() or "TRUONG", fill=20)
    draw.text((420, 220), title.encode("ascii", "ignore").decode().upper(), fill=10)
    for line in range(40):
        width = rng.randint(700, 1000)
        draw.line(
            (120, 300 + line * 32, 120 + width, 300 + line * 32), fill=rng.randint(60, 120), width=3
        )
    draw.ellipse((800, 1500, 1000, 1650), outline=90, width=5)  # the stamp
    return image


def write(campaign_dir: Path, index: int, entry: tuple[str, str, str, str, str, str]) -> None:
    _, relative, kind, when, school, title = entry
    path = campaign_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "word":
        write_docx(path, school, title)
    elif kind == "scan":
        page_image(school, title, index).save(path, "PDF", resolution=150.0)
    elif kind == "page":
        page_image(school, title, index).save(path, "JPEG", quality=70)
    elif kind == "broken":
        write_docx(path, school, title)
        path.write_bytes(path.read_bytes()[:1500])  # an upload cut short
    elif kind == "empty":
        path.write_bytes(b"")
    moment = datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE).timestamp()
    os.utime(path, (moment, moment))


def main(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    for index, entry in enumerate(FILES):
        write(target / entry[0], index, entry)
    print(f"demo inbox: {len(FILES)} files in {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "inbox")
