"""The local-folder source: a folder (and its subfolders) on disk or a mounted share.

File times come from the file system: the modification time is when the content arrived
(a copy that keeps the old time keeps the old arrival). Ids are paths relative to the root,
in NFC: a Mac or Drive for desktop writes names decomposed (NFD), and the id must not change
with that. The name the file really has on disk is kept in `extra["path"]` (when it differs
from the id) and is what is read. Hashes are SHA-256, recomputed only when size or
modification time change.

One file that cannot be read (permission denied, vanished between listing and reading, not a
regular file) is a problem of that file: it is listed with `extra["unreadable"]` and no hash,
and is tried again at the next listing. A subfolder that cannot be read keeps the files
known under it (the listing is then partial, not full): nothing in it turns into "missing".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mimetypes
import os
import shutil
import stat as stat_module
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import structlog

from watcher.model import FileRecord
from watcher.sources.base import (
    UNREADABLE_KINDS,
    ContentError,
    Delta,
    SourceError,
    Unreadable,
)
from watcher.text import nfc

log = structlog.get_logger("watcher.sources.folder")

_IGNORED_NAMES = {".ds_store", "thumbs.db", "desktop.ini", ".localized"}
mimetypes.add_type(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
)

DENIED, VANISHED, NOT_A_FILE, BROKEN = UNREADABLE_KINDS


def ignored(name: str) -> bool:
    """System clutter and Office lock files ("~$Báo cáo.docx") are not uploads."""
    lower = name.lower()
    return (
        lower in _IGNORED_NAMES or lower.startswith(("~$", ".~lock", "._")) or name.startswith(".")
    )


def unreadable_kind(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return DENIED
    if isinstance(error, FileNotFoundError):
        return VANISHED
    return BROKEN


@dataclass
class _Walk:
    files: list[Path] = field(default_factory=list)
    unreadable_folders: list[str] = field(default_factory=list)  # NFC, relative to the root


class FolderSource:
    def __init__(self, root: Path, language: str = "vi") -> None:
        self.root = root
        self.language = language  # of describe()

    def changes(self, cursor: str | None) -> Delta:
        self._require_root()
        known: dict[str, list] = json.loads(cursor)["files"] if cursor else {}
        seen: dict[str, list] = {}
        records: list[FileRecord] = []
        walk = self._walk()
        # names already in NFC first: beside an NFD twin, the NFC one keeps the NFC id
        for path in sorted(walk.files, key=lambda p: (str(p) != nfc(str(p)), p)):
            record, entry = self._record(path, known, taken=seen)
            if record is None:
                continue  # gone between listing and looking at it: it is simply not there
            records.append(record)
            seen[record.id] = entry
        if not walk.unreadable_folders:
            return Delta(full=True, files=records, cursor=json.dumps({"files": seen}), requests=0)
        # What was known under a folder that could not be read stays as it was.
        kept = {
            file_id: entry
            for file_id, entry in known.items()
            if file_id not in seen and _under(file_id, walk.unreadable_folders)
        }
        removed = [i for i in known if i not in seen and i not in kept]
        cursor_out = json.dumps({"files": {**kept, **seen}})
        return Delta(full=False, files=records, removed=removed, cursor=cursor_out, requests=0)

    def _require_root(self) -> None:
        if not self.root.is_dir():
            raise self._missing()
        try:
            os.scandir(self.root).close()
        except OSError as error:
            raise SourceError(
                f"cannot read {self.root}: {error}",
                key="source.folder_unreadable",
                values={"folder": self.root},
            ) from error

    def _walk(self) -> _Walk:
        walk = _Walk()

        def unreadable(error: OSError) -> None:
            if error.filename is None or Path(error.filename) == self.root:
                raise SourceError(
                    f"cannot read {self.root}: {error}",
                    key="source.folder_unreadable",
                    values={"folder": self.root},
                ) from error
            folder = nfc(Path(error.filename).relative_to(self.root).as_posix())
            walk.unreadable_folders.append(folder)
            log.warning("folder.unreadable", folder=folder, error=str(error))

        for folder, subfolders, names in os.walk(self.root, onerror=unreadable):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            walk.files.extend(Path(folder) / name for name in names if not ignored(name))
        return walk

    def _record(
        self, path: Path, known: dict[str, list], taken: dict[str, list]
    ) -> tuple[FileRecord | None, list]:
        relative = path.relative_to(self.root).as_posix()
        file_id = nfc(relative)
        if file_id in taken:  # NFC and NFD spellings of one name side by side: keep both
            file_id = relative
        try:
            info = path.lstat()
        except FileNotFoundError:
            return None, []
        except OSError as error:
            return self._unreadable(path, file_id, None, unreadable_kind(error), error), []
        try:
            info = path.stat()  # follows a link; a dangling one is listed as unreadable
        except OSError as error:
            return self._unreadable(path, file_id, info, unreadable_kind(error), error), []
        if not stat_module.S_ISREG(info.st_mode):  # a pipe or device would block a read
            return self._unreadable(path, file_id, info, NOT_A_FILE, None), []
        previous = known.get(file_id)
        if previous and previous[0] == info.st_size and previous[1] == info.st_mtime_ns:
            digest = previous[2]
        else:
            try:
                digest = _sha256(path)
            except OSError as error:
                return self._unreadable(path, file_id, info, unreadable_kind(error), error), []
        record = self._make(path, file_id, info, digest)
        return record, [info.st_size, info.st_mtime_ns, digest]

    def _make(
        self,
        path: Path,
        file_id: str,
        info: os.stat_result | None,
        digest: str | None,
        extra: dict[str, str] | None = None,
    ) -> FileRecord:
        relative = path.relative_to(self.root)
        extra = dict(extra or {})
        if relative.as_posix() != file_id:
            extra["path"] = relative.as_posix()  # the bytes of the name as they are on disk
        return FileRecord(
            id=file_id,
            name=nfc(path.name),
            folders=tuple(nfc(part) for part in relative.parts[:-1]),
            mime_type=mimetypes.guess_type(nfc(path.name))[0] or "application/octet-stream",
            size=info.st_size if info else None,
            content_hash=digest,
            created_at=None,
            modified_at=datetime.fromtimestamp(info.st_mtime, UTC) if info else None,
            url=path.absolute().as_uri(),
            extra=extra,
        )

    def _unreadable(
        self,
        path: Path,
        file_id: str,
        info: os.stat_result | None,
        kind: str,
        error: OSError | None,
    ) -> FileRecord:
        log.warning("file.unreadable", file=file_id, why=kind, error=str(error or ""))
        return self._make(path, file_id, info, None, {"unreadable": kind})

    def path_of(self, record: FileRecord) -> Path:
        """Where the file is on disk: its own spelling, else the id, else any spelling of it."""
        for relative in (record.extra.get("path"), record.id):
            if relative and (self.root / relative).exists():
                return self.root / relative
        return self.root / _find_spelling(self.root, record.id)

    def fetch(self, record: FileRecord, dest: Path, max_bytes: int) -> None:
        path = self.path_of(record)
        try:
            if path.stat().st_size > max_bytes:
                raise ContentError(
                    "file.too_large",
                    f"Tệp lớn hơn giới hạn cho phép ({max_bytes // 2**20} MB). "
                    "Vui lòng nén hoặc chia nhỏ rồi tải lên lại.",
                    f"The file is larger than the limit ({max_bytes // 2**20} MB). "
                    "Please compress or split it and upload again.",
                )
            shutil.copyfile(path, dest)
        except OSError as error:
            log.warning("file.unreadable", file=record.id, error=str(error))
            raise Unreadable(unreadable_kind(error)) from error

    def describe(self) -> str:
        from watcher.i18n import t

        self._require_root()
        walk = self._walk()
        line = t(self.language, "source.folder_describe", folder=self.root, count=len(walk.files))
        if walk.unreadable_folders:
            folders = ", ".join(walk.unreadable_folders)
            line += t(self.language, "source.folder_describe_unreadable", folders=folders)
        return line

    def _missing(self) -> SourceError:
        return SourceError(
            f"the folder {self.root} does not exist or is not reachable",
            permanent=True,
            key="source.folder_missing",
            values={"folder": self.root},
        )


def _under(file_id: str, folders: list[str]) -> bool:
    return any(file_id.startswith(folder.rstrip("/") + "/") for folder in folders)


def _find_spelling(root: Path, file_id: str) -> str:
    """The on-disk spelling of an NFC relative path, part by part (NFC and NFD names alike)."""
    current = root
    parts: list[str] = []
    for part in file_id.split("/"):
        if not (current / part).exists():
            with contextlib.suppress(OSError):
                part = next((n for n in os.listdir(current) if nfc(n) == part), part)
        parts.append(part)
        current = current / part
    return "/".join(parts)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
