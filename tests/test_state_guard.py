"""State that can't silently restart: a lost, emptied or unreadable database in a used
state_dir is refused (nothing sent), and `watcher state restore|init --force` proceed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import make_docx, make_scan, run_cli, write_setup

NOW = ("--now", "2023-10-30 10:00")  # Monday: the 1-day reminder stage; a digest is due


def used_setup(tmp_path: Path) -> Path:
    """A setup that has run once: mail went out (a receipt, reminders, the digest)."""
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    make_docx(inbox / "MN Tân Phong báo cáo năm 2023.docx", "MN Tân Phong", when="2023-10-29 09:00")
    make_scan(inbox / "MN Tân Phong báo cáo năm 2023.pdf", when="2023-10-29 09:05")
    first = run_cli("poll", "--config", str(config), *NOW, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    return config


def sent(tmp_path: Path) -> set[str]:
    return {p.name for p in (tmp_path / "var" / "outbox").glob("*.eml")}


def database(tmp_path: Path) -> Path:
    return tmp_path / "var" / "watcher.sqlite3"


def lose(db: Path, how: str) -> None:
    for companion in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        companion.unlink(missing_ok=True)
    if how == "empty":
        db.write_bytes(b"")
    elif how == "missing":
        db.unlink()
    else:
        db.write_bytes(b"this is not a database, a restore went wrong\n" * 100)


@pytest.mark.parametrize("how", ["empty", "missing", "unreadable"])
def test_a_lost_database_in_a_used_state_dir_is_refused_and_nothing_is_sent(
    tmp_path: Path, how: str
) -> None:
    config = used_setup(tmp_path)
    before = sent(tmp_path)
    assert len(before) >= 3
    lose(database(tmp_path), how)
    result = run_cli("poll", "--config", str(config), *NOW, cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "watcher state restore" in result.stderr and "watcher state init --force" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert sent(tmp_path) == before  # nothing went out again
    daemon = run_cli("run", "--config", str(config), cwd=tmp_path, timeout=60)
    assert daemon.returncode == 1 and "watcher state restore" in daemon.stderr
    assert sent(tmp_path) == before


def test_a_fresh_schema_in_a_used_state_dir_is_refused(tmp_path: Path) -> None:
    import sqlite3

    config = used_setup(tmp_path)
    db = database(tmp_path)
    lose(db, "missing")
    sqlite3.connect(db).execute(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)"
    ).connection.close()
    result = run_cli("status", "--config", str(config), *NOW, cwd=tmp_path)
    assert result.returncode == 1 and "watcher state init --force" in result.stderr


def test_state_init_force_starts_over_without_resending_past_school_mail(tmp_path: Path) -> None:
    config = used_setup(tmp_path)
    lose(database(tmp_path), "empty")
    without_force = run_cli("state", "init", "--config", str(config), cwd=tmp_path)
    assert without_force.returncode == 2
    init = run_cli("state", "init", "--force", "--config", str(config), *NOW, cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert list(database(tmp_path).parent.glob("watcher.sqlite3.replaced-*"))
    before = sent(tmp_path)
    again = run_cli("poll", "--config", str(config), "--now", "2023-10-30 10:05", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    new = sent(tmp_path) - before
    # the receipt (completed 29 Oct) and the 1-day reminders (stage began 30 Oct 00:00) were
    # about events before the restart: not sent again; the staff digest is not school mail
    keys = {_key(tmp_path / "var" / "outbox" / name) for name in new}
    assert not [k for k in keys if k.split(":")[0] in ("receipt", "reminder")], keys
    later = run_cli("poll", "--config", str(config), "--now", "2023-11-04 10:00", cwd=tmp_path)
    assert later.returncode == 0
    overdue = {_key(tmp_path / "var" / "outbox" / n) for n in sent(tmp_path) - before - new}
    assert any(k.startswith("reminder:") and k.endswith(":after-1") for k in overdue), overdue


def test_state_restore_accepts_a_backup(tmp_path: Path) -> None:
    config = used_setup(tmp_path)
    db = database(tmp_path)
    backup = tmp_path / "backup.sqlite3"
    import sqlite3

    with sqlite3.connect(db) as source, sqlite3.connect(backup) as target:
        source.backup(target)
    lose(db, "unreadable")
    assert run_cli("poll", "--config", str(config), *NOW, cwd=tmp_path).returncode == 1
    empty_restore = run_cli("state", "restore", "--config", str(config), cwd=tmp_path)
    assert empty_restore.returncode == 1
    backup.replace(db)
    before = sent(tmp_path)
    restored = run_cli("state", "restore", "--config", str(config), *NOW, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    again = run_cli("poll", "--config", str(config), "--now", "2023-10-30 10:05", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert sent(tmp_path) == before


def _key(path: Path) -> str:
    import email

    return str(email.message_from_bytes(path.read_bytes())["X-Watcher-Key"])


def test_an_outbox_alone_shows_the_state_dir_was_used(tmp_path: Path) -> None:
    """An install from before the id file, with no downloads kept: its sent mail is enough."""
    import shutil

    config = used_setup(tmp_path)
    (tmp_path / "var" / "watcher.state-id").unlink()
    shutil.rmtree(tmp_path / "var" / "content")
    lose(database(tmp_path), "empty")
    result = run_cli("poll", "--config", str(config), *NOW, cwd=tmp_path)
    assert result.returncode == 1 and "outbox/" in result.stderr
