"""Request counters in Redis, shared by every API process (the production profile).

One round trip per request: INCR of the window's key and, on its first request, EXPIRE (a
pipeline in a transaction). Keys: ``{prefix}{key}:{window}``, gone a second after the window.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import redis.asyncio as redis
from redis.exceptions import RedisError

from application.ports import CounterUnavailable


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

    async def hit(self, key: str, window_s: int) -> tuple[int, float]:
        now = self._now()
        window = int(now // window_s)
        name = f"{self._prefix}{key}:{window}"
        try:
            async with self._client.pipeline(transaction=True) as pipe:
                pipe.incr(name)
                pipe.expire(name, window_s + 1, nx=True)
                count, _ = await pipe.execute()
        except (RedisError, OSError) as error:
            raise CounterUnavailable(str(error)) from error
        return int(count), (window + 1) * window_s - now

    async def close(self) -> None:
        await self._client.aclose()
