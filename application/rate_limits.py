"""Rate limits (spec 9.3): each request counts against its user, or its address without a
token; over the limit it is refused until the window ends."""

from __future__ import annotations

import logging
import time
from uuid import UUID

from application.ports import CounterUnavailable, RequestCounter
from domain.access import Role
from domain.rate_limits import RateDecision, RateLimit, RateLimits

log = logging.getLogger(__name__)


class CheckRateLimit:
    def __init__(self, counter: RequestCounter, limits: RateLimits) -> None:
        self._counter, self.limits = counter, limits
        self._last_outage_log = 0.0

    async def for_user(self, user_id: UUID, role: Role) -> RateDecision:
        """Count a request of an authenticated user against their role's limit."""
        return await self._count(f"user:{user_id}", self.limits.for_role(role))

    async def for_address(self, address: str) -> RateDecision:
        """Count a request without a valid token against its client address."""
        return await self._count(f"ip:{address}", self.limits.anonymous)

    async def _count(self, key: str, limit: RateLimit) -> RateDecision:
        try:
            count, reset_s = await self._counter.hit(key, limit.window_s, limit.requests)
        except CounterUnavailable as error:
            # Fail open: the limits protect the service, an outage of the counters must not
            # take it down. Logged at most once a minute.
            now = time.monotonic()
            if now - self._last_outage_log > 60:
                self._last_outage_log = now
                log.warning("rate limit counters unavailable, requests not limited: %s", error)
            return RateDecision(limit, 0, float(limit.window_s))
        return RateDecision(limit, count, reset_s)
