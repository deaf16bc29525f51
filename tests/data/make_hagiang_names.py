"""Writes hagiang_files.tsv: labelled uploads for tests/data/hagiang_roster.csv (the Hà Giang
communes of tỉnh Tuyên Quang, README).

Run once by hand (`python tests/data/make_hagiang_names.py`); the TSV it writes is the data the
test reads. Every label was written before watcher read these files. Placed files use the habits
of clerks in mountain schools (PTDTBT written five ways, TH&THCS, names of ethnic places without
marks or with hỏi/ngã swapped, level and cluster folders, dates first, `+` and `.` as
separators); traps are written by hand below. Columns as in make_nghean_names.py: campaign,
path, form (nfc/nfd bytes on disk), kind, when, head (letterhead lines, ' | '), title, expected
(roster name, empty: a clerk would not place it), period, note.
"""

from __future__ import annotations

import csv
import random
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
CAMPAIGN = "hagiang"
PERIODS = {
    "2023-annual": (
        "2023-10-",
        ["BC nam 2023", "Báo cáo năm 2023", "BAO CAO NAM 2023", "bc năm 2023", "BC.nam.2023"],
    ),
    "2024-interim": (
        "2024-05-",
        ["BC sơ kết 2024", "so ket 2024", "SƠ KẾT 2024", "BCSK 2024", "Bao cao so ket nam 2024"],
    ),
    "2025-final": (
        "2025-10-",
        ["BC tổng kết 2025", "tong ket 2025", "TỔNG KẾT GIAI ĐOẠN 2023-2025", "BCTK 2025"],
    ),
}
TITLES = {
    "2023-annual": "BÁO CÁO NĂM 2023",
    "2024-interim": "BÁO CÁO SƠ KẾT NĂM 2024",
    "2025-final": "BÁO CÁO TỔNG KẾT GIAI ĐOẠN 2023-2025",
}
# Level words as clerks in these schools write them; PTDTBT only for schools that are PTDTBT.
LEVELS = {
    "MN": ["MN", "Mầm non", "Trường MN", "Truong Mam non", "MẦM NON", "mn"],
    "TH": ["TH", "Tiểu học", "Trường TH", "Truong TH", "TIỂU HỌC", "T.H"],
    "THCS": ["THCS", "Trường THCS", "THCS", "Truong THCS", "TRUNG HỌC CƠ SỞ"],
    "TH&THCS": ["TH&THCS", "TH và THCS", "TH-THCS", "TH va THCS", "Liên cấp TH&THCS"],
}
BOARDING = {
    "TH": ["PTDTBT TH", "PTDT BT TH", "Trường PTDTBT TH", "PTDTBT Tiểu học", "DTBT TH"],
    "THCS": ["PTDTBT THCS", "PTDT BT THCS", "Trường PTDTBT THCS", "PT DTBT THCS", "DTBT THCS"],
    "TH&THCS": ["PTDTBT TH&THCS", "PTDTBT TH và THCS", "PTDT BT TH-THCS", "PTDTBT TH va THCS"],
}
LONG = {"MN": "MẦM NON", "TH": "TIỂU HỌC", "THCS": "THCS", "TH&THCS": "TH VÀ THCS"}
SCAN_TAGS = ["(ký duyệt)", "scan", "ban ky", "dong dau", "(ban chinh thuc)", "final"]
LEVEL_FOLDER = {"MN": "01_MamNon", "TH": "02_TieuHoc", "THCS": "03_THCS", "TH&THCS": "04_LienCap"}
# Old districts (huyện, before 2025) whose names clerks still use for cluster folders.
CLUSTERS = {
    "Cum Dong Van": ("Đồng Văn", "Lũng Cú", "Sà Phìn", "Phố Bảng", "Lũng Phìn"),
    "Cụm Mèo Vạc": ("Mèo Vạc", "Sủng Máng", "Sơn Vĩ", "Khâu Vai", "Niêm Sơn", "Tát Ngà"),
    "Cum truong Yen Minh": (
        "Yên Minh",
        "Thắng Mố",
        "Bạch Đích",
        "Mậu Duệ",
        "Ngọc Long",
        "Du Già",
        "Đường Thượng",
    ),
    "Cụm Quản Bạ": ("Quản Bạ", "Lùng Tám", "Cán Tỷ", "Nghĩa Thuận", "Tùng Vài"),
    "Cum Bac Me": ("Bắc Mê", "Yên Cường", "Đường Hồng", "Giáp Trung", "Minh Sơn", "Minh Ngọc"),
}


def cluster(commune: str) -> str:
    return next((k for k, v in CLUSTERS.items() if commune[3:] in v), "")


def plain(text: str) -> str:
    out = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in out if unicodedata.category(c) != "Mn"))


_PREFIX = re.compile(
    r"^(trường\s+)?(ptdt\s*bt|pt\s*dtbt|ptdt bán trú|phổ thông dtbt|ptdtbt)?\s*"
    r"(mầm non|mn|tiểu học|th và thcs|th&thcs|tiểu học và trung học cơ sở|thcs|"
    r"trung học cơ sở|th)\s+",
    re.IGNORECASE,
)


def bare(name: str) -> str:
    return _PREFIX.sub("", name, count=1).strip()


