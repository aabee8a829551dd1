"""In-process delivery of outbox messages: the embedded profile's broker, and the test fakes.

Same semantics as Kafka where they matter: messages arrive in outbox order, a job that fails
is retried with backoff a bounded number of times and then set aside as a dead letter.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from opentelemetry.trace import SpanKind

from adapters.contract.messages import avatar_update_of, job_from_payload, message_span
from application.ports import Channel, OutboxMessage, ProcessAvatarJob, UpdateSink

log = logging.getLogger(__name__)

MessageHandler = Callable[[OutboxMessage], Awaitable[None]]
JobHandler = Callable[[ProcessAvatarJob], Awaitable[None]]


class InProcessEventBus:
    """Delivers event messages to subscribers in this process; remembers the last ones.

    A failing subscriber is logged and does not stop delivery to the others.
    """

    def __init__(self, keep: int = 1000) -> None:
        self._handlers: list[MessageHandler] = []
        self._keep = keep
        self.published: list[OutboxMessage] = []

    def subscribe(self, handler: MessageHandler) -> None:
        self._handlers.append(handler)

    def unsubscribe(self, handler: MessageHandler) -> None:
        if handler in self._handlers:
            self._handlers.remove(handler)

    async def deliver(self, message: OutboxMessage) -> None:
        self.published.append(message)
        del self.published[: -self._keep]
        for handler in self._handlers:
            try:
                await handler(message)
            except Exception:
                log.exception("event handler failed for %s", message.type)


@dataclass(frozen=True, slots=True)
class DeadLetter:
    job: ProcessAvatarJob
    attempts: int
    error: str


class InProcessJobQueue:
    """An asyncio queue of jobs; ``run`` works through it until cancelled."""

    def __init__(self, *, max_attempts: int = 3, backoff_s: float = 0.5) -> None:
        # A job, its attempt, and the traceparent it carries (None when tracing is off).
        self._queue: asyncio.Queue[tuple[ProcessAvatarJob, int, str | None]] = asyncio.Queue()
        self._max_attempts, self._backoff_s = max_attempts, backoff_s
        self.dead_letters: list[DeadLetter] = []

    async def enqueue(
        self, job: ProcessAvatarJob, attempt: int = 1, trace_parent: str | None = None
    ) -> None:
        self._queue.put_nowait((job, attempt, trace_parent))

    def pending(self) -> int:
        return self._queue.qsize()

    async def next_job(self) -> ProcessAvatarJob:
        job, _, _ = await self._queue.get()
        self._queue.task_done()
        return job

    async def run(self, handler: JobHandler) -> None:
        while True:
            job, attempt, trace_parent = await self._queue.get()
            try:
                with message_span("avatar.jobs process", trace_parent, SpanKind.CONSUMER):
                    await handler(job)
            except Exception as error:
                await self._retry_or_bury(job, attempt, error, trace_parent)
            finally:
                self._queue.task_done()

    async def _retry_or_bury(
        self, job: ProcessAvatarJob, attempt: int, error: Exception, trace_parent: str | None
    ) -> None:
        if attempt >= self._max_attempts:
            log.error("job %s failed %d times; dead letter: %s", job.id, attempt, error)
            self.dead_letters.append(DeadLetter(job, attempt, repr(error)))
            return
        delay_s = self._backoff_s * 2 ** (attempt - 1)
        log.warning(
            "job %s failed (attempt %d): %s; retrying in %.1f s", job.id, attempt, error, delay_s
        )
        loop = asyncio.get_running_loop()
        loop.call_later(delay_s, self._queue.put_nowait, (job, attempt + 1, trace_parent))

    async def drain(self) -> None:
        """Wait until every queued job has been handled (by a running ``run``)."""
        await self._queue.join()


class InProcessPublisher:
    """The MessagePublisher of the embedded profile: events to the bus, jobs to the queue."""

    def __init__(self, bus: InProcessEventBus, jobs: InProcessJobQueue) -> None:
        self._bus, self._jobs = bus, jobs

    async def publish(self, messages: Sequence[OutboxMessage]) -> int:
        for message in messages:
            if message.channel is Channel.JOBS:
                job = job_from_payload(message.payload)
                with message_span(
                    "avatar.jobs publish", message.trace_parent, SpanKind.PRODUCER
                ) as trace_parent:
                    await self._jobs.enqueue(job, trace_parent=trace_parent)
            else:
                await self._bus.deliver(message)
        return len(messages)


class InProcessLiveFeed:
    """The embedded profile's live feed: the processing events of the in-process bus."""

    def __init__(self, bus: InProcessEventBus) -> None:
        self._bus = bus

    async def run(self, sink: UpdateSink, stop: asyncio.Event) -> None:
        async def forward(message: OutboxMessage) -> None:
            update = avatar_update_of(str(message.id), message.type, message.payload)
            if update is not None:
                sink.publish(update)

        self._bus.subscribe(forward)
        try:
            await stop.wait()
        finally:
            self._bus.unsubscribe(forward)
