"""Build the demo inbox: real Word files (python-docx) and scans (image → PDF), with upload times.

Run by `make demo`; writes config/demo/inbox/ (not committed). Deterministic: the same files
and times every run, so a second poll changes nothing.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from docx import Document
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import mail_shapes as shapes  # noqa: E402  (beside this script: messages as mail programs build them)

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


def docx_bytes(school: str, title: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.docx"
        write_docx(path, school, title)
        return path.read_bytes()


def local(when: str) -> datetime:
    return datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE)


PCCC = "Báo cáo PCCC"


def tm_messages() -> list[tuple[str, bool, bytes]]:
    """Thanh Miện's plan asks for the soft copy by e-mail: what the department's mailbox holds.

    (arrival time, read by staff already, the message as the school's mail program built it)
    """
    word = docx_bytes
    original = shapes.gmail(
        sender="Trường Tiểu học Ngô Quyền <thngoquyen@example.edu.vn>",
        to="Chuyên viên PGD <chuyenvien@example.edu.vn>",
        subject="Báo cáo PCCC năm 2022 - TH Ngô Quyền",
        date=local("2022-09-09 15:40"),
        message_id="<CAJq3ngoquyen0909@mail.gmail.com>",
        body="Kính gửi Phòng GD&ĐT,\nTrường TH Ngô Quyền gửi báo cáo PCCC năm 2022.",
        files=[("TH Ngô Quyền - bao cao PCCC.docx", word("TH Ngô Quyền", PCCC))],
    )
    return [
        (
            "2022-09-05 08:00",
            True,
            shapes.gmail(
                sender="TH Hồng Quang <thhongquang@example.edu.vn>",
                subject="Báo cáo PCCC và CNCH năm 2022",
                date=local("2022-09-05 07:59"),
                message_id="<CAF8hongquang0905@mail.gmail.com>",
                body="Kính gửi Phòng Giáo dục và Đào tạo,\n"
                "Trường Tiểu học Hồng Quang xin gửi báo cáo kết quả thực hiện kế hoạch PCCC.\n"
                "Trân trọng.",
                files=[("Báo cáo PCCC - TH Hồng Quang.docx", word("TH Hồng Quang", PCCC))],
            ),
        ),
        (
            "2022-09-07 16:20",
            True,
            shapes.gmail(
                sender="MN TT Thanh Miện <mnttthanhmien@example.edu.vn>",
                subject="V/v nộp báo cáo PCCC",
                date=local("2022-09-07 16:19"),
                message_id="<CAF8mntt0907@mail.gmail.com>",
                body="Kính gửi Phòng,\nTrường MN Thị trấn Thanh Miện xin nộp báo cáo vào "
                "thứ Hai tuần sau do đang hoàn thiện hồ sơ.",
            ),
        ),
        (
            "2022-09-08 10:00",
            False,
            shapes.outlook(
                sender="Trường Mầm non Đoàn Tùng <mndoantung@example.edu.vn>",
                subject="BC PCCC 2022 - MN Đoàn Tùng",
                date=local("2022-09-08 09:58"),
                message_id="<SG2PR01MB1234doantung@SG2PR01MB1234.apcprd01.prod.outlook.com>",
                body="Kính gửi Phòng GD&ĐT huyện Thanh Miện,\nTrường MN Đoàn Tùng gửi báo cáo.\n"
                "--\nHiệu trưởng",
                files=[("MN Đoàn Tùng - BC PCCC 2022.docx", word("MN Đoàn Tùng", PCCC))],
                rfc2231=True,
                signature_logo=True,
            ),
        ),
        (
            "2022-09-09 16:00",
            True,
            shapes.forwarded(
                staff="Chuyên viên PGD <chuyenvien@example.edu.vn>",
                original=original,
                subject="Fwd: Báo cáo PCCC năm 2022 - TH Ngô Quyền",
                date=local("2022-09-09 16:00"),
                message_id="<CAF8fwdngoquyen@mail.gmail.com>",
            ),
        ),
        (
            "2022-09-09 17:30",
            False,
            shapes.gmail(
                sender="THCS Thanh Miện <thcsthanhmien@example.edu.vn>",
                subject="Báo cáo PCCC - THCS Thị trấn Thanh Miện",
                date=local("2022-09-09 17:29"),
                message_id="<CAF8thcstt0909@mail.gmail.com>",
                body="Kính gửi Phòng,\nTệp lớn nên trường gửi qua Google Drive:\n"
                "https://drive.google.com/file/d/1Qk3vX9sThcsThanhMien2022PcccBaoCao/view?usp=drive_link",
                html_only=True,
            ),
        ),
        (
            "2022-09-12 07:30",
            False,
            shapes.apple_mail(
                sender="THCS Lê Hồng <thcslehong@example.edu.vn>",
                subject="Báo cáo PCCC",
                date=local("2022-09-12 07:29"),
                message_id="<6F1A2B3C-lehong-0912@example.edu.vn>",
                body="Kính gửi Phòng GD&ĐT,\nTrường THCS Lê Hồng gửi báo cáo PCCC (muộn, mong Phòng thông cảm).",
                files=[("THCS Lê Hồng BC PCCC.docx", word("THCS Lê Hồng", PCCC))],
            ),
        ),
    ]


def write_maildir(root: Path, messages: list[tuple[str, bool, bytes]]) -> None:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for index, (when, seen, raw) in enumerate(messages):
        moment = local(when).timestamp()
        name = f"{int(moment)}.M{index}P1000.thanhmien,S={len(raw)}"
        path = root / ("cur" if seen else "new") / (f"{name}:2,S" if seen else name)
        path.write_bytes(raw)
        os.utime(path, (moment, moment))


def main(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    for index, entry in enumerate(FILES):
        write(target / entry[0], index, entry)
    messages = tm_messages()
    write_maildir(target / "tm-pccc-mail", messages)
    print(f"demo inbox: {len(FILES)} files and {len(messages)} e-mails in {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "inbox")
