"""Content and validation: download what is new, check it in isolated workers, keep verdicts.

Downloads run in a bounded pool of threads (the source paces them: one Drive client per
thread, one shared rate limit); every downloaded content goes to a pool of isolated checking
workers, one per core. A content is downloaded once however many files carry it.

Verdicts are a cache keyed by content (and policy, name ending and type): they say what some
bytes are, not what any school did, so they are saved in small batches as they come and a
poll that fails later still leaves the view (files, statuses, cursor) untouched. What they
save is the work: a poll killed half way through a cold sync does not check those files again.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import queue
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path

import structlog

from watcher.config import Settings
from watcher.model import FileRecord, Finding, Role, Severity, Verdict
from watcher.sources.base import ACCESS_CODES, UNREADABLE_CODE, ContentError, Source
from watcher.store import Store
from watcher.validation import IsolatedChecker

log = structlog.get_logger("watcher.content")

GOOGLE_DOC_MIME = "application/vnd.google-apps.document"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SAVE_EVERY = 200  # verdicts per write transaction: bounded memory, short locks
FOLDER_THREADS = 4  # a local or mounted folder: a few copies at once are plenty

# (stage, done, total): stage is "checked" (downloaded and checked)
Progress = Callable[[str, int, int], None]


def no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


@dataclass(frozen=True)
class Job:
    """One content to have and check: the record that carries it and the verdict keys wanted."""

    digest: str
    record: FileRecord
    keys: tuple[tuple[str, FileRecord], ...]  # (verdict key, the record judged under it)


@dataclass
class Gathered:
    downloads: int = 0
    checked: int = 0


def gather_verdicts(
    settings: Settings,
    store: Store,
    source: Source,
    jobs: list[Job],
    now: datetime,
    progress: Progress = no_progress,
) -> Gathered:
    """Download and check every job, saving verdicts as they come (from this thread only).
    Raises the source's SourceError at the first download that fails; the pool stops."""
    gathered = Gathered()
    if not jobs:
        return gathered
    threads = max(1, int(getattr(source, "download_threads", FOLDER_THREADS)))
    total = sum(len(job.keys) for job in jobs)
    batch: list[tuple[str, str, Verdict]] = []
    pool = _pool(threads)
    window = threads * 4  # jobs in flight: a province's results are never all held at once
    pending = iter(jobs)
    running: set[Future[tuple[list[tuple[str, str, Verdict]], int]]] = set()
    try:
        while True:
            running |= {
                pool.submit(_one, settings, source, job)
                for job in islice(pending, window - len(running))
            }
            if not running:
                break
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                verdicts, fetched = future.result()
                gathered.downloads += fetched
                gathered.checked += len(verdicts)
                batch.extend(verdicts)
            if len(batch) >= SAVE_EVERY:
                _save(store, batch, now)
            progress("checked", gathered.checked, total)
    except BaseException:
        for other in running:
            other.cancel()
        wait(running)  # the ones under way finish; none outlives its poll
        raise
    finally:
        _save(store, batch, now)  # what was checked stays checked, even if the poll fails
    return gathered


_pools: dict[int, ThreadPoolExecutor] = {}


def _pool(threads: int) -> ThreadPoolExecutor:
    """Kept for the process: each thread keeps its Drive client (its Http, its resources)."""
    with _checkers_lock:
        if threads not in _pools:
            _pools[threads] = ThreadPoolExecutor(threads, thread_name_prefix="fetch")
        return _pools[threads]


def _one(
    settings: Settings, source: Source, job: Job
) -> tuple[list[tuple[str, str, Verdict]], int]:
    blob, verdict, fetched = _have(settings, source, job.record)
    return [
        (job.digest, key, verdict or checkers(settings).check(blob, record))
        for key, record in job.keys
    ], fetched


def _save(store: Store, batch: list[tuple[str, str, Verdict]], now: datetime) -> None:
    if batch:
        with store.transaction():
            for digest, key, verdict in batch:
                store.save_verdict(digest, key, verdict, now)
        batch.clear()


def blob_path(settings: Settings, content_hash: str) -> Path:
    safe = hashlib.sha256(content_hash.encode()).hexdigest()
    return settings.state_dir / "content" / safe[:2] / safe


def _have(
    settings: Settings, source: Source, record: FileRecord
) -> tuple[Path, Verdict | None, int]:
    """The content on disk: (its path, a verdict if it could not be had, downloads made)."""
    assert record.content_hash
    blob = blob_path(settings, record.content_hash)
    if blob.exists():
        return blob, None, 0
    blob.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=blob.parent, prefix=".part-")
    os.close(handle)
    try:
        source.fetch(record, Path(temporary), settings.raw.validation.max_bytes)
        os.replace(temporary, blob)
    except ContentError as error:
        finding = Finding(error.code, Severity.PROBLEM, error.message_vi, error.message_en)
        return blob, Verdict(Role.EXTRA, (finding,)), 0
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return blob, None, 1


def checked(verdict: Verdict | None) -> bool:
    """A stored verdict stands, unless it only says the bytes could not be had (try again):
    access refused by the owner, or the file unreadable this time (`Unreadable`)."""
    return verdict is not None and not any(
        f.code in ACCESS_CODES or f.code.startswith(UNREADABLE_CODE) for f in verdict.findings
    )


class Checkers:
    """Isolated checking workers, one per core (each a process bounded in time and memory)."""

    def __init__(self, size: int, memory_limit_mb: int, settings: Settings) -> None:
        self.size = size
        self.settings = settings
        self._idle: queue.Queue[IsolatedChecker] = queue.Queue()
        self._all = [IsolatedChecker(memory_limit_mb) for _ in range(size)]
        for checker in self._all:
            self._idle.put(checker)

    @contextmanager
    def _one(self) -> Iterator[IsolatedChecker]:
        checker = self._idle.get()
        try:
            yield checker
        finally:
            self._idle.put(checker)

    def check(self, path: Path, record: FileRecord) -> Verdict:
        policy = self.settings.validation_policy
        mime_type = DOCX_MIME if record.mime_type == GOOGLE_DOC_MIME else record.mime_type
        with self._one() as checker:
            return checker.check(path, name=record.name, mime_type=mime_type, policy=policy)

    def close(self) -> None:
        for checker in self._all:
            checker.close()


_checkers: Checkers | None = None
_checkers_lock = threading.Lock()


def workers_for_machine() -> int:
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return max(1, min(8, available or os.cpu_count() or 1))


def checkers(settings: Settings) -> Checkers:
    """The process's checking workers (started lazily, one per core; kept for the daemon)."""
    global _checkers
    with _checkers_lock:
        if _checkers is None:
            _checkers = Checkers(
                workers_for_machine(), settings.validation_policy.memory_limit_mb, settings
            )
            atexit.register(_checkers.close)
        _checkers.settings = settings  # a reloaded config brings its own policy
        return _checkers
