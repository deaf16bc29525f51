"""Every date written in a Vietnamese sentence, with where it stands. Pure, no I/O.

Numeric ("10/9/2022", "01.11.2023", "10-9-2022"), worded ("ngày 01 tháng 11 năm 2023"),
yearless ("ngày 10/9", "ngày 10 tháng 9") and recurring ("ngày 25 hằng tháng", "ngày 20/12
hằng năm"). A bare "10/9" without "ngày" before it is not taken: it is as often a fraction or a
class ("lớp 10/9"). Whether a date is a deadline is `deadlines`' business, not this module's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_EVERY = r"(?:hằng|hàng|mỗi)"
_WORDED = re.compile(
    r"(?:ngày\s+|(?<=trước\s)|(?<=nhất\s))(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})"
    r"(?:\s*(?:năm|,)\s*(?P<year>\d{4}))?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\d/.\-])(?P<day>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<month>\d{1,2})"
    r"(?:\s?(?P=sep)\s?(?P<year>\d{4}|\d{2}))?(?![\d/]|\.\d)",
)
_MONTHLY = re.compile(
    rf"ngày\s+(?P<day>\d{{1,2}})\s+(?:của\s+)?{_EVERY}\s+tháng",
    re.IGNORECASE,
)
_YEARLY_AFTER = re.compile(rf"^\s*(?:của\s+)?{_EVERY}\s+năm", re.IGNORECASE)
_NGAY_BEFORE = re.compile(r"(?:ngày|trước|hạn|đến|hết|là|từ|:)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: int
    month: int | None  # None for a monthly date
    year: int | None  # None when the text gives none
    recurring: str | None = None  # "monthly" | "yearly"

    def on(self, year: int) -> dt.date | None:
        try:
            return dt.date(year, self.month or 1, self.day)
        except ValueError:
            return None


def find_dates(text: str) -> list[DateMention]:
    """Every date in `text`, left to right, none overlapping."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in _MONTHLY.finditer(text):
        day = int(match["day"])
        if 1 <= day <= 31:
            found.append(DateMention(match.start(), match.end(), day, None, None, "monthly"))
            taken.append(match.span())
    for pattern in (_WORDED, _NUMERIC):
        for match in pattern.finditer(text):
            if not free(*match.span()):
                continue
            mention = _mention(text, match, numeric=pattern is _NUMERIC)
            if mention:
                found.append(mention)
                taken.append((mention.start, mention.end))
    return sorted(found, key=lambda m: m.start)


def _mention(text: str, match: re.Match[str], *, numeric: bool) -> DateMention | None:
    day, month = int(match["day"]), int(match["month"])
    year = _year(match["year"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    if numeric and year is None and not _NGAY_BEFORE.search(text[: match.start()]):
        return None
    if numeric and match["sep"] == "." and year is None:
        return None  # "10.5" is a number, not a date
    end = match.end()
    recurring = None
    if year is None:
        yearly = _YEARLY_AFTER.match(text[end:])
        if yearly:
            recurring = "yearly"
            end += yearly.end()
    if year is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return DateMention(match.start(), end, day, month, year, recurring)


def _year(value: str | None) -> int | None:
    if not value:
        return None
    year = int(value)
    return year + 2000 if year < 100 else year
