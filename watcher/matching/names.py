"""Reading names: tokens, school levels, years and noise in file names, folders and letterheads.

Everything here works on folded tokens (see `watcher.text.fold`): lower case, no diacritics,
separators collapsed. People never see these tokens; messages quote the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from watcher.text import fold, nfc

MN, TH, THCS, THPT, MULTI = "MN", "TH", "THCS", "THPT", "LIEN_CAP"

Phrase = tuple[str, ...]


def _phrases(table: dict[str, frozenset[str]]) -> dict[Phrase, frozenset[str]]:
    return {tuple(key.split()): value for key, value in table.items()}


# Words that say which kind of school; the longest phrase wins ("th thcs" before "th").
LEVEL_PHRASES: dict[Phrase, frozenset[str]] = _phrases(
    {
        "mam non": frozenset({MN}),
        "mau giao": frozenset({MN}),
        "nha tre": frozenset({MN}),
        "mn": frozenset({MN}),
        "mg": frozenset({MN}),
        "tieu hoc": frozenset({TH}),
        "th": frozenset({TH}),
        "tih": frozenset({TH}),
        "cap 1": frozenset({TH}),
        "c 1": frozenset({TH}),
        "trung hoc co so": frozenset({THCS}),
        "thcs": frozenset({THCS}),
        "cap 2": frozenset({THCS}),
        "c 2": frozenset({THCS}),
        "trung hoc pho thong": frozenset({THPT}),
        "thpt": frozenset({THPT}),
        "th thcs": frozenset({TH, THCS}),
        "th va thcs": frozenset({TH, THCS}),
        "tieu hoc va thcs": frozenset({TH, THCS}),
        "tieu hoc trung hoc co so": frozenset({TH, THCS}),
        "tieu hoc va trung hoc co so": frozenset({TH, THCS}),
        "thcs thpt": frozenset({THCS, THPT}),
        "thcs va thpt": frozenset({THCS, THPT}),
        "th thcs thpt": frozenset({TH, THCS, THPT}),
        "lien cap": frozenset({MULTI}),
    }
)

# Words that never belong to a school's name in a file name. Matched as whole phrases.
NOISE_WORDS = """
    bao cao|bc|bcao|scan|scanned|ban scan|file scan|file word|ban word|word|final|copy|ban sao|
    ky so|da ky|ban ky|co chu ky|dong dau|pdf|docx|doc|jpg|png|new|sua|chinh sua|
    chinh thuc|ban chinh thuc|img|image|document|tai lieu|untitled|file|ban|gui|nop|
    ke hoach|kh|kq|ket qua|thuc hien|pgd|gddt|gd dt|phong gd|quan 7|q 7|
    bien doi khi hau|bdkh|moi truong|pccc|cnch|phong chong|trang|page|lan|dot|
    v|ver|version|so|nam hoc|hoc ky|hk|dinh kem|kem theo|phu luc|pl|truong
