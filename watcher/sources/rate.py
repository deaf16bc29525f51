"""One shared pace for every request to one Drive account: a sliding-window rate limiter.

Threads ask `wait()` before each request. At most `count` requests are let go in any window
of `count / rate` seconds (100 a second at the default), so the first ones of a cold sync go
out at once (the burst) and the rest follow at the configured rate, never above it. A request
is counted when it is let go, on the clock, not when it was booked: a thread that wakes late
(a busy process) takes a later place instead of bunching with the ones after it.
A rate-limit answer from Google (`hold`) pauses every thread, not only the one that met it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

SLACK = 1.1  # requests leave a little apart: the time from here to the wire must not bunch them


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

    def wait(self) -> None:
        """Return when this request may go; it is counted from that moment."""
        with self._lock:
            pause = self._not_before - self._clock()
        if pause > 0:
            self._sleep(pause)  # Google's pause, waited once
        while True:
            with self._lock:
                now = self._clock()
                moment = now
                if self.rate > 0 and len(self._slots) == self.count:
                    moment = max(moment, self._slots[0] + self.window)
                if moment <= now:
                    self._slots.append(now)
                    return
            self._sleep(moment - now)

    def hold(self, seconds: float) -> None:
        """Nobody sends for `seconds` (Google said so, or signalled a rate limit)."""
        with self._lock:
            self._not_before = max(self._not_before, self._clock() + seconds)
