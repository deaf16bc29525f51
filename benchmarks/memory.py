"""Peak memory of `watcher poll` through a cold sync, at several sizes: the per-file slope.

    python benchmarks/memory.py 200 500 1000          # cold syncs, 20 ms latency
    POLL_BENCH_TRACEMALLOC=DIR python benchmarks/memory.py 500   # and what holds the heap

The district and the measured process are `benchmarks/poll.py`'s (real documents, the real
CLI in a fresh process: listing, downloads, isolated validation, matching, SQLite, archive,
outbox). Peak RSS is the main process's `ru_maxrss` (the checking workers are their own
processes, bounded by `validation.memory_limit_mb`). The slope between the smallest and the
largest size, per file, projects the figure at 30,000 files.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.poll import NOW, Clock, Contents, build, run, write_config  # noqa: E402


def cold(schools: int, latency: float, work: Path, contents: Contents) -> dict[str, float]:
    folder = work / f"m{schools}"
    folder.mkdir()
    district = build(schools, latency, folder, contents)
    try:
        config = write_config(district, "pool")
        figures = run(district, Clock(district.stub), "poll", "--config", str(config), "--now", NOW)
    finally:
        district.stub.stop()
    figures["files"] = len(district.files)
    print(
        f"[{schools}] {figures['files']:,} files: {figures['rss_mb']:.0f} MB, "
        f"{figures['wall']:.0f} s",
        file=sys.stderr,
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", type=int, nargs="+", help="numbers of schools")
    parser.add_argument("--latency", type=float, default=0.02)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="memory-bench-") as temporary:
        work = Path(temporary)
        contents = Contents(work)
        results = [(n, cold(n, options.latency, work, contents)) for n in options.sizes]
    print(
        "| schools | files | downloads | command | CPU | peak RSS |\n|---:|---:|---:|---:|---:|---:|"
    )
    for schools, r in results:
        print(
            f"| {schools:,} | {r['files']:,} | {r['downloads']:,} | {r['wall']:.0f} s "
            f"| {r['cpu']:.0f} s | {r['rss_mb']:.0f} MB |"
        )
    if len(results) > 1:
        (_, small), (_, big) = results[0], results[-1]
        slope = (big["rss_mb"] - small["rss_mb"]) * 1024 / (big["files"] - small["files"])
        at = big["rss_mb"] + slope * (30_000 - big["files"]) / 1024
        print(f"\nslope {slope:.1f} KB a file; projected at 30,000 files: {at:.0f} MB")


if __name__ == "__main__":
    main()
