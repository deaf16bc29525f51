"""How long the archive takes: first archive, a poll with nothing new, verify, rebuild.

Run: `python benchmarks/archive.py [FILES] [KIB]` (default 1000 files of 64 KiB). Builds a
folder source in a temporary directory, polls once with the archive off (filling the content
cache), then times the archive steps on their own. Prints a Markdown table.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import CONFIG, local, set_time, write_setup  # noqa: E402
from watcher.archive import archive_campaign, campaign_folder  # noqa: E402
from watcher.archive.audit import rebuild_campaign, verify_folder  # noqa: E402
from watcher.config import load  # noqa: E402
from watcher.cycle import run_cycle  # noqa: E402
from watcher.logs import configure_logging  # noqa: E402
from watcher.store import Store  # noqa: E402

SCHOOLS = ["MN Tân Phong", "TH Phù Đổng", "THCS Phù Đổng", "THCS Nguyễn Thị Thập"]
NOW = local("2024-06-10 08:00")


def build(tmp: Path, files: int, kib: int) -> Path:
    off = CONFIG.replace('language = "vi"', 'language = "vi"\narchive_dir = ""')
    config = write_setup(tmp, off)
    for number in range(files):
        school = SCHOOLS[number % len(SCHOOLS)]
        path = tmp / "inbox" / f"{school} sơ kết 2024 - trang {number:04}.pdf"
        path.write_bytes(number.to_bytes(4, "big") * (kib * 256))
        set_time(path, "2024-05-28 09:00")
    settings = load(config)
    store = Store.open(settings.state_dir)
    run_cycle(settings, store, NOW, send=False)
    store.close()
    config.write_text(CONFIG, encoding="utf-8")
    return config


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main(files: int, kib: int) -> None:
    configure_logging(json_lines=True)
    with tempfile.TemporaryDirectory() as folder:
        settings = load(build(Path(folder), files, kib))
        campaign = settings.campaigns[0]
        root = campaign_folder(settings, campaign)
        assert root is not None
        store = Store.open(settings.state_dir)
        first, report = timed(lambda: archive_campaign(settings, store, campaign, NOW))
        assert report.written == files, report
        again, report = timed(lambda: archive_campaign(settings, store, campaign, NOW))
        assert report.written == 0, report
        check, verified = timed(lambda: verify_folder(root))
        assert verified.ok and verified.checked == files
        shutil.rmtree(root)
        rebuilt, result = timed(lambda: rebuild_campaign(settings, store, campaign, NOW))
        assert len(result.restored) == files, result
        store.close()
    megabytes = files * kib / 1024
    print(f"| step ({files} files × {kib} KiB = {megabytes:.0f} MiB) | seconds | files/s |")
    print("| --- | ---: | ---: |")
    for label, seconds in (
        ("first archive (write, fsync, rename)", first),
        ("poll with nothing new (plan + stat + manifest)", again),
        ("archive verify (re-hash all)", check),
        ("archive rebuild (tree deleted)", rebuilt),
    ):
        print(f"| {label} | {seconds:.2f} | {files / seconds:.0f} |")


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:3]]
    main(*(arguments + [1000, 64][len(arguments) :]))