def roster() -> list[dict[str, str]]:
    with (HERE / "hagiang_roster.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def spell(rng: random.Random, name: str) -> str:
    choice = rng.random()
    if choice < 0.35:
        return name
    if choice < 0.75:
        return plain(name)
    if choice < 0.85:
        return plain(name).upper()
    if choice < 0.93:
        return plain(name).replace(" ", "")
    return name.upper()


def when(rng: random.Random, period: str) -> str:
    prefix = PERIODS[period][0]
    return f"{prefix}{rng.randint(3, 30):02d} {rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:00"


def _family(schools: list[dict[str, str]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for school in schools:
        key = plain(bare(school["name"])).lower()
        out[key] = out.get(key, 0) + 1
    return out


def placed_rows(schools: list[dict[str, str]], rng: random.Random, count: int) -> list[list[str]]:
    rows: list[list[str]] = []
    family = _family(schools)
    pool = [(s, p) for s in schools for p in PERIODS]
    rng.shuffle(pool)
    for school, period in pool:
        if len(rows) >= count:
            break
        name = school["name"]
        if "(" in name or not name.lower().startswith(("trường", "mầm non", "ptdtbt", "tiểu học")):
            continue  # same-name schools told apart by commune, private groups: by hand below
        level = school["level"]
        core = bare(name)
        boarding = "DTBT" in name.replace(" ", "").upper() or "Bán trú" in name
        if boarding and rng.random() < 0.6:
            lvl = rng.choice(BOARDING[level])
        else:
            lvl = rng.choice(LEVELS[level])
        spelled = spell(rng, core)
        if spelled != core and rng.random() < 0.7:
            lvl = plain(lvl)
        label = rng.choice(PERIODS[period][1])
        kind = rng.choice(["docx", "docx", "pdf", "pdf", "jpg"])
        ext = {"docx": ".docx", "pdf": ".pdf", "jpg": ".jpg"}[kind]
        tag = (" " + rng.choice(SCAN_TAGS)) if kind != "docx" and rng.random() < 0.5 else ""
        sep = rng.choice([" - ", "_", " + ", ".", " "])
        layout = rng.random()
        folder = ""
        note = "placed"
        unique_core = family.get(plain(core).lower(), 0) == 1
        if layout < 0.2:
            folder = f"{LEVEL_FOLDER[level]}/"
            if unique_core and rng.random() < 0.5:
                filename = f"{spelled}{sep}{label}{tag}{ext}"
                note = "placed: level folder, name without level"
            else:
                filename = f"{lvl} {spelled}{sep}{label}{tag}{ext}"
                note = "placed: level folder"
        elif layout < 0.35 and cluster(school["commune"]):
            folder = f"{cluster(school['commune'])}/"
            filename = f"{label}{sep}{lvl} {spelled}{tag}{ext}"
            note = "placed: old-district cluster folder, school in the file"
        elif layout < 0.5:
            folder = (
                f"{school['commune']}/" if rng.random() < 0.5 else f"{plain(school['commune'])}/"
            )
            filename = f"{lvl} {spelled}{sep}{label}{tag}{ext}"
            note = "placed: commune folder, school named in the file"
        elif layout < 0.6:
            day = when(rng, period)
            stamp = day[:10].replace("-", rng.choice(["", ".", "-"]))
            filename = f"{stamp}_{lvl} {spelled}_{label}{tag}{ext}"
            note = "placed: date first"
        elif layout < 0.7:
            folder = f"{lvl} {spelled}/"
            filename = f"{label}{tag}{ext}"
            note = "placed: school folder"
        elif layout < 0.78:
            filename = f"{school['code']}{sep}{lvl} {spelled}{sep}{label}{tag}{ext}"
            note = "placed: code and name agree"
        else:
            if rng.random() < 0.5:
                filename = f"{label}{sep}{lvl} {spelled}{tag}{ext}"
            else:
                filename = f"{lvl} {spelled}{sep}{label}{tag}{ext}"
        head = ""
        title = ""
        if kind == "docx":
            title = TITLES[period]
            if rng.random() < 0.5:
                parent = rng.choice(
                    ["UBND XÃ " + school["commune"][3:].upper(), "SỞ GD&ĐT TUYÊN QUANG"]
                )
                head = f"{parent} | TRƯỜNG {LONG[level]} {core.upper()}"
        form = "nfd" if rng.random() < 0.32 else "nfc"
        rows.append(
            [
                CAMPAIGN,
                re.sub(r"\s+", " ", folder + filename),
                form,
                kind,
                when(rng, period),
                head,
                title,
                name,
                period,
                note,
            ]
        )
    return rows


# Hand-written: traps of every class of issue 12 and hard placed cases.
# path|form|kind|when|head|title|expected|period|note
HAND = """
Nhận xét BC sơ kết 2024 - PTDTBT TH Sủng Trà.docx|nfc|docx|2024-06-10 09:00:00|SỞ GD&ĐT TUYÊN QUANG|NHẬN XÉT BÁO CÁO SƠ KẾT|||trap 5: department comment
NX bao cao nam 2023 THCS Meo Vac.docx|nfd|docx|2023-11-08 10:00:00|||||trap 5: comment (NX)
Góp ý BC tổng kết 2025 - MN Lũng Cú.docx|nfc|docx|2025-11-05 14:00:00|||||trap 5: feedback (góp ý)
Phan hoi BCSK 2024 cua TH Pho Cao.docx|nfc|docx|2024-06-12 08:30:00|||||trap 5: feedback (phản hồi)
Ý kiến của phòng chuyên môn về BC năm 2023 THCS Yên Minh.docx|nfd|docx|2023-11-10 15:00:00|||||trap 5: comment (ý kiến)
Kết quả thẩm định BC tổng kết 2025 - PTDTBT THCS Khâu Vai.docx|nfc|docx|2025-11-12 09:00:00|||||trap 5: appraisal result (thẩm định)
Đánh giá BC sơ kết 2024 MN Sà Phìn.pdf|nfc|textpdf|2024-06-14 09:00:00|||||trap 5: assessment of a report
BC so ket 2024 PTDTBT TH Lung Cu (ban tham khao).docx|nfc|docx|2024-05-02 09:00:00|TRƯỜNG PTDTBT TIỂU HỌC LŨNG CÚ|BÁO CÁO SƠ KẾT NĂM 2024|||trap 5: reference copy
Tham khảo - BC năm 2023 của MN Pải Lủng.docx|nfd|docx|2023-10-02 09:00:00|||||trap 5: reference copy
Mẫu báo cáo sơ kết 2024 (gửi các trường PTDTBT).docx|nfc|docx|2024-04-20 09:00:00|SỞ GIÁO DỤC VÀ ĐÀO TẠO TUYÊN QUANG|MẪU BÁO CÁO SƠ KẾT|||trap 5: template
Mau BC tong ket 2025 - TH&THCS.docx|nfc|docx|2025-09-10 09:00:00|||||trap 5: template naming a level
Đề cương BC năm 2023 - MN Tả Phìn.docx|nfd|docx|2023-09-25 10:00:00|||||trap 5: outline (đề cương) naming a school
Tổng hợp BC sơ kết 2024 các trường MN cụm Đồng Văn.docx|nfc|docx|2024-06-05 10:00:00|||||trap 5: summary
Tong hop bao cao nam 2023 khoi THCS.docx|nfc|docx|2023-11-06 10:00:00|||||trap 5: summary
TH BC tổng kết 2025 các trường PTDTBT.docx|nfc|docx|2025-11-06 10:00:00|||||trap 5: 'TH' here means tổng hợp (summary), not a level
Hướng dẫn viết BC sơ kết 2024.pdf|nfc|textpdf|2024-04-18 10:00:00|||||trap 5: guide
Cụm Mèo Vạc/Tổng hợp cụm - BC năm 2023.docx|nfc|docx|2023-11-02 10:00:00|||||trap 5: cluster summary
Kế hoạch BCTK 2025 - PTDTBT TH Sơn Vĩ.docx|nfc|docx|2025-03-02 10:00:00|||||trap 6: plan
KH nam 2024 THCS Can Ty.docx|nfd|docx|2024-01-15 10:00:00|||||trap 6: plan (KH)
KH năm học 2023-2024 - MN Thượng Phùng.docx|nfc|docx|2023-09-20 10:00:00|||||trap 6: plan with a school year
Danh sach CBGV PTDTBT THCS Lung Phin nam 2023.docx|nfc|docx|2023-10-10 10:00:00|||||trap 6: staff list
DS học sinh bán trú TH Tát Ngà 2024.docx|nfd|docx|2024-05-10 10:00:00|||||trap 6: list of boarding pupils
Biên bản kiểm tra nội trú PTDTBT THCS Sơn Vĩ 2024.docx|nfc|docx|2024-05-20 10:00:00|||||trap 6: minutes (biên bản)
Công văn số 312 về nộp BC sơ kết 2024.pdf|nfc|textpdf|2024-04-25 10:00:00|||||trap 6: department letter
Tờ trình xin kinh phí MN Lũng Táo 2023.docx|nfc|docx|2023-10-05 10:00:00|||||trap 6: request (tờ trình) with a calendar year
BC năm học 2023-2024 PTDTBT TH Lũng Hồ.docx|nfc|docx|2024-05-18 10:00:00|||||trap 6: school year only, no period word
Bao cao nam hoc 23-24 THCS Tung Vai.pdf|nfc|pdf|2024-05-19 10:00:00|||||trap 6: school year 23-24 only
BC sơ kết năm học 2023-2024 - MN Niêm Tòng.docx|nfd|docx|2024-05-19 11:00:00|||Trường Mầm non Niêm Tòng|2024-interim|placed: sơ kết with a school year
BC tổng kết giai đoạn 2023-2025 THCS Bạch Đích.docx|nfc|docx|2025-10-19 11:00:00|||Trường THCS Bạch Đích|2025-final|placed: span ends with the plan
MN Lũng Thầu - BC.docx|nfc|docx|2024-05-23 11:00:00|||||trap 6: no period at all
PTDTBT TH Na Khe.pdf|nfc|pdf|2023-10-23 11:00:00|||||trap 6: no period (upload time only)
BC tong ket 2025 PTDTBT TH Lung Tam.docx|nfc|docx|2025-10-24 11:00:00|TRƯỜNG PTDTBT TIỂU HỌC LÙNG TÁM|BÁO CÁO SƠ KẾT NĂM 2024|||trap 6: name says tổng kết, first page says sơ kết
THCS Nấm Dẩn - sơ kết 2024.docx|nfd|docx|2024-05-24 11:00:00|TRƯỜNG THCS NẤM DẨN|BÁO CÁO NĂM 2023|||trap 6: name says sơ kết, first page says năm 2023
PTDTBT THCS Quản Bạ - báo cáo.docx|nfc|docx|2024-05-24 12:00:00|TRƯỜNG PTDTBT THCS QUẢN BẠ|BÁO CÁO SƠ KẾT NĂM 2024|Trường PTDTBT THCS Quản Bạ|2024-interim|placed: period only from the first page
BC so ket 2024 - MN Lung Cu.docx|nfc|docx|2024-05-21 10:00:00|||Trường Mầm non Lũng Cú|2024-interim|placed: level and name (TH, THCS Lũng Cú too)
Lung Cu - BC so ket 2024.docx|nfc|docx|2024-05-21 11:00:00|||||trap 4: bare name, MN/TH/THCS Lũng Cú (and the commune)
Sơn Vĩ - báo cáo năm 2023.pdf|nfd|pdf|2023-10-22 10:00:00|||||trap 4: bare name, MN/TH/THCS Sơn Vĩ
MN Hoa Sen - BC năm 2023.docx|nfc|docx|2023-10-22 11:00:00|||||trap 4: three MN Hoa Sen (Bắc Mê, Hà Giang 1, Pà Vầy Sủ)
Truong Mam non Hoa Mai - so ket 2024.pdf|nfc|pdf|2024-05-22 11:00:00|||||trap 4: four MN Hoa Mai
MN Sơn Ca BCTK 2025.docx|nfd|docx|2025-10-22 11:00:00|||||trap 4: three MN Sơn Ca
MN Tả Lủng - BC năm 2023.docx|nfc|docx|2023-10-22 12:00:00|||||trap 4: MN Tả Lủng of Đồng Văn or of Mèo Vạc
Xã Bắc Mê/MN Hoa Sen - BC sơ kết 2024.docx|nfc|docx|2024-05-22 12:00:00|||Trường Mầm non Hoa Sen (Bắc Mê)|2024-interim|placed: commune folder tells the three MN Hoa Sen apart
MN Hoa Sen (Bắc Mê) - BC tổng kết 2025.docx|nfc|docx|2025-10-22 12:00:00|||Trường Mầm non Hoa Sen (Bắc Mê)|2025-final|placed: written as the roster does
Truong MN Ta Lung Meo Vac - BC nam 2023.pdf|nfc|pdf|2023-10-22 13:00:00|||Trường Mầm non Tả Lủng (Mèo Vạc)|2023-annual|placed: commune written after the name
TH Thuận Hòa - BC sơ kết 2024.docx|nfc|docx|2024-05-23 09:00:00|||Trường PTDTBT TH Thuận Hoà|2024-interim|placed: Hòa/Hoà
THCS Thanh Thủy - BC năm 2023.pdf|nfd|pdf|2023-10-23 09:00:00|||Trường PTDTBT THCS Thanh Thuỷ|2023-annual|placed: Thủy/Thuỷ
Thuan Hoa - BCSK 2024.docx|nfc|docx|2024-05-23 09:30:00|||||trap 4: bare name, MN/TH/THCS Thuận Hòa
MN Viet Quang 2 - BC nam 2023.docx|nfc|docx|2023-10-23 10:00:00|||Trường Mầm non Việt Quang II|2023-annual|placed: Arabic for Roman number
Mầm non Việt Quang số 1 - sơ kết 2024.pdf|nfc|pdf|2024-05-23 10:00:00|||Trường Mầm non Việt Quang I|2024-interim|placed: số 1 for I
MN Việt Quang - BC tổng kết 2025.docx|nfd|docx|2025-10-23 10:00:00|||||trap 4: MN Việt Quang I or II
MN Viet Quang 3 - BC nam 2023.pdf|nfc|pdf|2023-10-23 10:30:00|||||trap 3: number the roster lacks
TH Đồng Văn - BC sơ kết 2024.docx|nfc|docx|2024-05-23 11:00:00|||||trap 4: TH Đồng Văn A is the only one, but 'A' is part of the name and the town's MN/THCS share it
TH Dong Van A - BCSK 2024.pdf|nfc|pdf|2024-05-23 11:30:00|||Trường TH Đồng Văn A|2024-interim|placed: letter after the name
Trường TH A Tùng Bá - BC năm 2023.docx|nfd|docx|2023-10-23 12:00:00|||Trường TH A Tùng Bá|2023-annual|placed: letter before the name
TH Tung Ba - tong ket 2025.docx|nfc|docx|2025-10-23 12:00:00|||||trap 4: letter dropped (TH A Tùng Bá), MN Tùng Bá shares the name
Tieu hoc A Linh Ho_BC nam 2023.pdf|nfc|pdf|2023-10-23 12:30:00|||Trường Tiểu học A Linh Hồ|2023-annual|placed: letter before the name
MN Minh Ngọc - BC năm 2023.docx|nfc|docx|2023-10-24 08:00:00|||Trường Mầm non Minh Ngọc|2023-annual|placed: MN Ngọc Minh is the same words reversed
MN Ngoc Minh - so ket 2024.pdf|nfd|pdf|2024-05-24 08:00:00|||Trường Mầm non Ngọc Minh|2024-interim|placed: MN Minh Ngọc is the same words reversed
MN Lao Va Chai - BC nam 2023.docx|nfc|docx|2023-10-24 09:00:00|||Trường Mầm non Lao Và Chải|2023-annual|placed: Lao Và Chải, not Lao Chải
Truong MN Lao Chai - BCSK 2024.docx|nfc|docx|2024-05-24 09:00:00|||Trường Mầm Non Lao Chải|2024-interim|placed: Lao Chải, not Lao Và Chải
TH Lao Chải - BC tổng kết 2025.pdf|nfc|pdf|2025-10-24 09:00:00|||Trường PTDTBT TH&THCS Lao Chải|2025-final|placed: TH of the TH&THCS school (TH Lao và Chải is another)
MN Sung Tra - BC so ket 2024.docx|nfc|docx|2024-05-24 10:00:00|||Trường Mầm non Sủng Trà|2024-interim|placed: Sủng Trà next to Sủng Trái
MN Sủng Trái - BC năm 2023.docx|nfd|docx|2023-10-24 10:00:00|||Trường Mầm non Sủng Trái|2023-annual|placed: Sủng Trái next to Sủng Trà
MN Tả Lũng (Đồng Văn) - BC sơ kết 2024.docx|nfc|docx|2024-05-24 10:30:00|||Trường MN Tả Lủng (Đồng Văn)|2024-interim|placed: ngã for hỏi, commune given
PTDTBT TH Sủng Lá - BC năm 2023.pdf|nfc|pdf|2023-10-24 11:00:00|||Trường PTDTBT TH Sủng Là|2023-annual|placed: one mark slip (Lá/Là), no other school close
Truowngf MN Khaau Vai - BC nam 2023.docx|nfc|docx|2023-10-24 11:30:00|||Trường Mầm non Khâu Vai|2023-annual|placed: Telex left on
MN  Phố   Là -BC tổng kết 2025.docx|nfc|docx|2025-10-24 12:00:00|||Trường Mầm non Phố Là|2025-final|placed: doubled spaces
MNPhoBang_BaoCaoNam2023.docx|nfd|docx|2023-10-24 12:30:00|||Trường MN Phố Bảng|2023-annual|placed: camel case, glued level
TH Pho Bang - BC so ket 2024.docx|nfc|docx|2024-05-24 13:00:00|||||trap 2: level the roster lacks (MN Phố Bảng only; TH Phố Cáo, MN Phố Là nearby)
THCS Lũng Táo - BC năm 2023.docx|nfc|docx|2023-10-24 13:00:00|||||trap 2: level the roster lacks (MN Lũng Táo only)
TH Cao Bo - BC nam 2023.docx|nfc|docx|2023-10-25 08:00:00|||Trường PTDTBT TH và THCS Cao Bồ|2023-annual|placed: TH of the TH và THCS school
THCS Pờ Ly Ngài - sơ kết 2024.pdf|nfd|pdf|2024-05-25 08:00:00|||Trường PTDTBT TH và THCS Pờ Ly Ngài|2024-interim|placed: THCS of the TH và THCS school
PTCS Sà Phìn - BC tổng kết 2025.docx|nfc|docx|2025-10-25 08:00:00|||Trường PTDTBT TH và THCS Sà Phìn|2025-final|placed: PTCS = phổ thông cơ sở
Liên cấp Hồ Thầu - BC năm 2023.docx|nfc|docx|2023-10-25 09:00:00|||Trường TH và THCS Hồ Thầu|2023-annual|placed: Liên cấp
Cao Bồ - BC tổng kết 2025.docx|nfc|docx|2025-10-25 09:30:00|||||trap 4: bare name, MN Cao Bồ and TH&THCS Cao Bồ
HGTH020_BCSK2024.pdf|nfc|pdf|2024-05-25 12:00:00|||Trường PTDTBT TH Sơn Vĩ|2024-interim|placed: code only
HGCS028 BC nam 2023.docx|nfd|docx|2023-10-25 12:30:00|||Trường THCS Mèo Vạc|2023-annual|placed: code only
02033502 - BC tong ket 2025.pdf|nfc|pdf|2025-10-25 13:00:00|||Trường PTDTBT THCS Trung Thịnh|2025-final|placed: Ministry code only
HGTH020 - PTDTBT TH Tat Nga - BC nam 2023.docx|nfc|docx|2023-10-25 13:30:00|||||trap 7: code of TH Sơn Vĩ, name TH Tát Ngà
02033502_TH Trung Thinh_so ket 2024.pdf|nfd|pdf|2024-05-25 14:00:00|||||trap 7: code of THCS Trung Thịnh, name TH Trung Thịnh
HGMN999 - BC so ket 2024.docx|nfc|docx|2024-05-25 14:30:00|||||trap 7: a code the roster lacks
Xã Sà Phìn/BC sơ kết 2024.docx|nfc|docx|2024-05-26 13:00:00|||||trap 8: commune folder only (MN Sà Phìn, TH&THCS Sà Phìn, MN/TH Sủng Là)
Xa Meo Vac/Bao cao nam 2023.pdf|nfd|pdf|2023-10-26 13:00:00|||||trap 8: commune folder Mèo Vạc (MN/TH/THCS of the commune)
Xã Mèo Vạc/TH Mèo Vạc - BC năm 2023.docx|nfc|docx|2023-10-26 14:00:00|||Trường TH Mèo Vạc|2023-annual|placed: commune folder, school in the file
Cụm Quản Bạ/BC tổng kết 2025.docx|nfc|docx|2025-10-26 14:00:00|||||trap 8: cluster folder named after the old district (MN, THCS Quản Bạ)
Huyện Yên Minh - BC sơ kết 2024.docx|nfc|docx|2024-05-26 14:30:00|UBND HUYỆN YÊN MINH / PHÒNG GIÁO DỤC VÀ ĐÀO TẠO|BÁO CÁO SƠ KẾT|||trap 8: district name and letterhead (THCS Yên Minh shares it)
BC so ket 2024 Yen Minh.docx|nfc|docx|2024-05-26 15:00:00|||||trap 8: place name only (xã Yên Minh, THCS Yên Minh)
BC sở GD Tuyên Quang - tổng kết 2025.docx|nfc|docx|2025-10-26 15:00:00|SỞ GIÁO DỤC VÀ ĐÀO TẠO TUYÊN QUANG|BÁO CÁO TỔNG KẾT|||trap 8: the department's own file
UBND xã Lũng Cú - BC năm 2023.docx|nfd|docx|2023-10-26 15:30:00|UBND XÃ LŨNG CÚ|BÁO CÁO NĂM 2023|||trap 8: the commune's own report
BC so ket 2024 MN Lung Cu - MN Ma Le.docx|nfc|docx|2024-05-27 15:00:00|||||trap 8: two schools in one name
PTDTBT TH Sơn Vĩ + THCS Sơn Vĩ bao cao nam 2023.docx|nfd|docx|2023-10-27 15:00:00|||||trap 8: two schools in one name
Trường Mầm non Sơn Vĩ/BC so ket 2024 MN Thuong Phung.docx|nfc|docx|2024-05-27 16:00:00|||||trap 8: one school's folder holds another's file
MN Khâu Vai/THCS Khâu Vai - BC năm 2023.pdf|nfc|pdf|2023-10-27 16:00:00|||||trap 8: MN folder holds the THCS file
Trường Trung học cơ sở Tát Ngà - BC năm 2023.docx|nfc|docx|2023-10-29 08:00:00|||Trường PTDTBT THCS Tát Ngà|2023-annual|placed: level written out, PTDTBT dropped
Truong Pho thong dan toc ban tru THCS Nghia Thuan - so ket 2024.pdf|nfc|pdf|2024-05-29 08:00:00|||Trường PTDTBT THCS Nghĩa Thuận|2024-interim|placed: PTDTBT written out
Trường PTDTNT THCS Yên Minh - BC năm 2023.docx|nfc|docx|2023-10-29 08:30:00|||||trap 2: PTDTNT (nội trú) is another school, not THCS Yên Minh
MN Bach Dich BC tong ket 2025.pdf|nfc|pdf|2025-10-29 11:00:00|||Trường Mầm non Bạch Đích|2025-final|placed: đ written d
MN Đông Minh - BC năm 2023.docx|nfc|docx|2023-10-29 12:00:00|||Trường Mầm non Đông Minh|2023-annual|placed: Đông Minh next to Yên Minh
BC so ket 2024.docx|nfc|docx|2024-05-12 07:05:00|UBND XÃ QUẢN BẠ / TRƯỜNG MẦM NON QUYẾT TIẾN|BÁO CÁO SƠ KẾT NĂM 2024|Trường Mầm non Quyết Tiến|2024-interim|placed: letterhead names the school
scan0001.pdf|nfc|pdf|2024-05-12 07:20:00|||Trường Mầm non Quyết Tiến|2024-interim|placed: scan travels with the Word file beside it
Document1.docx|nfc|docx|2023-10-14 06:40:00|UBND XÃ MÈO VẠC / TRƯỜNG TIỂU HỌC MÈO VẠC|BÁO CÁO NĂM 2023|Trường TH Mèo Vạc|2023-annual|placed: letterhead only, title gives the period
Nhóm trẻ tư thục Hoa Phượng - BC năm 2023.docx|nfc|docx|2023-10-30 08:00:00|||Nhóm trẻ tư thục Hoa Phượng|2023-annual|placed: a private group by its full name
Nhóm trẻ Hoa Phượng Đỏ - sơ kết 2024.pdf|nfd|pdf|2024-05-30 08:00:00|||Nhóm trẻ Hoa Phượng Đỏ|2024-interim|placed: longer name of another group
MN Hoa Phượng - BC năm 2023.docx|nfc|docx|2023-10-30 09:00:00|||Nhóm trẻ tư thục Hoa Phượng|2023-annual|relabelled after the first run (was a trap): the group named exactly Hoa Phượng, as 'T.H Tan Phu' is TH Tân Phú next to TH Tân Phú Trung in the Củ Chi set
IMG_20231014_0655.jpg|nfc|jpg|2023-10-14 06:55:00|||||trap: no school, no period
BC nam 2023 PTDTBT TH Sung Thai.docx|nfc|noperm|2023-10-30 10:00:00|||||unreadable: permission denied
MN Ma Lé - BC năm 2023.pdf|nfd|brokenlink|2023-10-30 10:00:00|||||unreadable: broken link (vanished)
THCS Lũng Phìn - BC năm 2023.docx|nfc|fifo|2023-10-30 11:00:00|||||unreadable: a pipe
Báo cáo năm 2022 MN Sơn Vĩ.docx|nfc|docx|2023-01-10 09:00:00|||||trap 6: a year that is no period (năm 2022)
BC so ket 2023 TH Meo Vac.docx|nfd|docx|2023-06-10 09:00:00|||||trap 6: sơ kết of a year that is not the interim (2023)
BC tong ket nam hoc 2024-2025 THCS Dong Van.docx|nfc|docx|2025-05-25 09:00:00|||Trường THCS Đồng Văn|2025-final|relabelled after the first run (was a trap): tổng kết with a school year that holds 2025, as sơ kết năm học 2023-2024 is placed in this set and the Nghệ An one
Bao cao tong ket 2024 MN Lung Pu.docx|nfc|docx|2024-12-20 09:00:00|||||trap 6: tổng kết 2024 is not the final 2025
DS cac truong da nop BC so ket 2024.pdf|nfc|textpdf|2024-06-02 09:00:00|||||trap 5: list of schools that sent
Lịch kiểm tra BC năm 2023 các trường cụm Bắc Mê.pdf|nfd|textpdf|2023-10-01 09:00:00|||||trap 6: schedule
Xa Lung Cu/Xa Lung Cu - BC nam 2023.docx|nfc|docx|2023-10-18 09:00:00|||||trap 8: commune named twice, no school
Phường Hà Giang 1/BC sơ kết 2024.docx|nfc|docx|2024-05-18 09:00:00|||||trap 8: ward folder only
P. Hà Giang 2/MN Hoa Mai - BC năm 2023.docx|nfd|docx|2023-10-18 10:00:00|||Trường Mầm non Hoa Mai (P. Hà Giang 2)|2023-annual|placed: ward folder tells the four MN Hoa Mai apart
MN Hoa Lan - so ket 2024.pdf|nfc|pdf|2024-05-18 10:00:00|||||trap 4: MN Hoa Lan of Mèo Vạc or of Hà Giang 2
THCS Lung Cu 2 - BC nam 2023.docx|nfc|docx|2023-10-18 11:00:00|||||trap 3: number the roster lacks
Thông báo kết quả kiểm tra BC sơ kết 2024 TH Bạch Ngọc.pdf|nfc|textpdf|2024-06-18 11:00:00|||||trap 5: the department's result notice
Bang tong hop diem thi dua PTDTBT THCS Du Gia 2023.docx|nfc|docx|2023-11-18 11:00:00|||||trap 5: score sheet
MN Phương Thiện + THCS Phương Thiện - BCTK 2025.docx|nfc|docx|2025-10-18 11:00:00|||||trap 8: two schools in one name
HGMN001 - BC so ket 2024.docx|nfd|docx|2024-05-18 12:00:00|||Trường MN Tả Lủng (Đồng Văn)|2024-interim|placed: code only tells the two MN Tả Lủng apart
Quyết định khen thưởng TH Sủng Trà năm 2023.pdf|nfc|textpdf|2023-12-18 12:00:00|||||trap 6: decision (quyết định) with a calendar year
Ban sao BC nam 2023 THCS Can Ty gui MN Can Ty tham khao.docx|nfc|docx|2023-10-18 12:30:00|||||trap 5: copy sent to another school
Tờ trình thành lập điểm trường Lũng Pù - MN Lũng Pù 2024.docx|nfc|docx|2024-05-18 13:00:00|||||trap 6: a request about a satellite site (điểm trường)
Điểm trường Má Chải/BC sơ kết 2024.docx|nfc|docx|2024-05-18 13:30:00|||||trap 8: satellite site folder (điểm trường), no school
HG-TH-020 BC so ket 2024.pdf|nfc|pdf|2024-05-26 08:00:00|||Trường PTDTBT TH Sơn Vĩ|2024-interim|probe after the first run: the department code written with dashes
hgcs028_bcsk2024.pdf|nfd|pdf|2024-05-26 08:10:00|||Trường THCS Mèo Vạc|2024-interim|probe after the first run: code in lower case, glued to the period
Trường PTDTBT THCS Trung Thịnh (02033502) - BC năm 2023.docx|nfc|docx|2023-10-26 08:20:00|||Trường PTDTBT THCS Trung Thịnh|2023-annual|probe after the first run: the Ministry code in brackets, as the source writes it
MN Lung Cu 2 - BC nam 2023.docx|nfc|docx|2023-10-26 08:30:00|||||probe after the first run, trap 3: number the roster lacks
THCS Lũng Cú (điểm trường Thèn Pả) - BC năm 2023.docx|nfc|docx|2023-10-26 08:40:00|||Trường PTDTBT THCS Lũng Cú|2023-annual|probe after the first run: a satellite site named in brackets
BC sơ kết 2024 - MN Tả Lủng - Đồng Văn.docx|nfc|docx|2024-05-26 08:50:00|||Trường MN Tả Lủng (Đồng Văn)|2024-interim|probe after the first run: the commune after the name
BC so ket 2024 - MN Ta Lung - Meo Vac.pdf|nfd|pdf|2024-05-26 09:00:00|||Trường Mầm non Tả Lủng (Mèo Vạc)|2024-interim|probe after the first run: the commune after the name
Xã Đồng Văn/MN Tả Lủng - BC năm 2023.docx|nfc|docx|2023-10-26 09:10:00|||Trường MN Tả Lủng (Đồng Văn)|2023-annual|probe after the first run: commune folder tells the two MN Tả Lủng apart
Cum Dong Van/MN Ta Lung - BC nam 2023.pdf|nfc|pdf|2023-10-26 09:20:00|||Trường MN Tả Lủng (Đồng Văn)|2023-annual|probe after the first run: old-district cluster folder tells the two MN Tả Lủng apart
TH Lao và Chải - BC năm 2023.docx|nfc|docx|2023-10-26 09:30:00|||Trường PTDT BT TH Lao và Chải|2023-annual|probe after the first run: Lao và Chải, not Lao Chải
Lao Chai - BC nam 2023.docx|nfc|docx|2023-10-26 09:40:00|||||probe after the first run, trap 4: bare name, MN Lao Chải and TH&THCS Lao Chải
PTDTBT TH&THCS Lao Chai - BC nam 2023.pdf|nfc|pdf|2023-10-26 09:50:00|||Trường PTDTBT TH&THCS Lao Chải|2023-annual|probe after the first run: full level
MN Lao Chai - BC tong ket 2025.docx|nfc|docx|2025-10-26 10:00:00|||Trường Mầm Non Lao Chải|2025-final|probe after the first run: MN Lao Chải next to MN Lao Và Chải
MN Hoa Lan P Ha Giang 2 - BC nam 2023.docx|nfc|docx|2023-10-26 10:10:00|||Trường Mầm non Hoa lan (P. Hà Giang 2)|2023-annual|probe after the first run: the ward after the name
Nhóm trẻ Hoa Phượng - BC sơ kết 2024.docx|nfc|docx|2024-05-26 10:20:00|||Nhóm trẻ tư thục Hoa Phượng|2024-interim|probe after the first run: the group named exactly so (as relabelled)
BC năm 2023 - MN Phương Thiện.docx|nfc|docx|2023-10-26 10:30:00|||Trường Mầm non Phương Thiện|2023-annual|probe after the first run: MN next to THCS Phương Thiện
Phuong Thien - BC nam 2023.pdf|nfc|pdf|2023-10-26 10:40:00|||||probe after the first run, trap 4: bare name, MN and THCS Phương Thiện
BC 6 tháng đầu năm 2024 - MN Cán Tỷ.docx|nfc|docx|2024-05-26 10:50:00|||Trường Mầm non Cán Tỷ|2024-interim|probe after the first run, relabelled after its run (was a trap): the six months report of 2024 is the sơ kết a clerk expects (sơ kết 6 tháng đầu năm)
BC năm 2023 (lần 2) - TH Cán Tỷ.docx|nfd|docx|2023-10-26 11:00:00|||Trường PTDTBT TH Cán Tỷ|2023-annual|probe after the first run: a second sending
BC nam 2023 bo sung - THCS Can Ty.docx|nfc|docx|2023-10-26 11:10:00|||Trường THCS Cán Tỷ|2023-annual|probe after the first run: a supplement is still the school's report
BCSK 2024 - MN Niêm Sơn và MN Niêm Tòng.docx|nfc|docx|2024-05-26 11:20:00|||||probe after the first run, trap 8: two schools in one name
Trường TH Phố Cáo - BC năm 2023 - gửi PGD Đồng Văn.docx|nfc|docx|2023-10-26 11:30:00|||Trường TH Phố Cáo|2023-annual|probe after the first run: the department's name is a place
Công văn đôn đốc nộp BC năm 2023.pdf|nfc|pdf|2023-10-26 11:40:00|||||probe after the first run, trap 6: the department's reminder
BC năm 2023_THCS_Bạch_Đích.docx|nfd|docx|2023-10-26 11:50:00|||Trường THCS Bạch Đích|2023-annual|probe after the first run: underscores for spaces
Báo cáo sơ kết 2024 của trường Mầm non Thượng Phùng gửi Phòng.docx|nfc|docx|2024-05-26 12:00:00|||Trường Mầm non Thượng Phùng|2024-interim|probe after the first run: a sentence as the name
THCS Dong Van - BC tong ket 2025 (ban sua).docx|nfc|docx|2025-10-26 12:10:00|||Trường THCS Đồng Văn|2025-final|probe after the first run: THCS of the town (MN, TH Đồng Văn A share the name)
Mam non Dong Van - so ket 2024.pdf|nfc|pdf|2024-05-26 12:20:00|||Trường mầm non Đồng Văn|2024-interim|probe after the first run: MN of the town
Dong Van - BC so ket 2024.docx|nfc|docx|2024-05-26 12:30:00|||||probe after the first run, trap 4/8: bare town name (MN, TH A, THCS Đồng Văn)
Xa Lung Cu/THCS - BC so ket 2024.docx|nfc|docx|2024-05-26 12:40:00|||||probe after the first run, trap 8: commune folder, level only
PTDTBT THCS Xín Mần - BC năm 2023.docx|nfc|docx|2023-10-26 12:50:00|||||probe after the first run, trap 2: level the roster lacks (TH Xín Mần only)
Tieu hoc Xin Man - BC nam 2023.docx|nfc|docx|2023-10-26 13:00:00|||Tiểu học Xín Mần|2023-annual|probe after the first run: the roster name has no 'Trường'
"""


def main() -> None:
    rng = random.Random(20261203)
    rows = [
        ["campaign", "path", "form", "kind", "when", "head", "title", "expected", "period", "note"]
    ]
    rows += placed_rows(roster(), rng, 215)
    for line in HAND.strip().splitlines():
        if not line.strip():
            continue
        parts = line.split("|")
        assert len(parts) == 9, line
        parts[4] = parts[4].replace(" / ", " | ")
        rows.append([CAMPAIGN, *parts])
    names = {r["name"] for r in roster()}
    for row in rows[1:]:
        assert not row[7] or row[7] in names, row
    paths = [plain(r[1]).casefold() for r in rows[1:]]
    dupes = {p for p in paths if paths.count(p) > 1}
    assert not dupes, dupes
    with (HERE / "hagiang_files.tsv").open("w", encoding="utf-8", newline="") as handle:
        handle.write("# Labelled uploads for tests/data/hagiang_roster.csv;\n")
        handle.write("# written by tests/data/make_hagiang_names.py before watcher saw them.\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
