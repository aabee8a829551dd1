"""Request counters in Redis, shared by every API process (the production profile).

One round trip and one command per request: a Lua script (EVALSHA) that INCRs the window's key
and, on its first request, sets it to expire a second after the window; atomic, and a third
cheaper than a MULTI/INCR/EXPIRE/EXEC pipeline (bench/privacy.py). Keys:
``{prefix}{key}:{window}``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import redis.asyncio as redis
from redis.exceptions import RedisError

from application.ports import CounterUnavailable

_COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class RedisRequestCounter:
    def __init__(
        self,
        url: str,
        *,
        prefix: str = "avatar-service:rate:",
        timeout_s: float = 0.25,
        now: Callable[[], float] = time.time,
    ) -> None:
        self._client = redis.Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
        )
        self._prefix, self._now = prefix, now
        self._count = self._client.register_script(_COUNT)

    async def hit(self, key: str, window_s: int) -> tuple[int, float]:
        now = self._now()
        window = int(now // window_s)
        name = f"{self._prefix}{key}:{window}"
        try:
            count = await self._count(keys=[name], args=[window_s + 1])
        except (RedisError, OSError) as error:
            raise CounterUnavailable(str(error)) from error
        return int(count), (window + 1) * window_s - now

    async def close(self) -> None:
        await self._client.aclose()
