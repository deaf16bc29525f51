"""`watcher review` (the files waiting for staff) and `watcher place` (settle one of them)."""

# No `from __future__ import annotations`: Typer reads these annotations at run time.

import csv
import difflib
import io
import json
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from watcher.config import Campaign, ConfigErrors, Settings, load
from watcher.i18n import t
from watcher.model import Decision, FileRecord, Role, School, SourceFile
from watcher.store import Store


class ReviewFormat(StrEnum):
    table = "table"
    json = "json"


class PlaceRole(StrEnum):
    word = "word"
    scan = "scan"


def register(app: typer.Typer) -> None:
    app.command()(review)
    app.command()(place)


# --- watcher review ----------------------------------------------------------------------


def review(
    config: Annotated[
        str | None,
        typer.Option(
            "--config", "-c", help="Config file (default: $WATCHER_CONFIG or config/watcher.toml)."
        ),
    ] = None,
    campaign: Annotated[
        str | None, typer.Option("--campaign", help="Only this campaign id.")
    ] = None,
    format: Annotated[
        ReviewFormat, typer.Option("--format", "-f", help="table or json.")
    ] = ReviewFormat.table,
) -> None:
    """List every file waiting for staff: candidates, the reason, and the commands that settle it."""
    from watcher.cli.common import console, errors, open_store, settings_or_exit
    from watcher.pipeline import current_rows
    from watcher.review import held_json, queue

    settings = settings_or_exit(config)
    campaigns = _campaigns(settings, campaign)
    store = open_store(settings)
    try:
        found = []
        for item in campaigns:
            if store.last_success(item.id) is None:
                errors.print(
                    t(settings.language, "review.never_polled", campaign=item.id), markup=False
                )
            _, items = current_rows(settings, store, item, datetime.now(settings.timezone))
            found.append((item, queue(settings, item, items, store)))
    finally:
        store.close()
    if format is ReviewFormat.json:
        document = {
            "campaigns": [
                {"id": c.id, "unmatched": [held_json(h, c) for h in held]} for c, held in found
            ]
        }
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    for item, held in found:
        console.print(_queue_text(settings, item, held), markup=False, highlight=False)


def _queue_text(settings: Settings, campaign: Campaign, held: list) -> str:
    language = settings.language
    if not held:
        return t(language, "review.empty", campaign=campaign.id)
    lines = [t(language, "review.title", campaign=campaign.id, count=len(held))]
    for number, entry in enumerate(held, start=1):
        record = entry.record
        where = []
        if record.folders:
            where.append(f"{t(language, 'review.folder')}: {'/'.join(record.folders)}")
        if record.uploaded_at:
            moment = record.uploaded_at.astimezone(campaign.timezone).strftime("%d/%m/%Y %H:%M")
            where.append(f"{t(language, 'review.uploaded')} {moment}")
        lines += ["", f"{number}. {record.name}" + (f"  ({'; '.join(where)})" if where else "")]
        lines.append(f"   {t(language, 'review.reason')}: {entry.reason}")
        placement = entry.item.placement
        if placement.basis == "waits" and len(placement.beside) == 2:
            lines.append(f"   {t(language, 'together.waits', word=placement.beside[1])}")
        for problem in entry.problems:
            lines.append(f"   {t(language, 'review.problem')}: {problem}")
        schools = "; ".join(f"{c.name} [{c.code}] {c.score:.0f}" for c in entry.schools)
        lines.append(f"   {t(language, 'review.schools')}: {schools or t(language, 'review.none')}")
        periods = "; ".join(
            f"{c.name} [{c.code}]" + (f" {c.score:.0f}" if c.score else "") for c in entry.periods
        )
        lines.append(f"   {t(language, 'review.periods')}: {periods or t(language, 'review.none')}")
        lines.append(f"   {t(language, 'review.place')}:")
        lines += [f"     {command}" for command in entry.commands]
        lines.append(f"   {t(language, 'review.ignore')}:")
        lines.append(f"     {entry.ignore_command}")
    return "\n".join(lines)


def _campaigns(settings: Settings, wanted: str | None) -> list[Campaign]:
    from watcher.cli.common import errors

    campaigns = [c for c in settings.campaigns if wanted in (None, c.id)]
    if not campaigns:
        known = ", ".join(c.id for c in settings.campaigns)
        errors.print(
            t(settings.language, "place.campaign", campaign=wanted, campaigns=known), markup=False
        )
        raise typer.Exit(2)
    return campaigns


