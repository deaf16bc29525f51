"""The wanted archive tree, decided from stored state alone. Pure: no disk, no clock.

Every version of every file the source ever showed is one `Entry`. Its wanted place is
`<period>/<level> - <school>/<role> - <original name>`, or `_unmatched/<original name>` while
it is not placed. A copy already archived keeps its name while its folder stays right; a
re-placed file's copies move; a withdrawn file's copies never move. A name already used in a
folder (by any version, withdrawn or not) is never reused: the newcomer gets its upload time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from watcher.archive import names
from watcher.model import Role, School, Verdict
from watcher.store import ArchivedCopy

_EARLIEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    """One version of one file, as the store knows it."""

    file_id: str
    content_hash: str  # the source's hash of this version
    name: str  # the file's name when this version arrived (NFC)
    uploaded_at: datetime | None
    school: School | None  # None: not placed
    period: str | None
    role: Role  # the slot this version fills
    withdrawn_at: datetime | None  # the file left the source
    verdict: Verdict | None
    current: bool  # the file's content now (False: replaced by a later version)
    cached: bool = True  # its bytes are in the content cache
    suffix: str = (
        ""  # what the bytes are when the name cannot say (".docx": an exported Google Doc)
    )

    @property
    def key(self) -> tuple[str, str]:
        return (self.file_id, self.content_hash)

    @property
    def archive_name(self) -> str:
        """The name to archive under: a Google Doc's name has no extension, its copy is a .docx."""
        if self.suffix and not self.name.casefold().endswith(self.suffix.casefold()):
            return self.name + self.suffix
        return self.name

    @property
    def placed(self) -> bool:
        return self.school is not None and self.period is not None


class Action(StrEnum):
    KEEP = "keep"  # the copy is where it belongs
    WRITE = "write"  # not archived yet: copy the cached bytes to `path`
    MOVE = "move"  # re-placed: move the copy from `previous.path` to `path`
    SKIP = "skip"  # not archived and its bytes are not cached: nothing to copy


@dataclass(frozen=True)
class Step:
    entry: Entry
    action: Action
    path: str  # POSIX, relative to the campaign folder ("" for SKIP)
    previous: ArchivedCopy | None = None


def plan(
    entries: Sequence[Entry],
    copies: Mapping[tuple[str, str], ArchivedCopy],
    schools: Sequence[School],
    zone: ZoneInfo,
    recorded: Iterable[str] | None = None,
    folders: Mapping[str, str] | None = None,
) -> list[Step]:
    """One step per entry: keep, write or move, with collision-free, share-safe paths.

    `recorded`: the paths whose names are taken (default: those of `copies`); when `entries`
    are some files only, the recorded paths in the folders they may go to. `folders`: the
    schools' folders (`school_folders`), when the caller has them already."""
    if folders is None:
        folders = school_folders(schools)
    taken: dict[str, set[str]] = {}
    for path in (c.path for c in copies.values()) if recorded is None else recorded:
        _take(taken, path)
    steps: list[Step] = []
    pending: list[tuple[Entry, str, ArchivedCopy | None]] = []
    for entry in entries:
        copy = copies.get(entry.key)
        folder = wanted_folder(entry, folders)
        if copy and (entry.withdrawn_at is not None or _parent(copy.path) == folder):
            steps.append(Step(entry, Action.KEEP, copy.path, copy))
        elif copy is None and not entry.cached:
            steps.append(Step(entry, Action.SKIP, "", None))
        else:
            pending.append((entry, folder, copy))
    for entry, folder, copy in sorted(pending, key=lambda item: _arrival(item[0])):
        path = _free_name(entry, folder, taken, zone)
        steps.append(Step(entry, Action.MOVE if copy else Action.WRITE, path, copy))
    return steps


def school_folders(schools: Iterable[School]) -> dict[str, str]:
    """school code -> folder name; schools whose folders would collide get their code added."""
    plain = {s.code: names.school_folder(s.level, s.name) for s in schools}
    counts: dict[str, int] = {}
    for folder in plain.values():
        counts[names.name_key(folder)] = counts.get(names.name_key(folder), 0) + 1
    return {
        s.code: (
            names.school_folder(s.level, s.name, s.code)
            if counts[names.name_key(plain[s.code])] > 1
            else plain[s.code]
        )
        for s in schools
    }


def wanted_folder(entry: Entry, folders: Mapping[str, str]) -> str:
    return placed_folder(entry.school.code if entry.school else None, entry.period, folders)


def placed_folder(school: str | None, period: str | None, folders: Mapping[str, str]) -> str:
    """The folder of a file placed at `school` for `period` (`_unmatched` while it is not)."""
    if school is None or period is None or school not in folders:
        return names.UNMATCHED
    return f"{names.safe_component(period, names.PERIOD_CHARS)}/{folders[school]}"


def _free_name(entry: Entry, folder: str, taken: dict[str, set[str]], zone: ZoneInfo) -> str:
    role = entry.role.value if entry.placed else None
    used = taken.setdefault(names.name_key(folder), set())
    candidates = [names.file_name(entry.archive_name, role)]
    candidates += [
        names.file_name(entry.archive_name, role, stamp)
        for stamp in names.stamps(entry.uploaded_at, zone, entry.content_hash)
    ]
    base = candidates[-1]
    counter = 2
    while all(names.name_key(c) in used for c in candidates):
        candidates.append(names.numbered(base, counter))
        counter += 1
    chosen = next(c for c in candidates if names.name_key(c) not in used)
    used.add(names.name_key(chosen))
    return f"{folder}/{chosen}"


def _take(taken: dict[str, set[str]], path: str) -> None:
    parent = _parent(path)
    taken.setdefault(names.name_key(parent), set()).add(names.name_key(PurePosixPath(path).name))


def _parent(path: str) -> str:
    return str(PurePosixPath(path).parent)


def _arrival(entry: Entry) -> tuple[datetime, str, str]:
    return (entry.uploaded_at or _EARLIEST, entry.file_id, entry.content_hash)