"""
NOISE_PHRASES: frozenset[Phrase] = frozenset(
    tuple(item.split()) for item in NOISE_WORDS.replace("\n", " ").split("|") if item.strip()
)

# Short forms clerks type for common name parts.
ABBREVIATIONS = {"ng": "nguyen", "tr": "tran"}

_COPY_COUNTER = re.compile(r"\(\s*\d{1,3}\s*\)")
_DATES = re.compile(
    r"(?<!\d)(?:\d{1,2}[./_-]\d{1,2}[./_-](?:\d{4}|\d{2})|\d{4}[./_-]\d{1,2}[./_-]\d{1,2})(?!\d)"
    r"|\d{6,}"
    r"|(?<!\d)\d{1,2}h\d{2}(?!\d)"
)
_LEVEL_ACRONYMS = frozenset({"mn", "mg", "th", "thcs", "thpt", "tih"})
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_TEXT_DATE = ("ngay", "thang", "nam")


def tokens(value: str, *, file_name: bool = False) -> list[str]:
    """Folded tokens of a name: extension, copy counters '(1)' and dates removed."""
    text = nfc(value)
    if file_name:
        text = _EXTENSION.sub("", text)
    text = _COPY_COUNTER.sub(" ", text)
    text = _DATES.sub(" ", text)
    text = _LETTER_DIGIT.sub(" ", _split_camel(text))
    return [ABBREVIATIONS.get(token, token) for token in fold(text).split()]


def _split_camel(text: str) -> str:
    """'PhuDong' -> 'Phu Dong', 'MNTanPhong' -> 'MN Tan Phong'; 'THCS' stays whole."""
    pieces = []
    for position, char in enumerate(text):
        before = text[position - 1] if position else ""
        after = text[position + 1] if position + 1 < len(text) else ""
        if char.isupper() and after.islower() and before.isalpha():
            run = re.search(r"[^\W\d_]*$", text[:position])
            if before.islower() or (run and fold(run.group()) in _LEVEL_ACRONYMS):
                pieces.append(" ")
        pieces.append(char)
    return "".join(pieces)


def text_tokens(value: str, limit: int = 300) -> list[str]:
    """Tokens of leading document text, without the 'ngày .. tháng .. năm ....' date line."""
    words = tokens(value)[:limit]
    kept: list[str] = []
    index = 0
    while index < len(words):
        if words[index : index + 1] == ["ngay"] and _is_date_line(words[index : index + 6]):
            index += 6
            continue
        kept.append(words[index])
        index += 1
    return kept


def _is_date_line(words: Sequence[str]) -> bool:
    return (
        len(words) == 6
        and tuple(words[0::2]) == _TEXT_DATE
        and all(word.isdigit() for word in words[1::2])
    )


def is_year(token: str) -> bool:
    return bool(_YEAR.match(token))


def is_number(token: str) -> bool:
    return token.isdigit() and len(token) <= 3


def year_groups(words: Sequence[str]) -> list[frozenset[int]]:
    """Years named in the tokens; '2023 2024' (a school year) is one group of two."""
    groups: list[frozenset[int]] = []
    index = 0
    while index < len(words):
        if is_year(words[index]):
            first = int(words[index])
            if index + 1 < len(words) and is_year(words[index + 1]):
                second = int(words[index + 1])
                if second == first + 1:
                    groups.append(frozenset({first, second}))
                    index += 2
                    continue
            groups.append(frozenset({first}))
        index += 1
    return groups


def find_phrases(
    words: Sequence[str], table: Iterable[Phrase], longest: int = 6
) -> list[tuple[int, int, Phrase]]:
    """Non-overlapping (start, end, phrase) of `table` phrases in `words`, longest first."""
    known = set(table)
    found: list[tuple[int, int, Phrase]] = []
    index = 0
    while index < len(words):
        for size in range(min(longest, len(words) - index), 0, -1):
            candidate = tuple(words[index : index + size])
            if candidate in known:
                found.append((index, index + size, candidate))
                index += size
                break
        else:
            index += 1
    return found


def levels_in(words: Sequence[str]) -> list[tuple[int, int, frozenset[str]]]:
    return [(a, b, LEVEL_PHRASES[p]) for a, b, p in find_phrases(words, LEVEL_PHRASES)]


def level_of(value: str) -> frozenset[str]:
    """A roster level ('MN', 'Mầm non', 'TH&THCS', 'Liên cấp', anything else) as a set."""
    words = tokens(value)
    found = levels_in(words)
    if found and sum(b - a for a, b, _ in found) == len(words):
        return frozenset().union(*(level for _, _, level in found))
    return frozenset({" ".join(words) or "?"})


def level_label(level: frozenset[str]) -> str:
    if level == frozenset({MULTI}):
        return "Liên cấp"
    order = [MN, TH, THCS, THPT]
    known = [name for name in order if name in level]
    return "&".join(known) if known else "/".join(sorted(level))


def agreement(said: frozenset[str] | None, school: frozenset[str]) -> str:
    """'none' (nothing said), 'exact', 'partial' (TH file, TH&THCS school) or 'disagree'."""
    if not said:
        return "none"
    if said == school:
        return "exact"
    if said & school or MULTI in said and len(school) > 1 or MULTI in school and len(said) > 1:
        return "partial"
    return "disagree"


@dataclass(frozen=True)
class NameKey:
    """How one roster name (the name or an alias) can be recognised."""

    core: Phrase  # the name without 'Trường' and level words: ('phu', 'dong')
    level: frozenset[str] | None  # level words the name itself carries, if any


def name_key(value: str) -> NameKey:
    """'Trường Mầm non Tuổi Thơ 2' -> core ('tuoi', 'tho', '2'), level {MN}."""
    words = tokens(value)
    while words and words[0] == "truong":
        words = words[1:]
    found = levels_in(words)
    level = None
    if found and found[0][0] == 0 and found[0][1] < len(words):
        level = found[0][2]
        words = words[found[0][1] :]
    elif found and found[-1][1] == len(words) and found[-1][0] > 0:
        level = found[-1][2]
        words = words[: found[-1][0]]
    return NameKey(tuple(words), level)
