"""Writes nghean_files.tsv: the labelled uploads for the Diễn Châu and Nghi Lộc rosters.

Run once by hand (`python tests/data/make_nghean_names.py`); the TSV it writes is the data the
test reads, and every label in it was written before watcher ever saw these files. Placed
files use the habits of clerks in these two districts; traps are written by hand below.

Columns: campaign, path (folders/name, NFC), form (nfc/nfd: the bytes on disk), kind (docx,
pdf, jpg, textpdf, noperm, brokenlink, fifo), when (local upload time), head (first-page
letterhead lines of a .docx, ' | ' between lines), title (first-page title of a .docx),
expected (the roster name of the school a careful clerk would place it at, empty: not
placed), period (expected period id), note (habit or trap class of issue 12).
"""

from __future__ import annotations

import csv
import random
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PERIODS = {
    "2023-annual": (
        "2023-10-",
        ["BC năm 2023", "bao cao nam 2023", "Báo cáo năm 2023", "BC nam 2023", "BAO CAO NAM 2023"],
    ),
    "2024-interim": (
        "2024-05-",
        [
            "sơ kết 2024",
            "BCSK 2024",
            "so ket 2024",
            "Báo cáo sơ kết năm 2024",
            "BC so ket",
            "SK 2024",
        ],
    ),
    "2025-final": (
        "2025-10-",
        [
            "tổng kết 2025",
            "BCTK 2025",
            "tong ket 2025",
            "BC tổng kết giai đoạn 2023-2025",
            "bao cao tong ket",
        ],
    ),
}
TITLES = {
    "2023-annual": "BÁO CÁO NĂM 2023",
    "2024-interim": "BÁO CÁO SƠ KẾT NĂM 2024",
    "2025-final": "BÁO CÁO TỔNG KẾT GIAI ĐOẠN 2023-2025",
}
LEVELS = {
    "MN": ["MN", "Mầm non", "Trường MN", "Trường Mầm non", "MNCL", "Trg MN", "mam non", "MN CL"],
    "TH": ["TH", "Tiểu học", "Trường TH", "T.H", "TiH", "tieu hoc", "Trg TH", "Trường Tiểu học"],
    "THCS": ["THCS", "Trường THCS", "T.H.C.S", "thcs", "Trg THCS", "TRƯỜNG THCS"],
}
LONG = {"MN": "MẦM NON", "TH": "TIỂU HỌC", "THCS": "TRUNG HỌC CƠ SỞ"}
SCAN_TAGS = ["(ban scan)", "scan", "_ky", "co dau", "ban ky dong dau", "(scan)"]


def plain(text: str) -> str:
    out = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in out if unicodedata.category(c) != "Mn"))


