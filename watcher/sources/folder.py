"""The local-folder source: a folder (and its subfolders) on disk or a mounted share.

File times come from the file system: the modification time is when the content arrived
(a copy that keeps the old time keeps the old arrival). Ids are paths relative to the root.
Hashes are SHA-256, recomputed only when size or modification time change.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from watcher.model import FileRecord
from watcher.sources.base import ContentError, Delta, SourceError
from watcher.text import nfc

_IGNORED_NAMES = {".ds_store", "thumbs.db", "desktop.ini", ".localized"}
mimetypes.add_type(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
)


def ignored(name: str) -> bool:
    """System clutter and Office lock files ("~$Báo cáo.docx") are not uploads."""
    lower = name.lower()
    return (
        lower in _IGNORED_NAMES or lower.startswith(("~$", ".~lock", "._")) or name.startswith(".")
    )


class FolderSource:
    def __init__(self, root: Path) -> None:
        self.root = root

    def changes(self, cursor: str | None) -> Delta:
        if not self.root.is_dir():
            raise SourceError(
                f"the folder {self.root} does not exist or is not reachable", permanent=True
            )
        known: dict[str, list] = json.loads(cursor)["files"] if cursor else {}
        seen: dict[str, list] = {}
        records: list[FileRecord] = []
        try:
            for path in sorted(self._walk()):
                record, entry = self._record(path, known)
                records.append(record)
                seen[record.id] = entry
        except OSError as error:
            raise SourceError(f"cannot read {self.root}: {error}") from error
        return Delta(full=True, files=records, cursor=json.dumps({"files": seen}), requests=0)

    def _walk(self) -> list[Path]:
        found: list[Path] = []
        for folder, subfolders, names in os.walk(self.root, onerror=_raise):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            found.extend(Path(folder) / name for name in names if not ignored(name))
        return found

    def _record(self, path: Path, known: dict[str, list]) -> tuple[FileRecord, list]:
        stat = path.stat()
        relative = path.relative_to(self.root)
        file_id = nfc(relative.as_posix())
        previous = known.get(file_id)
        if previous and previous[0] == stat.st_size and previous[1] == stat.st_mtime_ns:
            digest = previous[2]
        else:
            digest = _sha256(path)
        modified = datetime.fromtimestamp(stat.st_mtime, UTC)
        record = FileRecord(
            id=file_id,
            name=nfc(path.name),
            folders=tuple(nfc(part) for part in relative.parts[:-1]),
            mime_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
            size=stat.st_size,
            content_hash=digest,
            created_at=None,
            modified_at=modified,
            url=path.resolve().as_uri(),
        )
        return record, [stat.st_size, stat.st_mtime_ns, digest]

    def fetch(self, record: FileRecord, dest: Path, max_bytes: int) -> None:
        path = self.root / record.id
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
        except FileNotFoundError as error:
            raise SourceError(f"{path} vanished while it was being read") from error
        except OSError as error:
            raise SourceError(f"cannot read {path}: {error}") from error

    def describe(self) -> str:
        if not self.root.is_dir():
            raise SourceError(
                f"the folder {self.root} does not exist or is not reachable", permanent=True
            )
        return f"folder {self.root}: {len(self._walk())} files"


def _raise(error: OSError) -> None:
    raise error


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
