"""Checks in a separate worker process, so one hostile upload cannot hang or bloat the daemon.

The worker is started once and reused (per-file cost is one pipe round trip). It runs under
an address-space limit; a check that outlives its timeout gets the worker killed and
replaced, and the file a "file.check_timeout" problem. A worker that dies (segfault, killed
by the OS) gives "file.check_crashed", and so does an answer that is not a verdict: the two
speak plain JSON (watcher/validation/wire.py), checked on arrival, never pickle.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

import structlog

from watcher.model import Role, Verdict
from watcher.validation.messages import finding
from watcher.validation.policy import ValidationPolicy
from watcher.validation.wire import (
    MAX_REPLY_BYTES,
    READY,
    WireError,
    reply_from_json,
    request_to_json,
)

log = structlog.get_logger(__name__)
_START_TIMEOUT = 60.0  # seconds for a fresh worker to import its libraries


def _failed(code: str) -> Verdict:
    return Verdict(Role.EXTRA, (finding(code),), detected="unknown")


class IsolatedChecker:
    """One reusable worker process. Thread-safe; use one per concurrent checking lane."""

    def __init__(self, memory_limit_mb: int = ValidationPolicy.memory_limit_mb) -> None:
        self.memory_limit_mb = memory_limit_mb
        self.last_peak_rss_mb = 0.0  # the worker's lifetime peak after the last check
        self.restarts = 0
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._connection: Connection | None = None

    def _start(self) -> Connection:
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        command = [
            sys.executable,
            "-m",
            "watcher.validation.worker",
            str(theirs.fileno()),
            str(self.memory_limit_mb),
        ]
        self._process = subprocess.Popen(
            command, pass_fds=[theirs.fileno()], env={**os.environ, "PYTHONPATH": path}
        )
        theirs.close()
        self._connection = Connection(ours.detach())
        if (
            not self._connection.poll(_START_TIMEOUT)
            or self._connection.recv_bytes(MAX_REPLY_BYTES) != READY
        ):
            self._stop()
            raise RuntimeError("the validation worker did not start")
        return self._connection

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(5)
        if self._connection is not None:
            self._connection.close()
        self._process, self._connection = None, None

    def check(
        self,
        path: Path,
        *,
        name: str,
        mime_type: str | None = None,
        policy: ValidationPolicy = ValidationPolicy(),  # noqa: B008
    ) -> Verdict:
        with self._lock:
            if policy.memory_limit_mb != self.memory_limit_mb:
                self._stop()
                self.memory_limit_mb = policy.memory_limit_mb
            return self._round_trip(str(path), name, mime_type, policy)

    def _round_trip(
        self, path: str, name: str, mime_type: str | None, policy: ValidationPolicy
    ) -> Verdict:
        try:
            connection = self._connection or self._start()
        except (OSError, RuntimeError) as error:
            log.error("validation.worker_start_failed", file=name, error=str(error))
            return _failed("file.check_crashed")
        started = time.monotonic()
        try:
            connection.send_bytes(request_to_json(path, name, mime_type, policy))
            if not connection.poll(policy.timeout_seconds):
                log.warning("validation.timeout", file=name, seconds=policy.timeout_seconds)
                self._replace()
                return _failed("file.check_timeout")
            verdict, peak_kib, exhausted = reply_from_json(connection.recv_bytes(MAX_REPLY_BYTES))
        except (EOFError, OSError, BrokenPipeError):
            log.warning("validation.worker_died", file=name, after=time.monotonic() - started)
            self._replace()
            return _failed("file.check_crashed")
        except WireError as error:  # a worker that says something else is not trusted again
            log.error("validation.worker_reply_refused", file=name, error=str(error))
            self._replace()
            return _failed("file.check_crashed")
        self.last_peak_rss_mb = peak_kib / 1024
        if exhausted:
            self._replace()  # a MemoryError can leave the worker in a poor state
        return verdict

    @property
    def worker_pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _replace(self) -> None:
        self._stop()
        self.restarts += 1

    def close(self) -> None:
        with self._lock:
            self._stop()

    def __enter__(self) -> IsolatedChecker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_shared: IsolatedChecker | None = None
_shared_lock = threading.Lock()


def shared_checker() -> IsolatedChecker:
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = IsolatedChecker()
            atexit.register(_shared.close)
        return _shared


def validate_isolated(
    path: Path,
    *,
    name: str,
    mime_type: str | None = None,
    policy: ValidationPolicy = ValidationPolicy(),  # noqa: B008
) -> Verdict:
    """validate_file in the shared worker process, bounded in time and memory. Never raises."""
    try:
        return shared_checker().check(path, name=name, mime_type=mime_type, policy=policy)
    except Exception as error:  # the worker could not even start
        log.error("validation.isolation_failed", file=name, error=str(error))
        return _failed("file.check_crashed")
