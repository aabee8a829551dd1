"""The outbox relay: sends stored messages to the broker in the order they were committed."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from application.ports import Clock, MessagePublisher, UnitOfWorkFactory

log = logging.getLogger(__name__)


class RelayOutbox:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        publisher: MessagePublisher,
        clock: Clock,
        *,
        batch_size: int = 500,
    ) -> None:
        self._uow_factory, self._publisher, self._clock = uow_factory, publisher, clock
        self._batch_size = batch_size

    async def __call__(self) -> int:
        """Send one batch of unsent messages, oldest first; returns how many were sent.

        0 when nothing waits or another relay leads. Messages are marked sent only after the
        publisher confirmed them, so a crash or a broker outage loses nothing (a message may
        then be sent twice: consumers deduplicate by its id).
        """
        async with self._uow_factory(read_only=True) as uow:
            if not await uow.outbox.pending():  # idle polls take no write lock (SQLite)
                return 0
        async with self._uow_factory() as uow:
            if not await uow.outbox.lead_relay():
                return 0
            batch = await uow.outbox.unsent(self._batch_size)
            if not batch:
                return 0
            sent = await self._publisher.publish(batch)
            if sent:
                await uow.outbox.mark_sent([m.id for m in batch[:sent]], self._clock.now())
                await uow.commit()
        return sent

    async def run(
        self,
        *,
        idle_s: float = 0.05,
        max_backoff_s: float = 10.0,
        stop: asyncio.Event | None = None,
    ) -> None:
        """Relay until ``stop`` is set (or cancelled), backing off while the broker fails."""
        stop = stop or asyncio.Event()
        backoff_s = idle_s
        while not stop.is_set():
            try:
                sent = await self()
                backoff_s = idle_s
            except Exception as error:  # the broker or the database is away: wait, retry
                log.warning("outbox relay failed (%s); retrying in %.1f s", error, backoff_s)
                sent, backoff_s = 0, min(max_backoff_s, backoff_s * 2)
                await _sleep_or_stop(backoff_s, stop)
                continue
            if sent < self._batch_size:
                await _sleep_or_stop(idle_s, stop)


async def _sleep_or_stop(seconds: float, stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


class OutboxBacklog:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self) -> int:
        """How many messages wait in the outbox (grows while the broker is away)."""
        async with self._uow_factory(read_only=True) as uow:
            return await uow.outbox.pending()
