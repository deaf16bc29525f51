"""The review queue: every file held back from placement, with its best candidates, the reason,
and the exact `watcher place` commands that settle it; and what staff decisions teach.

Shown by `watcher review`, in `status --format json` (`unmatched`) and in the staff digest.
Decisions themselves live in the placements file (watcher.config.placements).
"""

from __future__ import annotations

import dataclasses
import os
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from watcher.config import Campaign, Settings, config_path
from watcher.i18n import t
from watcher.matching import Candidate, Matcher
from watcher.model import Decision, FileRecord, Placement, SourceFile
from watcher.status import file_problems
from watcher.store import Store
from watcher.text import fold, nfc

SHOWN = 3  # candidates shown per file


@dataclass(frozen=True)
class Choice:
    """A school or period that could be meant, as staff read it."""

    code: str
    name: str
    score: float


@dataclass(frozen=True)
class Held:
    item: SourceFile
    schools: tuple[Choice, ...]  # best first
    periods: tuple[Choice, ...]
    commands: tuple[str, ...]  # `watcher place …` for each likely school, best first
    ignore_command: str
    problems: tuple[str, ...] = ()

    @property
    def record(self) -> FileRecord:
        return self.item.record

    @property
    def reason(self) -> str:
        return self.item.placement.reason


# --- applying staff decisions (pure) -------------------------------------------------------


def decided(record: FileRecord, decision: Decision, campaign: Campaign, language: str) -> Placement:
    """The placement a staff decision gives a file: exactly the school and period it names."""
    when = (
        decision.at.astimezone(campaign.timezone).strftime("%d/%m/%Y %H:%M") if decision.at else ""
    )
    line = t(language, "review.decided_line", by=decision.by or "?", at=when, line=decision.line)
    if decision.ignore:
        return Placement(record.id, None, None, t(language, "review.ignored"), (line,), True, True)
    return Placement(record.id, decision.school, decision.period, "", (line,), overridden=True)


# --- the queue ---------------------------------------------------------------------------


def queue(
    settings: Settings, campaign: Campaign, items: Iterable[SourceFile], store: Store | None = None
) -> list[Held]:
    """The review queue of a campaign, from its current files (with `store`, the documents'
    own headings count as evidence for the candidates, as they did for the placement)."""
    from watcher.pipeline import make_matcher

    waiting = [i for i in items if i.placement.held and i.removed_at is None]
    if not waiting:
        return []  # no roster to index when nothing waits (status reads stored evaluations)
    return held_files(settings, campaign, waiting, make_matcher(settings, campaign), store)


def document_text(settings: Settings, item: SourceFile, store: Store | None) -> str:
    """The heading text the file was matched with (stored evaluations keep none)."""
    if item.verdict is not None and item.verdict.text:
        return item.verdict.text
    record = item.record
    if store is None or not record.content_hash:
        return ""
    from watcher.pipeline import policy_key, verdict_key

    key = verdict_key(policy_key(settings), record.name, record.mime_type)
    verdict = store.verdict(record.content_hash, key)
    return verdict.text if verdict else ""


def held_files(
    settings: Settings,
    campaign: Campaign,
    items: Iterable[SourceFile],
    matcher: Matcher,
    store: Store | None = None,
) -> list[Held]:
    """Every present file that waits for staff, with candidates and commands."""
    language = settings.language
    held = []
    for item in items:
        if not item.placement.held or item.removed_at is not None:
            continue
        text = document_text(settings, item, store)
        explanation = matcher.explain(item.record, text)
        schools = _schools(explanation.schools, item.placement)
        periods = _periods(explanation.periods, campaign)
        commands = _commands(settings, campaign, item, schools, periods)
        held.append(
            Held(
                item,
                schools,
                periods,
                commands,
                place_command(settings, campaign, item.record.id, ignore=True),
                tuple(file_problems(item, language)),
            )
        )
    return held


def _commands(
    settings: Settings,
    campaign: Campaign,
    item: SourceFile,
    schools: tuple[Choice, ...],
    periods: tuple[Choice, ...],
) -> tuple[str, ...]:
    """One command per likely choice. A school found but a period unclear: one per period it
    could be. Otherwise one per candidate school, with the period when the evidence names one
    clearly, else a placeholder: a command never picks a period the matcher could not."""
    file_id = item.record.id
    if item.placement.school:
        scored: list[str | None] = [p.code for p in periods if p.score > 0] or [None]
        return tuple(
            place_command(settings, campaign, file_id, school=item.placement.school, period=p)
            for p in scored
        )
    period = _clear_period(periods)
    commands = tuple(
        place_command(settings, campaign, file_id, school=s.code, period=period) for s in schools
    )
    return commands or (place_command(settings, campaign, file_id, period=period),)


