"""Read a school roster straight from the department's Excel list (.xlsx), as it is kept.

The header row is found below any title rows ("DANH SÁCH CÁC TRƯỜNG…", merged across the
sheet); an STT (row number) column is ignored; Vietnamese or English headers; numbers typed as
numbers ("Mã trường" 101) are read as text without ".0"; several e-mails in one cell may be
separated by ";", "," or new lines. Every problem names its cell the way Excel does: "Sheet1!E7".
Without a code column, a code is made from the level and the name ("MN-HOASEN"); without a level
column, the level is read from the name ("Trường Mầm non Hoa Sen" is MN).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from watcher.config.roster import (
    EMAIL,
    HEADERS,
    RosterProblem,
    header_words,
    normal_level,
    split_emails,
    split_list,
)
from watcher.i18n import t
from watcher.model import School
from watcher.text import fold, nfc, strip_diacritics

_HEADER_SCAN_ROWS = 30
_SKIP = {"stt", "tt", "so tt", "so thu tu", "no", "#"}
_LEVEL_WORDS = (
    ("THCS", ("trung hoc co so", "thcs")),
    ("THPT", ("trung hoc pho thong", "thpt")),
    ("TH", ("tieu hoc", "th ", "tih ")),
    ("MN", ("mam non", "mau giao", "nha tre", "mn ", "mg ")),
)


def read_xlsx(
    path: Path, sheet: str | None = None, language: str = "vi"
) -> tuple[list[School], list[RosterProblem]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError, InvalidFileException... on bad files
        return [], [RosterProblem(0, "", t(language, "xlsx.unreadable"))]
    try:
        names = workbook.sheetnames
        if sheet is not None and sheet not in names:
            message = t(language, "xlsx.no_sheet", sheet=sheet, sheets=", ".join(names))
            return [], [RosterProblem(0, "roster_sheet", message)]
        candidates = [sheet] if sheet else names
        for name in candidates:
            rows = [tuple(row) for row in workbook[name].iter_rows(values_only=True)]
            header = _find_header(rows)
            if header is not None:
                return _Sheet(name, rows, header, language).schools()
        message = t(language, "xlsx.no_header", sheets=", ".join(candidates))
        return [], [RosterProblem(0, "", message)]
    finally:
        workbook.close()


def _find_header(rows: list[tuple[Any, ...]]) -> tuple[int, dict[str, int]] | None:
    """(row index, {key: column index}) of the first row naming a school-name column and one
    more known column, within the first rows (title rows above it are skipped)."""
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for column, value in enumerate(row):
            key = _header_key(value)
            if key:
                columns.setdefault(key, column)
        if "name" in columns and len(columns) >= 2:
            return index, columns
    return None


def _header_key(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    folded = fold(value).replace("_", " ")
    if folded in _SKIP:
        return None
    for key, names in HEADERS.items():
        if folded in names:
            return key
    if header_words(folded) in HEADERS["place"]:
        return "place"
    if "email" in folded.replace(" ", "") or "thu dien tu" in folded:
        return "emails"
    if folded.startswith(("ten truong", "ten don vi", "ten co so", "truong")):
        return "name"
    if folded.startswith(("ma truong", "ma don vi", "ma so")):
        return "code"
    if folded.startswith(("cap hoc", "bac hoc", "loai hinh")):
        return "level"
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Sheet:
    def __init__(
        self,
        name: str,
        rows: list[tuple[Any, ...]],
        header: tuple[int, dict[str, int]],
        language: str,
    ) -> None:
        self.name = name
        self.rows = rows
        self.header_row, self.columns = header
        self.language = language
        self.problems: list[RosterProblem] = []
        self.generated: dict[str, tuple[int, str]] = {}  # code made here -> (row, name)
        self.crowded: set[str] = set()

    def cell(self, row: int, key: str) -> str:
        return f"{self.name}!{get_column_letter(self.columns[key] + 1)}{row + 1}"

    def value(self, row: tuple[Any, ...], key: str) -> str:
        index = self.columns.get(key)
        return _text(row[index]) if index is not None and index < len(row) else ""

    def add(self, row: int, key: str, text_key: str, **values: object) -> None:
        where = self.cell(row, key) if key in self.columns else f"{self.name}!{row + 1}"
        self.problems.append(RosterProblem(0, where, t(self.language, text_key, **values)))

    def schools(self) -> tuple[list[School], list[RosterProblem]]:
        schools: list[School] = []
        seen: dict[str, str] = {}
        self.crowded = self._crowded()
        for index in range(self.header_row + 1, len(self.rows)):
            school = self._school(index, self.rows[index], seen)
            if school is not None:
                schools.append(school)
        if not schools and not any(not p.warning for p in self.problems):
            self.problems.append(RosterProblem(0, self.name, t(self.language, "xlsx.empty")))
        return schools, self.problems

    def _crowded(self) -> set[str]:
        """Codes that several schools without a code would be given (names that differ only by
        their marks), or that one of them would share with a code written in the sheet: each
        of those schools gets a suffix made from its own name, wherever its row stands."""
        made: dict[str, set[str]] = {}
        written = set()
        for index in range(self.header_row + 1, len(self.rows)):
            row = self.rows[index]
            name, code = self.value(row, "name"), self.value(row, "code")
            if code:
                written.add(code)
            elif name:
                level = normal_level(self.value(row, "level")) or _level_from_name(name)
                made.setdefault(_code(level, name), set()).add(_suffix(name))
        return {code for code, names in made.items() if len(names) > 1 or code in written}

    def _school(self, index: int, row: tuple[Any, ...], seen: dict[str, str]) -> School | None:
        name = self.value(row, "name")
        code = self.value(row, "code")
        if not name and not code:
            return None  # an empty line, a numbered blank, a note below the table
        before = len(self.problems)
        if not name:
            self.add(index, "name", "xlsx.empty_name")
        level = normal_level(self.value(row, "level")) or _level_from_name(name)
        if not level:
            self.add(index, "level", "xlsx.no_level", name=name)
        written = code
        code = code or _code(level, name)
        if not written and code in self.crowded:  # 'Nghi Vạn', 'Nghi Văn': both MN-NGHIVAN
            code = f"{code}-{_suffix(name)}"
        if code in seen:
            self._twice(index, code, written, name, level, seen[code])
        emails = split_emails(self.value(row, "emails"))
        for address in emails:
            if not EMAIL.match(address):
                self.add(index, "emails", "xlsx.bad_email", address=address)
        if len(self.problems) > before:
            return None
        seen[code] = self.cell(index, "code") if "code" in self.columns else f"{index + 1}"
        if not written:
            self.generated[code] = (index + 1, name)
        aliases = tuple(split_list(self.value(row, "aliases")))
        opt_out = fold(self.value(row, "opt_out")) in {"1", "x", "yes", "true", "co"}
        if not emails and not opt_out:
            column = "emails" if "emails" in self.columns else "name"
            message = t(self.language, "roster.no_email", name=name, code=code)
            self.problems.append(RosterProblem(0, self.cell(index, column), message, warning=True))
        place = self.value(row, "place")
        return School(code, name, level, aliases, tuple(emails), index + 1, opt_out, place)

    def _twice(
        self, index: int, code: str, written: str, name: str, level: str, first: str
    ) -> None:
        """A code used twice, said in the admin's words: which two rows, and what to write."""
        made = self.generated.get(code)
        if made is None and written:
            self.add(index, "code", "xlsx.code_twice", code=code, first=first)
        elif made is None:  # a code made here equals one the admin wrote above
            self.add(index, "code", "xlsx.made_code_taken", name=name, line=index + 1, code=code,
                     first=first)  # fmt: skip
        elif written:  # the admin wrote a code that one made for a row above already has
            self.add(index, "code", "xlsx.code_taken_by_made", code=code, line=made[0],
                     name=made[1])  # fmt: skip
        else:
            self.add(index, "code", "xlsx.same_school_twice", name=name, level=level,
                     line=index + 1, first=made[0])  # fmt: skip


def _suffix(name: str) -> str:
    """Four letters that stay the same for a name however the rows move ('Mầm non Nghi Văn')."""
    return hashlib.sha1(nfc(name).casefold().encode()).hexdigest()[:4].upper()


def _level_from_name(name: str) -> str:
    folded = f" {fold(name)} "
    for level, words in _LEVEL_WORDS:
        if any(f" {word.strip()} " in folded for word in words):
            return level
    return ""


def _code(level: str, name: str) -> str:
    """ "MN" + "Trường Mầm non Hoa Sen" -> "MN-HOASEN" (the level words dropped)."""
    folded = fold(name)
    for _, words in _LEVEL_WORDS:
        for word in words:
            folded = re.sub(rf"\b{word.strip()}\b", " ", folded)
    folded = re.sub(r"\btruong\b", " ", folded)
    core = strip_diacritics(folded).upper().replace(" ", "")
    return f"{level}-{core}" if level else core
