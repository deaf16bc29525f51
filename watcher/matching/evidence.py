"""One piece of evidence: a text the matcher read (file name, folder, code, letterhead) and the
schools found in it."""

from __future__ import annotations

from dataclasses import dataclass

from watcher.matching.messages import Msg
from watcher.matching.schools import Found


@dataclass
class Source:
    kind: str  # name | folder | subject | code | text
    where: Msg
    words: list[str]
    found: Found
    level_where: Msg | None = None  # where the level came from, when not from these words
