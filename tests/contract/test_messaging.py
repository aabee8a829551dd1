"""The MessagePublisher contract and the job queue's retry semantics.

The publisher suite runs against the in-process publisher here; the Kafka publisher runs the
same assertions against a real broker in tests/integration/test_kafka_bus.py.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import msgspec
import pytest

from adapters.contract.messages import Topics, event_messages, job_message
from adapters.memory.messaging import InProcessEventBus, InProcessJobQueue, InProcessPublisher
from application.photo_intake import PHOTOS_JOB
from application.ports import OutboxMessage, ProcessAvatarJob
from domain.events import AvatarCreated, AvatarDeleted, DomainEvent

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def lifecycle(count: int, avatar_id: uuid.UUID | None = None) -> list[DomainEvent]:
    avatar_id, user_id = avatar_id or uuid.uuid4(), uuid.uuid4()
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


async def test_in_process_delivery_keeps_the_order_and_routes_jobs_to_the_queue() -> None:
    bus, queue = InProcessEventBus(), InProcessJobQueue()
    received: list[OutboxMessage] = []

    async def listen(message: OutboxMessage) -> None:
        received.append(message)

    bus.subscribe(listen)
    job = ProcessAvatarJob(id=uuid.uuid4(), avatar_id=uuid.uuid4(), reason="created")
    events = event_messages(lifecycle(4))
    sent = [*events[:2], job_message(job, NOW), *events[2:]]
    assert await InProcessPublisher(bus, queue).publish(sent) == 5
    assert received == events
    assert [m.type for m in received][-1] == "com.perfit.avatar.deleted.v1"
    assert await queue.next_job() == job


def test_a_photo_job_has_a_kafka_topic_of_its_own_and_the_other_jobs_share_one() -> None:
    topics = Topics.with_prefix("staging.")
    assert topics.job_topic(PHOTOS_JOB) == "staging.avatar.jobs.photos"
    assert topics.photo_jobs_retry == "staging.avatar.jobs.photos.retry"
    for reason in ("created", "photos_measured", "regeneration"):
        assert topics.job_topic(reason) == "staging.avatar.jobs"


async def test_a_failing_subscriber_does_not_stop_the_others() -> None:
    bus = InProcessEventBus()
    received: list[OutboxMessage] = []

    async def broken(message: OutboxMessage) -> None:
        raise RuntimeError("down")

    async def listen(message: OutboxMessage) -> None:
        received.append(message)

    bus.subscribe(broken)
    bus.subscribe(listen)
    await InProcessPublisher(bus, InProcessJobQueue()).publish(event_messages(lifecycle(2)))
    assert len(received) == 2


def test_event_payloads_carry_the_contract_fields() -> None:
    (message,) = event_messages(lifecycle(1))
    body = msgspec.json.decode(message.payload)
    assert set(body) == {"avatarId", "userId", "occurredAt"}
    assert message.key == body["avatarId"]


async def test_a_failing_job_is_retried_then_set_aside_and_the_queue_moves_on() -> None:
    queue = InProcessJobQueue(max_attempts=3, backoff_s=0.01)
    bad = ProcessAvatarJob(id=uuid.uuid4(), avatar_id=uuid.uuid4(), reason="created")
    good = ProcessAvatarJob(id=uuid.uuid4(), avatar_id=uuid.uuid4(), reason="created")
    attempts: list[uuid.UUID] = []

    async def handle(job: ProcessAvatarJob) -> None:
        attempts.append(job.id)
        if job is bad:
            raise RuntimeError("poison")

    worker = asyncio.create_task(queue.run(handle))
    await queue.enqueue(bad)
    await queue.enqueue(good)
    for _ in range(100):
        if queue.dead_letters:
            break
        await asyncio.sleep(0.01)
    worker.cancel()
    assert attempts.count(bad.id) == 3 and attempts.count(good.id) == 1
    assert [d.job for d in queue.dead_letters] == [bad]
    assert "poison" in queue.dead_letters[0].error


@pytest.mark.parametrize("count", [1, 3])
def test_job_messages_keep_the_job_id_as_message_id(count: int) -> None:
    job = ProcessAvatarJob(id=uuid.uuid4(), avatar_id=uuid.uuid4(), reason="created")
    message = job_message(job, NOW)
    assert message.id == job.id and message.key == str(job.avatar_id)


async def _order_of_work(queue: InProcessJobQueue) -> list[str]:
    """A measurement job that takes a while, then an upload's photos job: what finishes
    first."""
    finished: list[str] = []
    measuring = asyncio.Event()

    async def handle(job: ProcessAvatarJob) -> None:
        if job.reason == "photos_measured":
            measuring.set()
            await asyncio.sleep(0.3)  # the fit, in its thread
        finished.append(job.reason)

    worker = asyncio.create_task(queue.run(handle))
    await queue.enqueue(ProcessAvatarJob(uuid.uuid4(), uuid.uuid4(), "photos_measured"))
    await asyncio.wait_for(measuring.wait(), timeout=5)
    await queue.enqueue(ProcessAvatarJob(uuid.uuid4(), uuid.uuid4(), "photos"))
    await asyncio.wait_for(queue.drain(), timeout=5)
    worker.cancel()
    return finished


async def test_an_uploads_photo_job_does_not_wait_behind_a_measurement() -> None:
    assert await _order_of_work(InProcessJobQueue(own_lane=("photos",))) == [
        "photos",
        "photos_measured",
    ]
    # One queue (no lane of its own): the photos wait for the fit to end.
    assert await _order_of_work(InProcessJobQueue()) == ["photos_measured", "photos"]


async def test_drain_waits_for_a_retried_job_in_either_lane() -> None:
    queue = InProcessJobQueue(max_attempts=3, backoff_s=0.05, own_lane=("photos",))
    tries: list[str] = []

    async def handle(job: ProcessAvatarJob) -> None:
        tries.append(job.reason)
        if tries.count(job.reason) == 1:
            raise RuntimeError("broker hiccup")

    worker = asyncio.create_task(queue.run(handle))
    for reason in ("photos", "created"):
        await queue.enqueue(ProcessAvatarJob(uuid.uuid4(), uuid.uuid4(), reason))
    await asyncio.wait_for(queue.drain(), timeout=5)
    worker.cancel()
    assert sorted(tries) == ["created", "created", "photos", "photos"]
    assert queue.pending() == 0 and not queue.dead_letters


async def test_next_job_takes_the_photos_lane_first_and_waits_when_empty() -> None:
    queue = InProcessJobQueue(own_lane=("photos",))
    measured = ProcessAvatarJob(uuid.uuid4(), uuid.uuid4(), "photos_measured")
    photos = ProcessAvatarJob(uuid.uuid4(), uuid.uuid4(), "photos")
    await queue.enqueue(measured)
    await queue.enqueue(photos)
    assert queue.pending() == 2
    assert [await queue.next_job(), await queue.next_job()] == [photos, measured]
    waiting = asyncio.create_task(queue.next_job())
    await asyncio.sleep(0.01)
    assert not waiting.done()
    await queue.enqueue(measured)
    assert await asyncio.wait_for(waiting, timeout=1) == measured
    await asyncio.wait_for(queue.drain(), timeout=1)  # every job taken counts as done
