"""A local Maildir as a source: an exported or replayed mailbox, read and never changed.

Messages are the files in `new/` and `cur/`; a message keeps its name's part before ":2," when
a mail client marks it read, so that part is its key. Arrival time is the file's modification
time (what an IMAP server reports as INTERNALDATE for a Maildir). Parsed messages are kept in
the cursor, so a poll reads only messages it has not seen.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog

from watcher.i18n import t
from watcher.model import FileRecord
from watcher.sources.base import Delta, SourceError
from watcher.sources.mail import (
    LinkFetcher,
    part_content,
    record_from_json,
    record_json,
    records_of,
)
from watcher.sources.mail_parse import parse

log = structlog.get_logger("watcher.maildir")


class MaildirSource:
    def __init__(
        self,
        root: Path,
        staff: frozenset[str] = frozenset(),
        links: LinkFetcher | None = None,
        language: str = "vi",
    ) -> None:
        self.root = root
        self.language = language
        self.staff = staff
        self.links = links
        self._paths: dict[str, Path] = {}  # message key -> file, from the last listing

    def changes(self, cursor: str | None) -> Delta:
        known: dict[str, Any] = json.loads(cursor)["messages"] if cursor else {}
        seen: dict[str, Any] = {}
        records: list[FileRecord] = []
        for key, path in sorted(self._messages().items()):
            try:
                stat = path.stat()
                entry = known.get(key)
                if not entry or entry[0] != stat.st_size or entry[1] != stat.st_mtime_ns:
                    arrived = datetime.fromtimestamp(stat.st_mtime, UTC)
                    letter = parse(path.read_bytes(), self.staff)
                    found = [record_json(r) for r in records_of(letter, arrived)]
                    entry = [stat.st_size, stat.st_mtime_ns, found]
            except FileNotFoundError:
                # a mail client moved it (new/ -> cur/) while we looked: it is still there
                entry = known.get(key)
                if entry is None:
                    continue
            except OSError as error:
                log.warning("maildir.unreadable", path=str(path), error=str(error))
                raise SourceError(t(self.language, "maildir.unreadable", path=path)) from error
            seen[key] = entry
            for item in entry[2]:
                self._paths[item["extra"]["mail_key"]] = path
            records.extend(record_from_json(item) for item in entry[2])
        unique = list({record.id: record for record in records}.values())  # a message kept twice
        return Delta(full=True, files=unique, cursor=json.dumps({"messages": seen}))

    def _messages(self) -> dict[str, Path]:
        if not (self.root / "cur").is_dir() and not (self.root / "new").is_dir():
            raise SourceError(
                t(self.language, "maildir.not_maildir", path=self.root), permanent=True
            )
        found: dict[str, Path] = {}
        try:
            for sub in ("new", "cur"):
                folder = self.root / sub
                if folder.is_dir():
                    for entry in os.scandir(folder):
                        if entry.is_file() and not entry.name.startswith("."):
                            found[entry.name.partition(":")[0]] = Path(entry.path)
        except OSError as error:
            log.warning("maildir.unreadable", path=str(self.root), error=str(error))
            raise SourceError(t(self.language, "maildir.unreadable", path=self.root)) from error
        return found

    def fetch(self, record: FileRecord, dest: Path, max_bytes: int) -> None:
        key = record.extra.get("mail_key", "")
        known = self._paths.get(key)
        for path in ([known] if known else []) + list(self._messages().values()):
            raw = _read(path)
            if raw is not None and parse_key(raw) == key:
                part_content(_given(raw), record, dest, max_bytes, self.staff, self.links)
                return
        raise SourceError(t(self.language, "imap.message_gone", name=record.name))

    def describe(self) -> str:
        return t(
            self.language, "source.maildir_describe", path=self.root, count=len(self._messages())
        )


def parse_key(raw: bytes) -> str:
    from email import message_from_bytes

    from watcher.sources.mail_parse import letter_key

    headers = (
        raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw[:65536] else raw.split(b"\n\n", 1)[0]
    )
    return letter_key(message_from_bytes(headers), raw)


def _given(raw: bytes) -> Callable[[], bytes]:
    return lambda: raw


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