PERIOD_LEAD = 30.0  # a period named in the file (keyword or year) beats one only in time


def _clear_period(periods: tuple[Choice, ...]) -> str | None:
    scored = [p for p in periods if p.score > 0]
    if len(scored) == 1:
        return scored[0].code
    if len(scored) > 1 and scored[0].score - scored[1].score >= PERIOD_LEAD:
        return scored[0].code
    return None


def _schools(candidates: Sequence[Candidate], placement: Placement) -> tuple[Choice, ...]:
    ranked = [c for c in candidates if c.score > 0]
    ranked.sort(key=lambda c: (c.code != placement.school, -c.score))  # a found school first
    return tuple(Choice(c.code, c.name, c.score) for c in ranked[:SHOWN])


def _periods(candidates: Sequence[Candidate], campaign: Campaign) -> tuple[Choice, ...]:
    scored = [Choice(c.code, c.name, c.score) for c in candidates if c.score > 0]
    if scored:
        return tuple(scored[:SHOWN])
    if len(campaign.periods) == 1:
        only = campaign.periods[0]
        return (Choice(only.id, only.label, 100.0),)
    return tuple(Choice(p.id, p.label, 0.0) for p in campaign.periods)


def place_command(
    settings: Settings,
    campaign: Campaign,
    file_id: str,
    *,
    school: str | None = None,
    period: str | None = None,
    ignore: bool = False,
) -> str:
    """The command line that records the decision, ready to paste (placeholders in <…>)."""
    words = ["watcher", "place", file_id]
    if ignore:
        words.append("--ignore")
    else:
        words += ["--school", school or t(settings.language, "review.school_placeholder")]
        words += ["--period", period or t(settings.language, "review.period_placeholder")]
    if len(settings.campaigns) > 1:
        words += ["--campaign", campaign.id]
    if not _default_config(settings.path):
        words += ["--config", _resolved(settings.path, os.getcwd())]
    return " ".join(w if w.startswith("<") else shlex.quote(w) for w in words)


def _default_config(path: Path) -> bool:
    """True when a plain `watcher …` (no --config) reads this very config."""
    return _same_config(path, str(config_path(None)), os.getcwd())


@lru_cache(maxsize=16)  # asked for every held file's every command: resolving is a walk
def _same_config(path: Path, default: str, cwd: str) -> bool:
    try:
        return Path(cwd, default).resolve() == Path(cwd, path).resolve()
    except OSError:
        return False


@lru_cache(maxsize=16)
def _resolved(path: Path, cwd: str) -> str:
    return str(Path(cwd, path).resolve())


def held_json(held: Held, campaign: Campaign) -> dict[str, Any]:
    """One entry of `unmatched` in `status --format json` and `review --format json`."""
    record = held.record
    return {
        "id": record.id,
        "name": record.name,
        "folder": "/".join(record.folders),
        "uploaded_at": _local(record.uploaded_at, campaign),
        "url": record.url,
        "reason": held.reason,
        "problems": list(held.problems),
        "candidates": [
            {"school": c.code, "school_name": c.name, "score": c.score} for c in held.schools
        ],
        "periods": [{"period": c.code, "label": c.name, "score": c.score} for c in held.periods],
        "command": held.commands[0],
        "commands": list(held.commands),
        "ignore_command": held.ignore_command,
        "waits_for": _waits_for(held.item.placement),
    }


def _waits_for(placement: Placement) -> dict[str, str] | None:
    """The held Word file beside a held scan: placing it settles the scan too."""
    if placement.basis != "waits" or len(placement.beside) != 2:
        return None
    return {"id": placement.beside[0], "name": placement.beside[1]}


def _local(moment: datetime | None, campaign: Campaign) -> str | None:
    return moment.astimezone(campaign.timezone).isoformat(timespec="seconds") if moment else None


# --- learning from decisions ---------------------------------------------------------------


