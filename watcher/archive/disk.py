"""The archive's disk adapter: atomic, never-overwriting writes and moves. Decides nothing.

A final name only ever holds complete bytes: content goes to a hidden temporary file in the
same folder, is fsynced, renamed into place, and the folder is fsynced. A process killed
half-way leaves at most a `.watcher-part-*` file, which the next run in that folder removes
(it is the watcher's own scratch, never archive content).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

TEMP_PREFIX = ".watcher-part-"
_BLOCK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def write_new(source: Path, target: Path) -> str:
    """Copy `source` to the new file `target` atomically; return the SHA-256 of what was written.

    Raises FileExistsError when `target` exists: an archived copy is never overwritten.
    """
    folder = make_folder(target.parent)
    handle, temporary = _temporary(folder)
    try:
        digest = hashlib.sha256()
        with open(source, "rb") as reader, os.fdopen(handle, "wb") as writer:
            for block in iter(lambda: reader.read(_BLOCK), b""):
                digest.update(block)
                writer.write(block)
            writer.flush()
            os.fsync(writer.fileno())
        _rename_new(Path(temporary), target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return digest.hexdigest()


def write_if_changed(chunks: Iterable[bytes], target: Path) -> bool:
    """Replace `target` atomically with these bytes (for the manifest, which is rewritten)
    unless it holds them already; True when it was written. The bytes stream to the
    temporary file: a province's manifest is never whole in memory."""
    folder = make_folder(target.parent)
    handle, temporary = _temporary(folder)
    try:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(handle, "wb") as writer:
            for chunk in chunks:
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
            writer.flush()
            if (
                target.is_file()
                and target.stat().st_size == size
                and sha256_of(target) == digest.hexdigest()
            ):
                return False
            os.fsync(writer.fileno())
        os.replace(temporary, target)
        fsync_folder(folder)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def move_new(source: Path, target: Path) -> None:
    """Move an archived copy to a new name; FileExistsError when the name is taken."""
    make_folder(target.parent)
    _rename_new(source, target)
    fsync_folder(source.parent)


def set_aside(path: Path, label: str) -> Path:
    """Rename a damaged copy out of the way ('… .docx.damaged-20240530T0815'), keeping it."""
    aside = path.with_name(f"{path.name}.{label}")
    counter = 2
    while aside.exists():
        aside = path.with_name(f"{path.name}.{label}-{counter}")
        counter += 1
    os.rename(path, aside)
    fsync_folder(path.parent)
    return aside


def _temporary(folder: Path) -> tuple[int, str]:
    """A scratch file in `folder`, readable as any file the user creates (mkstemp makes 0600)."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX)
    with contextlib.suppress(OSError, AttributeError):
        os.chmod(temporary, 0o666 & ~_umask())
    return handle, temporary


@functools.cache
def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _rename_new(source: Path, target: Path) -> None:
    # A hard link fails if the name exists, so nothing is ever clobbered; shares that do not
    # support links fall back to a checked rename (only one watcher writes an archive).
    try:
        os.link(source, target)
        os.unlink(source)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(source, target)
    fsync_folder(target.parent)


def make_folder(folder: Path) -> Path:
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    for created in reversed(missing):
        fsync_folder(created.parent)
    return folder


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable; some systems (Windows, some shares) cannot, and need not."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sweep_temporaries(folder: Path, *, recursive: bool = True) -> int:
    """Remove the watcher's own half-written files left by a killed run; returns how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    for scratch in (folder.rglob if recursive else folder.glob)(TEMP_PREFIX + "*"):
        with contextlib.suppress(OSError):
            scratch.unlink()
            removed += 1
    return removed
