"""In-process delivery of outbox messages: the embedded profile's broker, and the test fakes.

Same semantics as Kafka where they matter: messages arrive in outbox order, a job that fails
is retried with backoff a bounded number of times and then set aside as a dead letter.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass

from opentelemetry.trace import SpanKind

from adapters.contract.messages import avatar_update_of, job_from_payload, message_span
from application.ports import Channel, OutboxMessage, ProcessAvatarJob, UpdateSink

log = logging.getLogger(__name__)

MessageHandler = Callable[[OutboxMessage], Awaitable[None]]
JobHandler = Callable[[ProcessAvatarJob], Awaitable[None]]
DEFAULT_LANE, OWN_LANE = "default", "own"


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
    """Asyncio queues of jobs; ``run`` works through them until cancelled.

    Jobs whose reason is in ``own_lane`` (the photos' preprocessing, which a user waits on
    after an upload) have a queue and a worker of their own beside the rest, so they never
    wait behind a measurement or an export (ADR 58). Without ``own_lane``: one queue.
    """

    def __init__(
        self,
        *,
        max_attempts: int = 3,
        backoff_s: float = 0.5,
        own_lane: Collection[str] = (),
    ) -> None:
        # Per lane: a job, its attempt, and the traceparent it carries (None: tracing off).
        self._lanes: dict[str, asyncio.Queue[tuple[ProcessAvatarJob, int, str | None]]] = {
            DEFAULT_LANE: asyncio.Queue()
        }
        if own_lane:
            self._lanes[OWN_LANE] = asyncio.Queue()
        self._own_lane = frozenset(own_lane)
        self._max_attempts, self._backoff_s = max_attempts, backoff_s
        self.dead_letters: list[DeadLetter] = []
        self._unfinished = 0  # queued, running or waiting to be retried
        self._idle = asyncio.Event()
        self._idle.set()

    def _lane(
        self, job: ProcessAvatarJob
    ) -> asyncio.Queue[tuple[ProcessAvatarJob, int, str | None]]:
        return self._lanes[OWN_LANE if job.reason in self._own_lane else DEFAULT_LANE]

    async def enqueue(
        self, job: ProcessAvatarJob, attempt: int = 1, trace_parent: str | None = None
    ) -> None:
        self._unfinished += 1
        self._idle.clear()
        self._lane(job).put_nowait((job, attempt, trace_parent))

    def pending(self) -> int:
        return sum(lane.qsize() for lane in self._lanes.values())

    async def next_job(self) -> ProcessAvatarJob:
        """Take the next job without running it (tests and tools working one job at a time):
        the own lane's first, else the other's; waits while both are empty."""
        while True:
            for lane in reversed(self._lanes.values()):  # the own lane first
                if not lane.empty():
                    job, _, _ = lane.get_nowait()
                    self._finished()
                    return job
            getters = [asyncio.ensure_future(lane.get()) for lane in self._lanes.values()]
            done, waiting = await asyncio.wait(getters, return_when=asyncio.FIRST_COMPLETED)
            for getter in waiting:
                getter.cancel()
            for getter, lane in zip(getters, self._lanes.values(), strict=True):
                if getter in done:  # put back: the loop above takes it in lane order
                    lane.put_nowait(getter.result())

    async def run(self, handler: JobHandler) -> None:
        async with asyncio.TaskGroup() as lanes:  # cancelling ``run`` stops every lane
            for lane in self._lanes.values():
                lanes.create_task(self._work(lane, handler))

    async def _work(
        self,
        lane: asyncio.Queue[tuple[ProcessAvatarJob, int, str | None]],
        handler: JobHandler,
    ) -> None:
        while True:
            job, attempt, trace_parent = await lane.get()
            retried = False
            try:
                with message_span("avatar.jobs process", trace_parent, SpanKind.CONSUMER):
                    await handler(job)
            except Exception as error:
                retried = self._retry_or_bury(job, attempt, error, trace_parent)
            finally:  # ``drain`` counts jobs itself: retries stay unfinished
                if not retried:
                    self._finished()

    def _finished(self) -> None:
        self._unfinished -= 1
        if self._unfinished == 0:
            self._idle.set()

    def _retry_or_bury(
        self, job: ProcessAvatarJob, attempt: int, error: Exception, trace_parent: str | None
    ) -> bool:
        """Whether the job will be tried again (after a backoff), else it is a dead letter."""
        if attempt >= self._max_attempts:
            log.error("job %s failed %d times; dead letter: %s", job.id, attempt, error)
            self.dead_letters.append(DeadLetter(job, attempt, repr(error)))
            return False
        delay_s = self._backoff_s * 2 ** (attempt - 1)
        log.warning(
            "job %s failed (attempt %d): %s; retrying in %.1f s", job.id, attempt, error, delay_s
        )
        loop = asyncio.get_running_loop()
        loop.call_later(delay_s, self._lane(job).put_nowait, (job, attempt + 1, trace_parent))
        return True

    async def drain(self) -> None:
        """Wait until every queued job has been handled (by a running ``run``), retries
        included."""
        await self._idle.wait()


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
