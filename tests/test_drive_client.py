"""The download threads share one Drive client (one parsed discovery document) and each sends
its requests on its own `Http` (httplib2 is not thread-safe)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httplib2
import pytest

from tests.drivestub import DriveStub
from tests.drivestub.harness import View, make_source
from watcher.sources import drive_api


def test_threads_share_one_client_and_each_sends_on_its_own_http(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[int] = []
    real_build = drive_api.build

    def counted(*args: Any, **kwargs: Any) -> Any:
        builds.append(1)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(drive_api, "build", counted)
    sent: list[tuple[int, int]] = []  # (thread, Http) of every request that left
    lock = threading.Lock()
    real_request = httplib2.Http.request

    def spied(self: httplib2.Http, *args: Any, **kwargs: Any) -> Any:
        with lock:
            sent.append((threading.get_ident(), id(self)))
        return real_request(self, *args, **kwargs)

    monkeypatch.setattr(httplib2.Http, "request", spied)
    with DriveStub(seed=5, latency=0.02) as stub:
        root = stub.add_folder("Báo cáo")
        contents = {
            stub.add_file(f"tệp {n}.pdf", root, b"%PDF-" + bytes([n]) * 500): n for n in range(24)
        }
        source = make_source(stub, root, stub.write_service_account_key(tmp_path / "key.json"))
        view = View()
        view.poll(source)
        sent.clear()

        def download(file_id: str) -> bytes:
            dest = tmp_path / f"{file_id}.bin"
            source.fetch(view.files[file_id], dest, 10_000_000)
            return dest.read_bytes()

        with ThreadPoolExecutor(6) as pool:
            got = dict(zip(contents, pool.map(download, contents), strict=True))
    assert got == {file_id: b"%PDF-" + bytes([n]) * 500 for file_id, n in contents.items()}
    assert len(builds) == 1  # one client for the lister and every download thread
    threads = {thread for thread, _ in sent}
    assert len(threads) > 1  # the downloads really ran on several threads
    by_http: dict[int, set[int]] = {}
    for thread, http in sent:
        by_http.setdefault(http, set()).add(thread)
    assert all(len(users) == 1 for users in by_http.values())  # no Http shared by two threads
