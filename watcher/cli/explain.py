"""`watcher explain NAME_OR_ID`: why a file was placed where it was, or why not."""

# No `from __future__ import annotations`: Typer reads these annotations at run time.

import unicodedata
from datetime import datetime
from typing import Annotated

import typer

from watcher import safe
from watcher.config import Campaign, Settings
from watcher.model import FileRecord
from watcher.store import Store


def find_records(store: Store, campaign: Campaign, wanted: str) -> list[FileRecord]:
    """Stored files whose id or name is `wanted` (names compared NFC, case-insensitively)."""
    folded = unicodedata.normalize("NFC", wanted).casefold()
    return [
        record
        for record in store.files(campaign.id, present_only=False)
        if wanted == record.id or record.name.casefold() == folded
    ]


def explain_text(settings: Settings, store: Store, campaign: Campaign, record: FileRecord) -> str:
    from watcher.i18n import t
    from watcher.matching import format_explanation, format_together
    from watcher.pipeline import make_matcher, policy_key, source_files, verdict_key

    key = verdict_key(policy_key(settings), record.name, record.mime_type)
    verdict = store.verdict(record.content_hash, key) if record.content_hash else None
    matcher = make_matcher(settings, campaign)
    explanation = matcher.explain(record, verdict.text if verdict else "")
    text = format_explanation(explanation, settings.language)
    if explanation.placement.placed:
        return text
    files, _ = source_files(settings, store, campaign, include_removed=True)
    beside = next((f.placement for f in files if f.record.id == record.id), None)
    if beside is not None and beside.placed:  # a scan that follows the Word file beside it
        text += "\n" + format_together(beside, matcher, settings.language)
    elif beside is not None and beside.basis == "waits" and len(beside.beside) == 2:
        text += "\n" + t(settings.language, "together.waits", word=beside.beside[1]) + "."
    return text


def hypothetical(name: str, when: datetime) -> FileRecord:
    """A file of that name uploaded at `when`: lets admins try a name before anyone uploads it."""
    parts = unicodedata.normalize("NFC", name).split("/")
    return FileRecord(
        name, parts[-1], tuple(parts[:-1]), "application/octet-stream", None, None, when, when
    )


def register(app: typer.Typer) -> None:
    from watcher.cli import (
        ConfigOption,
        NowOption,
        console,
        errors,
        open_store,
        parse_now,
        settings_or_exit,
        unknown_campaign,
    )
    from watcher.i18n import t

    @app.command()
    def explain(
        name_or_id: Annotated[str, typer.Argument(help="A file's name or id, or a name to try.")],
        config: ConfigOption = None,
        campaign: Annotated[
            str | None, typer.Option("--campaign", help="Only this campaign id.")
        ] = None,
        now: NowOption = None,
    ) -> None:
        """Why a file was placed where it was, or why not: candidates, scores and evidence."""
        settings = settings_or_exit(config)
        campaigns = [c for c in settings.campaigns if campaign in (None, c.id)]
        if not campaigns:
            errors.print(unknown_campaign(settings, campaign or ""), markup=False)
            raise typer.Exit(2)
        store = open_store(settings)
        try:
            found = [(c, r) for c in campaigns for r in find_records(store, c, name_or_id)]
            if not found:
                line = t(settings.language, "cli.explain_unknown", value=repr(name_or_id))
                console.print(line, markup=False)
                found = [(c, hypothetical(name_or_id, parse_now(now, settings))) for c in campaigns]
            for item, record in found:
                console.print(f"[{item.id}]", markup=False)
                text = explain_text(settings, store, item, record)
                console.print(safe.terminal(text, multiline=True), markup=False, highlight=False)
        finally:
            store.close()
