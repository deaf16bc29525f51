"""Concurrent downloads under one shared pace: same statuses as one at a time, never too fast."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest

from tests.drivestub.server import DriveStub
from tests.helpers import local, make_docx, make_scan
from tests.test_drive_pipeline import DOCX, setup, statuses
from watcher.config import Campaign, Settings, load
from watcher.cycle import run_cycle
from watcher.model import FileRecord
from watcher.sources.drive import DriveSource
from watcher.sources.drive_factory import drive_settings
from watcher.sources.rate import RateLimiter
from watcher.store import Store

NOW = local("2024-01-05 10:00")


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def most_in_a_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_the_limiter_lets_a_burst_go_then_keeps_the_rate() -> None:
    fake = FakeTime()
    limiter = RateLimiter(50, clock=fake.clock, sleep=fake.sleep)
    sent = []
    for _ in range(260):
        with limiter.request():
            sent.append(fake.now)
    assert sent[:50] == [0.0] * 50  # the burst: a whole second's requests at once
    assert most_in_a_window(sent, 1.0) <= 50
    assert sent[-1] >= 260 / 50 - 1.5  # and no faster than the rate on average


def test_google_never_counts_more_than_the_rate_however_late_requests_reach_it() -> None:
    """A busy process keeps a thread between the limiter and the wire for a while; the
    receiver counts requests when they arrive (the stand-in saw 113, then 102, in one second
    at a rate of 100). Counting a request from its release until its answer is back keeps
    every arrival inside that span, so no window at the receiver holds more than the rate."""
    limiter = RateLimiter(40, sleep=lambda seconds: time.sleep(seconds + random.random() * 0.05))
    arrivals: list[float] = []
    lock = threading.Lock()
    rand = random.Random(5)

    def worker() -> None:
        for _ in range(20):
            with limiter.request():
                with lock:
                    late = rand.random() ** 2 * 0.6  # mostly on time, a few much later
                time.sleep(late)
                with lock:
                    arrivals.append(time.monotonic())
                time.sleep(0.02)  # Google answers

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(arrivals) == 200
    assert most_in_a_window(arrivals, 1.0) <= 40
    assert max(arrivals) - min(arrivals) < 200 / 40 * 2  # and the pace is not crippled


def test_every_place_taken_by_requests_still_out_waits_for_an_answer() -> None:
    limiter = RateLimiter(3)
    for _ in range(3):
        limiter.wait()  # three requests out, no answer yet
    let_go = threading.Event()
    thread = threading.Thread(target=lambda: (limiter.wait(), let_go.set()))
    thread.start()
    assert not let_go.wait(1.3)  # a window passed: the three still count
    limiter.done()
    assert not let_go.wait(0.3)  # answered, but its window runs a second from the answer
    assert let_go.wait(1.5)
    thread.join()


def test_a_rate_limit_answer_holds_every_thread() -> None:
    fake = FakeTime()
    limiter = RateLimiter(100, clock=fake.clock, sleep=fake.sleep)
    limiter.wait()
    limiter.hold(7.5)
    limiter.wait()
    assert fake.now == pytest.approx(7.5)


def test_zero_means_no_limit() -> None:
    fake = FakeTime()
    limiter = RateLimiter(0, clock=fake.clock, sleep=fake.sleep)
    for _ in range(1000):
        limiter.wait()
    assert fake.sleeps == []


class Spy(DriveSource):
    """The real source; it only notes which thread downloaded each file."""

    threads: set[str]

    def fetch(self, record: FileRecord, dest: Path, max_bytes: int) -> None:
        self.threads.add(threading.current_thread().name)
        super().fetch(record, dest, max_bytes)


def spy_factory(threads: set[str], sends: list[float] | None = None):  # type: ignore[no-untyped-def]
    def make(settings: Settings, campaign: Campaign) -> DriveSource:
        source = Spy(campaign.source_location, drive_settings(settings))  # real sleep: real pace
        source.threads = threads
        if sends is not None:
            paced = source.api.limiter.wait

            def wait() -> None:  # when each request is let go
                paced()
                sends.append(time.monotonic())

            source.api.limiter.wait = wait  # type: ignore[method-assign]
        return source

    return make


def many_schools(stub: DriveStub, tmp: Path) -> str:
    root = stub.add_folder("Báo cáo CTrHĐ 16")
    word, scan = make_docx(tmp / "a.docx").read_bytes(), make_scan(tmp / "a.pdf").read_bytes()
    for school in ("MN Tân Phong", "TH Phù Đổng", "THCS Phù Đổng", "THCS Nguyễn Thị Thập"):
        folder = stub.add_folder(school, root)
        for copy in range(6):  # distinct contents: every one is downloaded and checked
            stub.add_file(
                f"{school} bao cao nam 2023 ({copy}).docx",
                folder,
                word + f"{school}{copy}".encode(),
                DOCX,
                created=local("2023-10-20 09:00"),
            )
        if school != "TH Phù Đổng":
            stub.add_file(
                f"{school} bao cao nam 2023.pdf",
                folder,
                scan,
                created=local("2023-10-25 09:00") if "THCS" not in school else NOW,
            )
    return root


def test_concurrent_cold_sync_equals_one_at_a_time_and_keeps_the_pace(tmp_path: Path) -> None:
    with DriveStub(seed=3, latency=0.02) as stub:
        root = many_schools(stub, tmp_path)
        results = {}
        for threads, rate in ((1, 0), (8, 20)):
            config = setup(
                tmp_path / f"t{threads}",
                stub,
                root,
                download_threads=threads,
                max_requests_per_second=rate,
            )
            settings = load(config)
            store = Store.open(settings.state_dir)
            used: set[str] = set()
            sends: list[float] = []
            stub.reset_counts()
            factory = spy_factory(used, sends)
            report = run_cycle(settings, store, NOW, send=False, source_factory=factory)
            assert report.ok, [p.error for p in report.polls]
            assert report.polls[0].downloads == 4 * 6 + 1  # one scan content, three files
            results[threads] = statuses(settings, store)
            assert stub.api_requests == len(sends)  # every request went through the pace
            if threads > 1:
                assert len(used) > 1  # really concurrent
                assert most_in_a_window(sends, 1.0) <= 20
                arrived = [e.at for e in stub.log if e.endpoint != "token"]
                assert len(arrived) == len(sends)
                assert most_in_a_window(arrived, 1.0) <= 20  # as the receiver counts them
            store.close()
        assert results[1] == results[8]
        assert results[8]["MN-TANPHONG", "2023-annual"] == "on_time"
        assert results[8]["THCS-PHUDONG", "2023-annual"] == "late"
        assert results[8]["TH-PHUDONG", "2023-annual"] == "incomplete"


def test_a_failed_download_in_the_pool_fails_the_poll_and_stores_no_view(tmp_path: Path) -> None:
    with DriveStub(seed=5) as stub:
        root = many_schools(stub, tmp_path)
        config = setup(tmp_path / "x", stub, root, download_threads=8, max_retries=1)
        settings = load(config)
        store = Store.open(settings.state_dir)
        stub.faults.kinds, stub.faults.ratio, stub.faults.retry_after = ("503",), 0.3, 0
        report = run_cycle(settings, store, NOW, send=False, source_factory=spy_factory(set()))
        assert not report.ok
        assert store.files("q7") == [] and store.cursor("q7") is None
        assert store.statuses("q7") == {} and store.mail() == []
        stub.faults.ratio = 0
        again = run_cycle(settings, store, NOW, send=False, source_factory=spy_factory(set()))
        assert again.ok and statuses(settings, store)["MN-TANPHONG", "2023-annual"] == "on_time"
