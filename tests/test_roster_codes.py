"""Codes watcher makes for schools whose code cell is empty (issue 12): unique, stable, and a
collision that remains is told in the admin's words (which two rows), never as a code the admin
never wrote."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from watcher.config.roster import read


def _roster(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "DS truong"
    sheet.append(["DANH SÁCH CÁC TRƯỜNG"])
    sheet.append(["STT", "Mã trường", "Tên trường", "Cấp học", "Email"])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    book.save(path)
    return path


def test_names_that_differ_only_by_marks_get_different_stable_codes(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [None, "Mầm non Hưng Vạn", "MN", "a@example.edu.vn"],
        [None, "Mầm non Hưng Văn", "MN", "b@example.edu.vn"],
        ["40431401", "Tiểu học Hưng Vạn", "TH", "c@example.edu.vn"],
    ]
    schools, problems = read(_roster(tmp_path / "a.xlsx", rows))
    assert problems == []
    codes = [school.code for school in schools]
    assert codes[0].startswith("MN-HUNGVAN-") and codes[1].startswith("MN-HUNGVAN-")
    assert len(set(codes)) == 3
    # the same code for the same school when rows move or others are added above it
    moved = [rows[2], [None, "Mầm non Hưng Văn", "MN", "b@example.edu.vn"], rows[0], rows[0]]
    again, _ = read(_roster(tmp_path / "b.xlsx", moved))
    assert again[1].code == codes[1] and again[2].code == codes[0]


def test_a_collision_that_remains_names_the_two_rows_in_words(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [None, "Mầm non Hưng Vạn", "MN", "a@example.edu.vn"],
        [None, "Tiểu học Hưng Vạn", "TH", "c@example.edu.vn"],
        [None, "Mầm non Hưng Vạn", "MN", "d@example.edu.vn"],
        ["MN-HUNGVAN", "Mầm non Hưng Văn", "MN", "b@example.edu.vn"],
    ]
    _, problems = read(_roster(tmp_path / "c.xlsx", rows))
    messages = [p.message for p in problems if not p.warning]
    assert len(messages) == 1, messages
    assert (
        "dòng 5 và dòng 3 đều là «Mầm non Hưng Vạn» (MN) và đều chưa có mã trường" in (messages[0])
    )
    # the code written for Hưng Văn stays as written; the Hưng Vạn rows get their own suffix
    _, english = read(_roster(tmp_path / "d.xlsx", rows), language="en")
    assert "rows 5 and 3 are both 'Mầm non Hưng Vạn' (MN)" in english[0].message