# --- watcher place -----------------------------------------------------------------------


def place(
    file: Annotated[
        str, typer.Argument(help="The file's id (as `watcher review` shows it) or its name.")
    ],
    school: Annotated[
        str | None, typer.Option("--school", help="The school's code in the roster.")
    ] = None,
    period: Annotated[str | None, typer.Option("--period", help="The period's id.")] = None,
    role: Annotated[
        PlaceRole | None, typer.Option("--role", help="word or scan (normally read from the file).")
    ] = None,
    ignore: Annotated[
        bool, typer.Option("--ignore", help="The file is not a submission: take it off the queue.")
    ] = False,
    campaign: Annotated[
        str | None,
        typer.Option("--campaign", help="The campaign id (needed with several campaigns)."),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who decides (default: your login name).")
    ] = None,
    config: Annotated[
        str | None,
        typer.Option(
            "--config", "-c", help="Config file (default: $WATCHER_CONFIG or config/watcher.toml)."
        ),
    ] = None,
    now: Annotated[
        str | None, typer.Option("--now", hidden=True, help="Pretend it is this local time.")
    ] = None,
) -> None:
    """Settle one held file: place it at a school and period, or --ignore it (not a submission).

    Written to placements.toml beside the config (one entry per decision, with who and when);
    the next poll applies it."""
    from watcher.cli.common import console, errors, open_store, parse_now, settings_or_exit
    from watcher.config.placements import append, entry_text, path_beside, write
    from watcher.review import env_user

    settings = settings_or_exit(config)
    language = settings.language
    if ignore and (school or period or role):
        _fail(t(language, "place.both"))
    if not ignore and not (school and period):
        _fail(t(language, "place.need_target"))
    campaigns = _campaigns(settings, campaign)
    store = open_store(settings)
    try:
        target_campaign, record = _find(settings, store, campaigns, file)
        if not ignore:
            _check_target(settings, target_campaign, school or "", period or "")
        decision = Decision(
            record.id,
            school if not ignore else None,
            period if not ignore else None,
            Role(role.value) if role else None,
            ignore,
            by or env_user(),
            parse_now(now, settings).replace(microsecond=0),
        )
        before = _current(settings, store, target_campaign, record)
        path = path_beside(settings.path)
        text = entry_text(
            decision,
            name=record.name,
            campaign=target_campaign.id if len(settings.campaigns) > 1 else None,
            comment=_comment(decision, target_campaign),
        )
        previous = append(path, text)
        try:
            load(settings.path)
        except ConfigErrors as failure:  # never leave a file that breaks the config
            if previous is None:
                path.unlink()
            else:
                write(path, previous)
            errors.print(t(language, "place.refused"), markup=False)
            for problem in failure.problems:
                errors.print(f"  {problem}", markup=False, highlight=False)
            raise typer.Exit(1) from None
        console.print(
            _done_text(settings, target_campaign, decision, record, path),
            markup=False,
            highlight=False,
        )
        if before is not None and before.placement.placed and not ignore:
            old = (before.placement.school, before.placement.period)
            if old != (decision.school, decision.period):
                shown = target_campaign.school(old[0] or "")
                console.print(
                    t(
                        language,
                        "place.was",
                        school=_school_name(shown) if shown else old[0],
                        period=old[1],
                    ),
                    markup=False,
                    highlight=False,
                )
        if before is not None and not ignore and decision.school:
            _offer_alias(settings, store, target_campaign, before, decision.school, console)
    finally:
        store.close()


def _fail(message: str, code: int = 2) -> None:
    from watcher.cli.common import errors

    errors.print(message, markup=False, highlight=False)
    raise typer.Exit(code)


