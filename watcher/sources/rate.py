"""One shared pace for every request to one Drive account: a sliding-window rate limiter.

Threads ask `wait()` before each request and say `done()` when its answer has come back (or
use `with limiter.request():`). A request holds its place in the window from the moment it is
let go until one window after its answer: wherever between those two moments it really
reached Google (a busy process can keep a thread between here and the wire), Google never
counts more than `count` requests in any window of `count / rate` seconds (100 a second at
the default). The first ones of a cold sync go out at once (the burst); the rest follow at
the configured rate, never above it, and a little below it when answers are slow.
A rate-limit answer from Google (`hold`) pauses every thread, not only the one that met it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class RateLimiter:
    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = rate
        self.count = max(1, int(rate))  # the burst: a whole window's requests may go together
        self.window = self.count / rate if rate > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._answered = threading.Condition(self._lock)
        self._open = 0  # let go, answer not back yet
        self._ended: deque[float] = deque()  # when the answers came back, oldest first
        self._not_before = 0.0

    def wait(self) -> None:
        """Return when this request may go; it holds its place until `done()` and a window."""
        with self._lock:
            pause = self._not_before - self._clock()
        if pause > 0:
            self._sleep(pause)  # Google's pause, waited once
        if self.rate <= 0:
            return
        while True:
            with self._lock:
                now = self._clock()
                while self._ended and self._ended[0] + self.window <= now:
                    self._ended.popleft()
                if self._open + len(self._ended) < self.count:
                    self._open += 1
                    return
                if not self._ended:  # every place is a request still out: wait for an answer
                    self._answered.wait(timeout=self.window)
                    continue
                moment = self._ended[0] + self.window
            self._sleep(moment - now)

    def done(self) -> None:
        """The answer to a request let go by `wait()` has come back (or it failed)."""
        if self.rate <= 0:
            return
        with self._lock:
            self._open = max(0, self._open - 1)
            self._ended.append(self._clock())
            self._answered.notify()

    @contextmanager
    def request(self) -> Iterator[None]:
        self.wait()
        try:
            yield
        finally:
            self.done()

    def hold(self, seconds: float) -> None:
        """Nobody sends for `seconds` (Google said so, or signalled a rate limit)."""
        with self._lock:
            self._not_before = max(self._not_before, self._clock() + seconds)
