"""How long the daemon's steps take on a folder of N uploads: the first poll, a steady poll
(nothing changed: what every `poll_every` costs), a deadline step, `simulate`, and /healthz.

    python benchmarks/daemon.py [N ...]      (default: 100 1000 3000)
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers import CONFIG, local, make_docx, make_scan, write_setup  # noqa: E402
from watcher.config import load  # noqa: E402
from watcher.daemon import Daemon  # noqa: E402
from watcher.health import HealthServer  # noqa: E402
from watcher.logs import configure_logging  # noqa: E402
from watcher.simulate import simulate  # noqa: E402


def inbox(folder: Path, count: int) -> None:
    data = make_docx(folder.parent / "base.docx").read_bytes()
    for index in range(count):
        copy = io.BytesIO(data)
        with zipfile.ZipFile(copy, "a") as archive:
            archive.writestr("customXml/item.xml", f"<n>{index}</n>")
        name = f"MN Tân Phong - Báo cáo năm 2023 ({index}).docx"
        (folder / name).write_bytes(copy.getvalue())
    make_scan(folder / "MN Tân Phong - Báo cáo năm 2023 scan.pdf", when="2023-10-30 08:00")


def timed(step: Callable[[], object], repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config = write_setup(root, CONFIG + "\n[daemon]\nhealth_port = 0\n")
        inbox(root / "inbox", count)
        daemon = Daemon(load(config))
        result = {"first poll": timed(lambda: daemon.poll(local("2023-10-30 09:00")))}
        result["steady poll"] = timed(lambda: daemon.poll(local("2023-10-30 09:05")), repeat=5)
        result["deadline step"] = timed(lambda: daemon.deadline("q7", local("2023-11-01 00:00")))
        settings = daemon.settings
        result["simulate"] = timed(lambda: simulate(settings, local("2024-06-01 08:00")), 3)
        server = HealthServer(
            "127.0.0.1",
            0,
            snapshot=lambda: daemon.snapshot,
            clock=daemon.clock,
            poll_every=lambda: __import__("datetime").timedelta(minutes=5),
        )
        server.start()
        url = f"http://127.0.0.1:{server.port}/healthz"
        result["/healthz"] = timed(lambda: urllib.request.urlopen(url).read(), repeat=50)
        server.stop()
        daemon.shutdown()
    return result


def main() -> None:
    configure_logging(json_lines=True)
    counts = [int(a) for a in sys.argv[1:]] or [100, 1000, 3000]
    rows = {count: measure(count) for count in counts}
    steps = list(next(iter(rows.values())))
    print("| files | " + " | ".join(steps) + " |")
    print("| ---: | " + " | ".join("---:" for _ in steps) + " |")
    for count, result in rows.items():
        cells = " | ".join(f"{result[s] * 1000:.1f} ms" for s in steps)
        print(f"| {count} | {cells} |")


if __name__ == "__main__":
    main()
