"""`watcher poll` end to end at province scale, against the Drive stand-in with latency.

    python benchmarks/poll.py                      # quick: 200 schools (1,200 files)
    python benchmarks/poll.py --schools 5000 --small 500 --compare 500   # the figures

A district of N schools (one folder per school, named as the roster names it; 3 periods x a
real .docx of ~37 KB and a real scanned PDF of ~125 KB, every content distinct) lives in the
stand-in (tests/drivestub), which answers every API request after `--latency` seconds (100 ms
by default: Drive's own). Every phase runs the real CLI (`watcher poll`, `status --format
json`, `digest --preview`) in a fresh process: listing, downloads, isolated validation,
matching, SQLite, the archive. Figures: requests and downloads (counted by the stand-in), the
busiest second of requests, wall time, the CLI process's CPU (and its checking workers'),
its peak RSS.

Phases: cold sync (default pool), idle poll, 50 files changed, a deadline passing, status and
digest reads; at `--small` schools the idle poll again (the ratio) and, at `--compare`
schools, the cold sync one file at a time (`drive.download_threads = 1`) against the pool
in the same run, statuses compared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.matching import roster  # noqa: E402
from tests.drivestub.server import DriveStub, Logged  # noqa: E402
from tests.drivestub.store import Item  # noqa: E402
from tests.helpers import local, make_docx, make_scan  # noqa: E402

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOW = "2025-11-05 10:00"  # a Wednesday, in the send window; the third period still open
PERIODS = (  # id, label, due before, keyword, on-time uploads (a day of ten), a late upload
    (
        "2023-annual",
        "Báo cáo năm 2023",
        "2023-11-01",
        "bao cao nam 2023",
        "2023-10-2",
        "2023-11-03",
    ),
    ("2024-interim", "Báo cáo sơ kết 2024", "2024-06-01", "so ket 2024", "2024-05-2", "2024-06-04"),
    (
        "2025-final",
        "Báo cáo tổng kết 2025",
        "2025-11-06",
        "tong ket 2025",
        "2025-10-2",
        "2025-11-08",
    ),
)


# --- the district, in the stand-in ---------------------------------------------------------
class Contents:
    """Real documents, made distinct per file without holding 30,000 of them in memory."""

    def __init__(self, folder: Path) -> None:
        word = make_docx(folder / "base.docx", school="Công Lập", title="Báo cáo").read_bytes()
        self.word = word[:-2]  # a zip's last two bytes: its comment length (0)
        self.scan = make_scan(folder / "base.pdf").read_bytes()

    def of(self, item: Item) -> bytes:
        unique = item.id.encode() + b"-r%d" % item.revision
        if item.mime_type == DOCX:
            return self.word + struct.pack("<H", len(unique)) + unique
        return self.scan + b"\n%" + unique + b"\n"


class LazyItem(Item):
    contents: Contents

    @property  # type: ignore[override]
    def content(self) -> bytes:
        return self.contents.of(self)

    @content.setter
    def content(self, value: bytes) -> None:  # a new revision: `of` follows item.revision
        pass


@dataclass
class District:
    stub: DriveStub
    root: str
    files: list[str]
    folder: Path  # config, roster, state


def build(schools: int, latency: float, folder: Path, contents: Contents) -> District:
    rng = random.Random(schools)
    stub = DriveStub(latency=latency).start()
    root = stub.add_folder("Báo cáo CĐ Môi trường")
    LazyItem.contents = contents
    files: list[str] = []
    people = roster(schools, rng)
    for school in people:
        parent = stub.add_folder(school.name, root)
        for _, _, _, words, month, late in PERIODS:
            if rng.random() < 0.06:
                continue  # this school has not sent this period: missing
            on_time = rng.random() < 0.92
            when = local(f"{month}{rng.randrange(10)} 09:00") if on_time else local(f"{late} 09:00")
            for kind, ending, mime in (("", ".docx", DOCX), (" scan", ".pdf", "application/pdf")):
                name = f"{words} - {school.name}{kind}{ending}"
                file_id = stub.add_file(name, parent, b"", mime, created=when)
                stub.store.items[file_id].__class__ = LazyItem
                files.append(file_id)
    (folder / "schools.csv").write_text(
        "code,name,level,aliases,emails\n"
        + "".join(f"{s.code},{s.name},{s.level},,{s.emails[0]}\n" for s in people),
        encoding="utf-8",
    )
    return District(stub, root, files, folder)


def write_config(district: District, name: str, **drive: object) -> Path:
    folder = district.folder / name
    folder.mkdir(parents=True, exist_ok=True)
    key = district.stub.write_service_account_key(folder / "key.json")
    periods = "".join(
        f'\n[[campaign.period]]\nid = "{pid}"\nlabel = "{label}"\ndue_before = "{due}"\n'
        f'keywords = ["{words}"]\n'
        for pid, label, due, words, _, _ in PERIODS
    )
    extra = "".join(f"{k} = {json.dumps(v)}\n" for k, v in drive.items())
    config = f"""timezone = "Asia/Ho_Chi_Minh"
