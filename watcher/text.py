"""Vietnamese-aware text folding for comparisons. People always see the original text."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s_\-.,;:+/\\|()\[\]{}'\"`~!?@#$%^&*=<>]+")


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def strip_diacritics(value: str) -> str:
    """'Trường Tiểu học Đống Đa' -> 'Truong Tieu hoc Dong Da' (đ/Đ become d/D)."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def fold(value: str) -> str:
    """Case-folded, diacritics stripped, separators collapsed to one space."""
    folded = strip_diacritics(nfc(value)).casefold()
    return _SEPARATORS.sub(" ", folded).strip()