def alias_for(
    settings: Settings,
    campaign: Campaign,
    target: SourceFile,
    school_code: str,
    others: Sequence[SourceFile],
    store: Store | None = None,
) -> str | None:
    """The spelling of the school in this file's name that the roster lacks, if adding it as
    an alias of `school_code` would have placed this file there by itself and would move no
    other file to another school. None when the roster already knows the spelling."""
    from watcher.pipeline import make_matcher

    school = campaign.school(school_code)
    if school is None:
        return None
    before = make_matcher(settings, _without_decisions(campaign))
    text = document_text(settings, target, store)
    if before.place(target.record, text).school == school_code:
        return None  # the name already finds it; nothing to learn
    known = {fold(school.name), *(fold(a) for a in school.aliases)}
    for spelling in _spellings(
        target.record, before.explain(target.record, text).schools, school_code, school.name
    ):
        if fold(spelling) in known or not fold(spelling):
            continue
        widened = dataclasses.replace(school, aliases=(*school.aliases, spelling))
        trial = _without_decisions(
            campaign,
            schools=tuple(widened if s.code == school_code else s for s in campaign.schools),
        )
        after = make_matcher(settings, trial)
        if after.place(target.record, text).school != school_code:
            continue
        if _moves_nothing_else(before, after, target, others, settings, store):
            return spelling
    return None


def _without_decisions(campaign: Campaign, **changes: Any) -> Campaign:
    return dataclasses.replace(campaign, placements=(), **changes)


def _moves_nothing_else(
    before: Matcher,
    after: Matcher,
    target: SourceFile,
    others: Sequence[SourceFile],
    settings: Settings,
    store: Store | None,
) -> bool:
    for item in others:
        if item.record.id == target.record.id:
            continue
        text = document_text(settings, item, store)
        if before.place(item.record, text).school != after.place(item.record, text).school:
            return False
    return True


def _spellings(
    record: FileRecord, candidates: Sequence[Candidate], school_code: str, school_name: str
) -> list[str]:
    """Ways the file may spell the school: what the matcher half-recognised, then the words
    of the name that look most like the school's name."""
    words = _original_words(record.name)
    found: list[str] = []
    for candidate in candidates:
        if candidate.code != school_code:
            continue
        if candidate.score >= NAMED:
            return []  # the name names it well enough (held for another reason)
        for line in candidate.evidence:
            if line.key == "school.exact":
                return []  # the name spells it as the roster does (held for another reason)
            value = dict(line.params).get("found")
            if isinstance(value, str) and line.key in _HALF_RECOGNISED:
                found.append(_original_run(words, value) or value)
    return list(dict.fromkeys([*found, *_similar_runs(words, school_name)]))


NAMED = 88.0  # a candidate this strong is named by the file already (the matcher's threshold)
_HALF_RECOGNISED = ("school.fuzzy", "school.joined", "school.reordered")
# Words around a school's name in a file name that are never part of it: the report, the
# period, the level, the kind of copy. Numbers stay (a number is part of a name).
_NOT_A_NAME_WORDS = """bao cao bc bcao nam so ket tong hoc ky hk ke hoach kh scan ban word pdf
    file chinh thuc truong trg mn mg th thcs thpt tieu mam non trung nha lien cap gui nop ve
    cua va dot lan giua cuoi thang ngay phong gd gddt pgd"""
_NOT_A_NAME = frozenset(_NOT_A_NAME_WORDS.split())


def _original_words(name: str) -> list[str]:
    stem = nfc(name).rsplit(".", 1)[0] if "." in name else nfc(name)
    return [w for w in _split(stem) if w]


def _split(text: str) -> list[str]:
    import re

    return re.split(r"[\s_\-.,;:+/\\|()\[\]{}'\"`~!?@#$%^&*=<>]+", text)


def _original_run(words: list[str], folded: str) -> str | None:
    """The words of the name whose folded form is `folded` ('qui duc' -> 'Quí Đức')."""
    target = folded.split()
    size = len(target)
    for start in range(len(words) - size + 1):
        run = words[start : start + size]
        if [fold(w) for w in run] == target:
            return " ".join(run)
    return None


def _similar_runs(words: list[str], school_name: str) -> list[str]:
    from rapidfuzz import fuzz

    goal = fold(school_name)
    segments: list[list[str]] = [[]]
    for word in words:
        folded = fold(word)
        if folded in _NOT_A_NAME or (folded.isdigit() and len(folded) > 2):
            segments.append([])  # a year or a report word ends a possible name
        else:
            segments[-1].append(word)
    runs = []
    for segment in segments:
        for size in range(1, min(6, len(segment)) + 1):
            for start in range(len(segment) - size + 1):
                run = " ".join(segment[start : start + size])
                score = fuzz.ratio(fold(run), goal)
                if score >= 60 and any(c.isalpha() for c in run):
                    runs.append((score, run))
    return [run for _, run in sorted(runs, key=lambda pair: -pair[0])[:5]]


def env_user() -> str:
    """Who is deciding: the person behind sudo, else the login name."""
    import getpass

    return os.environ.get("SUDO_USER") or getpass.getuser()
