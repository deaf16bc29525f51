"""First, honest matching: roster name or alias in the file or folder names; period keywords.

Replaced by `watcher.matching.Matcher` (issue 4); kept small on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence

from watcher.model import FileRecord, Override, Period, Placement, School
from watcher.text import fold


class BasicMatcher:
    def __init__(
        self,
        schools: Sequence[School],
        periods: Sequence[Period],
        overrides: Sequence[Override] = (),
        *,
        language: str = "vi",
    ) -> None:
        self.schools = schools
        self.periods = periods
        self.overrides = overrides

    def place(self, record: FileRecord, text: str = "") -> Placement:
        for override in self.overrides:
            if override.file in (record.id, record.name):
                return Placement(record.id, override.school, override.period, overridden=True)
        haystack = f" {fold(' '.join((*record.folders, record.name)))} "
        schools = [
            s
            for s in self.schools
            if any(f" {fold(n)} " in haystack for n in (f"{s.level} {s.name}", *s.aliases))
        ]
        if len(schools) != 1:
            reason = "no school name found" if not schools else "several schools match"
            return Placement(record.id, None, None, reason)
        periods = [p for p in self.periods if any(f" {fold(k)} " in haystack for k in p.keywords)]
        if len(self.periods) == 1:
            periods = list(self.periods)
        if len(periods) != 1:
            return Placement(record.id, schools[0].code, None, "school found, period unclear")
        return Placement(record.id, schools[0].code, periods[0].id)
