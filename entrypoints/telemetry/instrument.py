"""Decorators the composition root puts around ports and use cases, so that the core stays
free of telemetry: each times a processing stage, counts what it sees, and opens a span.

Every wrapper delegates what it does not override to the object it wraps (``__getattr__``),
so it serves the same port.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any

import msgspec

from application.ports import (
    BlobInfo,
    Channel,
    OutboxMessage,
    ProcessAvatarJob,
    UnitOfWorkFactory,
)
from domain.avatar import AvatarStatus
from entrypoints.telemetry import logs, metrics, tracing

JobHandler = Callable[[ProcessAvatarJob], Awaitable[None]]
CREATED_EVENT = "com.perfit.avatar.created.v1"


@contextlib.contextmanager
def _stage(name: str) -> Iterator[None]:
    """A processing stage: a span, and its time in the stage histogram."""
    with tracing.span(f"stage {name}", stage=name), metrics.timed_stage(name):
        yield


class _Delegating:
    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


class TimedBodyModel(_Delegating):
    """The body model, with ``fit`` timed as the ``measurement_fitting`` stage."""

    async def fit(self, request: Any) -> Any:
        with _stage("measurement_fitting"):
            return await self.wrapped.fit(request)


class TimedShapeEstimator(_Delegating):
    """The photo estimator, with ``estimate`` timed as the ``measurement_extraction`` stage."""

    async def estimate(self, views: Any, hints: Any, progress: Any = None) -> Any:
        with _stage("measurement_extraction"):
            return await self.wrapped.estimate(views, hints, progress)


class TimedModelGeneration(_Delegating):
    """GenerateModelFiles, with ``write_files`` timed as the ``model_generation`` stage."""

    async def write_files(self, *args: Any, **kwargs: Any) -> Any:
        with _stage("model_generation"):
            return await self.wrapped.write_files(*args, **kwargs)


class TimedStage(_Delegating):
    """A use case called with a job (ProcessPhotos), timed as ``stage``."""

    def __init__(self, wrapped: JobHandler, stage: str) -> None:
        super().__init__(wrapped)
        self._stage = stage

    async def __call__(self, job: ProcessAvatarJob) -> None:
        with _stage(self._stage):
            await self.wrapped(job)


class ObservedJobs:
    """The job handler, timed per job, and the outcome of the avatar counted once it ends."""

    def __init__(self, handler: JobHandler, uow_factory: UnitOfWorkFactory) -> None:
        self._handler, self._uow_factory = handler, uow_factory

    async def __call__(self, job: ProcessAvatarJob) -> None:
        logs.bind_request(f"job-{job.id}")  # a job's lines share its id, as a request's do
        logs.bind(avatar_id=job.avatar_id)
        started = time.perf_counter()
        outcome = "error"
        try:
            with tracing.span(
                f"job {job.reason}", **{"avatar.id": str(job.avatar_id), "job.id": str(job.id)}
            ):
                await self._handler(job)
            outcome = "ok"
        finally:
            elapsed_s = time.perf_counter() - started
            metrics.JOB_SECONDS.labels(reason=job.reason, outcome=outcome).observe(elapsed_s)
        await self._count_outcome(job)

    async def _count_outcome(self, job: ProcessAvatarJob) -> None:
        async with self._uow_factory(read_only=True) as uow:
            avatar = await uow.avatars.get(job.avatar_id)
        if avatar is not None and avatar.status in (AvatarStatus.COMPLETED, AvatarStatus.FAILED):
            metrics.PROCESSING_OUTCOMES.labels(
                avatar_type=avatar.avatar_type.value, outcome=avatar.status.value
            ).inc()


class _CreatedPayload(msgspec.Struct, rename="camel"):
    avatar_type: str = "unknown"


class ObservedPublisher(_Delegating):
    """The outbox relay's publisher: counts what reached the broker, and the avatars created
    (each created event once it is published, whichever process created it)."""

    async def publish(self, messages: Sequence[OutboxMessage]) -> int:
        sent: int = await self.wrapped.publish(messages)
        for message in messages[:sent]:
            metrics.EVENTS_PUBLISHED.labels(channel=message.channel.value).inc()
            if message.channel is Channel.EVENTS and message.type == CREATED_EVENT:
                try:
                    created = msgspec.json.decode(message.payload, type=_CreatedPayload)
                except msgspec.DecodeError:
                    continue
                metrics.AVATARS_CREATED.labels(avatar_type=created.avatar_type).inc()
        return sent


class CountingBlobStore(_Delegating):
    """The object store, counting the bytes written."""

    async def put(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        info: BlobInfo = await self.wrapped.put(key, data, content_type)
        metrics.BLOB_BYTES_WRITTEN.inc(info.size)
        return info

    async def put_stream(self, *args: Any, **kwargs: Any) -> BlobInfo:
        info: BlobInfo = await self.wrapped.put_stream(*args, **kwargs)
        metrics.BLOB_BYTES_WRITTEN.inc(info.size)
        return info

    def stream(self, key: str, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]:
        iterator: AsyncIterator[bytes] = self.wrapped.stream(key, chunk_size)
        return iterator