def bare(name: str) -> str:
    for prefix in ("Mầm non ", "Tiểu học ", "THCS ", "MN "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def roster(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def spell(rng: random.Random, name: str) -> str:
    choice = rng.random()
    if choice < 0.45:
        return name
    if choice < 0.75:
        return plain(name)
    if choice < 0.85:
        return plain(name).upper()
    if choice < 0.95:
        return plain(name).replace(" ", "")
    return name.upper()


def when(rng: random.Random, period: str) -> str:
    prefix = PERIODS[period][0]
    return f"{prefix}{rng.randint(3, 30):02d} {rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:00"


def placed_rows(
    campaign: str, schools: list[dict[str, str]], rng: random.Random, count: int
) -> list[list[str]]:
    rows: list[list[str]] = []
    pool = [(s, p) for s in schools for p in PERIODS]
    rng.shuffle(pool)
    # Names a clerk would not place on their own (families, place-like names) are traps below.
    skip = {
        "Mầm non Diễn Lâm 1",
        "Mầm non Diễn Lâm 2",
        "Tiểu học Diễn Lâm 1",
        "Tiểu học Diễn Lâm 2",
        "Tiểu học Nghi Kiều 1",
        "Tiểu học Nghi Kiều 2",
        "Mầm non Nghi Vạn",
        "Mầm non Nghi Văn",
        "Tiểu học Nghi Vạn",
        "Tiểu học Nghi Văn",
        "THCS Nghi Vạn",
        "THCS Nghi Văn",
        "Mầm non Thị Trấn",
        "Tiểu học TT Diễn Châu",
        "THCS Thị Trấn Diễn Châu",
        "MN TT Quán Hành",
        "Tiểu học TT Quán Hành",
        "THCS TT Quán Hành",
    }
    for school, period in pool:
        if len(rows) >= count:
            break
        if school["name"] in skip:
            continue
        level = school["level"]
        name = bare(school["name"])
        lvl = rng.choice(LEVELS[level])
        label = rng.choice(PERIODS[period][1])
        spelled = spell(rng, name)
        if lvl.islower() or spelled == plain(name):
            spelled_level = plain(lvl) if rng.random() < 0.6 else lvl
        else:
            spelled_level = lvl
        kind = (
            rng.choice(["docx", "docx", "pdf", "jpg"])
            if campaign == "dienchau"
            else rng.choice(["docx", "pdf", "pdf"])
        )
        ext = {"docx": ".docx", "pdf": ".pdf", "jpg": ".jpg"}[kind]
        scan_tag = (" " + rng.choice(SCAN_TAGS)) if kind != "docx" and rng.random() < 0.5 else ""
        layout = rng.random()
        folder = ""
        note = "placed"
        if campaign == "dienchau":
            sep = rng.choice([" - ", "_", " ", "-"])
            if layout < 0.35:
                folder = (
                    f"{school['name']}/" if rng.random() < 0.5 else f"{lvl} {spell(rng, name)}/"
                )
                filename = (
                    f"{label}{scan_tag}{ext}"
                    if rng.random() < 0.6
                    else f"{label}{sep}{spelled_level} {spelled}{scan_tag}{ext}"
                )
                note = "placed: school folder"
            elif layout < 0.5:
                folder = f"Xã {name}/" if name.startswith(("Diễn ", "Nghi ")) else ""
                filename = f"{spelled_level} {spelled}{sep}{label}{scan_tag}{ext}"
                note = "placed: commune folder, school named in the file" if folder else "placed"
            else:
                order = rng.random()
                if order < 0.5:
                    filename = f"{label}{sep}{spelled_level} {spelled}{scan_tag}{ext}"
                else:
                    filename = f"{spelled_level} {spelled}{sep}{label}{scan_tag}{ext}"
        else:
            sep = rng.choice(["_", " - ", "_"])
            level_folder = {"MN": "1. Mam non", "TH": "2. Tieu hoc", "THCS": "3. THCS"}[level]
            if layout < 0.35:
                folder = f"{level_folder}/"
                filename = f"{spell(rng, name)}{sep}{label}{scan_tag}{ext}"
                note = "placed: level folder gives the level"
            elif layout < 0.5 and school["code"]:
                filename = f"{school['code']}{sep}{label}{scan_tag}{ext}"
                note = "placed: Ministry code only"
            elif layout < 0.6 and school["code"]:
                filename = f"{school['code']}{sep}{spelled_level} {spelled}{sep}{label}{ext}"
                note = "placed: code and name agree"
            else:
                filename = f"{spelled_level}{sep}{spelled}{sep}{label}{scan_tag}{ext}".replace(
                    " ", "_" if sep == "_" else " "
                )
        head = ""
        title = ""
        if kind == "docx":
            title = TITLES[period]
            if rng.random() < 0.45:
                parent = (
                    "PHÒNG GD&ĐT DIỄN CHÂU" if campaign == "dienchau" else "UBND HUYỆN NGHI LỘC"
                )
                head = f"{parent} | TRƯỜNG {LONG[level]} {name.upper()}"
        form = "nfd" if rng.random() < 0.35 else "nfc"
        rows.append(
            [
                campaign,
                folder + filename,
                form,
                kind,
                when(rng, period),
                head,
                title,
                school["name"],
                period,
                note,
            ]
        )
    return rows


# Traps and hard cases, written by hand: campaign, path, form, kind, when, head, title, expected, period, note
HAND = """
dienchau|Nhận xét BC sơ kết 2024 - TH Diễn Hải.docx|nfc|docx|2024-06-10 09:00:00|PHÒNG GD&ĐT DIỄN CHÂU|NHẬN XÉT BÁO CÁO SƠ KẾT|||trap 5: department comment
dienchau|NX bao cao nam 2023 THCS Dien Kim.docx|nfd|docx|2023-11-08 10:00:00|PHÒNG GD&ĐT DIỄN CHÂU|NHẬN XÉT|||trap 5: comment (NX)
dienchau|Góp ý BC tổng kết 2025 MN Diễn Mỹ.docx|nfc|docx|2025-11-05 14:00:00|||||trap 5: feedback (góp ý)
dienchau|Phan hoi cua Phong - TH Dien Hung - so ket 2024.docx|nfc|docx|2024-06-12 08:30:00|||||trap 5: feedback (phản hồi)
dienchau|Y kien chuyen vien ve BC nam 2023 THCS Dien Hoang.docx|nfd|docx|2023-11-10 15:00:00|||||trap 5: comment (ý kiến)
dienchau|Trả lời TH Diễn Yên về BC sơ kết 2024.docx|nfc|docx|2024-06-03 09:00:00|||||trap 5: reply (trả lời)
dienchau|BC so ket 2024 TH Dien Hung (tham khao).docx|nfc|docx|2024-05-02 09:00:00|PHÒNG GD&ĐT DIỄN CHÂU / TRƯỜNG TIỂU HỌC DIỄN HÙNG|BÁO CÁO SƠ KẾT NĂM 2024|||trap 5: reference copy
dienchau|Tham khảo - BC năm 2023 của THCS Cao Xuân Huy.docx|nfd|docx|2023-10-02 09:00:00|||||trap 5: reference copy
dienchau|Mau bao cao so ket 2024.docx|nfc|docx|2024-04-20 09:00:00|PHÒNG GD&ĐT DIỄN CHÂU|MẪU BÁO CÁO SƠ KẾT|||trap 5: template
dienchau|Biểu mẫu BC tổng kết 2025 gửi các trường.docx|nfc|docx|2025-09-10 09:00:00|||||trap 5: template
dienchau|File mẫu BC năm 2023 - MN Diễn Phú.docx|nfd|docx|2023-09-25 10:00:00|||||trap 5: template naming a school
dienchau|Tổng hợp BC sơ kết 2024 các trường MN.docx|nfc|docx|2024-06-05 10:00:00|||||trap 5: summary
dienchau|Tong hop bao cao nam 2023 toan huyen.docx|nfc|docx|2023-11-06 10:00:00|||||trap 5: summary
dienchau|BC tổng hợp các trường TH xã Minh Châu - sơ kết 2024.docx|nfc|docx|2024-06-06 10:00:00|||||trap 5: summary naming a commune
dienchau|Hướng dẫn báo cáo sơ kết 2024.pdf|nfc|textpdf|2024-04-18 10:00:00|||||trap 5: guide
dienchau|Kế hoạch BCTK 2025 - TH Diễn Xuân.docx|nfc|docx|2025-03-02 10:00:00|||||trap 6: plan
dienchau|KH thuc hien nam 2024 THCS Dien Thap.docx|nfd|docx|2024-01-15 10:00:00|||||trap 6: plan (KH)
dienchau|Ke hoach nam hoc 2023-2024 MN Dien Loi.docx|nfc|docx|2023-09-20 10:00:00|||||trap 6: plan with a school year
dienchau|Danh sach CBGV TH Dien Loc nam 2023.docx|nfc|docx|2023-10-10 10:00:00|||||trap 6: staff list
dienchau|DS giáo viên MN Diễn Thọ 2024.docx|nfd|docx|2024-05-10 10:00:00|||||trap 6: staff list (DS)
dienchau|Công văn 215 về việc nộp BC sơ kết 2024.pdf|nfc|textpdf|2024-04-25 10:00:00|||||trap 6: department letter
dienchau|Biên bản kiểm tra THCS Diễn Hạnh 2024.docx|nfc|docx|2024-05-20 10:00:00|||||trap 6: minutes (biên bản)
dienchau|Diễn Lâm - BC sơ kết 2024.docx|nfc|docx|2024-05-21 10:00:00|||||trap 4: bare name of a family (MN 1/2, TH 1/2, THCS)
dienchau|TH Diễn Lâm - BC năm 2023.docx|nfd|docx|2023-10-21 10:00:00|||||trap 4: level whose school in the family has a number (TH Diễn Lâm 1/2)
dienchau|MN Dien Lam bao cao tong ket 2025.pdf|nfc|pdf|2025-10-21 10:00:00|||||trap 4: MN Diễn Lâm 1 or 2
dienchau|Dien Hong so ket 2024.docx|nfc|docx|2024-05-22 10:00:00|||||trap 4: bare name, MN/TH/THCS Diễn Hồng
dienchau|Diễn Thịnh - báo cáo năm 2023 (scan).pdf|nfd|pdf|2023-10-22 10:00:00|||||trap 4: bare name, MN/TH/THCS Diễn Thịnh
dienchau|MN Diễn Lâm 1 - BC sơ kết 2024.docx|nfc|docx|2024-05-15 10:00:00|||Mầm non Diễn Lâm 1|2024-interim|placed: number part of the name
dienchau|TH Dien Lam 2 - bao cao nam 2023.pdf|nfd|pdf|2023-10-15 10:00:00|||Tiểu học Diễn Lâm 2|2023-annual|placed: number part of the name
dienchau|Tiểu học Diễn Lâm II - tổng kết 2025.docx|nfc|docx|2025-10-15 10:00:00|||Tiểu học Diễn Lâm 2|2025-final|placed: Roman number
dienchau|TH Diễn Lâm số 1 BCSK 2024.pdf|nfc|pdf|2024-05-16 10:00:00|||Tiểu học Diễn Lâm 1|2024-interim|placed: số 1
dienchau|THCS Diễn Lâm - BC năm 2023.docx|nfc|docx|2023-10-16 10:00:00|||THCS Diễn Lâm|2023-annual|placed: the only THCS of the family
dienchau|TH Diễn Lâm 3 - sơ kết 2024.docx|nfc|docx|2024-05-17 10:00:00|||||trap 3: number the roster lacks
dienchau|MN Diễn Lâm 3 BC năm 2023.pdf|nfd|pdf|2023-10-17 10:00:00|||||trap 3: number the roster lacks
dienchau|BC năm học 2023-2024 TH Diễn Thọ.docx|nfc|docx|2024-05-18 10:00:00|||||trap 6: school year only, no period word
dienchau|Bao cao nam hoc 23-24 THCS Dien Tan.pdf|nfc|pdf|2024-05-19 10:00:00|||||trap 6: school year 23-24 only
dienchau|BC sơ kết năm học 2023-2024 - MN Diễn Phú.docx|nfd|docx|2024-05-19 11:00:00|||Mầm non Diễn Phú|2024-interim|placed: sơ kết with a school year
dienchau|BC tổng kết giai đoạn 2023-2025 THCS Diễn Hải.docx|nfc|docx|2025-10-19 11:00:00|||THCS Diễn Hải|2025-final|placed: span ends with the plan
dienchau|MN Diễn Hoàng - BC.docx|nfc|docx|2024-05-23 11:00:00|||||trap 6: no period at all
dienchau|TH Dien Trung.pdf|nfc|pdf|2023-10-23 11:00:00|||||trap 6: no period (upload time only)
dienchau|BC tong ket 2025 TH Dien Hoang.docx|nfc|docx|2025-10-24 11:00:00|TRƯỜNG TIỂU HỌC DIỄN HOÀNG|BÁO CÁO SƠ KẾT NĂM 2024|||trap 6: name says tổng kết, first page says sơ kết
dienchau|THCS Diễn Trường - sơ kết 2024.docx|nfd|docx|2024-05-24 11:00:00|TRƯỜNG THCS DIỄN TRƯỜNG|BÁO CÁO NĂM 2023|||trap 6: name says sơ kết, first page says năm 2023
dienchau|TH Diễn Liên - báo cáo.docx|nfc|docx|2024-05-24 12:00:00|TRƯỜNG TIỂU HỌC DIỄN LIÊN|BÁO CÁO SƠ KẾT NĂM 2024|Tiểu học Diễn Liên|2024-interim|placed: period only from the first page
dienchau|40425402 - BC so ket 2024 - TH Dien Tan.docx|nfc|docx|2024-05-25 12:00:00|||||trap 7: code of TH Diễn Thịnh, name of TH Diễn Tân
dienchau|40425416_BCSK2024.pdf|nfc|pdf|2024-05-25 13:00:00|||Tiểu học Diễn Bích|2024-interim|placed: code only
dienchau|40425534 THCS Hung My bao cao nam 2023.docx|nfc|docx|2023-10-25 13:00:00|||THCS Hùng Mỹ|2023-annual|placed: code and name agree
dienchau|40425501_TH Dien Ngoc_tong ket 2025.pdf|nfd|pdf|2025-10-25 13:00:00|||||trap 7: code of THCS Cao Xuân Huy, name TH Diễn Ngọc
dienchau|Xã Diễn Hoa/BC sơ kết 2024.docx|nfc|docx|2024-05-26 13:00:00|||||trap 8: commune folder only (MN/TH Diễn Hoa, THCS Hoa Quảng)
dienchau|Xa Minh Chau/Bao cao nam 2023.pdf|nfd|pdf|2023-10-26 13:00:00|||||trap 8: commune folder Minh Châu (MN/TH/THCS Minh Châu)
dienchau|Xã Minh Châu/TH Minh Châu - BC năm 2023.docx|nfc|docx|2023-10-26 14:00:00|||Tiểu học Minh Châu|2023-annual|placed: commune folder, school in the file
dienchau|Huyện Diễn Châu/BC tổng kết 2025.docx|nfc|docx|2025-10-26 14:00:00|UBND HUYỆN DIỄN CHÂU / PHÒNG GIÁO DỤC VÀ ĐÀO TẠO|BÁO CÁO TỔNG KẾT|||trap 8: district folder and letterhead
dienchau|BC so ket 2024 Dien Chau.docx|nfc|docx|2024-05-26 15:00:00|||||trap 8: district name (TH TT Diễn Châu, THCS Thị Trấn Diễn Châu)
dienchau|BC so ket 2024 TH Dien Thai - TH Dien Thap.docx|nfc|docx|2024-05-27 15:00:00|||||trap 8: two schools in one name
dienchau|MN Diễn Phú + MN Diễn Lợi bao cao nam 2023.docx|nfd|docx|2023-10-27 15:00:00|||||trap 8: two schools in one name
dienchau|TH Diễn Kim/BC so ket 2024 TH Dien Hai.docx|nfc|docx|2024-05-27 16:00:00|||||trap 8: one school's folder holds another's file
dienchau|MN Diễn Cát/THCS Diễn Cát - BC năm 2023.pdf|nfc|pdf|2023-10-27 16:00:00|||||trap 8: MN folder holds the THCS file
dienchau|THCS Diễn Phúc - BC năm 2023.docx|nfc|docx|2023-10-28 16:00:00|||||trap 2: level the roster lacks (MN/TH Diễn Phúc only)
dienchau|TH Thọ Lộc - sơ kết 2024.pdf|nfc|pdf|2024-05-28 16:00:00|||||trap 2: level the roster lacks (THCS Thọ Lộc only)
dienchau|THCS Diễn Hoa - BC so ket 2024.docx|nfd|docx|2024-05-28 17:00:00|||||trap 2: campus name of THCS Hoa Quảng, not a roster school
dienchau|MN Thị Trấn - BC năm 2023.docx|nfc|docx|2023-10-28 08:00:00|||Mầm non Thị Trấn|2023-annual|placed: a school named Thị Trấn
dienchau|TH TT Diễn Châu - BC sơ kết 2024.pdf|nfc|pdf|2024-05-28 08:00:00|||Tiểu học TT Diễn Châu|2024-interim|placed: TT = thị trấn, written as in the roster
dienchau|THCS Thị trấn Diễn Châu - tổng kết 2025.docx|nfd|docx|2025-10-28 08:00:00|||THCS Thị Trấn Diễn Châu|2025-final|placed: town school
dienchau|Trường Trung học cơ sở Diễn Kỷ - BC năm 2023.docx|nfc|docx|2023-10-29 08:00:00|||THCS Diễn Kỷ|2023-annual|placed: level written out
dienchau|Truong Trung hoc co so Phung Chi Kien - so ket 2024.pdf|nfc|pdf|2024-05-29 08:00:00|||THCS Phùng Chí Kiên|2024-interim|placed: level written out, no diacritics
dienchau|MN Diễn Kỉ - BC sơ kết 2024.docx|nfc|docx|2024-05-29 09:00:00|||Mầm non Diễn Kỷ|2024-interim|placed: i/y (Kỉ/Kỷ)
dienchau|TH Diễn Mĩ - báo cáo năm 2023.pdf|nfd|pdf|2023-10-29 09:00:00|||Tiểu học Diễn Mỹ|2023-annual|placed: i/y (Mĩ/Mỹ)
dienchau|Truowngf TH Dieenx Lowij - so ket 2024.docx|nfc|docx|2024-05-29 10:00:00|||Tiểu học Diễn Lợi|2024-interim|placed: Telex left on
dienchau|THCS  Diễn   Xuân -BC tổng kết 2025.docx|nfc|docx|2025-10-29 10:00:00|||THCS Diễn Xuân|2025-final|placed: doubled spaces
dienchau|MN Dien Doai BCTK 2025.pdf|nfc|pdf|2025-10-29 11:00:00|||Mầm non Diễn Đoài|2025-final|placed: đ written d
dienchau|MNDienNguyen_BaoCaoNam2023.docx|nfd|docx|2023-10-29 11:00:00|||Mầm non Diễn Nguyên|2023-annual|placed: camel case, glued level
dienchau|BC so ket 2024.docx|nfc|docx|2024-05-12 07:05:00|PHÒNG GD&ĐT DIỄN CHÂU / TRƯỜNG MẦM NON DIỄN THÀNH|BÁO CÁO SƠ KẾT NĂM 2024|Mầm non Diễn Thành|2024-interim|placed: letterhead names the school
dienchau|scan0001.pdf|nfc|pdf|2024-05-12 07:20:00|||Mầm non Diễn Thành|2024-interim|placed: scan travels with the Word file beside it
dienchau|Document1.docx|nfc|docx|2023-10-14 06:40:00|UBND HUYỆN DIỄN CHÂU / TRƯỜNG TIỂU HỌC DIỄN ĐOÀI|BÁO CÁO NĂM 2023|Tiểu học Diễn Đoài|2023-annual|placed: letterhead only, title gives the period
dienchau|THCS Diễn Đoài/IMG_20231014_0655.jpg|nfc|jpg|2023-10-14 06:55:00|||||trap 6: school folder, no period anywhere (upload time only)
dienchau|BC so ket 2024 TH Dien Hung.docx|nfc|noperm|2024-05-30 10:00:00|||||unreadable: permission denied
dienchau|MN Diễn Yên - BC năm 2023.pdf|nfd|brokenlink|2023-10-30 10:00:00|||||unreadable: broken link (vanished)
dienchau|TH Diễn Yên - BC năm 2023.docx|nfc|fifo|2023-10-30 11:00:00|||||unreadable: a pipe
nghiloc|Nhan xet bao cao so ket 2024 TH Nghi Thach.docx|nfc|docx|2024-06-10 09:00:00|UBND HUYỆN NGHI LỘC / PHÒNG GIÁO DỤC VÀ ĐÀO TẠO|NHẬN XÉT|||trap 5: department comment
nghiloc|Góp ý BC năm 2023 - THCS Nghi Yên.docx|nfd|docx|2023-11-09 09:00:00|||||trap 5: feedback
nghiloc|Ý kiến phản hồi BC tổng kết 2025 MN Nghi Long.docx|nfc|docx|2025-11-04 09:00:00|||||trap 5: feedback
nghiloc|Tham khao_BC so ket 2024_TH Nghi Phuong.docx|nfc|docx|2024-05-03 09:00:00|TRƯỜNG TIỂU HỌC NGHI PHƯƠNG|BÁO CÁO SƠ KẾT NĂM 2024|||trap 5: reference copy
nghiloc|Mẫu BC sơ kết 2024 (dùng cho các đơn vị).docx|nfc|docx|2024-04-15 09:00:00|||||trap 5: template
nghiloc|Tong hop BCTK 2025 cac don vi.docx|nfc|docx|2025-11-06 09:00:00|||||trap 5: summary
nghiloc|Huong dan BC nam 2023.pdf|nfd|textpdf|2023-09-20 09:00:00|||||trap 5: guide
nghiloc|KH_BCTK_2025_THCS Nghi Xa.docx|nfc|docx|2025-02-20 09:00:00|||||trap 6: plan (KH BCTK)
nghiloc|Danh sách CBQL, GV, NV MN Nghi Xá.docx|nfc|docx|2024-05-05 09:00:00|||||trap 6: staff list
nghiloc|Thông báo lịch nộp BC sơ kết 2024.pdf|nfc|textpdf|2024-04-28 09:00:00|||||trap 6: notice
nghiloc|Giấy mời họp BC tổng kết 2025 - TH Nghi Long.pdf|nfc|textpdf|2025-09-28 09:00:00|||||trap 6: invitation naming a school
nghiloc|BC ket qua thuc hien ke hoach nam 2023 - THCS Nghi Long.docx|nfd|docx|2023-10-20 09:00:00|||THCS Nghi Long|2023-annual|placed: report on a plan (BC before KH)
nghiloc|2. Tieu hoc/Nghi Kieu - BC so ket 2024.docx|nfc|docx|2024-05-20 09:00:00|||||trap 4: TH Nghi Kiều 1 or 2
nghiloc|TH Nghi Kiều - BC năm 2023.pdf|nfc|pdf|2023-10-20 09:30:00|||||trap 4: TH Nghi Kiều 1 or 2
nghiloc|Nghi Kieu bao cao tong ket 2025.docx|nfd|docx|2025-10-20 09:30:00|||||trap 4: bare name (MN, TH 1/2, THCS Nghi Kiều)
nghiloc|TH Nghi Kiều II - sơ kết 2024.docx|nfc|docx|2024-05-21 09:00:00|||Tiểu học Nghi Kiều 2|2024-interim|placed: Roman number
nghiloc|TH Nghi Kieu so 1_BC nam 2023.pdf|nfc|pdf|2023-10-21 09:00:00|||Tiểu học Nghi Kiều 1|2023-annual|placed: số 1
nghiloc|MN Nghi Kiều - BC tổng kết 2025.docx|nfc|docx|2025-10-21 09:00:00|||Mầm non Nghi Kiều|2025-final|placed: the only MN Nghi Kiều
nghiloc|MN Nghi Kieu 2 - BC nam 2023.docx|nfd|docx|2023-10-21 10:00:00|||||trap 3: number the roster lacks for MN
nghiloc|TH Nghi Kiều 3 - BCSK 2024.pdf|nfc|pdf|2024-05-21 10:00:00|||||trap 3: number the roster lacks
nghiloc|MN Nghi Van - so ket 2024.docx|nfc|docx|2024-05-22 10:00:00|||||trap 4: no diacritics, MN Nghi Vạn or MN Nghi Văn
nghiloc|THCS_NGHI_VAN_BCTK_2025.pdf|nfc|pdf|2025-10-22 10:00:00|||||trap 4: THCS Nghi Vạn or THCS Nghi Văn
nghiloc|MN Nghi Vạn - sơ kết 2024.docx|nfd|docx|2024-05-22 11:00:00|||Mầm non Nghi Vạn|2024-interim|placed: diacritics tell Vạn from Văn
nghiloc|TH Nghi Văn - BC năm 2023.docx|nfc|docx|2023-10-22 11:00:00|||Tiểu học Nghi Văn|2023-annual|placed: diacritics tell Văn from Vạn
nghiloc|MN Nghi Cong - so ket 2024.pdf|nfc|pdf|2024-05-23 11:00:00|||||trap 4: MN Nghi Công Nam or Bắc
nghiloc|TH Nghi Công - BC năm 2023.docx|nfc|docx|2023-10-23 11:00:00|||||trap 4: TH Nghi Công Bắc or Nam
nghiloc|Nghi Cong Bac - BCTK 2025.docx|nfd|docx|2025-10-23 11:00:00|||||trap 4: MN or TH Nghi Công Bắc
nghiloc|THCS Nghi Công - BC năm 2023.docx|nfc|docx|2023-10-23 12:00:00|||THCS Nghi Công|2023-annual|placed: the only THCS of the family
nghiloc|MN Nghi Cong Nam_BC so ket 2024.docx|nfc|docx|2024-05-23 12:00:00|||MN Nghi Công Nam|2024-interim|placed: full name
nghiloc|3. THCS/Nghi Cong - BCTK 2025.pdf|nfc|pdf|2025-10-23 12:00:00|||THCS Nghi Công|2025-final|placed: level folder, only THCS Nghi Công
nghiloc|MN TT Quán Hành - BC năm 2023.docx|nfc|docx|2023-10-24 12:00:00|||MN TT Quán Hành|2023-annual|placed: TT as in the roster
nghiloc|Mam non Thi tran Quan Hanh - so ket 2024.pdf|nfd|pdf|2024-05-24 12:00:00|||MN TT Quán Hành|2024-interim|placed: Thị trấn written out
nghiloc|TH Quán Hành - BC tổng kết 2025.docx|nfc|docx|2025-10-24 12:00:00|||Tiểu học TT Quán Hành|2025-final|placed: TT dropped, only TH Quán Hành
nghiloc|THCS TT Quan Hanh_BCSK 2024.docx|nfc|docx|2024-05-24 13:00:00|||THCS TT Quán Hành|2024-interim|placed
nghiloc|TT Quán Hành/Báo cáo năm 2023.docx|nfc|docx|2023-10-24 13:00:00|||||trap 8: town folder (MN/TH/THCS TT Quán Hành)
nghiloc|Xa Nghi Long/TH Nghi Long - so ket 2024.docx|nfc|docx|2024-05-24 14:00:00|||Tiểu học Nghi Long|2024-interim|placed: commune folder, school in the file
nghiloc|Xã Nghi Thạch/BC tổng kết 2025.pdf|nfd|pdf|2025-10-24 14:00:00|||||trap 8: commune folder only
nghiloc|UBND huyen Nghi Loc - BC so ket 2024.docx|nfc|docx|2024-05-24 15:00:00|UBND HUYỆN NGHI LỘC / PHÒNG GIÁO DỤC VÀ ĐÀO TẠO|BÁO CÁO SƠ KẾT|||trap 8: district name
nghiloc|BC nam 2023 TH Nghi Thinh va TH Nghi Truong.docx|nfc|docx|2023-10-25 15:00:00|||||trap 8: two schools in one name
nghiloc|1. Mam non/MN Nghi Thiet/BC so ket 2024 MN Nghi Tien.docx|nfc|docx|2024-05-25 15:00:00|||||trap 8: one school's folder holds another's file
nghiloc|40429402 - TH Nghi Thinh - BC nam 2023.pdf|nfc|pdf|2023-10-25 16:00:00|||||trap 7: code of TH Nghi Thạch, name TH Nghi Thịnh
nghiloc|40429412_BC nam 2023.docx|nfd|docx|2023-10-25 16:30:00|||Tiểu học Nghi Diên|2023-annual|placed: code only
nghiloc|40429999_BC so ket 2024.pdf|nfc|pdf|2024-05-25 16:30:00|||||trap 7: a code the roster lacks
nghiloc|THCS Nghi Thịnh - BC năm 2023.docx|nfc|docx|2023-10-26 08:00:00|||||trap 2: level the roster lacks (MN/TH Nghi Thịnh)
nghiloc|TH Tiến Thiết - so ket 2024.pdf|nfc|pdf|2024-05-26 08:00:00|||||trap 2: level the roster lacks (THCS Tiến Thiết)
nghiloc|BC nam hoc 2024-2025 TH Nghi Thach.docx|nfc|docx|2025-05-26 08:00:00|||||trap 6: school year only
nghiloc|BC so ket nam hoc 22-23 THCS Nghi Trung.docx|nfd|docx|2024-05-26 09:00:00|||||trap 6: sơ kết with a school year that does not fit 2024 (22-23)
nghiloc|BC nam 2023 (nam hoc 2022-2023) TH Nghi Tien.docx|nfc|docx|2023-10-26 09:00:00|||Tiểu học Nghi Tiến|2023-annual|placed: school year agrees with the year
nghiloc|MN Nghi Hung.docx|nfc|docx|2024-05-26 10:00:00|||||trap 6: no period at all
nghiloc|THCS Hung Dong - tong ket 2025.docx|nfc|docx|2025-10-26 10:00:00|TRƯỜNG THCS HƯNG ĐỒNG|BÁO CÁO NĂM 2023|||trap 6: name tổng kết, first page năm 2023
nghiloc|TH Nghi Xa - BC so ket 2024.docx|nfc|docx|2024-05-27 10:00:00|||Tiểu học Nghi xá|2024-interim|placed: roster spells 'Nghi xá'
nghiloc|Tiểu học Nghi Mĩ - BC tổng kết 2025.pdf|nfd|pdf|2025-10-27 10:00:00|||Tiểu học Nghi Mỹ|2025-final|placed: i/y
nghiloc|MN Nghi Hoà - BC năm 2023.docx|nfc|docx|2023-10-27 11:00:00|||Mầm non Nghi Hoa|2023-annual|relabelled after the first run (was a trap): no Nghi Hoà in the district, a clerk reads it as Nghi Hoa
nghiloc|TiH Nghi Hoa_BCSK2024.pdf|nfc|pdf|2024-05-27 11:00:00|||Tiểu học Nghi Hoa|2024-interim|placed: TiH
nghiloc|scan_20241015.pdf|nfc|pdf|2024-10-15 11:00:00|||||trap: no school at all
nghiloc|THCS Nghi Phương - BC năm 2023.docx|nfc|noperm|2023-10-30 10:00:00|||||unreadable: permission denied
nghiloc|TH Nghi Yên - sơ kết 2024.pdf|nfd|brokenlink|2024-05-30 10:00:00|||||unreadable: broken link (vanished)
dienchau|Diễn Châu - BC năm 2023.docx|nfc|docx|2023-10-02 08:10:00|||||probe after the first run, trap 8: district name only
dienchau|THCS Dien Chau - BC nam 2023.docx|nfc|docx|2023-10-02 09:10:00|||||probe after the first run, trap 8: district name with a level (THCS Thị Trấn Diễn Châu?)
dienchau|BC nam 2023 huyen Dien Chau.docx|nfd|docx|2023-10-02 10:10:00|||||probe after the first run, trap 8: huyện
dienchau|PGD Dien Chau - BC so ket 2024.docx|nfc|docx|2024-04-02 08:10:00|||||probe after the first run, trap 8: the department's own file
dienchau|TH Dien Chau - so ket 2024.docx|nfc|docx|2024-04-02 09:10:00|||Tiểu học TT Diễn Châu|2024-interim|probe after the first run: the only TH of the town
dienchau|BC tong ket 2025 (1).docx|nfc|docx|2025-10-02 08:10:00|PHÒNG GD&ĐT DIỄN CHÂU / TRƯỜNG THCS DIỄN KIM|BÁO CÁO TỔNG KẾT GIAI ĐOẠN 2023-2025|THCS Diễn Kim|2025-final|probe after the first run: school letterhead under the department line
dienchau|BC tong ket 2025 (2).docx|nfc|docx|2025-10-02 10:10:00|PHÒNG GD&ĐT HUYỆN DIỄN CHÂU / TRƯỜNG TIỂU HỌC DIỄN KIM|BÁO CÁO TỔNG KẾT GIAI ĐOẠN 2023-2025|Tiểu học Diễn Kim|2025-final|probe after the first run: school letterhead
dienchau|BC tong ket 2025 (3).docx|nfc|docx|2025-10-02 12:10:00|UBND HUYỆN DIỄN CHÂU / TRƯỜNG MẦM NON DIỄN KIM|BÁO CÁO TỔNG KẾT GIAI ĐOẠN 2023-2025|Mầm non Diễn Kim|2025-final|probe after the first run: school letterhead
dienchau|BC tong ket 2025 (4).docx|nfc|docx|2025-10-02 14:10:00|PHÒNG GD&ĐT DIỄN CHÂU|BÁO CÁO TỔNG KẾT|||probe after the first run, trap 8: the department's letterhead only
dienchau|MN TT Diễn Châu - BC năm 2023.docx|nfc|docx|2023-10-03 08:10:00|||Mầm non Thị Trấn|2023-annual|probe after the first run: the town's MN
dienchau|Tieu hoc Thi tran Dien Chau - BC nam 2023.docx|nfd|docx|2023-10-03 09:10:00|||Tiểu học TT Diễn Châu|2023-annual|probe after the first run: TT written out
dienchau|MN Thi tran Dien Chau - BC nam 2023.docx|nfc|docx|2023-10-03 10:10:00|||Mầm non Thị Trấn|2023-annual|probe after the first run: the town's MN
dienchau|THCS TT Dien Chau - BC nam 2023.docx|nfc|docx|2023-10-03 11:10:00|||THCS Thị Trấn Diễn Châu|2023-annual|probe after the first run: Thị Trấn written TT
nghiloc|Xa Nghi Long/BC so ket 2024.docx|nfc|docx|2024-04-03 08:10:00|||||probe after the first run, trap 8: commune folder written without diacritics
nghiloc|Xa Nghi Long/MN - BC nam 2023.docx|nfc|docx|2023-10-03 08:10:00|||||probe after the first run, trap 8: commune folder, level only
nghiloc|Xã Nghi Long/MN - BC năm 2023 (2).docx|nfd|docx|2023-10-03 09:10:00|||||probe after the first run, trap 8: commune folder, level only
nghiloc|Xa Nghi Long/Mam non - BC so ket 2024.docx|nfc|docx|2024-04-03 09:10:00|||||probe after the first run, trap 8: commune folder, level only
nghiloc|BC so ket 2024 - MN xa Nghi Long.docx|nfc|docx|2024-04-03 10:10:00|||Mầm non Nghi Long|2024-interim|probe after the first run: 'MN xã Nghi Long' written without diacritics
nghiloc|Truong TH xa Nghi Thinh - BC nam 2023.docx|nfc|docx|2023-10-03 10:10:00|||Tiểu học Nghi Thịnh|2023-annual|probe after the first run: 'TH xã Nghi Thịnh' without diacritics
nghiloc|MN Xa Nghi Long_BCTK 2025.docx|nfc|docx|2025-10-03 10:10:00|||Mầm non Nghi Long|2025-final|probe after the first run: 'MN Xã Nghi Long'
nghiloc|xa Nghi Long - MN - tong ket 2025.docx|nfc|docx|2025-10-03 11:10:00|||Mầm non Nghi Long|2025-final|probe after the first run: commune then level
nghiloc|Trường MN xã Nghi Thịnh - BC năm 2023.docx|nfc|docx|2023-10-04 08:10:00|||Mầm non Nghi Thịnh|2023-annual|probe after the first run: 'xã' with diacritics
"""


def main() -> None:
    rng = random.Random(20261202)
    rows = [
        ["campaign", "path", "form", "kind", "when", "head", "title", "expected", "period", "note"]
    ]
    rows += placed_rows("dienchau", roster(HERE / "dienchau_roster.csv"), rng, 120)
    rows += placed_rows("nghiloc", roster(HERE / "nghiloc_roster.csv"), rng, 85)
    for line in HAND.strip().splitlines():
        parts = line.split("|")
        assert len(parts) == 10, line
        parts[5] = parts[5].replace(" / ", " | ")  # letterhead lines
        rows.append(parts)
    paths = [r[0] + "/" + r[1].casefold() for r in rows[1:]]
    assert len(paths) == len(set(paths)), "duplicate paths"
    with (HERE / "nghean_files.tsv").open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# Labelled uploads for tests/data/dienchau_roster.csv and nghiloc_roster.csv;\n"
        )
        handle.write(
            "# written by tests/data/make_nghean_names.py before watcher saw them (README).\n"
        )
        for row in rows:
            handle.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