state_dir = "{folder / "var"}"
archive_dir = "{folder / "archive"}"
language = "vi"

[email]
transport = "outbox"
outbox_dir = "{folder / "outbox"}"
sender = "Phòng GDĐT <pgd@example.edu.vn>"
staff = ["chuyenvien@example.edu.vn"]


[[campaign]]
id = "province"
title = "Báo cáo biến đổi khí hậu"
roster = "{district.folder / "schools.csv"}"
require = ["word", "scan"]
source = {{ type = "drive", folder_id = "{district.root}" }}
{periods}
[drive]
credentials_file = "{key}"
api_endpoint = "{district.stub.api_endpoint}"
{extra}"""
    path = folder / "watcher.toml"
    path.write_text(config, encoding="utf-8")
    return path


# --- one CLI run in a fresh process ----------------------------------------------------------
def child(out: str, args: list[str]) -> None:
    """Runs in the measured process: the CLI as `python -m watcher` runs it."""
    import watcher.cycle
    import watcher.pipeline
    from watcher.cli import app

    inner = {"s": 0.0, "fetch": 0.0}  # the work itself: the poll's cycle, or reading the rows

    def timed(function: Any, into: str = "s") -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                inner[into] += time.perf_counter() - started

        return run

    watcher.cycle.run_cycle = timed(watcher.cycle.run_cycle)  # type: ignore[assignment]
    watcher.pipeline.current_rows = timed(watcher.pipeline.current_rows)  # type: ignore[assignment]
    # the downloads and their checks, within the cycle
    watcher.pipeline.gather_verdicts = timed(watcher.pipeline.gather_verdicts, "fetch")  # type: ignore[assignment]

    traced = os.environ.get("POLL_BENCH_TRACEMALLOC")  # a folder: the heap at its peak
    if traced:
        peak_snapshots(Path(traced), args[0])
    timeline = os.environ.get("POLL_BENCH_RSS")  # a folder: RSS over time, by phase
    if timeline:
        rss_timeline(Path(timeline), args[0])
    profile_to = os.environ.get("POLL_BENCH_PROFILE")  # a folder: one cProfile dump a run
    profiler = None
    threads: list[Any] = []  # the download threads' own profiles (cProfile is per thread)
    if profile_to:
        import cProfile
        import threading

        import watcher.content

        profiler = cProfile.Profile()
        profiler.enable()
        mine = threading.local()
        one = watcher.content._one

        def profiled(*args: Any, **kwargs: Any) -> Any:
            if not hasattr(mine, "profile"):
                mine.profile = cProfile.Profile()
                threads.append(mine.profile)
            mine.profile.enable()
            try:
                return one(*args, **kwargs)
            finally:
                mine.profile.disable()

        watcher.content._one = profiled  # type: ignore[assignment]
    started = time.perf_counter()
    code = 0
    try:
        app(args, standalone_mode=False)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    wall = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        stamp = f"{args[0]}-{time.time():.0f}"
        profiler.dump_stats(Path(str(profile_to)) / f"{stamp}.prof")
        if threads:
            import pstats

            merged = pstats.Stats(threads[0])
            for other in threads[1:]:
                merged.add(other)
            merged.dump_stats(Path(str(profile_to)) / f"{stamp}-threads.prof")
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "code": code,
        "wall": wall,
        "work": inner["s"],
        "fetch": inner["fetch"],
        "cpu": own.ru_utime + own.ru_stime,
        "workers_cpu": workers.ru_utime + workers.ru_stime,
        "rss_mb": own.ru_maxrss / 1024,
    }
    Path(out).write_text(json.dumps(figures))
    for last in AT_END:
        last()
    os._exit(0)  # the checking workers' atexit would count in the wall otherwise


AT_END: list[Any] = []  # run before the child's os._exit
PHASES = (  # (module, function, phase name): what the RSS timeline marks
    ("watcher.cycle", "poll_campaign", "listing"),
    ("watcher.pipeline", "gather_verdicts", "downloads"),
    ("watcher.pipeline", "_apply", "store files"),
    ("watcher.pipeline", "reevaluate", "evaluation"),
    ("watcher.cycle", "_queue", "mail"),
    ("watcher.cycle", "_archive", "archive"),
    ("watcher.cycle", "deliver", "delivery"),
)


def rss_timeline(folder: Path, name: str) -> None:
    """Sample VmRSS every 0.2 s; note the phase each sample falls in and each phase's peak
    (FOLDER/NAME-PID.rss at exit, a line a phase: its start, its highest RSS sampled, and
    the process's peak RSS (VmHWM) when it began: the phase that raised it is the culprit)."""
    import importlib
    import threading

    started = time.perf_counter()
    phases: list[list[Any]] = [["start", 0.0, 0.0, 0.0]]

    trim = os.environ.get("POLL_BENCH_TRIM") == "1"  # what malloc_trim gives back, per phase

    def enter(phase: str) -> None:
        if trim:
            import ctypes

            before = rss()
            ctypes.CDLL("libc.so.6").malloc_trim(0)
            phase = f"{phase} (trimmed {before:.0f} MB)"
        import tracemalloc

        if tracemalloc.is_tracing():  # with POLL_BENCH_TRACEMALLOC: the heap at each mark
            traced, _ = tracemalloc.get_traced_memory()
            tracemalloc.take_snapshot().dump(str(folder / f"{name}-{len(phases):02d}.tracemalloc"))
            phase = f"{phase} [{traced / 2**20:.0f} MB traced]"
        phases.append([phase, time.perf_counter() - started, rss(), rss("VmHWM:")])

    def mark(phase: str, function: Any) -> Any:
        def marked(*args: Any, **kwargs: Any) -> Any:
            enter(phase)
            try:
                return function(*args, **kwargs)
            finally:
                enter(f"after {phase}")

        return marked

    for module_name, function_name, phase in PHASES:
        module = importlib.import_module(module_name)
        setattr(module, function_name, mark(phase, getattr(module, function_name)))

    def rss(field: str = "VmRSS:") -> float:
        for text in Path("/proc/self/status").read_text().splitlines():
            if text.startswith(field):
                return int(text.split()[1]) / 1024
        return 0.0

    def sample() -> None:
        while True:
            current = phases[-1]
            current[2] = max(current[2], rss())
            time.sleep(0.2)

    def write() -> None:
        phases[-1][2] = max(phases[-1][2], rss())
        phases.append(["end", time.perf_counter() - started, rss(), rss("VmHWM:")])
        lines = [f"{'phase (from)':<56} {'s':>8}   {'RSS':>6}    {'peak so far':>6}"]
        lines += [f"{p:<56} {at:8.1f} s {mb:6.0f} MB {hwm:6.0f} MB" for p, at, mb, hwm in phases]
        (folder / f"{name}-{os.getpid()}.rss").write_text("\n".join(lines) + "\n")

    threading.Thread(target=sample, daemon=True).start()
    AT_END.append(write)


def peak_snapshots(folder: Path, name: str) -> None:
    """Trace allocations; a thread keeps a snapshot whenever the traced heap grew by a tenth
    past its highest, so the last one written is the heap near its peak (what holds it)."""
    import threading
    import tracemalloc

    tracemalloc.start(12)
    target = folder / f"{name}-{os.getpid()}.tracemalloc"

    def watch() -> None:
        highest = 8 << 20
        while True:
            time.sleep(0.5)
            current, _ = tracemalloc.get_traced_memory()
            if current > highest * 1.1:
                highest = current
                tracemalloc.take_snapshot().dump(str(target))
                print(f"tracemalloc: {current / 2**20:.0f} MB traced", file=sys.stderr)

    threading.Thread(target=watch, daemon=True).start()


class Clock:
    """Server-side request arrivals (Drive API requests only, not the OAuth exchange)."""

    def __init__(self, stub: DriveStub) -> None:
        self.arrivals: list[float] = []
        note = stub._note

        def timed(entry: Logged) -> None:
            if entry.endpoint != "token":
                self.arrivals.append(entry.at)
            note(entry)

        stub._note = timed  # type: ignore[method-assign]

    def busiest_second(self) -> int:
        times, best, start = sorted(self.arrivals), 0, 0
        for end, moment in enumerate(times):
            while moment - times[start] >= 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best


def run(district: District, clock: Clock, *args: str) -> dict[str, Any]:
    stub = district.stub
    stub.reset_counts()
    clock.arrivals.clear()
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    command = [sys.executable, __file__, "--child", out, *args]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ})
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or not Path(out).stat().st_size:
        raise SystemExit(f"{args}: exit {done.returncode}\n{done.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(Path(out).read_text())
    if figures["code"] != 0:  # a failed poll is no figure (the CLI says why on stdout)
        raise SystemExit(f"{args}: exit {figures['code']}\n{done.stdout[-3000:]}")
    figures["process_wall"] = elapsed
    figures["requests"] = stub.api_requests
    figures["downloads"] = stub.counts["files.get_media"] + stub.counts["files.export"]
    figures["busiest_second"] = clock.busiest_second()
    figures["stdout"] = done.stdout[-500:]
    return figures


def poll(district: District, clock: Clock, config: Path, now: str = NOW) -> dict[str, Any]:
    return run(district, clock, "poll", "--config", str(config), "--now", now)


def statuses(config: Path) -> dict[str, str]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "watcher",
            "status",
            "--format",
            "json",
            "--config",
            str(config),
            "--now",
            NOW,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    document = json.loads(done.stdout)
    return {
        f"{row['school']}/{row['period']}": row["status"]
        for campaign in document["campaigns"]
        for row in campaign["rows"]
    }


# --- the phases ----------------------------------------------------------------------------
def province(schools: int, latency: float, work: Path, contents: Contents) -> dict[str, Any]:
    folder = work / f"p{schools}"
    folder.mkdir()
    started = time.perf_counter()
    district = build(schools, latency, folder, contents)
    print(
        f"[{schools}] built {len(district.files):,} files in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    clock = Clock(district.stub)
    config = write_config(district, "pool")
    result: dict[str, Any] = {"schools": schools, "files": len(district.files)}
    try:
        result["cold"] = poll(district, clock, config)
        print(f"[{schools}] cold {result['cold']['wall']:.1f} s", file=sys.stderr)
        idles = [poll(district, clock, config) for _ in range(3)]
        result["idle"] = sorted(idles, key=lambda r: r["wall"])[1]
        for file_id in district.files[:: max(1, len(district.files) // 50)][:50]:
            district.stub.update_file(file_id, b"")  # a new revision, new content
        result["changed"] = poll(district, clock, config)
        result["status"] = run(
            district, clock, "status", "--format", "json", "--config", str(config), "--now", NOW
        )
        result["digest"] = run(
            district,
            clock,
            "digest",
            "--preview",
            str(folder / "digest.html"),
            "--config",
            str(config),
            "--now",
            NOW,
        )
        result["deadline"] = poll(district, clock, config, "2025-11-06 00:05")
        result["statuses"] = statuses(config)
    finally:
        district.stub.stop()
    return result


def compare(schools: int, latency: float, work: Path, contents: Contents) -> dict[str, Any]:
    folder = work / f"c{schools}"
    folder.mkdir()
    district = build(schools, latency, folder, contents)
    clock = Clock(district.stub)
    try:
        result = {"schools": schools, "files": len(district.files)}
        pool = write_config(district, "pool")
        result["pool"] = poll(district, clock, pool)
        print(f"[{schools}] pool {result['pool']['wall']:.1f} s", file=sys.stderr)
        single = write_config(district, "single", download_threads=1)  # a new key: the stand-in
        result["single"] = poll(district, clock, single)  # accepts the latest one only
        print(f"[{schools}] one at a time {result['single']['wall']:.1f} s", file=sys.stderr)
        result["same_statuses"] = statuses(pool) == statuses(single)
    finally:
        district.stub.stop()
    return result


def line(name: str, r: dict[str, Any]) -> str:
    return (
        f"| {name} | {r['requests']:,} | {r['downloads']:,} | {r['busiest_second']} "
        f"| {r['work']:.2f} s | {r['wall']:.2f} s | {r['cpu']:.1f} s | {r['rss_mb']:.0f} MB |"
    )


HEADER = (
    "| phase | requests | downloads | busiest second (requests) | work (cycle, or reading "
    "rows) | command (config, imports, output) | CPU (command) | peak RSS |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|"
)


def report(results: list[dict[str, Any]], comparison: dict[str, Any] | None) -> str:
    lines = []
    for r in results:
        lines += [
            f"\n{r['schools']:,} schools, {r['files']:,} files:\n",
            HEADER,
        ]
        for phase in ("cold", "idle", "changed", "deadline", "status", "digest"):
            if phase in r:
                lines.append(line(phase, r[phase]))
    if len(results) > 1:
        big, small = results[0], results[-1]
        lines.append(
            f"\nidle poll {big['schools']:,} / {small['schools']:,} schools: "
            f"{big['idle']['wall'] / small['idle']['wall']:.2f}x"
        )
    if comparison:
        c = comparison
        lines += [
            f"\ncold sync, {c['schools']:,} schools / {c['files']:,} files, pool vs one at a "
            "time, same run:\n",
            HEADER,
            line("pool (default)", c["pool"]),
            line("one at a time", c["single"]),
            f"\nspeed-up {c['single']['work'] / c['pool']['work']:.1f}x; same statuses: "
            f"{c['same_statuses']}",
        ]
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--small", type=int, default=0, help="also this size, for idle ratio")
    parser.add_argument("--compare", type=int, default=0, help="pool vs one at a time here")
    parser.add_argument("--latency", type=float, default=0.1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="poll-bench-") as temporary:
        work = Path(temporary)
        contents = Contents(work)
        results = [province(options.schools, options.latency, work, contents)]
        if options.small:
            results.append(province(options.small, options.latency, work, contents))
        comparison = (
            compare(options.compare, options.latency, work, contents) if options.compare else None
        )
    print(f"latency {options.latency * 1000:.0f} ms per request")
    print(report(results, comparison))


if __name__ == "__main__":
    main()
