"""`watcher archive verify` and `watcher archive rebuild`: check and repair the local archive."""

from __future__ import annotations

from typing import Annotated

import structlog
import typer

from watcher.cli import ConfigOption, console, errors, open_store, parse_now, settings_or_exit
from watcher.config import Campaign, Settings
from watcher.i18n import t

log = structlog.get_logger("watcher.cli")

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
    from watcher.cli import unknown_campaign

    if settings.archive_dir is None:
        _warn(t(settings.language, "archive.off"))
        raise typer.Exit(2)
    chosen = [c for c in settings.campaigns if campaign in (None, c.id)]
    if campaign and not chosen:
        _warn(unknown_campaign(settings, campaign))
        raise typer.Exit(2)
    return chosen


@archive_app.command()
def verify(config: ConfigOption = None, campaign: CampaignOption = None) -> None:
    """Re-hash every archived file against the manifest (exit 1 on any changed or missing file)."""
    from watcher.archive.audit import verify_folder
    from watcher.archive.sync import campaign_folder

    settings = settings_or_exit(config)
    language = settings.language
    failed = False
    for item in _campaigns(settings, campaign):
        folder = campaign_folder(settings, item)
        assert folder is not None
        report = verify_folder(folder)
        failed |= not report.ok
        if report.error:
            log.warning("archive.verify_failed", campaign=item.id, error=report.error)
            _warn(t(language, "archive.unreadable", campaign=item.id, path=folder))
            continue
        for path in report.mismatched:
            _warn(t(language, "archive.changed", campaign=item.id, path=path))
        for path in report.missing:
            _warn(t(language, "archive.missing", campaign=item.id, path=path))
        for path in report.untracked:
            _say(t(language, "archive.untracked", campaign=item.id, path=path))
        verdict = t(language, "archive.ok" if report.ok else "archive.problems")
        _say(t(language, "archive.verified", campaign=item.id, verdict=verdict,
               checked=report.checked, changed=len(report.mismatched),
               missing=len(report.missing), folder=folder))  # fmt: skip
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
            language = settings.language
            for path in report.set_aside:
                _say(t(language, "archive.set_aside", campaign=item.id, path=path))
            for path in report.unrecoverable:
                _warn(t(language, "archive.unrecoverable", campaign=item.id, path=path))
            archive = report.archive
            written = archive.written if archive else 0
            _say(t(language, "archive.rebuilt", campaign=item.id,
                   restored=len(report.restored), written=written))  # fmt: skip
            if archive and archive.error:
                log.warning("archive.rebuild_failed", campaign=item.id, error=archive.error)
                _warn(t(language, "archive.failed", campaign=item.id))
    finally:
        store.close()
    if failed:
        raise typer.Exit(1)
