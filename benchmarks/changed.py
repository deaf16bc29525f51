"""`watcher poll` with k changed files at province scale, on a state built once.

    python benchmarks/changed.py                          # quick: 200 schools, 50 changes
    python benchmarks/changed.py --schools 5000 --repeat 3   # the figures

The district is the one `benchmarks/poll.py` puts in the Drive stand-in. Its state is built
as `benchmarks/reads.py` builds it (every content checked once by the real isolated checker,
that verdict stored under every file's checksum, the bytes put in the content cache), then
one real `watcher poll` (no latency, no mail sent) lists the stand-in, matches, evaluates,
stores the rows, queues the mail and archives every file, as a cold sync would. Then k files
get a new revision in the stand-in, it answers every request after `--latency` (100 ms),
and each measured run is one real `watcher poll` in a fresh process on a fresh copy of
that state in the same place (the database copied, the content cache and the archive
hard-linked; the manifest and new copies replace or join files, never change one): the k downloads,
their checks, matching, rows, mail (up to 100 delivered to the outbox), the archive.

"work" is the cycle (`run_cycle`), of which "downloads and checks" the fetching and checking
of the k new contents (`gather_verdicts`), "command" the whole CLI run; CPU the process's own.
POLL_BENCH_PROFILE=DIR writes a cProfile dump of each run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.poll import NOW, Clock, Contents, District, build, run, write_config  # noqa: E402
from benchmarks.reads import seed_verdicts  # noqa: E402


def seed_contents(district: District, config: Path, contents: Contents) -> None:
    """The content cache as a cold sync leaves it: each file's bytes under its checksum (one
    real document of each kind, hard-linked: the archive copies them as it would)."""
    import hashlib

    from watcher.config import load
    from watcher.content import blob_path

    settings = load(config)
    samples = district.folder / "samples"
    samples.mkdir(exist_ok=True)
    (samples / "w.docx").write_bytes(contents.word + b"\0\0")
    (samples / "s.pdf").write_bytes(contents.scan)
    for file_id in district.files:
        item = district.stub.store.items[file_id]
        blob = blob_path(settings, hashlib.md5(item.content).hexdigest())
        blob.parent.mkdir(parents=True, exist_ok=True)
        os.link(samples / ("w.docx" if item.name.endswith(".docx") else "s.pdf"), blob)


def fresh_copy(kept: Path, aside: Path) -> None:
    """The kept state moved to `aside`, and a fresh copy of it put in its place (the same
    paths: the archive's record of where it is stays true): the database copied, every
    other file hard-linked (what a poll writes replaces files, it never changes one)."""
    kept.rename(aside)
    for folder, _, files in os.walk(aside):
        target = kept / Path(folder).relative_to(aside)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            source = Path(folder) / name
            if name.startswith("watcher.sqlite3") or name.endswith((".toml", ".json")):
                shutil.copy2(source, target / name)
            else:
                os.link(source, target / name)


def put_back(kept: Path, aside: Path) -> None:
    shutil.rmtree(kept)
    aside.rename(kept)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build the state here (kept)")
    parser.add_argument("--reuse", type=Path, help="a state built before with --keep")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="changed-") as temporary:
        base = options.reuse or options.keep or Path(temporary)
        base.mkdir(parents=True, exist_ok=True)
        contents = Contents(base)
        started = time.perf_counter()
        district = build(options.schools, 0.0, base, contents)  # the same district each time
        try:
            clock = Clock(district.stub)
            config = write_config(district, "pool")  # this stand-in's address and key
            if options.reuse is None:
                seed_verdicts(district, config, contents)
                seed_contents(district, config, contents)
                built = run(
                    district, clock, "poll", "--no-send", "--config", str(config), "--now", NOW
                )
                print(
                    f"built {len(district.files):,} files in {time.perf_counter() - started:.0f} s "
                    f"(the poll: {built['wall']:.0f} s, {built['downloads']} downloads)",
                    file=sys.stderr,
                )
            step = max(1, len(district.files) // options.changes)
            for file_id in district.files[::step][: options.changes]:
                district.stub.update_file(file_id, b"")  # a new revision, new content
            district.stub.faults.latency = options.latency
            runs: list[dict[str, Any]] = []
            for number in range(options.repeat):
                aside = config.parent.with_name("pool.kept")
                fresh_copy(config.parent, aside)
                try:
                    runs.append(poll_once(district, clock, config))
                finally:
                    put_back(config.parent, aside)
                print(f"run {number + 1}: {runs[-1]['work']:.2f} s", file=sys.stderr)
        finally:
            district.stub.stop()
    report(options, len(district.files), runs)


def poll_once(district: District, clock: Clock, config: Path) -> dict[str, Any]:
    return run(district, clock, "poll", "--config", str(config), "--now", NOW)


def report(options: argparse.Namespace, files: int, runs: list[dict[str, Any]]) -> None:
    middle = sorted(runs, key=lambda r: r["work"])[len(runs) // 2]
    print(
        f"{options.schools:,} schools, {files:,} files, {options.changes} changed, "
        f"latency {options.latency * 1000:.0f} ms (median of {len(runs)}):\n"
    )
    print(
        "| requests | downloads | work | downloads and checks | work beyond them | command "
        "| CPU | CPU (median) | peak RSS |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    print(
        f"| {middle['requests']} | {middle['downloads']} | {middle['work']:.2f} s "
        f"| {middle['fetch']:.2f} s | {middle['work'] - middle['fetch']:.2f} s "
        f"| {middle['wall']:.2f} s | {middle['cpu']:.2f} s "
        f"| {statistics.median(r['cpu'] for r in runs):.2f} s | {middle['rss_mb']:.0f} MB |"
    )
    print(
        "runs (work, beyond the downloads and checks): "
        + ", ".join(f"{r['work']:.2f} s, {r['work'] - r['fetch']:.2f} s" for r in runs)
    )


if __name__ == "__main__":
    main()
