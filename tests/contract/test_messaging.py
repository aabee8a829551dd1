"""The EventPublisher and JobQueue contracts, run against every adapter (in-process for now;
the Kafka adapters of the event bus issue join the parameter lists)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest

from adapters.memory.messaging import InProcessEventBus, InProcessJobQueue
from application.ports import ProcessAvatarJob
from domain.events import AvatarCreated, AvatarDeleted, DomainEvent

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def events(count: int) -> list[DomainEvent]:
    avatar_id, user_id = uuid.uuid4(), uuid.uuid4()
    made: list[DomainEvent] = [
        AvatarCreated(
            avatar_id=avatar_id,
            user_id=user_id,
            occurred_at=NOW,
            avatar_type="measurement_based",
            name_of_avatar=f"a{i}",
        )
        for i in range(count - 1)
    ]
    return [*made, AvatarDeleted(avatar_id=avatar_id, user_id=user_id, occurred_at=NOW)]


@pytest.fixture(params=["inprocess"])
def bus(request: pytest.FixtureRequest) -> InProcessEventBus:
    return InProcessEventBus()


async def test_subscribers_receive_events_in_publication_order(bus: InProcessEventBus) -> None:
    received: list[DomainEvent] = []

    async def listen(event: DomainEvent) -> None:
        received.append(event)

    bus.subscribe(listen)
    sent = events(5)
    await bus.publish(sent)
    assert received == sent
    assert [e.name for e in received][-1] == "avatar.deleted"


async def test_a_failing_subscriber_does_not_stop_the_others(bus: InProcessEventBus) -> None:
    received: list[DomainEvent] = []

    async def broken(event: DomainEvent) -> None:
        raise RuntimeError("down")

    async def listen(event: DomainEvent) -> None:
        received.append(event)

    bus.subscribe(broken)
    bus.subscribe(listen)
    await bus.publish(events(2))
    assert len(received) == 2


@pytest.fixture(params=["inprocess"])
def queue(request: pytest.FixtureRequest) -> InProcessJobQueue:
    return InProcessJobQueue()


async def test_every_job_is_handled_once_and_a_failure_does_not_stop_the_worker(
    queue: InProcessJobQueue,
) -> None:
    handled: list[ProcessAvatarJob] = []
    jobs = [ProcessAvatarJob(avatar_id=uuid.uuid4(), reason="created") for _ in range(4)]

    async def handle(job: ProcessAvatarJob) -> None:
        handled.append(job)
        if job is jobs[1]:
            raise RuntimeError("one bad job")

    worker = asyncio.create_task(queue.run(handle))
    for job in jobs:
        await queue.enqueue(job)
    await asyncio.wait_for(queue.drain(), timeout=5)
    worker.cancel()
    assert handled == jobs
