"""Request counters in this process: the embedded profile's (one process serves the API)."""

from __future__ import annotations

import time
from collections.abc import Callable


class MemoryRequestCounter:
    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self._counts: dict[tuple[str, int], int] = {}
        self._window_seen = 0

    async def hit(self, key: str, window_s: int, limit: int) -> tuple[int, float]:
        """Exact: this process is the only one counting (``limit`` is not needed)."""
        now = self._now()
        window = int(now // window_s)
        if window != self._window_seen:  # forget the windows that ended
            self._counts = {k: c for k, c in self._counts.items() if k[1] >= window}
            self._window_seen = window
        count = self._counts.get((key, window), 0) + 1
        self._counts[(key, window)] = count
        return count, (window + 1) * window_s - now
