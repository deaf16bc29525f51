"""`watcher state restore` and `watcher state init --force`: what to do when the state
database was lost or replaced (see watcher/stateguard.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from watcher.cli import ConfigOption, console, errors, parse_now, settings_or_exit
from watcher.config import Settings
from watcher.i18n import t
from watcher.store import Store, iso

state_app = typer.Typer(
    no_args_is_help=True,
    help="The state database: accept a restored one, or start over after losing it.",
)
BacklogOption = Annotated[
    bool,
    typer.Option(
        "--send-backlog",
        help="Also send school e-mail about what happened before now (normally not sent).",
    ),
]
NowOption = Annotated[str | None, typer.Option("--now", hidden=True)]


def register(app: typer.Typer) -> None:
    app.add_typer(state_app, name="state")


def _say(text: str) -> None:
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _fail(text: str, code: int = 1) -> None:
    errors.print(text, markup=False, highlight=False)
    raise typer.Exit(code)


def _cutoff(settings: Settings, store: Store, moment: datetime, send_backlog: bool) -> None:
    """From now on, school mail about events before `moment` is not sent (unless asked)."""
    from watcher.notify.alerts import when

    with store.transaction():
        if send_backlog:
            store.db.execute("DELETE FROM meta WHERE key = 'mail_from'")
        else:
            store.set_meta("mail_from", iso(moment) or "")
    language = settings.language
    key = "state.backlog" if send_backlog else "state.no_backlog"
    _say(t(language, key, moment=when(settings, moment)))


@state_app.command()
def restore(
    config: ConfigOption = None, send_backlog: BacklogOption = False, now: NowOption = None
) -> None:
    """Use the database that is in state_dir now (e.g. restored from a backup)."""
    import sqlite3

    from watcher.notify.alerts import when
    from watcher.stateguard import StateRefused, recorded_id

    settings = settings_or_exit(config)
    moment = parse_now(now, settings)
    database = settings.state_dir / "watcher.sqlite3"
    language = settings.language
    if not database.exists() or database.stat().st_size == 0:
        _fail(t(language, "state.restore_empty", database=database))
    try:
        store = Store.open(settings.state_dir, guard=False)
    except (sqlite3.DatabaseError, StateRefused):
        _fail(t(language, "state.refused.unreadable", database=database))
    try:
        state_id, history = recorded_id(store.db)
        if not history:
            _fail(t(language, "state.restore_empty", database=database))
        store.adopt(state_id, moment)
        _cutoff(settings, store, moment, send_backlog)
        mail = sum(store.mail_counts().values())
        last = when(settings, store.last_success())
    finally:
        store.close()
    _say(t(language, "state.restored", database=database, mail=mail, last_poll=last))


@state_app.command()
def init(
    config: ConfigOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Put the current database aside and start over.")
    ] = False,
    send_backlog: BacklogOption = False,
    now: NowOption = None,
) -> None:
    """Start over with a new, empty database (the old one is kept beside it)."""
    settings = settings_or_exit(config)
    language = settings.language
    if not force:
        _fail(t(language, "state.init_needs_force"), 2)
    moment = parse_now(now, settings)
    database = settings.state_dir / "watcher.sqlite3"
    aside = _put_aside(database, moment)
    store = Store.open(settings.state_dir, guard=False)
    try:
        store.adopt(None, moment)
        _cutoff(settings, store, moment, send_backlog)
    finally:
        store.close()
    _say(t(language, "state.initialised", database=database))
    if aside is not None:
        _say(t(language, "state.kept_aside", path=aside))


def _put_aside(database: Path, moment: datetime) -> Path | None:
    if not database.exists():
        return None
    stamp = moment.strftime("%Y%m%dT%H%M%S")
    target = database.with_name(f"{database.name}.replaced-{stamp}")
    database.replace(target)
    for suffix in ("-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            companion.replace(target.with_name(target.name + suffix))
    return target
