"""In-process event bus and job queue: the embedded profile's messaging, and the test fakes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from application.ports import ProcessAvatarJob
from domain.events import DomainEvent

log = logging.getLogger(__name__)

EventHandler = Callable[[DomainEvent], Awaitable[None]]


class InProcessEventBus:
    """Delivers events to subscribers in the same process; remembers them for inspection.

    A failing subscriber is logged and does not stop delivery to the others.
    """

    def __init__(self, keep: int = 1000) -> None:
        self._handlers: list[EventHandler] = []
        self._keep = keep
        self.published: list[DomainEvent] = []

    def subscribe(self, handler: EventHandler) -> None:
        self._handlers.append(handler)

    async def publish(self, events: Sequence[DomainEvent]) -> None:
        for event in events:
            self.published.append(event)
            for handler in self._handlers:
                try:
                    await handler(event)
                except Exception:
                    log.exception("event handler failed for %s", event.name)
        del self.published[: -self._keep]


class InProcessJobQueue:
    """An asyncio queue; ``run`` consumes it with a handler until cancelled."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[ProcessAvatarJob] = asyncio.Queue()

    async def enqueue(self, job: ProcessAvatarJob) -> None:
        self._queue.put_nowait(job)

    def pending(self) -> int:
        return self._queue.qsize()

    async def next_job(self) -> ProcessAvatarJob:
        return await self._queue.get()

    async def run(self, handler: Callable[[ProcessAvatarJob], Awaitable[None]]) -> None:
        while True:
            job = await self._queue.get()
            try:
                await handler(job)
            except Exception:
                log.exception("job %s failed", job)
            finally:
                self._queue.task_done()

    async def drain(self) -> None:
        """Wait until every queued job has been handled (by a running ``run``)."""
        await self._queue.join()
