"""How a plan wants reports sent: which files (`require`) and where (`channels`). Pure.

"01 file word và 01 file scan … theo đường link sau: https://drive.google.com/…" is word+scan
into a Drive folder; "bằng văn bản và file mềm … Email: …" is a soft copy by e-mail and paper.
"không gửi văn bản giấy" says no paper.
"""

from __future__ import annotations

import re
from typing import Any

from watcher.text import fold

_DRIVE = re.compile(r"https?://drive\.google\.com/[^\s<>\"'()]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# folded (no diacritics, lower case) so "văn bản", "VĂN BẢN" and "van ban" all count
_PAPER = re.compile(r"\b(?:ban giay|van ban giay|ban cung|bang van ban|ho so giay|ban in)\b")
_NO_PAPER = re.compile(
    r"\bkhong (?:gui|nop|can gui|can nop|su dung|dung) (?:van ban |ban |ho so )?(?:giay|cung)\b"
    r"|\bkhong gui (?:van ban|ban) giay\b"
)
_WORD = re.compile(r"\b(?:file|tep|ban) (?:word|doc|docx)\b|\bword\b|\bfile mem\b|\bban mem\b")
_SCAN = re.compile(r"\b(?:file|tep|ban) (?:scan|pdf)\b|\bscan\b|\bban chup\b")


def require(text: str) -> list[str]:
    """The roles each school sends: "word", "scan" (a soft copy alone is "word")."""
    folded = fold(text)
    roles = []
    if _WORD.search(folded):
        roles.append("word")
    if _SCAN.search(folded):
        roles.append("scan")
    return roles


def channels(text: str) -> list[dict[str, Any]]:
    """Drive folders, e-mail addresses and paper, in the order the JSON output shows them."""
    found: list[dict[str, Any]] = []
    for url in _unique(m.group(0).rstrip(".,;") for m in _DRIVE.finditer(text)):
        found.append({"type": "drive", "url": url})
    for address in _unique(m.group(0).rstrip(".") for m in _EMAIL.finditer(text)):
        found.append({"type": "email", "address": address})
    folded = fold(text)
    if _PAPER.search(folded) and not _NO_PAPER.search(folded):
        found.append({"type": "paper"})
    return found


def _unique(values: Any) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return list(seen.values())
