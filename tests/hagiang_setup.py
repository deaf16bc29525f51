"""Builds, on disk, the Hà Giang communes of tỉnh Tuyên Quang of tests/data/hagiang_files.tsv:
the roster as the department's Excel list (title rows, the department's own codes, a commune
column), a config with one folder source and the three periods of seed 000, and every labelled
upload as a real file (python-docx, Pillow), NFD names in NFD bytes,
dangling links, pipes and chmod-000 files where the labels say so."""

from __future__ import annotations

import csv
import os
import unicodedata
from pathlib import Path

from openpyxl import Workbook

from tests.nghean_setup import CAMPAIGN, CONFIG_HEAD, Upload, _docx, _local, _scan, _slug

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
ID = "hagiang"


def uploads() -> list[Upload]:
    lines = (DATA / "hagiang_files.tsv").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line and not line.startswith("#")]
    return [Upload(*line.split("\t")) for line in body[1:]]


def roster_rows() -> list[dict[str, str]]:
    with (DATA / "hagiang_roster.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_roster(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sach don vi"
    sheet.append(["SỞ GIÁO DỤC VÀ ĐÀO TẠO TUYÊN QUANG"])
    sheet.append(["DANH SÁCH CÁC ĐƠN VỊ TRƯỜNG MẦM NON, TIỂU HỌC, THCS (CÁC XÃ THUỘC HÀ GIANG CŨ)"])
    sheet.merge_cells("A2:F2")
    sheet.append(["(Kèm theo Công văn số …/SGDĐT-TCCB)"])
    sheet.append([])
    sheet.append(["STT", "Mã đơn vị", "Tên đơn vị", "Cấp học", "Xã, phường", "Email"])
    for number, row in enumerate(roster_rows(), start=1):
        email = "" if number % 13 == 0 else f"{_slug(row['name'])}.hg@example.edu.vn"
        sheet.append([number, row["code"], row["name"], row["level"], row["commune"], email])
    book.save(path)


def build(tmp: Path) -> Path:
    """Writes config, roster and every upload under tmp; returns the config path."""
    config = tmp / "watcher.toml"
    write_roster(tmp / f"{ID}.xlsx")
    text = CONFIG_HEAD + CAMPAIGN.format(id=ID, district="Các xã Hà Giang cũ, Tuyên Quang")
    config.write_text(text, encoding="utf-8")
    inbox = tmp / "inbox" / ID
    inbox.mkdir(parents=True, exist_ok=True)
    for upload in uploads():
        form = "NFD" if upload.form == "nfd" else "NFC"
        path = inbox / unicodedata.normalize(form, upload.path)
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
