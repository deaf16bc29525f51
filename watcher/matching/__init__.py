"""Matching: every file to the right school and period, or honestly unmatched.

Pure: imports nothing that does I/O. Build one `Matcher` per poll (it indexes the roster),
then `place()` each file record. `explain()` and `format_explanation()` serve
`watcher explain`; `mentions_other()` warns when a document names another school or period.
"""

from watcher.matching.explain import format_explanation, format_together, mentions_other
from watcher.matching.matcher import Candidate, Explanation, Matcher

__all__ = [
    "Candidate",
    "Explanation",
    "Matcher",
    "format_explanation",
    "format_together",
    "mentions_other",
]
