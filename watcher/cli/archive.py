"""`watcher archive verify` and `watcher archive rebuild`: check and repair the local archive."""

from __future__ import annotations

from typing import Annotated

import typer

from watcher.cli import ConfigOption, console, errors, open_store, parse_now, settings_or_exit
from watcher.config import Campaign, Settings

archive_app = typer.Typer(
    no_args_is_help=True,
    help="The local archive of every submission (archive_dir): verify it, rebuild it.",
)
CampaignOption = Annotated[str | None, typer.Option("--campaign", help="Only this campaign id.")]


def _say(text: str) -> None:
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _warn(text: str) -> None:
    errors.print(text, markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.add_typer(archive_app, name="archive")


def _campaigns(settings: Settings, campaign: str | None) -> list[Campaign]:
    if settings.archive_dir is None:
        _warn('The archive is turned off (archive_dir = "") in the config.')
        raise typer.Exit(2)
    chosen = [c for c in settings.campaigns if campaign in (None, c.id)]
    if campaign and not chosen:
        _warn(f"no campaign has id {campaign!r}")
        raise typer.Exit(2)
    return chosen


@archive_app.command()
def verify(config: ConfigOption = None, campaign: CampaignOption = None) -> None:
    """Re-hash every archived file against the manifest (exit 1 on any changed or missing file)."""
    from watcher.archive.audit import verify_folder
    from watcher.archive.sync import campaign_folder

    settings = settings_or_exit(config)
    failed = False
    for item in _campaigns(settings, campaign):
        folder = campaign_folder(settings, item)
        assert folder is not None
        report = verify_folder(folder)
        failed |= not report.ok
        if report.error:
            _warn(f"{item.id}: {report.error}")
            continue
        for path in report.mismatched:
            _warn(f"{item.id}: CHANGED (content differs from the manifest): {path}")
        for path in report.missing:
            _warn(f"{item.id}: MISSING: {path}")
        for path in report.untracked:
            _say(f"{item.id}: not in the manifest (left alone): {path}")
        verdict = "OK" if report.ok else "PROBLEMS"
        _say(
            f"{item.id}: {verdict}: {report.checked} file(s) checked, "
            f"{len(report.mismatched)} changed, {len(report.missing)} missing — {folder}"
        )
    if failed:
        raise typer.Exit(1)


@archive_app.command()
def rebuild(config: ConfigOption = None, campaign: CampaignOption = None) -> None:
    """Recreate the archive from stored state and the content cache (damaged copies are kept aside)."""
    from watcher.archive.audit import rebuild_campaign

    settings = settings_or_exit(config)
    chosen = _campaigns(settings, campaign)
    moment = parse_now(None, settings)
    store = open_store(settings)
    failed = False
    try:
        for item in chosen:
            report = rebuild_campaign(settings, store, item, moment)
            failed |= not report.ok
            for path in report.set_aside:
                _say(f"{item.id}: damaged copy kept aside as {path}")
            for path in report.unrecoverable:
                _warn(f"{item.id}: cannot restore {path}: not in the content cache")
            archive = report.archive
            written = archive.written if archive else 0
            _say(f"{item.id}: {len(report.restored)} restored, {written} newly archived")
            if archive and archive.error:
                _warn(f"{item.id}: archiving failed: {archive.error}")
    finally:
        store.close()
    if failed:
        raise typer.Exit(1)
