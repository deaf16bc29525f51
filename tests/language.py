"""A mechanical check that what people read is in one language: `foreign(text, language)`.

Vietnamese text is told by its letters (ă â đ ê ô ơ ư and the tone marks); English by the small
words every English sentence needs (the, is, not, of, …). What is not a sentence is taken out
first: quoted values ('…', "…", «…»), paths and addresses, key paths, and the names of the
schools, campaigns and periods the test passes in (names are the admin's, in any language).
"""

from __future__ import annotations

import re
import unicodedata

ENGLISH_WORDS = {
    "the", "is", "are", "was", "were", "not", "of", "to", "and", "or", "an", "in", "for",
    "with", "has", "have", "does", "cannot", "this", "that", "must", "be", "it", "its", "than",
    "from", "by", "yet", "no", "could", "should", "file", "files", "school", "schools",
    "failed", "nothing", "changed", "changes", "change", "download", "downloads", "sent",
    "queued", "missing", "late", "time", "yes", "none", "problem", "problems", "period",
    "status", "when", "which", "why", "what", "because", "placed",
}  # fmt: skip
_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ]")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|«[^»\n]*»|“[^”\n]*”|`[^`\n]*`")
_TECHNICAL = re.compile(r"\S*[/@\\]\S*|\S+\.\w{2,4}\b|\b\w+(?:[\[\]._-]+\w+)+\b|--\w[\w-]*")


def _has_tone_mark(word: str) -> bool:
    marks = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    return any(c in marks for c in unicodedata.normalize("NFD", word))


def sentences_text(text: str, names: tuple[str, ...] = ()) -> str:
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    text = _QUOTED.sub(" ", text)
    return _TECHNICAL.sub(" ", text)


def foreign(text: str, language: str, names: tuple[str, ...] = ()) -> list[str]:
    """The words of `text` that belong to the other language (empty: the text is clean)."""
    words = re.findall(r"[^\W\d_]+", sentences_text(text, names))
    if language == "vi":
        return [w for w in words if w.lower() in ENGLISH_WORDS]
    return [w for w in words if _VIETNAMESE.search(w) or _has_tone_mark(w)]
