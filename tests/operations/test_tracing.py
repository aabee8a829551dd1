"""One trace from the HTTP request through the outbox, the queue and the worker to a stage."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from litestar import Litestar, post
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from adapters.contract.messages import TRACEPARENT, job_message
from adapters.kafka.cloudevents import header, headers_for
from adapters.memory.messaging import InProcessEventBus, InProcessJobQueue, InProcessPublisher
from adapters.system.clock_and_ids import SystemClock
from application.jobs import JobRouter
from application.ports import ProcessAvatarJob, UnitOfWorkFactory
from application.relay import RelayOutbox
from entrypoints.telemetry import tracing
from entrypoints.telemetry.http import observe_requests
from entrypoints.telemetry.instrument import ObservedJobs, ObservedPublisher, TimedStage

EXPORTER = InMemorySpanExporter()
_installed: list[bool] = []


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    if not _installed:  # a process has one tracer provider: install the exporter once
        tracing.install(SimpleSpanProcessor(EXPORTER))
        _installed.append(True)
    EXPORTER.clear()
    yield EXPORTER
    EXPORTER.clear()


def _app(uow_factory: UnitOfWorkFactory, job: ProcessAvatarJob) -> Litestar:
    @post("/api/v1/avatars/{avatar_id:uuid}/photos", status_code=202)
    async def upload(avatar_id: uuid.UUID) -> None:
        async with uow_factory() as uow:  # as a use case does: the job in the outbox
            await uow.outbox.add_job(job, datetime.now(UTC))
            await uow.commit()

    return Litestar([upload], middleware=[observe_requests], logging_config=None)


def _by_name(finished: tuple[ReadableSpan, ...], name: str) -> ReadableSpan:
    matching = [span for span in finished if span.name == name]
    assert len(matching) == 1, (name, [span.name for span in finished])
    return matching[0]


async def test_the_trace_goes_from_the_request_across_the_queue_to_the_stage(
    uow_factory: UnitOfWorkFactory, spans: InMemorySpanExporter
) -> None:
    avatar_id = uuid.uuid4()
    job = ProcessAvatarJob(id=uuid.uuid4(), avatar_id=avatar_id, reason="photos")
    queue = InProcessJobQueue()
    publisher = ObservedPublisher(InProcessPublisher(InProcessEventBus(), queue))
    relay = RelayOutbox(uow_factory, publisher, SystemClock())  # type: ignore[arg-type]
    preprocessed = asyncio.Event()

    async def preprocess(_: ProcessAvatarJob) -> None:
        preprocessed.set()

    async def never(_: ProcessAvatarJob) -> None:
        raise AssertionError("photos jobs go to photo preprocessing")

    stages = JobRouter(never, {"photos": TimedStage(preprocess, "photo_preprocessing")})
    worker = asyncio.create_task(queue.run(ObservedJobs(stages, uow_factory)))
    try:
        # In this event loop (the database's connections belong to it), not a test portal's.
        transport = httpx.ASGITransport(app=_app(uow_factory, job))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.post(f"/api/v1/avatars/{avatar_id}/photos")
        assert response.status_code == 202, response.text
        assert await relay() == 1
        await asyncio.wait_for(preprocessed.wait(), timeout=30)
        await queue.drain()
    finally:
        worker.cancel()

    finished = spans.get_finished_spans()
    chain = [
        _by_name(finished, "POST /api/v1/avatars/{avatar_id}/photos"),
        _by_name(finished, "avatar.jobs publish"),
        _by_name(finished, "avatar.jobs process"),
        _by_name(finished, "job photos"),
        _by_name(finished, "stage photo_preprocessing"),
    ]
    trace_id = chain[0].context.trace_id
    assert chain[0].parent is None
    for parent, child in itertools.pairwise(chain):
        assert child.context.trace_id == trace_id, child.name
        assert child.parent is not None and child.parent.span_id == parent.context.span_id, (
            child.name
        )


def test_a_message_written_in_a_span_carries_its_traceparent_to_kafka(
    spans: InMemorySpanExporter,
) -> None:
    job = ProcessAvatarJob(id=uuid.uuid4(), avatar_id=uuid.uuid4(), reason="created")
    with tracing.span("request") as current:
        message = job_message(job, datetime.now(UTC))
    trace_id = format(current.get_span_context().trace_id, "032x")
    assert message.trace_parent is not None and trace_id in message.trace_parent
    assert header(headers_for(message), TRACEPARENT) == message.trace_parent


def test_without_a_span_a_message_carries_no_traceparent() -> None:
    job = ProcessAvatarJob(id=uuid.uuid4(), avatar_id=uuid.uuid4(), reason="created")
    message = job_message(job, datetime.now(UTC))
    assert message.trace_parent is None
    assert header(headers_for(message), TRACEPARENT) is None
