"""Counting requests per caller (rate limits, spec 9.3)."""

from __future__ import annotations

from typing import Protocol


class CounterUnavailable(Exception):
    """The counters cannot be reached (say, Redis is down)."""


class RequestCounter(Protocol):
    """Counters in fixed windows, shared by every process that serves the API."""

    async def hit(self, key: str, window_s: int, limit: int) -> tuple[int, float]:
        """Count one request of ``key`` in the current ``window_s`` window, which allows
        ``limit``; the count so far, this one included, and the seconds until the window ends.
        ``CounterUnavailable``. A counter shared by processes may count in blocks (the Redis
        one leases them): a count is then the request's place in the window, over the limit
        when no count is left, and never given to two requests."""
        ...
