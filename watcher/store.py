"""SQLite state: files and their versions, verdicts, statuses, transitions, the outbox, polls.

One database file in `state_dir`, WAL mode, schema migrations recorded in `migrations`.
State changes that must happen once are claimed with conditional UPDATEs.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from watcher import stateguard
from watcher.model import FileRecord, Finding, Role, Severity, Status, Transition, Verdict

MIGRATIONS: list[str] = [
    """
    CREATE TABLE files (
        campaign TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, folders TEXT NOT NULL,
        mime_type TEXT NOT NULL, size INTEGER, content_hash TEXT, created_at TEXT,
        modified_at TEXT, owner_email TEXT, url TEXT, extra TEXT NOT NULL DEFAULT '{}',
        present INTEGER NOT NULL DEFAULT 1, first_seen TEXT NOT NULL, removed_at TEXT,
        PRIMARY KEY (campaign, id)
    );
    CREATE TABLE versions (
        campaign TEXT NOT NULL, file_id TEXT NOT NULL, content_hash TEXT NOT NULL,
        uploaded_at TEXT, seen_at TEXT NOT NULL, name TEXT NOT NULL,
        PRIMARY KEY (campaign, file_id, content_hash)
    );
    CREATE TABLE verdicts (
        content_hash TEXT NOT NULL, policy TEXT NOT NULL, verdict TEXT NOT NULL,
        checked_at TEXT NOT NULL, PRIMARY KEY (content_hash, policy)
    );
    CREATE TABLE cursors (campaign TEXT PRIMARY KEY, cursor TEXT, updated_at TEXT NOT NULL);
    CREATE TABLE statuses (
        campaign TEXT NOT NULL, school TEXT NOT NULL, period TEXT NOT NULL,
        status TEXT NOT NULL, since TEXT NOT NULL, completed_at TEXT,
        PRIMARY KEY (campaign, school, period)
    );
    CREATE TABLE transitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT, campaign TEXT NOT NULL, school TEXT NOT NULL,
        period TEXT NOT NULL, before TEXT, after TEXT NOT NULL, at TEXT NOT NULL,
        cause TEXT NOT NULL
    );
    CREATE TABLE placements (
        campaign TEXT NOT NULL, file_id TEXT NOT NULL, school TEXT, period TEXT, role TEXT,
        reason TEXT NOT NULL DEFAULT '', PRIMARY KEY (campaign, file_id)
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
        campaign TEXT, recipients TEXT NOT NULL, subject TEXT NOT NULL, message BLOB NOT NULL,
        message_id TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL
        DEFAULT 0, not_before TEXT NOT NULL, last_error TEXT, created_at TEXT NOT NULL,
        sent_at TEXT
    );
    CREATE INDEX outbox_state ON outbox (state, not_before);
    CREATE TABLE polls (
        id INTEGER PRIMARY KEY AUTOINCREMENT, campaign TEXT NOT NULL, started_at TEXT NOT NULL,
        finished_at TEXT, ok INTEGER, error TEXT, requests INTEGER NOT NULL DEFAULT 0,
        changed INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # issue 9: the submission archive, one row per archived copy of one version of one file
    """
    CREATE TABLE archive_copies (
        campaign TEXT NOT NULL, file_id TEXT NOT NULL, content_hash TEXT NOT NULL,
        path TEXT NOT NULL, sha256 TEXT NOT NULL, archived_at TEXT NOT NULL,
        withdrawn_at TEXT, moved_from TEXT, moved_at TEXT,
        PRIMARY KEY (campaign, file_id, content_hash)
    );
    """,
    # when a deliverer first took a message: from then on its bytes never change
    """
    ALTER TABLE outbox ADD COLUMN claimed_at TEXT;
    """,
    # issue 18: each file's evaluation kept (watcher.evaluation), found by its row
    """
    CREATE TABLE evaluations (
        campaign TEXT NOT NULL, file_id TEXT NOT NULL, school TEXT, period TEXT,
        item TEXT NOT NULL, PRIMARY KEY (campaign, file_id)
    );
    CREATE INDEX evaluations_row ON evaluations (campaign, school, period);
    """,
    # issue 13: per-recipient results: who has it, who refused it for good (address -> the
    # server's answer), since when a temporary refusal lasts, when an address was given up
    """
    ALTER TABLE outbox ADD COLUMN delivered TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE outbox ADD COLUMN refused TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE outbox ADD COLUMN deferred_since TEXT;
    ALTER TABLE outbox ADD COLUMN failed_at TEXT;
    UPDATE outbox SET failed_at = not_before WHERE state = 'failed';
    """,
    # issue 18: a poll with k changes reads the files beside them (one folder) and the
    # archived names of the folders it writes into, not the campaign's
    """
    CREATE INDEX files_folders ON files (campaign, folders);
    CREATE INDEX archive_copies_path ON archive_copies (campaign, path);
    CREATE TABLE manifest_lines (
        campaign TEXT NOT NULL, file_id TEXT NOT NULL, content_hash TEXT NOT NULL,
        unplaced INTEGER NOT NULL, period TEXT NOT NULL, school TEXT NOT NULL,
        path TEXT NOT NULL, uploaded_at TEXT, seen_at TEXT, line TEXT NOT NULL,
        PRIMARY KEY (campaign, file_id, content_hash)
    );
    """,
]


def iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Store:
    def __init__(self, path: Path, *, guard: bool = True) -> None:
        """Open (or create) the database. With `guard`, a used state_dir whose database is
        missing, empty, unreadable or another one raises `StateRefused` (see stateguard)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if guard:
            stateguard.check_file(path)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            state_id = stateguard.check_identity(self.db, path) if guard else None
        except sqlite3.DatabaseError as error:
            self.db.close()
            signs = stateguard.signs_of_use(path.parent) or [str(error)]
            raise stateguard.StateRefused("unreadable", path, signs) from error
        except stateguard.StateRefused:
            self.db.close()
            raise
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()
        if guard:
            self.adopt(state_id)

    @classmethod
    def open(cls, state_dir: Path, *, guard: bool = True) -> Store:
        return cls(state_dir / "watcher.sqlite3", guard=guard)

    def adopt(self, state_id: str | None, now: datetime | None = None) -> str:
        """Give this database an id (a new one, or the one it has) and write it beside it."""
        if state_id is None:
            state_id = self.get_meta("state_id") or stateguard.new_id()
            with self.transaction():
                self.set_meta("state_id", state_id)
                if self.get_meta("created_at") is None:
                    self.set_meta("created_at", iso(now or datetime.now(UTC)) or "")
        if stateguard.marker_id(self.path.parent) != state_id:
            stateguard.write_marker(self.path.parent, state_id)
        return state_id

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in self.db.execute("SELECT version FROM migrations")}
        for version, script in enumerate(MIGRATIONS, start=1):
            if version in done:
                continue
            with self.transaction():
                for statement in script.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(
                    "INSERT INTO migrations VALUES (?, ?)", (version, iso(datetime.now(UTC)))
                )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- cursors and files -------------------------------------------------------------

    def cursor(self, campaign: str) -> str | None:
        row = self.db.execute(
            "SELECT cursor FROM cursors WHERE campaign = ?", (campaign,)
        ).fetchone()
        return row[0] if row else None

    def set_cursor(self, campaign: str, cursor: str | None, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO cursors VALUES (?, ?, ?) ON CONFLICT(campaign) DO UPDATE SET "
            "cursor = excluded.cursor, updated_at = excluded.updated_at",
            (campaign, cursor, iso(now)),
        )

    def present_ids(self, campaign: str) -> set[str]:
        rows = self.db.execute(
            "SELECT id FROM files WHERE campaign = ? AND present = 1", (campaign,)
        )
        return {row[0] for row in rows}

    def upsert_file(self, campaign: str, record: FileRecord, now: datetime) -> bool:
        """Store the record; True when its content is new (a version not seen before)."""
        return self.store_file(campaign, record, now)[0]

    def store_file(self, campaign: str, record: FileRecord, now: datetime) -> tuple[bool, bool]:
        """Store the record: (its content is new, anything about it changed)."""
        cursor = self.db.execute(
            """INSERT INTO files (campaign, id, name, folders, mime_type, size, content_hash,
                   created_at, modified_at, owner_email, url, extra, present, first_seen)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?)
               ON CONFLICT(campaign, id) DO UPDATE SET name=excluded.name,
                   folders=excluded.folders, mime_type=excluded.mime_type, size=excluded.size,
                   content_hash=excluded.content_hash, created_at=excluded.created_at,
                   modified_at=excluded.modified_at, owner_email=excluded.owner_email,
                   url=excluded.url, extra=excluded.extra, present=1, removed_at=NULL
               WHERE name IS NOT excluded.name OR folders IS NOT excluded.folders
                   OR mime_type IS NOT excluded.mime_type OR size IS NOT excluded.size
                   OR content_hash IS NOT excluded.content_hash
                   OR created_at IS NOT excluded.created_at
                   OR modified_at IS NOT excluded.modified_at
                   OR owner_email IS NOT excluded.owner_email OR url IS NOT excluded.url
                   OR extra IS NOT excluded.extra OR present = 0""",
            (
                campaign,
                record.id,
                record.name,
                json.dumps(list(record.folders), ensure_ascii=False),
                record.mime_type,
                record.size,
                record.content_hash,
                iso(record.created_at),
                iso(record.modified_at),
                record.owner_email,
                record.url,
                json.dumps(record.extra, ensure_ascii=False),
                iso(now),
            ),
        )
        touched = cursor.rowcount == 1
        if not record.content_hash:
            return False, touched
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO versions VALUES (?,?,?,?,?,?)",
            (
                campaign,
                record.id,
                record.content_hash,
                iso(record.uploaded_at),
                iso(now),
                record.name,
            ),
        )
        return cursor.rowcount == 1, touched

    def mark_removed(self, campaign: str, file_ids: list[str], now: datetime) -> int:
        changed = 0
        for file_id in file_ids:
            cursor = self.db.execute(
                "UPDATE files SET present = 0, removed_at = ? WHERE campaign = ? AND id = ? AND present = 1",
                (iso(now), campaign, file_id),
            )
            changed += cursor.rowcount
        return changed

    def files(
        self, campaign: str, *, present_only: bool = True, ids: set[str] | None = None
    ) -> list[FileRecord]:
        """The campaign's files by name (or only those with `ids`, present or not)."""
        if ids is not None:
            rows = [
                row
                for file_id in sorted(ids)
                for row in self.db.execute(
                    "SELECT * FROM files WHERE campaign = ? AND id = ?", (campaign, file_id)
                )
            ]
            return sorted((_record(row) for row in rows), key=lambda r: (r.name, r.id))
        query = "SELECT * FROM files WHERE campaign = ?" + (
            " AND present = 1" if present_only else ""
        )
        return [_record(row) for row in self.db.execute(query + " ORDER BY name, id", (campaign,))]

    def present_in_folders(self, campaign: str, folders: set[tuple[str, ...]]) -> list[FileRecord]:
        """The present files of these folders (each a parent chain, as a record has it), by
        name: on the folders' own index, whatever the campaign's size."""
        rows = [
            row
            for chain in sorted(folders)
            for row in self.db.execute(
                "SELECT * FROM files WHERE campaign = ? AND folders = ? AND present = 1",
                (campaign, json.dumps(list(chain), ensure_ascii=False)),
            )
        ]
        return sorted((_record(row) for row in rows), key=lambda r: (r.name, r.id))

    def versions(
        self, campaign: str, ids: set[str] | None = None
    ) -> dict[str, list[tuple[str, datetime | None, str]]]:
        """file id -> [(content hash, uploaded at, name at upload)], oldest first."""
        result: dict[str, list[tuple[str, datetime | None, str]]] = {}
        query = (
            "SELECT file_id, content_hash, uploaded_at, name FROM versions WHERE campaign = ? "
            "{} ORDER BY uploaded_at, seen_at"
        )
        if ids is None:
            batches = [self.db.execute(query.format(""), (campaign,))]
        else:
            batches = [
                self.db.execute(query.format("AND file_id = ?"), (campaign, file_id))
                for file_id in sorted(ids)
            ]
        for rows in batches:
            for row in rows:
                result.setdefault(row[0], []).append((row[1], parse_time(row[2]), row[3]))
        return result

    # --- verdicts ------------------------------------------------------------------------

    def verdict(self, content_hash: str, policy: str) -> Verdict | None:
        row = self.db.execute(
            "SELECT verdict FROM verdicts WHERE content_hash = ? AND policy = ?",
            (content_hash, policy),
        ).fetchone()
        return verdict_from_json(row[0]) if row else None

    def save_verdict(self, content_hash: str, policy: str, verdict: Verdict, now: datetime) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?)",
            (content_hash, policy, verdict_to_json(verdict), iso(now)),
        )

    # --- statuses and transitions --------------------------------------------------------

    def statuses(
        self, campaign: str, keys: set[tuple[str, str]] | None = None
    ) -> dict[tuple[str, str], Status]:
        """Stored statuses: every row's, or only those of (school, period) `keys`."""
        if keys is not None:
            found: dict[tuple[str, str], Status] = {}
            for school, period in keys:
                row = self.db.execute(
                    "SELECT status FROM statuses WHERE campaign = ? AND school = ? AND period = ?",
                    (campaign, school, period),
                ).fetchone()
                if row:
                    found[school, period] = Status(row[0])
            return found
        rows = self.db.execute(
            "SELECT school, period, status FROM statuses WHERE campaign = ?", (campaign,)
        )
        return {(row[0], row[1]): Status(row[2]) for row in rows}

    def rows_with(self, campaign: str, status: Status) -> set[tuple[str, str]]:
        """The (school, period) of every row whose stored status is `status`."""
        rows = self.db.execute(
            "SELECT school, period FROM statuses WHERE campaign = ? AND status = ?",
            (campaign, status.value),
        )
        return {(row[0], row[1]) for row in rows}

    def record_transition(self, transition: Transition, completed_at: datetime | None) -> None:
        self.db.execute(
            "INSERT INTO statuses VALUES (?,?,?,?,?,?) ON CONFLICT(campaign, school, period) "
            "DO UPDATE SET status = excluded.status, since = excluded.since, "
            "completed_at = excluded.completed_at",
            (
                transition.campaign,
                transition.school,
                transition.period,
                transition.after.value,
                iso(transition.at),
                iso(completed_at),
            ),
        )
        self.db.execute(
            "INSERT INTO transitions (campaign, school, period, before, after, at, cause) "
            "VALUES (?,?,?,?,?,?,?)",
            (
                transition.campaign,
                transition.school,
                transition.period,
                transition.before.value if transition.before else None,
                transition.after.value,
                iso(transition.at),
                transition.cause,
            ),
        )

    def transitions(
        self, campaign: str | None = None, since_id: int = 0
    ) -> list[tuple[int, Transition]]:
        query = "SELECT * FROM transitions WHERE id > ?"
        args: list[Any] = [since_id]
        if campaign:
            query += " AND campaign = ?"
            args.append(campaign)
        rows = self.db.execute(query + " ORDER BY id", args)
        return [(row["id"], _transition(row)) for row in rows]

    def last_transition_id(self) -> int:
        row = self.db.execute("SELECT MAX(id) FROM transitions").fetchone()
        return int(row[0] or 0)

    def evaluations(self, campaign: str, keys: set[tuple[str, str]] | None = None) -> list[str]:
        """Stored evaluations (JSON): every file's, or those placed at (school, period) `keys`."""
        if keys is None:
            return list(self.each_evaluation(campaign))
        found: list[str] = []
        for school, period in sorted(keys):
            # sorted here, not by ORDER BY: SQLite would then walk the whole campaign in
            # file_id order for every row instead of using the (school, period) index
            rows = self.db.execute(
                "SELECT file_id, item FROM evaluations"
                " WHERE campaign = ? AND school = ? AND period = ?",
                (campaign, school, period),
            ).fetchall()
            found += [row[1] for row in sorted(rows, key=lambda row: row[0])]
        return found

    def each_evaluation(self, campaign: str) -> Iterator[str]:
        """Every file's stored evaluation (JSON), by file id, read as it is used: a province's
        are never all held as text at once (~1 KB each)."""
        every = self.db.execute(
            "SELECT item FROM evaluations WHERE campaign = ? ORDER BY file_id", (campaign,)
        )
        for row in every:
            yield row[0]

    def evaluations_of(self, campaign: str, file_ids: set[str]) -> dict[str, str]:
        """The stored evaluations (JSON) of these files, by file id (none for a new file)."""
        found: dict[str, str] = {}
        for file_id in sorted(file_ids):
            row = self.db.execute(
                "SELECT item FROM evaluations WHERE campaign = ? AND file_id = ?",
                (campaign, file_id),
            ).fetchone()
            if row:
                found[file_id] = row[0]
        return found

    def evaluations_at_schools(self, campaign: str, schools: set[str]) -> list[str]:
        """Stored evaluations (JSON) of the files placed at these schools, any period."""
        found: list[str] = []
        for school in sorted(schools):
            rows = self.db.execute(  # sorted here: see `evaluations`
                "SELECT file_id, item FROM evaluations WHERE campaign = ? AND school = ?",
                (campaign, school),
            ).fetchall()
            found += [row[1] for row in sorted(rows, key=lambda row: row[0])]
        return found

    def evaluated_rows(self, campaign: str, file_ids: set[str]) -> set[tuple[str, str]]:
        """The (school, period) rows these files were placed at by their stored evaluation."""
        found: set[tuple[str, str]] = set()
        for file_id in file_ids:
            row = self.db.execute(
                "SELECT school, period FROM evaluations WHERE campaign = ? AND file_id = ?",
                (campaign, file_id),
            ).fetchone()
            if row and row[0] is not None and row[1] is not None:
                found.add((row[0], row[1]))
        return found

    def save_evaluations(
        self,
        campaign: str,
        rows: Iterable[tuple[str, str | None, str | None, str]],
        *,
        every: bool,
    ) -> None:
        """(file id, school, period, item JSON); `every`: these are all the campaign has."""
        if every:
            self.db.execute("DELETE FROM evaluations WHERE campaign = ?", (campaign,))
        self.db.executemany(
            "INSERT OR REPLACE INTO evaluations VALUES (?,?,?,?,?)",
            ((campaign, *row) for row in rows),  # one at a time: never all the JSON at once
        )

    def update_placements(
        self,
        campaign: str,
        rows: list[tuple[str, str | None, str | None, str | None, str]],
        gone: list[str],
    ) -> None:
        """Replace the placements of some files; drop those of files that left the source."""
        self.db.executemany(
            "DELETE FROM placements WHERE campaign = ? AND file_id = ?",
            [(campaign, file_id) for file_id in gone],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO placements VALUES (?,?,?,?,?,?)",
            [(campaign, *row) for row in rows],
        )

    def save_placements(
        self, campaign: str, rows: list[tuple[str, str | None, str | None, str | None, str]]
    ) -> None:
        self.db.execute("DELETE FROM placements WHERE campaign = ?", (campaign,))
        self.db.executemany(
            "INSERT INTO placements VALUES (?,?,?,?,?,?)", [(campaign, *row) for row in rows]
        )

    # --- outbox -------------------------------------------------------------------------

    def enqueue(self, mail: QueuedMail, now: datetime) -> bool:
        """Store an e-mail once per idempotency key; False when the key was queued before."""
        cursor = self.db.execute(
            """INSERT OR IGNORE INTO outbox (key, kind, campaign, recipients, subject, message,
                   message_id, not_before, created_at) VALUES (?,?,?,?,?,?,?,?,?)""",
            (
                mail.key,
                mail.kind,
                mail.campaign,
                json.dumps(list(mail.recipients)),
                mail.subject,
                mail.message,
                mail.message_id,
                iso(mail.not_before or now),
                iso(now),
            ),
        )
        return cursor.rowcount == 1

    def has_mail(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM outbox WHERE key = ?", (key,)).fetchone() is not None

    def mail_keys(self, prefix: str) -> set[str]:
        rows = self.db.execute(
            "SELECT key FROM outbox WHERE key >= ? AND key < ?", key_range(prefix)
        )
        return {row[0] for row in rows}

    def cancel_queued(self, prefix: str) -> int:
        """Cancel every queued (unsent, or waiting for a retry) message whose key starts so.

        A range on the key's own index (`+state` keeps SQLite from scanning every queued
        message instead): a province's poll cancels per changed row, thousands at a deadline."""
        cursor = self.db.execute(
            "UPDATE outbox SET state = 'cancelled' WHERE +state = 'queued' AND key >= ? AND key < ?",
            key_range(prefix),
        )
        return cursor.rowcount

    def due_mail(self, now: datetime, limit: int = 100) -> list[sqlite3.Row]:
        return list(
            self.db.execute(
                "SELECT * FROM outbox WHERE state = 'queued' AND not_before <= ? ORDER BY id LIMIT ?",
                (iso(now), limit),
            )
        )

    def unclaimed_mail(self, prefix: str) -> list[sqlite3.Row]:
        """Queued mail under `prefix` that no deliverer has taken yet: its bytes never left.
        Its id, key and not_before only (not the stored bytes)."""
        return list(
            self.db.execute(
                "SELECT id, key, not_before FROM outbox WHERE +state = 'queued' "
                "AND claimed_at IS NULL AND attempts = 0 AND key >= ? AND key < ? ORDER BY id",
                key_range(prefix),
            )
        )

    def rewrite_mail(self, mail_id: int, mail: QueuedMail) -> bool:
        """Replace the content of a message no deliverer has taken (same key, same slot)."""
        cursor = self.db.execute(
            "UPDATE outbox SET recipients = ?, subject = ?, message = ?, message_id = ? "
            "WHERE id = ? AND state = 'queued' AND claimed_at IS NULL AND attempts = 0",
            (
                json.dumps(list(mail.recipients)),
                mail.subject,
                mail.message,
                mail.message_id,
                mail_id,
            ),
        )
        return cursor.rowcount == 1

    def cancel_mail(self, mail_id: int) -> bool:
        cursor = self.db.execute(
            "UPDATE outbox SET state = 'cancelled' WHERE id = ? AND state = 'queued'", (mail_id,)
        )
        return cursor.rowcount == 1

    def mark_sent(self, mail_id: int, now: datetime) -> bool:
        cursor = self.db.execute(
            "UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1 "
            "WHERE id = ? AND state = 'queued'",
            (iso(now), mail_id),
        )
        return cursor.rowcount == 1

    def mark_failed(
        self, mail_id: int, now: datetime, error: str, *, retry_at: datetime | None
    ) -> bool:
        state = "queued" if retry_at else "failed"
        cursor = self.db.execute(
            "UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, not_before = ?, "
            "failed_at = CASE WHEN ? = 'failed' THEN ? ELSE failed_at END "
            "WHERE id = ? AND state = 'queued'",
            (state, error[:500], iso(retry_at or now), state, iso(now), mail_id),
        )
        return cursor.rowcount == 1

    def record_attempt(self, mail_id: int, attempt: Attempt) -> bool:
        """The result of one attempt at a claimed message, per recipient (conditional)."""
        cursor = self.db.execute(
            "UPDATE outbox SET state = ?, attempts = attempts + 1, delivered = ?, refused = ?, "
            "deferred_since = ?, failed_at = COALESCE(?, failed_at), last_error = ?, "
            "not_before = ?, sent_at = COALESCE(?, sent_at) WHERE id = ? AND state = 'queued'",
            (
                attempt.state,
                json.dumps(list(attempt.delivered), ensure_ascii=False),
                json.dumps(attempt.refused, ensure_ascii=False),
                iso(attempt.deferred_since),
                iso(attempt.failed_at),
                attempt.error[:500] or None,
                iso(attempt.not_before),
                iso(attempt.sent_at),
                mail_id,
            ),
        )
        return cursor.rowcount == 1

    def release(self, mail: sqlite3.Row, lease_end: datetime) -> bool:
        """Give back a claim nothing was sent under (the server refused the session)."""
        cursor = self.db.execute(
            "UPDATE outbox SET not_before = ?, claimed_at = ? "
            "WHERE id = ? AND state = 'queued' AND not_before = ?",
            (mail["not_before"], mail["claimed_at"], mail["id"], iso(lease_end)),
        )
        return cursor.rowcount == 1

    def supersede(self, mail_id: int, reason: str, now: datetime) -> bool:
        """A message no longer true when it was about to leave: kept, with why, never sent."""
        cursor = self.db.execute(
            "UPDATE outbox SET state = 'superseded', last_error = ?, failed_at = ? "
            "WHERE id = ? AND state = 'queued'",
            (reason[:500], iso(now), mail_id),
        )
        return cursor.rowcount == 1

    def requeue(self, mail_id: int, now: datetime) -> bool:
        """Try a failed, superseded or waiting message again now, for every address that
        does not have it yet (`watcher outbox retry`)."""
        cursor = self.db.execute(
            "UPDATE outbox SET state = 'queued', not_before = ?, refused = '{}', "
            "deferred_since = NULL WHERE id = ? AND (state IN ('queued', 'failed', 'superseded') "
            "OR (state = 'sent' AND refused != '{}'))",
            (iso(now), mail_id),
        )
        return cursor.rowcount == 1

    def mail_by_key(self, key: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute(
            "SELECT * FROM outbox WHERE key = ?", (key,)
        ).fetchone()
        return row

    def mail(self, state: str | None = None) -> list[sqlite3.Row]:
        query = "SELECT * FROM outbox" + (" WHERE state = ?" if state else "") + " ORDER BY id"
        return list(self.db.execute(query, (state,) if state else ()))

    def given_up(self) -> list[sqlite3.Row]:
        """Mail with at least one address given up on (failed, or sent to the others)."""
        return list(
            self.db.execute(
                "SELECT * FROM outbox WHERE state = 'failed' OR "
                "(state IN ('sent', 'queued') AND refused != '{}') ORDER BY id"
            )
        )

    def mail_counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state")
        return {row[0]: int(row[1]) for row in rows}

    # --- meta and polls ------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def start_poll(self, campaign: str, now: datetime) -> int:
        cursor = self.db.execute(
            "INSERT INTO polls (campaign, started_at) VALUES (?, ?)", (campaign, iso(now))
        )
        return int(cursor.lastrowid or 0)

    def finish_poll(
        self,
        poll_id: int,
        now: datetime,
        *,
        ok: bool,
        error: str = "",
        requests: int = 0,
        changed: int = 0,
    ) -> None:
        self.db.execute(
            "UPDATE polls SET finished_at = ?, ok = ?, error = ?, requests = ?, changed = ? WHERE id = ?",
            (iso(now), int(ok), error, requests, changed, poll_id),
        )

    def last_success(self, campaign: str | None = None) -> datetime | None:
        query = "SELECT MAX(finished_at) FROM polls WHERE ok = 1"
        args: tuple[Any, ...] = ()
        if campaign:
            query += " AND campaign = ?"
            args = (campaign,)
        return parse_time(self.db.execute(query, args).fetchone()[0])

    def last_failure(self, campaign: str) -> tuple[datetime, str] | None:
        """When the latest failed poll of a campaign finished, and why (for `health -v`)."""
        row = self.db.execute(
            "SELECT finished_at, error FROM polls WHERE ok = 0 AND campaign = ? "
            "ORDER BY finished_at DESC LIMIT 1",
            (campaign,),
        ).fetchone()
        moment = parse_time(row[0]) if row else None
        return (moment, row[1] or "") if moment else None

    def first_poll(self, campaign: str) -> datetime | None:
        row = self.db.execute("SELECT MIN(started_at) FROM polls WHERE campaign = ?", (campaign,))
        return parse_time(row.fetchone()[0])

    def poll_counts(self) -> dict[str, int]:
        row = self.db.execute(
            "SELECT COUNT(*), SUM(CASE WHEN ok = 0 THEN 1 ELSE 0 END) FROM polls WHERE finished_at IS NOT NULL"
        ).fetchone()
        return {"polls": int(row[0] or 0), "failures": int(row[1] or 0)}

    # --- archive (issue 9) ---------------------------------------------------------------

    def version_rows(
        self, campaign: str, ids: set[str]
    ) -> list[tuple[str, str, datetime | None, str, str]]:
        """(file id, content hash, uploaded at, name at upload, seen at) for every version of
        the files `ids`, oldest first."""
        rows = [
            row
            for file_id in sorted(ids)
            for row in self.db.execute(
                "SELECT file_id, content_hash, uploaded_at, name, seen_at FROM versions "
                "WHERE campaign = ? AND file_id = ?",
                (campaign, file_id),
            )
        ]
        rows.sort(key=lambda row: (row[2] is not None, row[2] or "", row[4], row[0]))
        return [(row[0], row[1], parse_time(row[2]), row[3], row[4]) for row in rows]

    def versioned_files(self, campaign: str) -> set[str]:
        """The ids of the files with a stored version: every file the source ever showed."""
        rows = self.db.execute(
            "SELECT DISTINCT file_id FROM versions WHERE campaign = ?", (campaign,)
        )
        return {row[0] for row in rows}

    def removal_times(
        self, campaign: str, ids: set[str] | None = None
    ) -> dict[str, datetime | None]:
        """file id -> when it left the source (None while it is present)."""
        if ids is not None:
            return {
                row[0]: parse_time(row[1])
                for file_id in ids
                for row in self.db.execute(
                    "SELECT id, removed_at FROM files WHERE campaign = ? AND id = ?",
                    (campaign, file_id),
                )
            }
        rows = self.db.execute("SELECT id, removed_at FROM files WHERE campaign = ?", (campaign,))
        return {row[0]: parse_time(row[1]) for row in rows}

    def placement_rows(
        self, campaign: str, ids: set[str] | None = None
    ) -> dict[str, tuple[str | None, str | None]]:
        """file id -> (school code, period id) as the last evaluation placed it."""
        query = "SELECT file_id, school, period FROM placements WHERE campaign = ?"
        if ids is None:
            rows = list(self.db.execute(query, (campaign,)))
        else:
            rows = [
                row
                for file_id in sorted(ids)
                for row in self.db.execute(query + " AND file_id = ?", (campaign, file_id))
            ]
        return {row[0]: (row[1], row[2]) for row in rows}

    def archived_copies(self, campaign: str, files: set[str] | None = None) -> list[ArchivedCopy]:
        """The recorded copies of the campaign (or of the files `files`), by path."""
        if files is None:
            rows = list(
                self.db.execute(
                    "SELECT * FROM archive_copies WHERE campaign = ? ORDER BY path", (campaign,)
                )
            )
        else:
            rows = [
                row
                for file_id in sorted(files)
                for row in self.db.execute(
                    "SELECT * FROM archive_copies WHERE campaign = ? AND file_id = ?",
                    (campaign, file_id),
                )
            ]
            rows.sort(key=lambda row: row["path"])
        return [
            ArchivedCopy(
                row["file_id"],
                row["content_hash"],
                row["path"],
                row["sha256"],
                parse_time(row["archived_at"]) or datetime.now(UTC),
                parse_time(row["withdrawn_at"]),
                row["moved_from"],
                parse_time(row["moved_at"]),
            )
            for row in rows
        ]

    def archived_paths_in(self, campaign: str, folders: set[str]) -> list[str]:
        """The recorded paths of copies directly in these folders (a range on the path index)."""
        return [
            row[0]
            for folder in sorted(folders)
            for row in self.db.execute(
                "SELECT path FROM archive_copies WHERE campaign = ? AND path >= ? AND path < ?",
                (campaign, folder + "/", folder + "0"),  # "0" follows "/"
            )
            if "/" not in row[0][len(folder) + 1 :]
        ]

    def save_manifest_lines(
        self,
        campaign: str,
        lines: Iterable[tuple[str, str, int, str, str, str, str | None, str | None, str]],
        *,
        every: bool,
    ) -> None:
        """Store the manifest's line of each version: (file id, content hash, unplaced,
        period, school, path, uploaded at, seen at, line); `every`: these are all of them."""
        if every:
            self.db.execute("DELETE FROM manifest_lines WHERE campaign = ?", (campaign,))
        self.db.executemany(
            "INSERT OR REPLACE INTO manifest_lines VALUES (?,?,?,?,?,?,?,?,?,?)",
            ((campaign, *line) for line in lines),
        )

    def manifest_lines(self, campaign: str) -> Iterator[tuple[tuple[int, str, str, str, str], str]]:
        """Every stored manifest line in the manifest's order, with its sort key (unplaced,
        period, school, path, file id)."""
        rows = self.db.execute(
            "SELECT unplaced, period, school, path, file_id, line FROM manifest_lines "
            "WHERE campaign = ? ORDER BY unplaced, period, school, path, file_id, "
            "uploaded_at, seen_at",
            (campaign,),
        )
        for row in rows:
            yield (row[0], row[1], row[2], row[3], row[4]), row[5]

    def record_copy(self, campaign: str, copy: ArchivedCopy) -> None:
        """Insert or replace the record of one archived copy (its path, hash, move, withdrawal)."""
        self.db.execute(
            "INSERT OR REPLACE INTO archive_copies VALUES (?,?,?,?,?,?,?,?,?)",
            (
                campaign,
                copy.file_id,
                copy.content_hash,
                copy.path,
                copy.sha256,
                iso(copy.archived_at),
                iso(copy.withdrawn_at),
                copy.moved_from,
                iso(copy.moved_at),
            ),
        )


@dataclass(frozen=True)
class QueuedMail:
    key: str  # idempotency key: campaign, period, school, kind, stage
    kind: str  # digest | reminder | receipt | problem | test | admin
    campaign: str | None
    recipients: tuple[str, ...]
    subject: str
    message: bytes  # the complete RFC 5322 message, Message-ID included
    message_id: str
    not_before: datetime | None = None


@dataclass(frozen=True)
class Attempt:
    """What one delivery attempt did, for `Store.record_attempt`."""

    state: str  # queued (some address to retry) | sent | failed
    delivered: tuple[str, ...]  # every address that has it, this attempt and earlier ones
    refused: dict[str, str]  # address -> why it was given up on
    not_before: datetime
    error: str = ""
    deferred_since: datetime | None = None
    failed_at: datetime | None = None
    sent_at: datetime | None = None


@dataclass(frozen=True)
class ArchivedCopy:
    """One version of one file, copied into the archive (path relative to the campaign folder)."""

    file_id: str
    content_hash: str  # the source's hash of this version
    path: str  # POSIX separators, relative to <archive_dir>/<campaign>
    sha256: str  # of the archived bytes
    archived_at: datetime
    withdrawn_at: datetime | None = None  # the file left the source (deleted, trashed, moved out)
    moved_from: str | None = None  # the path before the last re-placement
    moved_at: datetime | None = None


def key_range(prefix: str) -> tuple[str, str]:
    """(low, high): the keys that start with `prefix` are low <= key < high. Text compares by
    code point (UTF-8 bytes), so the range is the prefix up to its last character's successor;
    unlike LIKE, it uses the key's index."""
    if not prefix:
        return "", "\U0010ffff"
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def verdict_to_json(verdict: Verdict) -> str:
    return json.dumps(verdict_to_data(verdict), ensure_ascii=False)


def verdict_to_data(verdict: Verdict) -> dict[str, Any]:
    return {
        "role": verdict.role.value,
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "message_vi": f.message_vi,
                "message_en": f.message_en,
            }
            for f in verdict.findings
        ],
        "text": verdict.text,
        "detected": verdict.detected,
    }


def verdict_from_json(text: str) -> Verdict:
    return verdict_from_data(json.loads(text))


def verdict_from_data(data: dict[str, Any]) -> Verdict:
    findings = tuple(
        Finding(f["code"], Severity(f["severity"]), f["message_vi"], f["message_en"])
        for f in data["findings"]
    )
    return Verdict(Role(data["role"]), findings, data.get("text", ""), data.get("detected", ""))


def _record(row: sqlite3.Row) -> FileRecord:
    return FileRecord(
        id=row["id"],
        name=row["name"],
        folders=tuple(json.loads(row["folders"])),
        mime_type=row["mime_type"],
        size=row["size"],
        content_hash=row["content_hash"],
        created_at=parse_time(row["created_at"]),
        modified_at=parse_time(row["modified_at"]),
        owner_email=row["owner_email"],
        url=row["url"],
        extra=json.loads(row["extra"] or "{}"),
    )


def _transition(row: sqlite3.Row) -> Transition:
    return Transition(
        campaign=row["campaign"],
        school=row["school"],
        period=row["period"],
        before=Status(row["before"]) if row["before"] else None,
        after=Status(row["after"]),
        at=parse_time(row["at"]) or datetime.now(UTC),
        cause=row["cause"],
    )