def _find(
    settings: Settings, store: Store, campaigns: list[Campaign], wanted: str
) -> tuple[Campaign, FileRecord]:
    """The one stored file with this id, else with this name (NFC, any case)."""
    from watcher.text import nfc

    exact = [(c, r) for c in campaigns for r in store.files(c.id) if r.id in (wanted, nfc(wanted))]
    if len(exact) == 1:
        return exact[0]
    folded = nfc(wanted).casefold()
    named = exact or [
        (c, r) for c in campaigns for r in store.files(c.id) if r.name.casefold() == folded
    ]
    if not named:
        _fail(t(settings.language, "place.no_file", file=wanted))
    if len(named) > 1:
        lines = [t(settings.language, "place.several", count=len(named), file=wanted)]
        lines += [f"  [{c.id}] {r.id}" for c, r in named]
        _fail("\n".join(lines))
    return named[0]


def _check_target(settings: Settings, campaign: Campaign, school: str, period: str) -> None:
    language = settings.language
    codes = [s.code for s in campaign.schools]
    if school not in codes:
        close = difflib.get_close_matches(
            school, codes, n=1, cutoff=0.6
        ) or difflib.get_close_matches(school.upper(), codes, n=1, cutoff=0.6)
        hint = t(language, "place.hint", close=close[0]) if close else ""
        _fail(
            t(language, "place.no_school", code=school, roster=campaign.roster_path.name, hint=hint)
        )
    if campaign.period(period) is None:
        periods = ", ".join(p.id for p in campaign.periods)
        _fail(t(language, "place.no_period", campaign=campaign.id, period=period, periods=periods))


def _current(
    settings: Settings, store: Store, campaign: Campaign, record: FileRecord
) -> SourceFile | None:
    from watcher.pipeline import source_files

    items, _ = source_files(settings, store, campaign)
    return next((i for i in items if i.record.id == record.id), None)


def _comment(decision: Decision, campaign: Campaign) -> str:
    when = (
        decision.at.astimezone(campaign.timezone).strftime("%d/%m/%Y %H:%M") if decision.at else ""
    )
    return f"{when} {decision.by}".strip()


def _school_name(school: School) -> str:
    from watcher.matching.names import school_label

    return f"{school_label(school.name, school.level)} [{school.code}]"


def _done_text(
    settings: Settings, campaign: Campaign, decision: Decision, record: FileRecord, path: Path
) -> str:
    language = settings.language
    if decision.ignore:
        first = t(language, "place.ignored", path=path.name, name=record.name)
    else:
        school = campaign.school(decision.school or "")
        period = campaign.period(decision.period or "")
        role = t(language, "place.role", role=decision.role.value) if decision.role else ""
        first = t(
            language,
            "place.placed",
            path=path.name,
            name=record.name,
            school=_school_name(school) if school else decision.school,
            period=(period.label or period.id) if period else decision.period,
            role=role,
        )
    return first + "\n" + t(language, "place.next_poll")


def _offer_alias(
    settings: Settings, store: Store, campaign: Campaign, target: SourceFile, code: str, console
) -> None:  # type: ignore[no-untyped-def]
    """Learning from the decision: the roster line that would have found this file by itself."""
    from watcher.pipeline import source_files
    from watcher.review import alias_for

    items, _ = source_files(settings, store, campaign)
    alias = alias_for(settings, campaign, target, code, items, store)
    school = campaign.school(code)
    if alias is None or school is None:
        return
    line = roster_line_with_alias(campaign.roster_path, school, alias)
    roster = campaign.roster_path.name
    if line is None:
        console.print(
            t(
                settings.language,
                "place.alias_column",
                alias=alias,
                roster=roster,
                line=school.line,
            ),
            markup=False,
            highlight=False,
        )
        return
    console.print(
        t(settings.language, "place.alias", alias=alias, roster=roster, line=school.line),
        markup=False,
        highlight=False,
    )
    console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)


def roster_line_with_alias(path: Path, school: School, alias: str) -> str | None:
    """The school's roster line with `alias` added to its aliases (None: no aliases column)."""
    from watcher.config.roster import _columns, _dialect

    text = path.read_text(encoding="utf-8-sig")
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text), dialect=dialect)
    header = next(reader, None) or []
    columns, _ = _columns(header, "vi")
    index = columns.get("aliases")
    if index is None:
        return None
    for row in reader:
        if reader.line_num == school.line:
            cells = list(row) + [""] * (index + 1 - len(row))
            cells[index] = "; ".join(part for part in (cells[index].strip(), alias) if part)
            out = io.StringIO()
            csv.writer(out, dialect=dialect, lineterminator="").writerow(cells)
            return out.getvalue()
    return None
