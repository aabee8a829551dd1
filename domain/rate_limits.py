"""How many requests a caller may make (spec 8.1, 9.3): per user by role, per address without
a token, in fixed windows (docs/adr/0052-encryption-at-rest-rate-limits.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from domain.access import Role


@dataclass(frozen=True, slots=True)
class RateLimit:
    """``requests`` per ``window_s`` seconds, under the policy name ``name``."""

    name: str
    requests: int
    window_s: int

    def __post_init__(self) -> None:
        if self.requests < 1 or self.window_s < 1:
            raise ValueError(f"rate limit {self.name}: requests and window must be positive")


@dataclass(frozen=True, slots=True)
class RateLimits:
    user: RateLimit
    premium: RateLimit
    anonymous: RateLimit  # per client address, for requests without a valid token

    def for_role(self, role: Role) -> RateLimit:
        """Premium users and admins get the premium limit (the spec names no admin limit)."""
        return self.user if role is Role.USER else self.premium


@dataclass(frozen=True, slots=True)
class RateDecision:
    """What one request's count says: allowed or not, and the numbers the headers carry."""

    limit: RateLimit
    count: int  # requests in the current window, this one included
    reset_s: float  # until the window ends

    @property
    def allowed(self) -> bool:
        return self.count <= self.limit.requests

    @property
    def remaining(self) -> int:
        return max(0, self.limit.requests - self.count)

    @property
    def reset_whole_s(self) -> int:
        """Seconds until the window ends, rounded up (at least 1): Retry-After and reset."""
        return max(1, math.ceil(self.reset_s))
