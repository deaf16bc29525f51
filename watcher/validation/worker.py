"""The worker process behind IsolatedChecker: `python -m watcher.validation.worker FD MEMORY_MB`.

A plain subprocess rather than multiprocessing's spawn, which would re-run the parent's main
script. It reads (path, name, mime type, policy) from the socket FD and answers
(verdict, peak RSS in KiB, restart wanted), under an address-space limit; both as plain JSON
(watcher/validation/wire.py), never pickle.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
from multiprocessing.connection import Connection

import pypdf  # noqa: F401 - imported before "ready" so the first PDF check is not slower

from watcher.validation.check import validate_file
from watcher.validation.wire import READY, WireError, reply_to_json, request_from_json


def _serve(connection: Connection, memory_limit_mb: int) -> None:
    """Worker loop: one request in, one (verdict, peak RSS in KiB, restart) out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when the worker stops
    limit = memory_limit_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    connection.send_bytes(READY)
    while True:
        try:
            path, name, mime_type, policy = request_from_json(connection.recv_bytes())
        except (EOFError, OSError, WireError):
            return
        verdict = validate_file(path, name=name, mime_type=mime_type, policy=policy)
        exhausted = any(f.code == "file.check_crashed" for f in verdict.findings)
        connection.send_bytes(reply_to_json(verdict, peak_rss_kib(), exhausted))


def peak_rss_kib() -> int:
    """This process's own peak RSS. Linux carries ru_maxrss over an exec, so a worker started
    from a large parent would report the parent's size; VmHWM belongs to this image alone."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    os.dup2(2, 1)  # stdout joins stderr: no library can write into the protocol
    _serve(Connection(int(sys.argv[1])), int(sys.argv[2]))


if __name__ == "__main__":
    main()
