"""The worker's answers are plain JSON, checked on arrival: a worker taken over by a hostile
file cannot make the daemon run code, nor slip it a verdict of a shape it does not know."""

from __future__ import annotations

import json
import os
import pickle
import socket
import subprocess
import sys
import textwrap
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from tests.helpers import make_docx
from watcher.model import Role, Severity, Verdict
from watcher.validation import IsolatedChecker, ValidationPolicy, finding
from watcher.validation.wire import (
    READY,
    WireError,
    reply_from_json,
    reply_to_json,
    request_from_json,
    request_to_json,
)


def test_verdicts_and_requests_survive_the_round_trip() -> None:
    verdict = Verdict(
        Role.SCAN,
        (finding("image.too_small", Severity.WARNING, width=800, height=600, min_px=1000),),
        "PHÒNG GIÁO DỤC \u202e",
        "jpeg",
    )
    assert reply_from_json(reply_to_json(verdict, 4096, False)) == (verdict, 4096, False)
    policy = ValidationPolicy(max_bytes=10, blank_template_sha256=("ab" * 32,))
    path, name, mime, again = request_from_json(request_to_json("/x/a.pdf", "a.pdf", None, policy))
    assert (str(path), name, mime, again) == ("/x/a.pdf", "a.pdf", None, policy)


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch /tmp/should-never-exist",))


def _reply(**changes: object) -> bytes:
    good = json.loads(reply_to_json(Verdict(Role.WORD, (), "", "docx"), 1, False))
    for key, value in changes.items():
        if key in good:
            good[key] = value
        else:
            good["verdict"][key] = value
    return json.dumps(good).encode()


@pytest.mark.parametrize(
    "data",
    [
        pickle.dumps((_Evil(), 1, False)),
        b"[1, 2, 3]",
        b'{"verdict": {}, "peak_kib": 1, "exhausted": false}',
        _reply(role="admin"),
        _reply(detected="docx; rm -rf /"),
        _reply(findings=[{"code": "made.up", "severity": "problem", "vi": "x", "en": "x"}]),
        _reply(findings=[{"code": "file.empty", "severity": "fatal", "vi": "x", "en": "x"}]),
        _reply(
            findings=[{"code": "file.empty", "severity": "problem", "vi": "x" * 5000, "en": ""}]
        ),
        _reply(peak_kib=-1),
        _reply(peak_kib=True),
        _reply(exhausted="no"),
        b"[" * 100_000,
        b'{"x": "' + b"a" * (5 * 2**20) + b'"}',
    ],
    ids=lambda data: data[:30].decode("latin-1"),
)
def test_anything_but_a_verdict_is_refused(data: bytes) -> None:
    with pytest.raises(WireError):
        reply_from_json(data)


HOSTILE_WORKER = textwrap.dedent(
    """
    import os, pickle, sys
    from multiprocessing.connection import Connection

    class Evil:
        def __reduce__(self):
            return (open, (sys.argv[2], "w"))

    connection = Connection(int(sys.argv[1]))
    connection.send_bytes(READY)
    connection.recv_bytes()
    connection.send_bytes(pickle.dumps((Evil(), 1, False)))
    connection.recv_bytes()
    """
).replace("READY", repr(READY))


class HostileChecker(IsolatedChecker):
    """The real checker, with its worker replaced by one that answers with a pickle."""

    def __init__(self, marker: Path) -> None:
        super().__init__()
        self.marker = marker

    def _start(self) -> Connection:
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-c", HOSTILE_WORKER, str(theirs.fileno()), str(self.marker)]
        self._process = subprocess.Popen(command, pass_fds=[theirs.fileno()])
        theirs.close()
        self._connection = Connection(ours.detach())
        assert self._connection.recv_bytes() == READY
        return self._connection


def test_a_worker_answering_with_a_pickle_runs_nothing_in_the_daemon(tmp_path: Path) -> None:
    marker = tmp_path / "the-pickle-ran"
    document = make_docx(tmp_path / "a.docx")
    with HostileChecker(marker) as checker:
        verdict = checker.check(document, name="a.docx")
        assert [f.code for f in verdict.findings] == ["file.check_crashed"]
        assert checker.restarts == 1  # never trusted again
    assert not marker.exists()
    with IsolatedChecker() as real:  # and the real worker still answers in JSON
        assert real.check(document, name="a.docx").role is Role.WORD
