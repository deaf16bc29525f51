"""Evidence for the reporting period: keywords, years, and (weakly) the upload time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from watcher.matching import names
from watcher.matching.messages import Msg, msg
from watcher.matching.names import Phrase
from watcher.model import Period

ANNUAL, INTERIM, FINAL = "annual", "interim", "final"

# Built-in words for the three kinds of report the plans ask for. A bare "năm" is not here:
# "năm học" is a school year and "năm 2023" a year; "báo cáo năm" is the annual report.
# "final" is not here either: in a clerk's file name it means "final version".
KIND_WORDS: dict[str, tuple[str, ...]] = {
    INTERIM: (
        "so ket",
        "sk",
        "bc sk",
        "soket",
        "bcsk",
        "giua ky",
        "giua nam",
        "giua hoc ky",
        "interim",
        "mid year",
        "midyear",
    ),
    FINAL: ("tong ket", "tongket", "bctk", "cuoi nam", "cuoi ky"),
    ANNUAL: (
        "bao cao nam",
        "bc nam",
        "bcnam",
        "baocaonam",
        "bcao nam",
        "ca nam",
        "hang nam",
        "annual",
        "thuong nien",
    ),
}
KIND_PHRASES: dict[Phrase, str] = {
    names.phrase(words): kind for kind, phrases in KIND_WORDS.items() for words in phrases
}
KIND_TABLE = names.PhraseTable(KIND_PHRASES)
DEFAULT_SLACK = timedelta(days=14)  # uploads this long after a deadline still count for it
DEFAULT_LEAD = timedelta(days=60)  # and from this long before it (unless Period.opens says)


@dataclass(frozen=True)
class PeriodInfo:
    period: Period
    kind: str | None
    years: frozenset[int]
    keywords: tuple[Phrase, ...]
    window: tuple[datetime | None, datetime]
    school_years: frozenset[frozenset[int]] = frozenset()  # written in its id or label


@dataclass
class Clue:
    """What one piece of text (name, folder, heading) says about the period."""

    where: Msg
    words: dict[str, str] = field(default_factory=dict)  # period id -> word that named it
    named: list[str] = field(default_factory=list)  # period words seen, known period or not
    years: list[frozenset[int]] = field(default_factory=list)


def period_infos(
    periods: Sequence[Period], slack: timedelta = DEFAULT_SLACK, lead: timedelta = DEFAULT_LEAD
) -> list[PeriodInfo]:
    """Kinds, years and upload windows of the periods.

    The window is only weak evidence. It starts `lead` before the deadline (or at
    Period.opens), not at the previous deadline: a bare "BC MN Tân Phong.docx" three weeks
    after the annual deadline is more likely a late annual report than an early interim one,
    so such a file stays unplaced rather than guessed.
    """
    ordered = sorted(periods, key=lambda period: period.deadline)
    infos = []
    for position, period in enumerate(ordered):
        words = names.tokens(f"{period.id} {period.label}")
        start = period.opens or period.deadline - lead
        if position and start < ordered[position - 1].deadline:
            start = ordered[position - 1].deadline
        keywords = tuple(
            phrase
            for phrase in (tuple(names.tokens(keyword)) for keyword in period.keywords)
            if phrase and phrase != ("nam",)
        )
        years = frozenset(int(word) for word in words if names.is_year(word))
        infos.append(
            PeriodInfo(
                period,
                _kind_of(words + [w for k in keywords for w in k]),
                years or frozenset({period.deadline.year}),
                keywords,
                (start, period.deadline + period.grace + slack),
                frozenset(names.school_years(words)),
            )
        )
    return infos


def fits(group: frozenset[int], info: PeriodInfo) -> bool:
    """Do the years a text names fit this period?

    One year fits a period of that year. A school year ('năm học 2023-2024') is not a calendar
    year: it fits a period whose label names that school year, or (when the label names none) a
    period due in the year the school year ends: 'năm học 2022-2023' fits 'Báo cáo năm 2023',
    'năm học 2023-2024' does not.
    """
    if len(group) == 1:
        return bool(group & info.years)
    if info.school_years:
        return group in info.school_years
    return info.period.deadline.year == max(group)


def _kind_of(words: Sequence[str]) -> str | None:
    kinds = {kind for kind, _ in kinds_in(words)}
    for kind in (INTERIM, FINAL, ANNUAL):  # "tổng kết năm" is final, not annual
        if kind in kinds:
            return kind
    return None


def kinds_in(words: Sequence[str]) -> list[tuple[str, str]]:
    """(kind, phrase) for each built-in period word in `words`."""
    found = []
    for _start, end, phrase in KIND_TABLE.find(words):
        if KIND_PHRASES[phrase] == ANNUAL and _school_year(phrase, words, end):
            continue  # 'báo cáo năm học': not the annual report; 'cuối năm học' is still final
        found.append((KIND_PHRASES[phrase], " ".join(phrase)))
    specific = [item for item in found if item[0] != ANNUAL]
    if not found and _STAGE in words:
        at = words.index(_STAGE)
        if at + 1 < len(words) and words[at + 1] == "doan":
            return [(FINAL, "giai doan")]  # 'báo cáo giai đoạn 2023-2025': the stage's last report
    return specific or found


_STAGE = "giai"


def clue(
    words: Sequence[str],
    where: Msg,
    infos: Sequence[PeriodInfo],
    keywords: names.PhraseTable | None = None,
) -> Clue:
    """What `words` say about the period. Pass `keyword_table(infos)` when calling often."""
    result = Clue(where, years=names.year_groups(words))
    for kind, phrase in kinds_in(words):
        result.named.append(phrase)
        for info in infos:
            if info.kind == kind:
                result.words.setdefault(info.period.id, phrase)
    for _, end, keyword in (keywords or keyword_table(infos)).find(words):
        if _school_year(keyword, words, end):
            continue
        said = " ".join(keyword)
        result.named.append(said)
        for info in infos:
            if keyword in info.keywords:
                result.words.setdefault(info.period.id, said)
    return result


def _school_year(phrase: Phrase, words: Sequence[str], end: int) -> bool:
    """'báo cáo năm học': a school year, not the annual report (nor a keyword 'báo cáo năm')."""
    return phrase[-1] == "nam" and end < len(words) and words[end] == "hoc"


def keyword_table(infos: Sequence[PeriodInfo]) -> names.PhraseTable:
    return names.PhraseTable(keyword for info in infos for keyword in info.keywords)


def allowed(clue: Clue, infos: Sequence[PeriodInfo]) -> set[str]:
    """Periods this clue leaves possible: named by its words and agreeing with its years."""
    ids = {info.period.id for info in infos}
    if clue.named:
        ids &= set(clue.words)
    for group in clue.years:
        ids &= {info.period.id for info in infos if fits(group, info)}
    return ids


def names_period(clue: Clue, info: PeriodInfo) -> bool:
    """Does this clue name the period itself: its kind or keyword, its year, or the school year
    its label gives? A school year that merely contains its deadline only narrows the choice."""
    if info.period.id in clue.words:
        return True
    return any(
        len(group) == 1 and group & info.years or group in info.school_years for group in clue.years
    )


def in_window(info: PeriodInfo, moment: datetime | None) -> bool:
    if moment is None:
        return False
    start, end = info.window
    return (start is None or moment > start) and moment <= end


def evidence(clue: Clue, info: PeriodInfo) -> list[Msg]:
    """Plain-words lines on what this clue says for or against one period."""
    lines = []
    period = info.period.id
    for other_period, word in clue.words.items():
        if other_period == period:
            lines.append(msg("period.keyword", where=clue.where, keyword=word))
    if clue.named and period not in clue.words:
        words = ", ".join(sorted(set(clue.named)))
        lines.append(msg("period.keyword_other", where=clue.where, keyword=words))
    for group in clue.years:
        years = "–".join(str(year) for year in sorted(group))
        key = "period.year" if fits(group, info) else "period.year_other"
        lines.append(msg(key, where=clue.where, years=years))
    return lines
