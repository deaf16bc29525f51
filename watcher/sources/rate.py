"""One shared pace for every request to one Drive account: a sliding-window rate limiter.

Threads ask `wait()` before each request. At most `count` requests are scheduled in any
window of `count / rate` seconds (100 a second at the default), so the first ones of a cold
sync go out at once (the burst) and the rest follow at the configured rate, never above it.
A rate-limit answer from Google (`hold`) pauses every thread, not only the one that met it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

SLACK = 1.05  # requests leave a little apart: network jitter must not bunch them at Google


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
        self.window = self.count / rate * SLACK if rate > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._slots: deque[float] = deque(maxlen=self.count)  # the last scheduled send times
        self._not_before = 0.0

    def schedule(self) -> float:
        """Reserve the next send time (monotonic seconds) and return it."""
        with self._lock:
            moment = max(self._clock(), self._not_before)
            if self.rate > 0 and len(self._slots) == self.count:
                moment = max(moment, self._slots[0] + self.window)
            self._slots.append(moment)
            return moment

    def wait(self) -> None:
        delay = self.schedule() - self._clock()
        if delay > 0:
            self._sleep(delay)

    def hold(self, seconds: float) -> None:
        """Nobody sends for `seconds` (Google said so, or signalled a rate limit)."""
        with self._lock:
            self._not_before = max(self._not_before, self._clock() + seconds)
