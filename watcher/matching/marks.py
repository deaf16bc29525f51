"""Diacritics that settle a pair (issue 12): 'Nghi Vạn' and 'Nghi Văn' are one name once marks
are dropped, so a file named without marks is held between them; written with its marks, the
name is one school's only. Everything else in matching compares without marks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from watcher.matching import names
from watcher.matching.names import Phrase
from watcher.matching.schools import SchoolIndex
from watcher.text import nfc

_WORDS = re.compile(r"[\W_]+")


def marked_words(value: str) -> list[str]:
    """Words as written, with their marks: NFC, lower case ('Mầm non Nghi Vạn' -> ['mầm', …])."""
    return [word for word in _WORDS.split(nfc(value).casefold()) if word]


@lru_cache(maxsize=16384)  # a roster name, asked again whenever its school is tied
def _marked_core(value: str) -> Phrase | None:
    """The roster name's words without level, with marks: 'Mầm non Nghi Vạn' -> ('nghi', 'vạn');
    None when the words cannot be lined up with the folded name."""
    core = names.name_key(value).core
    words = marked_words(value)
    size = len(core)
    if not size or size > len(words):
        return None
    for piece in (words[-size:], words[:size]):
        if tuple(names.tokens(" ".join(piece))) == core:
            return tuple(piece)
    return None


def _has_marks(words: Sequence[str]) -> bool:
    return any(not char.isascii() for word in words for char in word)


def _written(core: Phrase, texts: list[list[str]]) -> bool:
    size = len(core)
    return any(tuple(words[at : at + size]) == core for words in texts for at in range(len(words)))


def settle(index: SchoolIndex, schools: Sequence[int], written: Iterable[str]) -> int | None:
    """The one school of `schools` (tied, with the same name once marks are dropped) whose name
    the file or folder writes exactly with its marks; None when the marks settle nothing."""
    if len(schools) < 2:
        return None
    shared = set(index.cores[schools[0]])
    for school in schools[1:]:
        shared &= set(index.cores[school])
    if not shared:
        return None  # tied for other reasons than marks: never settled by them
    texts = [marked_words(text) for text in written]
    if not any(_has_marks(words) for words in texts):
        return None
    found = []
    for school in schools:
        entry = index.schools[school]
        cores = {_marked_core(value) for value in (entry.name, *entry.aliases)} - {None}
        if not cores:
            return None  # this school's own spelling is not known: the marks cannot tell
        if any(core and _has_marks(core) and _written(core, texts) for core in cores):
            found.append(school)
    return found[0] if len(found) == 1 else None
