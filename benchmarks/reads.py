"""`watcher status`, `digest` and `report` at province scale, from a state built once.

    python benchmarks/reads.py --schools 5000 --keep /tmp/reads-5000   # build, then measure
    python benchmarks/reads.py --reuse /tmp/reads-5000                 # measure again

The district is the one `benchmarks/poll.py` puts in the Drive stand-in (one folder per
school, 3 periods x a Word file and a scan, ~6 % of periods not sent). Building its state by
a real cold sync takes most of an hour at 5,000 schools on a shared machine, so the contents
are checked once (the real isolated checker, on the real ~37 KB .docx and ~125 KB scan) and
that verdict is stored for every file's checksum; then a real `watcher poll` (no latency)
lists the stand-in, finds every content checked, and matches, evaluates, stores the rows and
queues the mail exactly as a cold sync would. The state dir is kept (`--keep`), and every
measured command runs in a fresh process on a fresh copy of it.

Each read is measured as `benchmarks/poll.py` measures a phase: "work" is reading the rows
(`current_rows`), "command" the whole CLI run (imports, config and roster, output), CPU the
process's own, peak RSS. POLL_BENCH_PROFILE=DIR writes a cProfile dump of each.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.poll import NOW, Clock, Contents, build, run, write_config  # noqa: E402


def seed_verdicts(district: Any, config: Path, contents: Contents) -> int:
    """Every file's content checked, as a cold sync would leave it: one real check of each
    kind, stored under every file's checksum and verdict key."""
    from watcher.config import load
    from watcher.pipeline import policy_key, verdict_key
    from watcher.store import Store
    from watcher.validation import IsolatedChecker

    settings = load(config)
    policy = policy_key(settings)
    checker = IsolatedChecker(settings.validation_policy.memory_limit_mb)
    base = district.folder / "seed"
    base.mkdir(exist_ok=True)
    (base / "w.docx").write_bytes(contents.word + b"\0\0")
    (base / "s.pdf").write_bytes(contents.scan)
    verdicts: dict[str, Any] = {}
    items = [district.stub.store.items[file_id] for file_id in district.files]
    store = Store.open(settings.state_dir)
    try:
        with store.transaction():
            for item in items:
                sample = base / ("w.docx" if item.name.endswith(".docx") else "s.pdf")
                if sample.name not in verdicts:
                    verdicts[sample.name] = checker.check(
                        sample,
                        name=item.name,
                        mime_type=item.mime_type,
                        policy=settings.validation_policy,
                    )
                digest = hashlib.md5(item.content).hexdigest()
                key = verdict_key(policy, item.name, item.mime_type)
                store.save_verdict(digest, key, verdicts[sample.name], datetime.now(UTC))
    finally:
        store.close()
        checker.close()
    return len(items)


def build_state(schools: int, keep: Path) -> None:
    keep.mkdir(parents=True)
    contents = Contents(keep)
    started = time.perf_counter()
    district = build(schools, 0.0, keep, contents)
    try:
        config = write_config(district, "pool")
        seeded = seed_verdicts(district, config, contents)
        print(
            f"seeded {seeded:,} verdicts in {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
        figures = run(
            district,
            Clock(district.stub),
            "poll",
            "--no-send",
            "--config",
            str(config),
            "--now",
            NOW,
        )
        print(
            f"poll (listing, matching, rows; no download): {figures['downloads']} downloads, "
            f"{figures['wall']:.1f} s, CPU {figures['cpu']:.1f} s, {figures['rss_mb']:.0f} MB",
            file=sys.stderr,
        )
        (keep / "built.json").write_text(
            json.dumps({"schools": schools, "files": len(district.files)})
        )
    finally:
        district.stub.stop()


READS = {
    "status --format json": ["status", "--format", "json"],
    "status (table)": ["status"],
    "digest --preview": ["digest", "--preview", "{out}/digest.html"],
    "report .xlsx": ["report", "--campaign", "province", "--out", "{out}/report.xlsx"],
    "report .docx": ["report", "--campaign", "province", "--out", "{out}/report.docx"],
    "report .csv": ["report", "--campaign", "province", "--out", "{out}/report.csv"],
}


class NoStub:
    """The reads make no Drive request: nothing to count."""

    api_requests = 0
    counts: dict[str, int] = {"files.get_media": 0, "files.export": 0}

    def reset_counts(self) -> None:
        return None


def measure(kept: Path, only: list[str], repeat: int) -> list[tuple[str, dict[str, Any]]]:
    results = []
    for name, args in READS.items():
        if only and not any(word in name for word in only):
            continue
        runs = []
        for _ in range(repeat):
            with tempfile.TemporaryDirectory(prefix="reads-") as temporary:
                work = Path(temporary)
                shutil.copytree(kept / "pool", work / "pool", symlinks=True)
                config = work / "pool" / "watcher.toml"
                text = config.read_text(encoding="utf-8").replace(
                    str(kept / "pool"), str(work / "pool")
                )
                config.write_text(text, encoding="utf-8")
                filled = [a.replace("{out}", str(work)) for a in args]
                district = type("D", (), {"stub": NoStub()})()
                clock = type("C", (), {"arrivals": [], "busiest_second": lambda self: 0})()
                runs.append(run(district, clock, *filled, "--config", str(config), "--now", NOW))  # type: ignore[arg-type]
        runs.sort(key=lambda r: r["wall"])
        middle = runs[len(runs) // 2]
        middle["cpu_median"] = statistics.median(r["cpu"] for r in runs)
        results.append((name, middle))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="build the state here (kept)")
    parser.add_argument("--reuse", type=Path, help="a state built before with --keep")
    parser.add_argument("--only", nargs="*", default=[], help="reads whose name has this word")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each read (the median)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reads-build-") as temporary:
        kept = options.reuse or options.keep or Path(temporary) / "state"
        if options.reuse is None:
            build_state(options.schools, kept)
        built = json.loads((kept / "built.json").read_text())
        results = measure(kept, options.only, options.repeat)
    print(f"{built['schools']:,} schools, {built['files']:,} files (median of {options.repeat}):\n")
    print(
        "| read | work (rows) | command | process | CPU | peak RSS |\n|---|---:|---:|---:|---:|---:|"
    )
    for name, r in results:
        print(
            f"| {name} | {r['work']:.2f} s | {r['wall']:.2f} s | {r['process_wall']:.2f} s "
            f"| {r['cpu_median']:.2f} s | {r['rss_mb']:.0f} MB |"
        )


if __name__ == "__main__":
    main()
