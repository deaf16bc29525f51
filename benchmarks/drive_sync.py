"""Drive source at district scale: requests, time, bytes and memory.

    /work/venv/bin/python benchmarks/drive_sync.py [200 1000 5000]

For each scale the stand-in Drive (tests/drivestub) holds one subfolder per school with
3 periods x 2 files, and answers every API request after 20 ms. The watcher side runs in a
separate, freshly spawned process (so its peak RSS is its own) through the real
google-api-python-client and google-auth: a cold sync (full listing, then one download of
every file), an idle poll, and a poll after 10 files got a new revision (downloading what
changed by content hash). Request counts come from the server; time is wall-clock.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.drivestub import DriveStub  # noqa: E402
from tests.drivestub.schools import build_district  # noqa: E402

LATENCY = 0.020
DOWNLOAD_THREADS = 32
MAX_BYTES = 50 * 1024 * 1024
LISTING = ("files.list", "files.get", "changes.getStartPageToken", "changes.list")


# --- the watcher side (child process) ------------------------------------------------------
def watcher(pipe: Connection, endpoint: str, key: str, root: str) -> None:
    import logging

    import structlog

    from watcher.sources.drive import DriveSettings, DriveSource

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    pool = ThreadPoolExecutor(DOWNLOAD_THREADS)  # one Drive client per thread, kept

    settings = DriveSettings(credentials_file=Path(key), api_endpoint=endpoint)
    source = DriveSource(root, settings)
    known: dict[str, str | None] = {}
    cursor: str | None = None
    scratch = Path(tempfile.mkdtemp(prefix="drive-bench-"))
    while (command := pipe.recv()) != "stop":
        started = time.perf_counter()
        delta = source.changes(cursor)
        listed = time.perf_counter() - started
        cursor = delta.cursor
        fresh = [r for r in delta.files if known.get(r.id) != r.content_hash]
        started = time.perf_counter()
        downloaded = _download_all(pool, source, fresh, scratch)
        known.update({record.id: record.content_hash for record in delta.files})
        pipe.send(
            {
                "phase": command,
                "full": delta.full,
                "files": len(delta.files),
                "list_s": listed,
                "downloads": len(fresh),
                "download_s": time.perf_counter() - started,
                "bytes": downloaded,
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )


def _download_all(pool: ThreadPoolExecutor, source: Any, records: list[Any], scratch: Path) -> int:
    def one(record: Any) -> int:
        dest = scratch / record.id
        source.fetch(record, dest, MAX_BYTES)
        size = dest.stat().st_size
        dest.unlink()
        return size

    return sum(pool.map(one, records))


# --- the driver (this process hosts the stand-in) -------------------------------------------
def run(schools: int) -> dict[str, Any]:
    stub = DriveStub(latency=LATENCY).start()
    district = build_district(stub, schools)
    key = stub.write_service_account_key(Path(tempfile.mkdtemp()) / "key.json")
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(
        target=watcher, args=(theirs, stub.api_endpoint, str(key), district.root)
    )
    child.start()
    try:
        results = {"schools": schools, "files": len(district.files)}
        results["cold"] = _phase(stub, ours, "cold")
        results["idle"] = _phase(stub, ours, "idle")
        for file_id in district.files[:: max(1, len(district.files) // 10)][:10]:
            stub.update_file(file_id, b"revision 2 of " + file_id.encode())
        results["changed"] = _phase(stub, ours, "changed")
        ours.send("stop")
        return results
    finally:
        child.join(timeout=30)
        stub.stop()


def _phase(stub: DriveStub, pipe: Connection, name: str) -> dict[str, Any]:
    stub.reset_counts()
    pipe.send(name)
    answer: dict[str, Any] = pipe.recv()
    answer["list_requests"] = sum(stub.counts[e] for e in LISTING)
    answer["download_requests"] = stub.counts["files.get_media"] + stub.counts["files.export"]
    answer["bytes_served"] = stub.bytes_served
    return answer


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| schools | files | cold: listing requests | cold: listing time | cold: downloads "
        "(requests) | cold: download time | cold: bytes | idle poll: requests | idle poll: "
        "time | 10 changed: requests (listing + download) | 10 changed: downloads | 10 "
        "changed: time | peak RSS (watcher) |",
        "|" + "---:|" * 13,
    ]
    for row in rows:
        cold, idle, changed = row["cold"], row["idle"], row["changed"]
        lines.append(
            f"| {row['schools']:,} | {row['files']:,} | {cold['list_requests']} "
            f"| {cold['list_s']:.2f} s | {cold['downloads']:,} ({cold['download_requests']:,}) "
            f"| {cold['download_s']:.1f} s | {cold['bytes']:,} B | {idle['list_requests']} "
            f"| {idle['list_s'] * 1000:.0f} ms "
            f"| {changed['list_requests']} + {changed['download_requests']} "
            f"| {changed['downloads']} | {(changed['list_s'] + changed['download_s']) * 1000:.0f} ms "
            f"| {changed['rss_mb']:.0f} MB |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    scales = [int(arg) for arg in argv] or [200, 1000, 5000]
    rows = []
    for schools in scales:
        started = time.perf_counter()
        rows.append(run(schools))
        print(f"{schools} schools done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(table(rows))
    for row in rows:
        assert row["idle"]["list_requests"] == 1, row
        assert row["changed"]["downloads"] == 10, row
    big = [row for row in rows if row["schools"] >= 5000]
    assert all(row["cold"]["list_requests"] <= 200 for row in big), big


if __name__ == "__main__":
    main(sys.argv[1:])
