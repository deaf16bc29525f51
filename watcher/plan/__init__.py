"""Reading a department's plan: who issues it, what it asks, how and by when.

`parse_plan(text)` is pure; `read_plan(path)` reads a .docx, .pdf or .txt first. The result is
what `watcher plan read` prints and what `watcher init` turns into a config draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from watcher.plan import delivery, header
from watcher.plan.deadlines import Deadline, find_deadlines
from watcher.plan.document import SUFFIXES, PlanFileError, plan_text

DEFAULT_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

__all__ = [
    "SUFFIXES",
    "Deadline",
    "Plan",
    "PlanFileError",
    "parse_plan",
    "read_plan",
]


@dataclass(frozen=True)
class Plan:
    issuer: str | None
    issued: str | None  # "2022-03-16", or "2023-06" when the day is left blank
    title: str | None
    deadlines: tuple[Deadline, ...]
    require: tuple[str, ...]
    channels: tuple[dict[str, Any], ...]

    def to_json(self) -> dict[str, Any]:
        """The documented shape of `watcher plan read --format json`."""
        return {
            "issuer": self.issuer,
            "issued": self.issued,
            "deadlines": [
                {
                    "label": d.label,
                    "last_moment": d.last_moment.isoformat() if d.last_moment else None,
                    "recurring": d.recurring,
                    "quote": d.quote,
                }
                for d in self.deadlines
            ],
            "require": list(self.require),
            "channels": [dict(c) for c in self.channels],
        }


def parse_plan(text: str, zone: ZoneInfo = DEFAULT_ZONE) -> Plan:
    issued_on, issued = header.issued_date(text)
    anchor = issued_on or _month_anchor(issued) or header.fallback_anchor(text)
    deadlines = find_deadlines(text, issued=issued_on, zone=zone, anchor=anchor)
    return Plan(
        issuer=header.issuer(text),
        issued=issued,
        title=header.title(text),
        deadlines=tuple(deadlines),
        require=tuple(delivery.require(text)),
        channels=tuple(delivery.channels(text)),
    )


def read_plan(path: Path, zone: ZoneInfo = DEFAULT_ZONE) -> Plan:
    return parse_plan(plan_text(path), zone)


def _month_anchor(issued: str | None) -> dt.date | None:
    if issued and len(issued) == 7:
        return dt.date(int(issued[:4]), int(issued[5:]), 1)
    return None
