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


def register(app: typer.Typer) -> None:
    app.add_typer(archive_app, name="archive")


def _campaigns(settings: Settings, campaign: str | None) -> list[Campaign]:
    if settings.archive_dir is None:
        errors.print('The archive is turned off (archive_dir = "") in the config.', markup=False)
        raise typer.Exit(2)
    chosen = [c for c in settings.campaigns if campaign in (None, c.id)]
    if campaign and not chosen:
        errors.print(f"no campaign has id {campaign!r}", markup=False)
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
            errors.print(f"{item.id}: {report.error}", markup=False)
            continue
        for path in report.mismatched:
            errors.print(
                f"{item.id}: CHANGED (content differs from the manifest): {path}", markup=False
            )
        for path in report.missing:
            errors.print(f"{item.id}: MISSING: {path}", markup=False)
        for path in report.untracked:
            console.print(f"{item.id}: not in the manifest (left alone): {path}", markup=False)
        verdict = "OK" if report.ok else "PROBLEMS"
        console.print(
            f"{item.id}: {verdict}: {report.checked} file(s) checked, "
            f"{len(report.mismatched)} changed, {len(report.missing)} missing — {folder}",
            markup=False,
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
                console.print(f"{item.id}: damaged copy kept aside as {path}", markup=False)
            for path in report.unrecoverable:
                errors.print(
                    f"{item.id}: cannot restore {path}: not in the content cache", markup=False
                )
            archive = report.archive
            written = archive.written if archive else 0
            console.print(
                f"{item.id}: {len(report.restored)} restored, {written} newly archived",
                markup=False,
            )
            if archive and archive.error:
                errors.print(f"{item.id}: archiving failed: {archive.error}", markup=False)
    finally:
        store.close()
    if failed:
        raise typer.Exit(1)
