"""The source port: what exists in the watched folder, and its bytes.

A source lists what changed since an opaque cursor it gave out before, and fetches one
file's content. It never decides anything about schools or periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from watcher.model import FileRecord


class SourceError(Exception):
    """A source could not answer. The poll that met it must leave the previous view in force.

    `key` and `values` word it for people (texts in watcher/i18n/sources.py, read with
    `text(language)`); `message` (str(error)) is the technical account, for the log.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        key: str | None = None,
        values: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent  # retrying will not help (bad folder id, no permission)
        self.key = key
        self.values = values or {}

    def text(self, language: str) -> str:
        from watcher.i18n import t

        if self.key is None:
            return str(self)
        return t(language, self.key, **self.values)


# Finding codes that say nothing about the bytes, only about access to them (the owner
# blocked downloading): the file is fetched again whenever the source lists it anew.
ACCESS_CODES = frozenset({"drive.download_refused", "mail.drive_link"})


class ContentError(Exception):
    """One file's content could not be had (too large, export refused, dangling shortcut).

    Not a failure of the poll: the file gets a problem finding with this message.
    """

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en


# Why a listed file could not be read this time, in `FileRecord.extra["unreadable"]`:
# permission denied, vanished between listing and reading, not a regular file, other error.
UNREADABLE_KINDS = ("denied", "vanished", "not_a_file", "broken")
UNREADABLE_CODE = "file.unreadable."  # finding codes: file.unreadable.denied, …


class Unreadable(ContentError):
    """One file could not be read this time, and not through the school's doing (no permission
    on the server, gone while being read). Not a verdict on its bytes: the file is listed with
    this problem and tried again at the next poll."""

    def __init__(self, kind: str) -> None:
        from watcher.i18n.review import unreadable_message

        super().__init__(
            f"file.unreadable.{kind}",
            unreadable_message(kind, "vi"),
            unreadable_message(kind, "en"),
        )
        self.kind = kind


@dataclass
class Delta:
    """The answer to one listing.

    full=True: `files` is everything in the watched tree now; anything known before and not
    listed is gone. full=False: `files` are new or changed, `removed` are ids that left the
    tree (deleted, trashed, moved out). `cursor` is stored only after the delta is applied.
    """

    full: bool
    files: list[FileRecord] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    cursor: str | None = None
    requests: int = 0  # API requests this listing cost (for metrics and benchmarks)


class Source(Protocol):
    def changes(self, cursor: str | None) -> Delta:
        """What changed since `cursor` (None: a full listing). Raises SourceError."""
        ...

    def fetch(self, record: FileRecord, dest: Path, max_bytes: int) -> None:
        """Write the file's content to `dest`. Raises SourceError or ContentError."""
        ...

    def describe(self) -> str:
        """One line for `watcher check --connect`: what is watched and how much is there."""
        ...
