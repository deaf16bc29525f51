"""Read a school roster: a CSV as admins export it from Excel, or the .xlsx itself.

Columns: code, name, level, aliases, emails (aliases separated by ';', e-mails by ';', ',' or
new lines), and optional opt_out and place (the school's commune, ward or town) columns. Vietnamese headers (mã, tên trường, cấp học, tên
khác, email) work too. CSV: UTF-8 with or without BOM; a comma, semicolon or tab as the
delimiter. An .xlsx is read by `watcher.config.xlsx` (title rows, STT column, cell names).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from watcher.i18n import t
from watcher.model import School
from watcher.text import fold, nfc

HEADERS = {
    "code": {"code", "ma", "ma truong", "ma don vi", "id"},
    "name": {"name", "ten", "ten truong", "ten don vi", "school"},
    "level": {"level", "cap", "cap hoc", "bac hoc", "loai"},
    "aliases": {"aliases", "alias", "ten khac", "ten goi khac", "bi danh"},
    "emails": {"emails", "email", "e mail", "thu dien tu"},
    "opt_out": {"opt out", "opt_out", "optout", "khong nhac", "tu choi nhac"},
    # the school's commune, ward or town: a bare name that is a place never places a file
    "place": {
        "place",
        "commune",
        "ward",
        "xa",
        "phuong",
        "xa phuong",
        "phuong xa",
        "xa phuong thi tran",
        "xa thi tran",
        "dia ban",
        "dia phuong",
        "don vi hanh chinh",
        "dia ban xa",
        "thuoc xa",
    },
}


def header_words(folded: str) -> str:
    """'Xã/Phường', 'Xã, phường' and 'xa_phuong' are one header: 'xa phuong'."""
    return " ".join(re.split(r"[^0-9a-z]+", folded)).strip()


EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[A-Za-z0-9-]{2,}$")
_YES = {"1", "x", "yes", "true", "co", "có"}


@dataclass(frozen=True)
class RosterProblem:
    line: int
    column: str
    message: str
    warning: bool = False  # allowed, but worth saying (a school without e-mail)


XLSX_SUFFIXES = (".xlsx", ".xlsm")


def read(
    path: Path, language: str = "vi", sheet: str | None = None
) -> tuple[list[School], list[RosterProblem]]:
    if path.suffix.lower() in XLSX_SUFFIXES:
        from watcher.config.xlsx import read_xlsx

        return read_xlsx(path, sheet, language)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [], [RosterProblem(line, "", t(language, "roster.not_utf8"))]
    return parse(text, language)


def parse(text: str, language: str = "vi") -> tuple[list[School], list[RosterProblem]]:
    text = nfc(text)
    reader = csv.reader(io.StringIO(text), dialect=_dialect(text))
    header = next(reader, None)
    if header is None:
        return [], [RosterProblem(1, "", t(language, "roster.empty"))]
    columns, problems = _columns(header, language)
    if problems:
        return [], problems
    schools: list[School] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        school, row_problems = _school(row, columns, line, seen, language)
        problems.extend(row_problems)
        if school:
            schools.append(school)
            seen.setdefault(school.code, line)
    if not schools and not problems:
        problems.append(RosterProblem(1, "", t(language, "roster.no_schools")))
    return schools, problems


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter if counts[delimiter] else ","
    return Dialect


def _columns(header: list[str], language: str) -> tuple[dict[str, int], list[RosterProblem]]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        folded = fold(title).replace("_", " ")
        for key, names in HEADERS.items():
            if folded in names or folded.replace(" ", "_") in names:
                columns.setdefault(key, index)
        if header_words(folded) in HEADERS["place"]:
            columns.setdefault("place", index)
    missing = [key for key in ("code", "name", "level") if key not in columns]
    if missing:
        found = ", ".join(h.strip() for h in header)
        message = t(language, "roster.missing_columns", missing=", ".join(missing), found=found)
        return columns, [RosterProblem(1, "header", message)]
    return columns, []


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return row[index].strip() if index is not None and index < len(row) else ""


def _school(
    row: list[str], columns: dict[str, int], line: int, seen: dict[str, int], language: str
) -> tuple[School | None, list[RosterProblem]]:
    problems: list[RosterProblem] = []
    code, name, level = (_cell(row, columns, k) for k in ("code", "name", "level"))
    for column, value in (("code", code), ("name", name), ("level", level)):
        if not value:
            problems.append(
                RosterProblem(line, column, t(language, "roster.cell_empty", column=column))
            )
    if code in seen:
        message = t(language, "roster.code_twice", value=repr(code), first=seen[code])
        problems.append(RosterProblem(line, "code", message))
    emails = split_emails(_cell(row, columns, "emails"))
    for address in emails:
        if not EMAIL.match(address):
            message = t(language, "roster.not_address", value=repr(address))
            problems.append(RosterProblem(line, "emails", message))
    if problems:
        return None, problems
    aliases = tuple(split_list(_cell(row, columns, "aliases")))
    opt_out = fold(_cell(row, columns, "opt_out")) in {fold(v) for v in _YES}
    return School(
        code,
        name,
        normal_level(level),
        aliases,
        tuple(emails),
        line,
        opt_out,
        _cell(row, columns, "place"),
    ), []


_LEVEL_WORDS = {"mn", "th", "thcs", "thpt", "mg", "tih"}


def normal_level(level: str) -> str:
    return level.upper() if fold(level) in _LEVEL_WORDS else level


def split_list(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", value) if part.strip()]


def split_emails(value: str) -> list[str]:
    """ "a@x.vn; b@y.vn", "a@x.vn, b@y.vn" or one per line: each address on its own."""
    return [part.strip() for part in re.split(r"[;,\n\r]+|\s{2,}", value) if part.strip()]


def missing_emails(schools: list[School], language: str) -> list[RosterProblem]:
    """A school without an e-mail address is allowed, but it will never hear from us."""
    return [
        RosterProblem(
            s.line, "emails", t(language, "roster.no_email", name=s.name, code=s.code), True
        )
        for s in schools
        if not s.emails and not s.opt_out
    ]
