"""The placements file: staff decisions about single files, beside the config.

`watcher place` appends one `[[placement]]` per decision (who, when, which file, where or
"ignore"); admins can read and edit it. The latest entry for a file wins. `load()` validates
it with the config (so `watcher check` reports its mistakes with file, line and key), and the
next poll applies it. `[[override]]` entries in the config keep working; a placement made
with `watcher place` wins over them for the file it names.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from watcher.config.settings import Campaign, Problem
from watcher.config.tomllines import key_lines, line_of
from watcher.i18n import t
from watcher.model import Decision, Role

FILE_NAME = "placements.toml"
KEYS = ("file", "name", "campaign", "school", "period", "role", "ignore", "by", "at", "note")
HEADER = """\
# Decisions staff made about single files, written by `watcher place`.
# One [[placement]] per decision; for a file named twice, the later entry wins.
# `watcher check` validates this file and the next poll applies it.
# A [[placement]] either places a file (school, period, optionally role = "word" or "scan")
# or says it is not a submission (ignore = true). `file` is the file's id in the source.
"""


def path_beside(config: Path) -> Path:
    return config.resolve().parent / FILE_NAME


def read(
    path: Path, campaigns: Sequence[Campaign], language: str = "vi"
) -> tuple[dict[str, list[Decision]], list[Problem]]:
    """Decisions per campaign id, and every problem found (none when the file is absent)."""
    if not path.exists():
        return {}, []
    reader = _Reader(path, campaigns, language)
    return reader.run(), reader.problems


class _Reader:
    def __init__(self, path: Path, campaigns: Sequence[Campaign], language: str) -> None:
        self.path = path
        self.campaigns = {c.id: c for c in campaigns}
        self.language = language
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}

    def say(self, key: str, **values: object) -> str:
        return t(self.language, key, **values)

    def hint(self, name: str, choices: Sequence[str]) -> str:
        close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
        return self.say("config.did_you_mean", name=repr(close[0])) if close else ""

    def add(self, key: str, message: str, line: int | None = None) -> None:
        where = line if line is not None else line_of(self.lines, key)
        self.problems.append(Problem(str(self.path), where, key, message))

    def run(self) -> dict[str, list[Decision]]:
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            self.add("", self.say("placements.unreadable"))
            return {}
        self.lines = key_lines(text)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            line, column = _position(str(error))
            self.add("", self.say("config.toml_invalid", line=line, column=column), line or None)
            return {}
        for key in data:
            if key != "placement":
                self.add(key, self.say("placements.only_entries", name=repr(key)))
        entries = data.get("placement", [])
        if not isinstance(entries, list):
            self.add("placement", self.say("placements.double_brackets"))
            return {}
        decisions: dict[str, list[Decision]] = {}
        for index, entry in enumerate(entries):
            found = self._entry(f"placement[{index}]", entry)
            if found is not None:
                campaign, decision = found
                decisions.setdefault(campaign, []).append(decision)
        return decisions

    def _entry(self, key: str, entry: Any) -> tuple[str, Decision] | None:
        if not isinstance(entry, dict):
            self.add(key, self.say("placements.double_brackets"))
            return None
        before = len(self.problems)
        for name in entry:
            if name not in KEYS:
                hint = self.hint(name, KEYS)
                self.add(
                    f"{key}.{name}", self.say("config.unknown_key", name=repr(name), hint=hint)
                )
        texts = {
            name: self._text(key, entry, name) for name in KEYS if name not in ("ignore", "at")
        }
        ignore = entry.get("ignore", False)
        if not isinstance(ignore, bool):
            self.add(f"{key}.ignore", self.say("placements.ignore_bool"))
            ignore = False
        at = entry.get("at")
        if at is not None and not isinstance(at, dt.datetime):
            self.add(f"{key}.at", self.say("placements.bad_time", value=repr(at)))
            at = None
        if not texts["file"]:
            self.add(f"{key}.file", self.say("placements.need_file"))
        campaign = self._campaign(key, texts["campaign"])
        if ignore:
            for name in ("school", "period", "role"):
                if texts[name]:
                    self.add(f"{key}.{name}", self.say("placements.ignore_alone"))
        elif campaign is not None:
            self._target(key, campaign, texts["school"], texts["period"])
        role = texts["role"]
        if role and role not in ("word", "scan", "extra"):
            self.add(f"{key}.role", self.say("placements.bad_role", value=repr(role)))
        if len(self.problems) > before or campaign is None:
            return None
        decision = Decision(
            file=texts["file"],
            school=texts["school"] or None,
            period=texts["period"] or None,
            role=Role(role) if role else None,
            ignore=ignore,
            by=texts["by"],
            at=at if isinstance(at, dt.datetime) else None,
            line=line_of(self.lines, key) or 0,
        )
        return campaign.id, decision

    def _text(self, key: str, entry: dict[str, Any], name: str) -> str:
        value = entry.get(name, "")
        if not isinstance(value, str):
            message = self.say("config.expected_text", value=repr(value), bare=value)
            self.add(f"{key}.{name}", message)
            return ""
        return value.strip()

    def _campaign(self, key: str, wanted: str) -> Campaign | None:
        if not wanted:
            if len(self.campaigns) == 1:
                return next(iter(self.campaigns.values()))
            self.add(f"{key}.campaign", self.say("config.say_campaign"))
            return None
        campaign = self.campaigns.get(wanted)
        if campaign is None:
            hint = self.hint(wanted, list(self.campaigns))
            message = self.say("config.no_campaign_id", value=repr(wanted), hint=hint)
            self.add(f"{key}.campaign", message)
        return campaign

    def _target(self, key: str, campaign: Campaign, school: str, period: str) -> None:
        codes = [s.code for s in campaign.schools]
        if not school:
            self.add(f"{key}.school", self.say("placements.need_school"))
        elif school not in codes:
            message = self.say(
                "config.no_school_code",
                value=repr(school),
                roster=campaign.roster_path.name,
                hint=self.hint(school, codes),
            )
            self.add(f"{key}.school", message)
        periods = [p.id for p in campaign.periods]
        if not period:
            self.add(f"{key}.period", self.say("placements.need_period"))
        elif period not in periods:
            message = self.say(
                "config.no_period_id",
                value=repr(period),
                campaign=campaign.id,
                hint=self.hint(period, periods),
            )
            self.add(f"{key}.period", message)


def _position(message: str) -> tuple[int, int]:
    match = re.search(r"line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def latest(decisions: Sequence[Decision]) -> dict[str, Decision]:
    """The decision in force for each file: the last entry that names it."""
    return {decision.file: decision for decision in decisions}


# --- writing -----------------------------------------------------------------------------


def toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, plus DEL, which TOML wants escaped."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def entry_text(decision: Decision, *, name: str, campaign: str | None, comment: str = "") -> str:
    lines = ["", *([f"# {comment}"] if comment else []), "[[placement]]"]
    lines.append(f"file = {toml_string(decision.file)}")
    if name and name != decision.file:
        lines.append(f"name = {toml_string(name)}")
    if campaign:
        lines.append(f"campaign = {toml_string(campaign)}")
    if decision.ignore:
        lines.append("ignore = true")
    else:
        lines.append(f"school = {toml_string(decision.school or '')}")
        lines.append(f"period = {toml_string(decision.period or '')}")
        if decision.role:
            lines.append(f"role = {toml_string(decision.role.value)}")
    lines.append(f"by = {toml_string(decision.by)}")
    if decision.at:
        lines.append(f"at = {decision.at.replace(microsecond=0).isoformat()}")
    return "\n".join(lines) + "\n"


def append(path: Path, text: str) -> str | None:
    """Add one entry; returns the previous content (None: the file was new), to undo with."""
    previous = path.read_text(encoding="utf-8-sig") if path.exists() else None
    body = previous if previous is not None else HEADER
    if not body.endswith("\n"):
        body += "\n"
    write(path, body + text)
    return previous


def write(path: Path, text: str) -> None:
    """Replace the file whole (a crash leaves the old one or the new one, never half)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".placements-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)  # admins read it
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
