"""Request counters in Redis, shared by every API process (the production profile).

Counts are leased in blocks (docs/adr/0052-encryption-at-rest-rate-limits.md, "Rate limits"):
one round trip takes the next ``block`` counts of a caller's window from Redis (INCRBY, in a Lua
script that also sets the key to expire a second after the window, and never leases past the
limit), and the process hands them out one request at a time without asking again. Every count
is handed out once, by one process, so no more than the limit pass in total, and one process
alone is refused at exactly the limit's next request; counts leased by another process and not
used yet can refuse a request early (at most ``block - 1`` per other process). Once the limit is
all leased the process refuses the rest of the window without a round trip.

``block`` is ``lease_fraction`` of the limit (at least 1, at most ``max_lease``): 10 for the
default 100 a minute, 100 for 1,000. ``lease_fraction=0`` asks Redis on every request (exact
across processes). Keys: ``{prefix}{key}:{window}``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import redis.asyncio as redis
from redis.exceptions import RedisError

from application.ports import CounterUnavailable

# KEYS[1] the window's counter; ARGV: expiry (s), limit, block. Leases min(block, what the limit
# leaves) counts, and answers the count before them (one integer: an array answer costs a
# sixth more a round trip): the lease is used + 1 to used + min(block, limit - used).
_LEASE = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local n = math.min(tonumber(ARGV[3]), tonumber(ARGV[2]) - used)
if n > 0 and redis.call('INCRBY', KEYS[1], n) == n then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return used
"""


class _Refill:
    """A lease being asked for: the callers that find the counts used up wait on it."""

    __slots__ = ("done", "error")

    def __init__(self) -> None:
        self.done = asyncio.Event()
        self.error: str | None = None


class _Lease:
    """The counts this process holds in one caller's window: ``next`` to ``last``. Used up
    (``next`` past ``last``) with ``last`` at the limit, the limit is all leased: refused."""

    __slots__ = ("last", "next", "refill")

    def __init__(self) -> None:
        self.next, self.last = 1, 0
        self.refill: _Refill | None = None


class RedisRequestCounter:
    def __init__(
        self,
        url: str,
        *,
        prefix: str = "avatar-service:rate:",
        timeout_s: float = 0.25,
        lease_fraction: float = 0.1,
        max_lease: int = 100,
        now: Callable[[], float] = time.time,
    ) -> None:
        if not 0 <= lease_fraction <= 1 or max_lease < 1:
            raise ValueError("lease_fraction must be within 0 and 1, max_lease at least 1")
        self._client = redis.Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
        )
        self._prefix, self._now = prefix, now
        self._fraction, self._max_lease = lease_fraction, max_lease
        self._lease = self._client.register_script(_LEASE)
        # Per window length: the current window and its leases (the ended ones are dropped).
        self._windows: dict[int, tuple[int, dict[str, _Lease]]] = {}

    def block(self, limit: int) -> int:
        """How many counts one round trip leases under ``limit``."""
        return max(1, min(self._max_lease, int(limit * self._fraction)))

    async def hit(self, key: str, window_s: int, limit: int) -> tuple[int, float]:
        now = self._now()
        window = int(now // window_s)
        reset_s = (window + 1) * window_s - now
        current, leases = self._windows.get(window_s) or (-1, {})
        if window != current:
            if window < current:  # the clock went back a window: count this one alone
                return await self._ask(self._name(key, window), window_s, limit, 1) + 1, reset_s
            leases = {}
            self._windows[window_s] = (window, leases)
        lease = leases.get(key)
        if lease is None:
            lease = leases[key] = _Lease()
        while lease.next > lease.last < limit:  # used up, and the limit not all leased
            refill = lease.refill
            if refill is not None:  # another request is asking: wait for its counts
                await refill.done.wait()
                if refill.error is not None:
                    raise CounterUnavailable(refill.error)
                continue
            await self._refill(lease, self._name(key, window), window_s, limit)
        count = lease.next  # past the limit once all leased: refused, without a round trip
        lease.next += 1
        return count, reset_s

    def _name(self, key: str, window: int) -> str:
        return f"{self._prefix}{key}:{window}"

    async def _refill(self, lease: _Lease, name: str, window_s: int, limit: int) -> None:
        refill = lease.refill = _Refill()
        try:
            block = self.block(limit)
            used = await self._ask(name, window_s, limit, block)
            # None left (used >= limit): next is past last, which is the limit: refused.
            lease.next, lease.last = used + 1, min(used + block, limit)
        except CounterUnavailable as error:
            refill.error = str(error)
            raise
        finally:
            lease.refill = None
            refill.done.set()

    async def _ask(self, name: str, window_s: int, limit: int, block: int) -> int:
        """Lease up to ``block`` counts of ``name``; the count before them."""
        try:
            used = await self._lease(keys=[name], args=[window_s + 1, limit, block])
        except (RedisError, OSError) as error:
            raise CounterUnavailable(str(error)) from error
        return int(used)

    async def close(self) -> None:
        await self._client.aclose()
