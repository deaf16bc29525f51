"""The core commands: version, check, poll, status."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from watcher import __version__, safe
from watcher.cli.common import (
    ConfigOption,
    Format,
    NowOption,
    console,
    errors,
    open_store,
    parse_now,
    settings_or_exit,
    unknown_campaign,
)
from watcher.config import Campaign, Settings
from watcher.i18n import t
from watcher.logs import configure_logging
from watcher.model import FileRecord

if TYPE_CHECKING:
    from datetime import datetime

    from watcher.model import Row


def register(app: typer.Typer) -> None:
    app.callback()(main_callback)
    for command in (version, check, poll, status):
        app.command()(command)


def main_callback(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show every step in the log.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """`watcher --config PATH COMMAND` works as well as `watcher COMMAND --config PATH`."""
    configure_logging(verbose=verbose)
    if config:
        os.environ["WATCHER_CONFIG"] = config  # the default of every command's own --config


def version() -> None:
    """Print the version."""
    console.print(__version__)


def check(
    config: ConfigOption = None,
    connect: Annotated[
        bool, typer.Option("--connect", help="Also reach every source and count its files.")
    ] = False,
) -> None:
    """Check the config and rosters (exit 0 when good, 1 with every problem listed)."""
    settings = settings_or_exit(config)
    schools = sum(len(c.schools) for c in settings.campaigns)
    language = settings.language
    ok = t(language, "cli.check_ok", path=settings.path, campaigns=len(settings.campaigns),
           schools=schools)  # fmt: skip
    console.print(ok, markup=False, highlight=False)
    for warning in settings.warnings:
        errors.print(f"{t(language, 'roster.warning')}: {warning}", markup=False, highlight=False)
    for campaign in settings.campaigns:
        # a warning, not an error: `make demo` and a share not mounted yet create it later
        if campaign.source_type == "folder" and not Path(campaign.source_location).is_dir():
            errors.print(
                t(
                    language,
                    "cli.folder_not_yet",
                    campaign=campaign.id,
                    folder=campaign.source_location,
                ),  # fmt: skip
                markup=False,
                highlight=False,
            )
    if connect:
        _check_connect(settings)


def _check_connect(settings: Settings) -> None:
    from watcher.pipeline import make_source
    from watcher.sources.base import SourceError

    failed = False
    for campaign in settings.campaigns:
        try:
            source = make_source(settings, campaign)
            console.print(f"{campaign.id}: {source.describe()}", markup=False)
            if campaign.placements or campaign.overrides:  # a full listing, only when needed
                _warn_stale_entries(settings, campaign, source.changes(None).files)
        except SourceError as error:
            failed = True
            errors.print(f"{campaign.id}: {error.text(settings.language)}", markup=False)
    if failed:
        raise typer.Exit(1)


def _warn_stale_entries(settings: Settings, campaign: Campaign, files: list[FileRecord]) -> None:
    """A placement or [[override]] that names no file the source has does nothing: say so."""
    from watcher.config.placements import path_beside
    from watcher.i18n import t
    from watcher.matching.matcher import override_key

    ids = {record.id for record in files}
    names = {override_key(record.name) for record in files}
    placements = path_beside(settings.path)
    for decision in campaign.placements:
        if decision.file not in ids:
            where = f"{placements}:{decision.line}" if decision.line else str(placements)
            _warn(
                t(
                    settings.language,
                    "check.placement_unknown",
                    where=where,
                    file=decision.file,
                    campaign=campaign.id,
                )
            )
    for override in campaign.overrides:
        if override.file not in ids and override_key(override.file) not in names:
            where = f"{settings.path} [[override]]"
            _warn(
                t(
                    settings.language,
                    "check.placement_unknown",
                    where=where,
                    file=override.file,
                    campaign=campaign.id,
                )
            )


def _warn(message: str) -> None:
    errors.print(message, markup=False, highlight=False)


def poll(
    config: ConfigOption = None,
    no_send: Annotated[
        bool, typer.Option("--no-send", help="Queue e-mail but send nothing.")
    ] = False,
    now: NowOption = None,
    accept_empty: Annotated[
        bool,
        typer.Option(
            "--accept-empty",
            help="Believe a folder that suddenly lists no files (they really were all deleted).",
        ),
    ] = False,
) -> None:
    """Run one full cycle: read the source, check files, update statuses, queue and send e-mail."""
    from watcher.cycle import run_cycle
    from watcher.progress import BarProgress, LogProgress

    settings = settings_or_exit(config)
    moment = parse_now(now, settings)
    store = open_store(settings)
    bar = BarProgress(errors) if errors.is_terminal else None  # a long cold sync shows a bar
    try:
        report = run_cycle(
            settings,
            store,
            moment,
            send=not no_send,
            accept_empty=accept_empty,
            progress=bar or LogProgress(),
        )
    finally:
        if bar:
            bar.close()
        store.close()
    language = settings.language
    for item in report.polls:
        if item.ok:
            line = t(language, "cli.poll_ok", campaign=item.campaign, changed=item.changed,
                     downloads=item.downloads, transitions=len(item.transitions))  # fmt: skip
            console.print(line, markup=False)
        else:
            line = t(language, "cli.poll_failed", campaign=item.campaign, reason=item.error)
            errors.print(line, markup=False)
    if report.archived:
        console.print(t(language, "cli.archived", count=report.archived), markup=False)
    delivery = report.delivery
    if delivery:
        line = t(language, "cli.mail_summary", queued=report.queued, sent=delivery.sent,
                 retrying=delivery.retrying, failed=delivery.failed)  # fmt: skip
        console.print(line, markup=False)
    if not report.ok:
        raise typer.Exit(2)


def _warn_unverified(
    settings: Settings, campaign: str, rows: list[Row], last: datetime | None
) -> None:
    """Say why some schools are `unverified` rather than missing (issue 13)."""
    from watcher.i18n import t
    from watcher.model import Status
    from watcher.notify.alerts import when

    count = sum(1 for row in rows if row.status is Status.UNVERIFIED)
    if count and last is not None:
        text = t(
            settings.language,
            "status.unverified_note",
            campaign=campaign,
            count=count,
            last=when(settings, last),
        )
        errors.print(text, markup=False, highlight=False)


def status(
    config: ConfigOption = None,
    campaign: Annotated[
        str | None, typer.Option("--campaign", help="Only this campaign id.")
    ] = None,
    period: Annotated[str | None, typer.Option("--period", help="Only this period id.")] = None,
    format: Annotated[
        Format, typer.Option("--format", "-f", help="table, json or csv.")
    ] = Format.table,
    wide: Annotated[
        bool, typer.Option("--wide", help="Also list each row's files, problems and warnings.")
    ] = False,
    now: NowOption = None,
) -> None:
    """Show the status of every school and period, from stored state (no source is read)."""
    from watcher.pipeline import current_rows
    from watcher.review import queue
    from watcher.statusview import campaign_json, local_iso, rows_csv, rows_table

    settings = settings_or_exit(config)
    moment = parse_now(now, settings)
    campaigns = [c for c in settings.campaigns if campaign in (None, c.id)]
    if campaign and not campaigns:
        errors.print(unknown_campaign(settings, campaign), markup=False)
        raise typer.Exit(2)
    if period:
        # a mistyped period id must not look like an empty list of schools
        known = sorted({p.id for c in campaigns for p in c.periods})
        campaigns = [c for c in campaigns if c.period(period)]
        if not campaigns:
            line = t(settings.language, "cli.no_period", value=repr(period), known=", ".join(known))
            errors.print(line, markup=False)
            raise typer.Exit(2)
    store = open_store(settings)
    try:
        results = []
        read_at = {}
        for item in campaigns:
            rows, files = current_rows(settings, store, item, moment)
            rows = [r for r in rows if period in (None, r.period.id)]
            held = queue(settings, item, files, store) if format is Format.json else []
            results.append((item, rows, files, held))
            read_at[item.id] = store.last_success(item.id)
            if read_at[item.id] is None:
                errors.print(t(settings.language, "cli.never_read", campaign=item.id), markup=False)
            _warn_unverified(settings, item.id, rows, read_at[item.id])
    finally:
        store.close()
    unread = frozenset(c for c, at in read_at.items() if at is None)
    if format is Format.json:
        document = {
            "generated_at": moment.isoformat(timespec="seconds"),
            "campaigns": [
                {
                    **campaign_json(c, rows, files, settings.language, held),
                    # null: the folder was never read completely, no status below is known
                    "last_read_at": local_iso(read_at[c.id], c),
                }
                for c, rows, files, held in results
            ],
        }
        sys.stdout.write(safe.dumps(document, indent=2) + "\n")
    elif format is Format.csv:
        pairs = [(c, rows) for c, rows, _, _ in results]
        sys.stdout.write(rows_csv(pairs, settings.language, unread))
    else:
        for item, rows, _, _ in results:
            table = rows_table(item, rows, settings.language, item.timezone, wide=wide,
                               read=item.id not in unread)  # fmt: skip
            console.print(table)
