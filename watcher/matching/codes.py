"""School codes in file and folder names: the Ministry's eight-digit code ('79783422') or the
department's own number ('MN-05', 'TH12'), when the roster carries them (issue 12, class 7)."""

from __future__ import annotations

import re
from functools import lru_cache

from watcher.matching import names
from watcher.text import nfc

_CHUNKS = re.compile(r"[^\w-]+")  # a code is one piece of a name: 'MN-05', '79783LA9'
_PART = re.compile(r"[^_-]+")
_CODE_SHAPE = re.compile(r"\d{6}|[^\W\d_][-_]?\d")  # six digits, or letters then digits
_DIGITS = re.compile(r"\d+")
RUN = 4  # parts of a piece read together as one code at most ('HG-TH-020', 'LC_TH_005')
_DATE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")


def code_key(value: str) -> str:
    """How a school code is compared: 'MN-05', 'mn05', 'MN 5' -> 'mn5'; '79783LA9' -> '79783la9'.
    Empty for a value that is no code: no digit, a bare small number ('Số 2' is a name), or words
    around it."""
    folded = value.casefold() if value.isascii() else names.fast_fold(value)
    folded = folded.replace(" ", "").replace("-", "").replace("_", "")
    if not folded.isalnum() or not any(char.isdigit() for char in folded):
        return ""
    if folded.isdigit() and len(folded) < 6:
        return ""
    if not folded[0].isdigit() and not folded.rstrip("0123456789").isalpha():
        return ""  # 'mn5a': letters after the number are a name ('Vĩnh Lộc A'), not a code
    return (
        _DIGITS.sub(lambda match: str(int(match.group(0))), folded)
        if not folded.isdigit()
        else folded
    )


def code_shape(codes: dict[str, set[int]]) -> re.Pattern[str] | None:
    """What a roster code can look like in a name, to skip the names that hold none quickly:
    six digits, or one of the roster codes' letter prefixes (written with or without '-' or
    '_' between its letters) right before a digit."""
    leading = [len(key) - len(key.lstrip("0123456789")) for key in codes]
    digits = min((size for size in leading if size), default=0)
    letters = sorted(
        {key[: len(key) - len(key.lstrip("abcdefghijklmnopqrstuvwxyz"))] for key in codes}
    )
    letters = [prefix for prefix in letters if prefix]
    parts = [rf"\d{{{digits}}}"] if digits else []
    if letters:  # 'HG-TH-020' for 'HGTH020': a separator may stand between the letters too
        spelled = ("[-_]?".join(map(re.escape, prefix)) for prefix in letters)
        parts.append(r"(?<![^\W\d_])(?:" + "|".join(spelled) + r")[-_]?\d")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def codes_in(text: str) -> list[tuple[str, str]]:
    """(key, as written) for every piece of a name that could be a school code: a Ministry
    code ('79783422'), letters joined to a number ('MN-05', 'TH12'). Never 'MN 05' with a space,
    never a date ('20240521')."""
    return list(_codes_in(text))


@lru_cache(maxsize=8192)  # file and folder names repeat on every poll
def _codes_in(text: str) -> tuple[tuple[str, str], ...]:
    if not _CODE_SHAPE.search(text):
        return ()  # most names: no code shape at all
    found: dict[str, str] = {}
    for piece in _CHUNKS.split(nfc(text)):
        if not _CODE_SHAPE.search(piece):
            continue  # '2023', '(1)': no code
        parts = list(_PART.finditer(piece))
        # every run of parts: 'LC_TH_005' in 'LC_TH_005_BCSK', 'MN-05' in 'MN-05-BCSK'
        spans = [
            (first.start(), last.end())
            for at, first in enumerate(parts)
            for last in parts[at : at + RUN]
        ]
        for start, end in [(0, len(piece)), *spans]:
            part = piece[start:end]
            if _cut_short(piece, end) or _DATE.fullmatch(part):
                continue  # 'MN_19-5' holds no code 'MN_19'
            key = code_key(part)
            if key:
                found.setdefault(key, part)
    return tuple(found.items())


def _cut_short(piece: str, end: int) -> bool:
    """Does the piece go on with '-5' after `end`: a number cut in two ('19-5', '30-4')?"""
    return (
        end + 1 < len(piece)
        and piece[end] in "-_"
        and piece[end + 1].isdigit()
        and (end > 0 and piece[end - 1].isdigit())
    )
