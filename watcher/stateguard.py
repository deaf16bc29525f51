"""State that can't silently restart: a lost, emptied or unreadable database is refused.

`watcher.sqlite3` holds what was sent. Taken for a fresh start after a restore gone wrong, it
would send every e-mail again. So each database gets an id, written beside it in
`watcher.state-id`; a state_dir that shows it was used (that file, downloaded content) but
whose database is missing, empty, unreadable or another one is refused until an admin says
what happened: `watcher state restore` (this database is the right one, e.g. a backup) or
`watcher state init --force` (start over; the old file is kept aside). Either way school mail
about what happened before that moment stays unsent unless `--send-backlog` asks for it.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

MARKER = "watcher.state-id"


class StateRefused(Exception):
    """reason: missing | empty | unreadable | foreign."""

    def __init__(self, reason: str, database: Path, signs: list[str]) -> None:
        super().__init__(f"{database}: {reason} ({', '.join(signs)})")
        self.reason = reason
        self.database = database
        self.signs = signs


def signs_of_use(state_dir: Path) -> list[str]:
    """What shows this state_dir was used before (empty: a genuinely new one)."""
    signs = []
    if (state_dir / MARKER).exists():
        signs.append(MARKER)
    for folder, pattern in (("content", "*"), ("outbox", "*.eml"), ("archive", "*")):
        path = state_dir / folder  # the defaults of the download cache, outbox and archive
        if path.is_dir() and any(part.is_file() for part in path.rglob(pattern)):
            signs.append(f"{folder}/")
    return signs


def marker_id(state_dir: Path) -> str | None:
    try:
        return (state_dir / MARKER).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def write_marker(state_dir: Path, state_id: str) -> None:
    path = state_dir / MARKER
    temporary = path.with_suffix(".part")
    temporary.write_text(state_id + "\n", encoding="ascii")
    temporary.replace(path)


def check_file(database: Path) -> None:
    """Before opening: a used state_dir must still have a non-empty database file."""
    signs = signs_of_use(database.parent)
    if not signs:
        return
    if not database.exists():
        raise StateRefused("missing", database, signs)
    if database.stat().st_size == 0:
        raise StateRefused("empty", database, signs)


def recorded_id(db: sqlite3.Connection) -> tuple[str | None, bool]:
    """(the database's state id, whether it holds any history), read without writing."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    state_id = None
    if "meta" in tables:
        row = db.execute("SELECT value FROM meta WHERE key = 'state_id'").fetchone()
        state_id = row[0] if row else None
    history = any(
        table in tables and db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None  # noqa: S608
        for table in ("polls", "outbox")
    )
    return state_id, history


def check_identity(db: sqlite3.Connection, database: Path) -> str | None:
    """After opening, before any write: the id to keep using (None: assign a new one)."""
    state_dir = database.parent
    signs = signs_of_use(state_dir)
    state_id, history = recorded_id(db)
    if state_id is None:
        if signs and not history:
            raise StateRefused("empty", database, signs)
        return None
    marker = marker_id(state_dir)
    if marker is not None and marker != state_id:
        raise StateRefused("foreign", database, signs)
    return state_id


def new_id() -> str:
    return uuid.uuid4().hex
