"""The Kafka event bus against a real Kafka-protocol broker and a real PostgreSQL.

Outbox -> relay -> Kafka (CloudEvents, keyed by avatar) -> worker group -> database, with
redelivery, retries, the dead-letter topic and a broker outage; and the photo jobs' lane of
their own (ADR 58), beside a measurement that is still running.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import msgspec
import pytest
from aiokafka import AIOKafkaProducer, ConsumerRecord

from adapters.contract.messages import Topics, event_messages, job_message
from adapters.kafka.cloudevents import header
from adapters.kafka.dead_letters import KafkaDeadLetters
from adapters.kafka.publisher import KafkaPublisher
from adapters.kafka.worker import JobHandler, KafkaJobWorker
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from adapters.system.clock_and_ids import SystemClock, UuidGenerator
from application.create_avatar import CreateAvatar, CreateAvatarCommand
from application.photo_intake import PHOTOS_JOB
from application.ports import ProcessAvatarJob
from application.process_avatar import ProcessAvatar
from application.relay import RelayOutbox
from domain.access import Role, Viewer
from domain.avatar import AvatarStatus, AvatarType
from domain.events import AvatarCreated, AvatarDeleted
from tests.support.bodies import anny_body_model
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.harness import container_for_tests
from tests.support.kafka import Broker, read_topic

pytestmark = [pytest.mark.slow, pytest.mark.kafka, pytest.mark.postgres]
NOW = datetime(2026, 1, 1, tzinfo=UTC)
Records = list[ConsumerRecord[bytes, bytes]]


@pytest.fixture
def topics(kafka: Broker) -> Topics:
    chosen = Topics.with_prefix(f"t{uuid.uuid4().hex[:8]}.")
    kafka.create_topics(
        [
            chosen.events,
            chosen.jobs,
            chosen.jobs_retry,
            chosen.jobs_dead_letter,
            chosen.photo_jobs,
            chosen.photo_jobs_retry,
        ],
        partitions=3,
    )
    return chosen


async def read(bootstrap: str, topic: str, count: int, timeout_s: float = 20) -> Records:
    """Records of ``topic`` from the beginning, until ``count`` arrived or time ran out."""
    return await read_topic(bootstrap, topic, expected=count, timeout_s=timeout_s)


async def eventually(check: Callable[[], Awaitable[bool]], timeout_s: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.1)


@dataclass
class Bus:
    factory: SqlUnitOfWorkFactory
    publisher: KafkaPublisher
    relay: RelayOutbox
    create: CreateAvatar
    process: ProcessAvatar

    async def flush(self) -> None:
        while await self.relay():
            pass


@pytest.fixture
async def bus(
    postgres_factory: SqlUnitOfWorkFactory, kafka: Broker, topics: Topics
) -> AsyncIterator[Bus]:
    publisher = KafkaPublisher(kafka.bootstrap, topics)
    service = container_for_tests(
        uow_factory=postgres_factory,
        clock=SystemClock(),
        ids=UuidGenerator(),
        body_model=anny_body_model(),
        publisher=publisher,
    )
    yield Bus(
        postgres_factory,
        publisher,
        service.relay(),
        service.create_avatar(),
        service.process_avatar(),
    )
    await publisher.close()


@pytest.fixture
async def worker(
    kafka: Broker, topics: Topics, bus: Bus
) -> AsyncIterator[tuple[KafkaJobWorker, list[ProcessAvatarJob]]]:
    handled: list[ProcessAvatarJob] = []

    async def handle(job: ProcessAvatarJob) -> None:
        handled.append(job)
        await bus.process(job)

    async with running_worker(kafka, topics, handle) as running:
        yield running, handled


@contextlib.asynccontextmanager
async def running_worker(
    kafka: Broker, topics: Topics, handle: JobHandler
) -> AsyncIterator[KafkaJobWorker]:
    """A worker of a new group running ``handle`` while the block runs, then stopped as on
    SIGTERM: every loop finishes its job and leaves."""
    running = KafkaJobWorker(
        kafka.bootstrap,
        topics,
        handle,
        group_id=f"g-{uuid.uuid4().hex}",
        max_attempts=3,
        backoff_s=0.1,
        **_timing(kafka),
    )
    stop = asyncio.Event()
    task = asyncio.create_task(running.run(stop))
    try:
        yield running
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)


def _timing(kafka: Broker) -> dict[str, int]:
    return dict(kafka.group_timing())


def command(name: str = "Kafka") -> CreateAvatarCommand:
    return CreateAvatarCommand(
        viewer=Viewer(uuid.uuid4(), Role.PREMIUM),
        name=name,
        avatar_type=AvatarType.MEASUREMENT_BASED,
        measurements=SPEC_MEASUREMENTS,
    )


async def test_messages_go_out_as_cloudevents_keyed_by_avatar_in_order(
    kafka: Broker, topics: Topics, bus: Bus
) -> None:
    avatar_id = uuid.uuid4()
    events = [
        AvatarCreated(
            avatar_id=avatar_id,
            user_id=avatar_id,
            occurred_at=NOW,
            avatar_type="measurement_based",
            name_of_avatar=f"n{i}",
        )
        for i in range(5)
    ]
    messages = event_messages(
        [*events, AvatarDeleted(avatar_id=avatar_id, user_id=avatar_id, occurred_at=NOW)]
    )
    assert await bus.publisher.publish(messages) == 6
    records = await read(kafka.bootstrap, topics.events, 6)
    assert [r.key for r in records] == [str(avatar_id).encode()] * 6
    assert [header(list(r.headers), "ce_id") for r in records] == [str(m.id) for m in messages]
    first = list(records[0].headers)
    assert header(first, "ce_specversion") == "1.0"
    assert header(first, "ce_type") == "com.perfit.avatar.created.v1"
    assert header(first, "ce_source") == "/avatar-service"
    assert header(first, "content-type") == "application/json"
    assert datetime.fromisoformat(header(first, "ce_time") or "") == NOW
    assert msgspec.json.decode(records[0].value or b"")["name"] == "n0"


async def test_a_created_avatar_is_completed_by_the_worker_group_with_its_events(
    kafka: Broker,
    topics: Topics,
    bus: Bus,
    worker: tuple[KafkaJobWorker, list[ProcessAvatarJob]],
) -> None:
    avatar = await bus.create(command())

    async def completed() -> bool:
        await bus.flush()
        async with bus.factory(read_only=True) as uow:
            stored = await uow.avatars.get(avatar.id)
        return stored is not None and stored.status is AvatarStatus.COMPLETED

    await eventually(completed)
    await bus.flush()
    records = [
        r for r in await read(kafka.bootstrap, topics.events, 8) if r.key == str(avatar.id).encode()
    ]
    types = [header(list(r.headers), "ce_type") for r in records]
    assert types == [
        f"com.perfit.avatar.{t}.v1"
        for t in (
            "created",
            "analysis_updated",  # of the typed measurements
            "processing",  # queued
            "processing",  # measurement_fitting
            "processing",  # model_generation
            "measurements_updated",  # the fitted profile
            "analysis_updated",  # of the fitted profile
            "completed",
        )
    ]
    async with bus.factory() as uow:
        assert await uow.outbox.pending() == 0


async def test_a_redelivered_job_changes_nothing_twice(
    kafka: Broker,
    topics: Topics,
    bus: Bus,
    worker: tuple[KafkaJobWorker, list[ProcessAvatarJob]],
) -> None:
    avatar = await bus.create(command())
    await bus.flush()
    async with bus.factory(read_only=True) as uow:
        assert await uow.outbox.pending() == 0
    _, handled = worker
    await eventually(lambda: _true(len(handled) >= 1))
    # The same job message again, as after a crash between the database and offset commits.
    job = handled[0]
    await bus.publisher.publish([job_message(job, NOW)])
    await eventually(lambda: _true(len(handled) >= 2))
    await bus.flush()
    records = await read(kafka.bootstrap, topics.events, 4, timeout_s=5)
    completed = [
        r
        for r in records
        if header(list(r.headers), "ce_type") == "com.perfit.avatar.completed.v1"
        and r.key == str(avatar.id).encode()
    ]
    assert len(completed) == 1
    assert handled[0] == handled[1]


async def _true(value: bool) -> bool:
    return value


async def test_a_poison_message_lands_on_the_dead_letter_topic_and_the_group_moves_on(
    kafka: Broker,
    topics: Topics,
    bus: Bus,
    worker: tuple[KafkaJobWorker, list[ProcessAvatarJob]],
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            topics.jobs, value=b"{not a job", key=b"poison", headers=[("ce_id", b"poison-1")]
        )
    finally:
        await producer.stop()
    avatar = await bus.create(command())
    await bus.flush()
    dead = await read(kafka.bootstrap, topics.jobs_dead_letter, 1, timeout_s=30)
    assert len(dead) == 1 and dead[0].value == b"{not a job"
    headers = list(dead[0].headers)
    assert header(headers, "x-attempt") == "3"
    assert "DecodeError" in (header(headers, "x-error") or "")
    retried = await read(kafka.bootstrap, topics.jobs_retry, 2, timeout_s=5)
    assert [header(list(r.headers), "x-attempt") for r in retried] == ["2", "3"]

    async def completed() -> bool:
        async with bus.factory(read_only=True) as uow:
            stored = await uow.avatars.get(avatar.id)
        return stored is not None and stored.status is AvatarStatus.COMPLETED

    await eventually(completed)


async def test_a_photo_job_is_done_while_a_measurement_still_runs_on_the_jobs_topic(
    kafka: Broker, topics: Topics
) -> None:
    measurement = ProcessAvatarJob(uuid.uuid4(), uuid.uuid4(), "photos_measured")
    photo = ProcessAvatarJob(uuid.uuid4(), uuid.uuid4(), PHOTOS_JOB)
    measuring, release = asyncio.Event(), asyncio.Event()
    done: list[ProcessAvatarJob] = []

    async def handle(job: ProcessAvatarJob) -> None:
        if job.reason != PHOTOS_JOB:
            measuring.set()
            await release.wait()  # a fit that lasts until the test lets it end
        done.append(job)

    publisher = KafkaPublisher(kafka.bootstrap, topics)
    async with running_worker(kafka, topics, handle):
        try:
            await publisher.publish([job_message(measurement, NOW)])
            await asyncio.wait_for(measuring.wait(), timeout=30)
            await publisher.publish([job_message(photo, NOW)])
            await eventually(lambda: _true(photo in done))
            assert done == [photo]  # the measurement is still running
        finally:
            release.set()
            await publisher.close()
        await eventually(lambda: _true(measurement in done))
    assert done == [photo, measurement]
    on_jobs = await read_topic(kafka.bootstrap, topics.jobs, timeout_s=30)
    on_photo_jobs = await read_topic(kafka.bootstrap, topics.photo_jobs, timeout_s=30)
    assert [header(list(r.headers), "ce_id") for r in on_jobs] == [str(measurement.id)]
    assert [header(list(r.headers), "ce_id") for r in on_photo_jobs] == [str(photo.id)]


async def test_a_failing_photo_job_is_retried_in_its_lane_dead_lettered_and_replayed_to_it(
    kafka: Broker, topics: Topics
) -> None:
    photo = ProcessAvatarJob(uuid.uuid4(), uuid.uuid4(), PHOTOS_JOB)
    attempts: list[ProcessAvatarJob] = []
    failing = True

    async def handle(job: ProcessAvatarJob) -> None:
        attempts.append(job)
        if failing:
            raise RuntimeError("the person mask is not ready")

    publisher = KafkaPublisher(kafka.bootstrap, topics)
    async with running_worker(kafka, topics, handle):
        try:
            await publisher.publish([job_message(photo, NOW)])
        finally:
            await publisher.close()
        (dead,) = await read(kafka.bootstrap, topics.jobs_dead_letter, 1, timeout_s=30)
        headers = list(dead.headers)
        assert header(headers, "x-attempt") == "3"
        assert header(headers, "x-original-topic") == topics.photo_jobs_retry
        assert "the person mask is not ready" in (header(headers, "x-error") or "")
        retried = await read(kafka.bootstrap, topics.photo_jobs_retry, 2)
        assert [header(list(r.headers), "x-attempt") for r in retried] == ["2", "3"]
        assert await read_topic(kafka.bootstrap, topics.jobs_retry, timeout_s=10) == []
        assert attempts == [photo] * 3

        failing = False
        letters = KafkaDeadLetters(kafka.bootstrap, topics)
        (letter,) = await letters.list(10)
        assert (await letters.replay(letter.id)).job == photo
        await eventually(lambda: _true(len(attempts) == 4))
    replayed = (await read(kafka.bootstrap, topics.photo_jobs, 2))[-1]
    assert header(list(replayed.headers), "ce_id") == str(photo.id)
    assert header(list(replayed.headers), "x-attempt") is None  # a first attempt again
    assert await read_topic(kafka.bootstrap, topics.jobs, timeout_s=10) == []


async def test_events_wait_in_the_outbox_while_the_broker_is_down_and_none_is_lost(
    kafka: Broker,
    topics: Topics,
    bus: Bus,
) -> None:
    if kafka.external:
        pytest.skip("an external broker is not stopped by the tests")
    kafka.stop()
    try:
        avatars = [await bus.create(command(f"while down {i}")) for i in range(5)]
        with pytest.raises(Exception):  # noqa: B017 - any broker error: the relay retries
            await asyncio.wait_for(bus.relay(), timeout=30)
        async with bus.factory(read_only=True) as uow:
            waiting = await uow.outbox.pending()
        assert waiting == 5 * 4  # created, analysis_updated, processing, the job, per avatar
    finally:
        kafka.start()
    await bus.publisher.close()
    await eventually(lambda: _relayed(bus), timeout_s=60)
    records = await read(kafka.bootstrap, topics.events, 15)
    by_avatar: dict[bytes, list[str | None]] = {}
    for record in records:
        by_avatar.setdefault(record.key or b"", []).append(header(list(record.headers), "ce_type"))
    for avatar in avatars:
        assert by_avatar[str(avatar.id).encode()] == [
            "com.perfit.avatar.created.v1",
            "com.perfit.avatar.analysis_updated.v1",
            "com.perfit.avatar.processing.v1",
        ]


async def _relayed(bus: Bus) -> bool:
    try:
        await bus.flush()
    except Exception:
        return False
    async with bus.factory(read_only=True) as uow:
        return await uow.outbox.pending() == 0
