"""The top of a plan: who issues it, its own date, its title. Pure, no I/O.

A Vietnamese administrative document opens with the parent body ("ỦY BAN NHÂN DÂN QUẬN 7"),
the issuing body ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"), the national motto, the number, the place and
date line ("Thanh Miện, ngày 16 tháng 3 năm 2022"), the kind ("KẾ HOẠCH") and its subject.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from watcher.text import fold

_DATE_LINE = re.compile(
    r"^[^\n,;:.]{2,50},\s*ngày\s*(?P<day>\d{1,2})?[\s.…_/]*tháng\s*(?P<month>\d{1,2})"
    r"\s*năm\s*(?P<year>\d{4})\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# a PDF puts the number and the date line side by side: "Số: 14/KH-GDĐT Thanh Miện, ngày 16 …"
_DATE_IN_LINE = re.compile(
    r"(?:^|\s)[A-ZĐÀ-Ỹ][^\d\n,;:()]{1,40},\s*ngày\s*(?P<day>\d{1,2})?[\s.…_/]*tháng\s*"
    r"(?P<month>\d{1,2})\s*năm\s*(?P<year>\d{4})\b",
    re.MULTILINE,
)
_MOTTO = ("cong hoa xa hoi", "doc lap tu do", "doc lap - tu do")
_BODIES = {
    "phong giao duc va dao tao": "Phòng Giáo dục và Đào tạo",
    "phong giao duc dao tao": "Phòng Giáo dục và Đào tạo",
    "phong gd dt": "Phòng GD&ĐT",
    "phong gddt": "Phòng GDĐT",
    "so giao duc va dao tao": "Sở Giáo dục và Đào tạo",
    "so gd dt": "Sở GD&ĐT",
    "so gddt": "Sở GDĐT",
    "bo giao duc va dao tao": "Bộ Giáo dục và Đào tạo",
}
_PARENT = re.compile(r"^(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\s+|^UBND\s+", re.IGNORECASE)
_KINDS = ("ke hoach", "cong van", "thong bao", "huong dan", "quyet dinh", "chi thi")
_LOWER_WORDS = {"và", "của", "về", "các", "cho", "với", "tại", "trong"}


def header_lines(text: str, limit: int = 40) -> list[str]:
    lines = []
    for raw in text.splitlines()[:200]:
        for cell in raw.split("\t"):
            cell = re.sub(r"\s+", " ", cell).strip(" -–_")
            if cell:
                lines.append(cell)
        if len(lines) >= limit:
            break
    return lines


def issued_date(text: str) -> tuple[dt.date | None, str | None]:
    """(the plan's own date, its ISO text: "2022-03-16", or "2023-06" with the day left blank)."""
    head = "\n".join(header_lines(text))
    match = _DATE_LINE.search(head) or _DATE_IN_LINE.search("\n".join(header_lines(text, 15)))
    if not match:
        return None, None
    year, month = int(match["year"]), int(match["month"])
    if not 1 <= month <= 12:
        return None, None
    if match["day"] is None:
        return None, f"{year:04d}-{month:02d}"
    try:
        day = dt.date(year, month, int(match["day"]))
    except ValueError:
        return None, f"{year:04d}-{month:02d}"
    return day, day.isoformat()


def issuer(text: str) -> str | None:
    """ "Phòng Giáo dục và Đào tạo Quận 7", from the two header lines, in plain case."""
    lines = [line for line in header_lines(text, 12) if not _is_motto(line)]
    for index, line in enumerate(lines[:6]):
        body = _body(line)
        if body is None:
            continue
        name, rest = body
        if rest:
            return f"{name} {_place_case(rest)}"
        parent = lines[index - 1] if index else ""
        place = _PARENT.sub("", parent).strip() if _PARENT.search(parent) else ""
        return f"{name} {_place_case(place)}".strip()
    return None


def _body(line: str) -> tuple[str, str] | None:
    folded = fold(line)
    for key, name in _BODIES.items():
        if folded.startswith(key):
            words = len(key.split())
            rest = " ".join(line.replace("&", " & ").split()[words:]).strip(" &")
            if key.endswith("gd dt"):
                rest = " ".join(line.split()[2:])
            return name, rest
    return None


def _is_motto(line: str) -> bool:
    folded = fold(line)
    return any(folded.startswith(m) for m in _MOTTO) or folded.startswith("so ")


_UNITS = {"huyện", "quận", "thị xã", "thành phố", "tỉnh", "xã", "phường", "thị trấn"}


def _place_case(words: str) -> str:
    """ "HUYỆN THANH MIỆN" -> "huyện Thanh Miện", "QUẬN 7" -> "Quận 7"; mixed case stays."""
    if not words.isupper():
        return words
    cased = " ".join(w if w.isdigit() else w[:1] + w[1:].lower() for w in words.split())
    for unit in sorted(_UNITS, key=len, reverse=True):
        title = " ".join(part.capitalize() for part in unit.split())
        if cased.startswith(title + " ") and not cased[len(title) + 1 :][:1].isdigit():
            return unit + cased[len(title) :]
    return cased


def title(text: str) -> str | None:
    """The subject under "KẾ HOẠCH": "Thực hiện Chương trình hành động số 16-CTrHĐ …"."""
    lines = text.splitlines()
    for index, raw in enumerate(lines[:120]):
        line = raw.strip()
        if fold(line) in _KINDS and line.isupper():
            subject: list[str] = []
            for following in lines[index + 1 : index + 8]:
                following = following.strip()
                if not following:
                    if subject:
                        break
                    continue
                if fold(following).startswith(("can cu", "kinh gui")) or re.match(
                    r"^(?:[IVX]+\.|\d+\.|[-–•·])\s", following
                ):
                    break
                if subject and following.endswith((".", ";", ":")):
                    break  # the body begins: a subject line ends without a full stop
                subject.append(following)
            if subject:
                return _sentence_case(" ".join(subject))
    match = re.search(r"^\s*V/v[:\s]+(.+)$", text, re.IGNORECASE | re.MULTILINE)
    return match.group(1).strip() if match else None


def _sentence_case(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip()
    if not value.isupper():
        return value
    lowered = value.lower()
    return lowered[:1].upper() + lowered[1:]


def fallback_anchor(text: str) -> dt.date | None:
    """For yearless dates when the plan's own date is missing: the start of the school year
    it names ("năm học 2023-2024": 1 September 2023, the school year opens on 5 September and
    August's closing reports belong to the year before), else 1 January of the year most written."""
    school_year = re.search(r"năm\s+học\s+(\d{4})\s*[-–]\s*(\d{4})", text, re.IGNORECASE)
    if school_year:
        return dt.date(int(school_year.group(1)), 9, 1)
    years = Counter(int(y) for y in re.findall(r"(?:năm\s+|/)(20\d\d)\b", text))
    return dt.date(years.most_common(1)[0][0], 1, 1) if years else None
