"""`watcher receive`: staff record a copy that arrived on paper (or undo that record)."""

# No `from __future__ import annotations`: Typer reads these annotations at run time.

import getpass
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    from watcher.cli import (
        ConfigOption,
        NowOption,
        console,
        errors,
        open_store,
        parse_now,
        settings_or_exit,
    )

    @app.command()
    def receive(
        campaign: Annotated[str, typer.Option("--campaign", help="Campaign id.")],
        school: Annotated[str, typer.Option("--school", help="School code from the roster.")],
        period: Annotated[str, typer.Option("--period", help="Period id.")],
        role: Annotated[str, typer.Option("--role", help="What arrived: paper.")] = "paper",
        at: Annotated[
            str | None,
            typer.Option("--at", help='When it arrived, e.g. "2022-09-08 10:30" (default: now).'),
        ] = None,
        note: Annotated[str, typer.Option("--note", help="A note, e.g. who brought it.")] = "",
        by: Annotated[
            str | None, typer.Option("--by", help="Who records it (default: your login name).")
        ] = None,
        undo: Annotated[
            bool, typer.Option("--undo", help="Remove the paper copy recorded for this school.")
        ] = False,
        config: ConfigOption = None,
        now: NowOption = None,
    ) -> None:
        """Record a report received on paper, counted like an upload (role `paper`)."""
        from watcher import paper
        from watcher.archive import archive_campaign
        from watcher.i18n import t
        from watcher.matching.names import school_label
        from watcher.pipeline import evaluate

        settings = settings_or_exit(config)
        language = settings.language
        found = settings.campaign(campaign)
        if found is None:
            known = ", ".join(c.id for c in settings.campaigns)
            errors.print(t(language, "receive.no_campaign", id=campaign, known=known), markup=False)
            raise typer.Exit(2)
        member = found.school(school)
        term = found.period(period)
        if member is None or term is None or role != "paper":
            key = "receive.no_school" if member is None else "receive.no_period"
            if member is not None and term is not None:
                key = "receive.role"
            known = ", ".join(p.id for p in found.periods)
            errors.print(
                t(language, key, id=school if member is None else period, known=known, role=role),
                markup=False,
            )
            raise typer.Exit(2)
        moment = parse_now(now, settings)
        received = parse_now(at, settings) if at else moment
        who = by or _login()
        name = school_label(member.name, member.level)
        store = open_store(settings)
        try:
            if undo:
                if not paper.undo(store, found.id, member.code, term.id, who, moment):
                    errors.print(
                        t(language, "paper.none", school=name, period=term.label), markup=False
                    )
                    raise typer.Exit(1)
                console.print(
                    t(language, "paper.undone", school=name, period=term.label), markup=False
                )
            else:
                copy = paper.PaperCopy(found.id, member.code, term.id, received, note, who, moment)
                paper.record(store, copy)
                local = received.astimezone(found.timezone)
                when = f"{local:%H:%M %d/%m/%Y}"
                console.print(
                    t(language, "paper.recorded", school=name, period=term.label, date=when),
                    markup=False,
                )
            with store.transaction():  # the status change is recorded now, for the digest
                evaluate(settings, store, found, moment)
            archive_campaign(settings, store, found, moment)  # the manifest lists paper copies
        finally:
            store.close()


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "?"
