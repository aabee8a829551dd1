"""Lifecycle events and job commands as they travel: CloudEvents 1.0, JSON payloads.

A domain event becomes one message on the events topic, keyed by avatar id so that one
avatar's events stay in order. Types are versioned (``com.perfit.avatar.completed.v1``):
a change that is not backward compatible gets a new type, never a changed payload.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

import msgspec
from opentelemetry import propagate, trace

from application.photo_intake import PHOTOS_JOB
from application.ports import (
    AvatarUpdate,
    Channel,
    OutboxMessage,
    ProcessAvatarJob,
    UpdateKind,
)
from domain import events as domain

SPEC_VERSION = "1.0"
SOURCE = "/avatar-service"
CONTENT_TYPE = "application/json"
TYPE_PREFIX = "com.perfit.avatar."
JOB_TYPE = "com.perfit.avatar.job.process.v1"


@dataclass(frozen=True, slots=True)
class Topics:
    """Topic names; a deployment may prefix them (``AVATAR_KAFKA_TOPIC_PREFIX``)."""

    events: str = "avatar.events"
    jobs: str = "avatar.jobs"
    jobs_retry: str = "avatar.jobs.retry"
    jobs_dead_letter: str = "avatar.jobs.dlq"
    # An upload's photo jobs, consumed beside the other jobs: never behind a fit (ADR 58).
    photo_jobs: str = "avatar.jobs.photos"
    photo_jobs_retry: str = "avatar.jobs.photos.retry"

    @classmethod
    def with_prefix(cls, prefix: str) -> Topics:
        base = cls()
        return cls(**{topic.name: prefix + getattr(base, topic.name) for topic in fields(cls)})

    def job_topic(self, reason: str) -> str:
        """The topic of a job with this reason: its own if it has one, else the jobs topic."""
        own_topics = {PHOTOS_JOB: self.photo_jobs}
        return own_topics.get(reason, self.jobs)


class UserPayload(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=False):
    """Fields every event carries. Consumers must ignore fields they do not know."""

    user_id: uuid.UUID
    occurred_at: datetime


class Payload(UserPayload, kw_only=True):
    """Fields every avatar lifecycle event carries."""

    avatar_id: uuid.UUID


class AvatarCreatedV1(Payload, kw_only=True):
    avatar_type: str
    name: str


class AvatarProcessingV1(Payload, kw_only=True):
    stage: str
    progress: int


class AvatarCompletedV1(Payload, kw_only=True):
    processing_time_s: float | None


class AvatarFailedV1(Payload, kw_only=True):
    error: str
    retryable: bool


class AvatarUpdatedV1(Payload, kw_only=True):
    changed_fields: list[str]


class AvatarMeasurementsUpdatedV1(Payload, kw_only=True):
    version: int
    changed_measurements: list[str]


class AvatarAnalysisUpdatedV1(Payload, kw_only=True):
    """Read the whole analysis at GET /api/v1/avatars/{avatarId}/analysis."""

    analysis_id: uuid.UUID
    version: int  # the avatar version whose measurements were analysed
    body_type: str  # apple, pear, rectangle, hourglass, inverted_triangle
    body_type_confidence: float  # the probability of body_type under measurement uncertainty
    symmetry_score: float | None
    symmetry_source: str | None  # body_model or photo_keypoints (docs/body-analysis.md)


class AvatarDeletedV1(Payload, kw_only=True):
    pass


class AvatarDuplicatedV1(Payload, kw_only=True):
    source_avatar_id: uuid.UUID


class GeneratedModelV1(msgspec.Struct, rename="camel", kw_only=True):
    """One generated file; download it at /api/v1/avatars/{avatarId}/models/{modelFileId}."""

    model_file_id: uuid.UUID
    format: str  # glb, gltf, obj, fbx
    lod_level: str  # high, medium, low, mobile
    file_size: int  # bytes


class AvatarModelGeneratedV1(Payload, kw_only=True):
    files: list[GeneratedModelV1]
    generation_method: str
    body_model: str


class PhotoPayload(Payload, kw_only=True):
    """Fields every photo event carries."""

    photo_id: uuid.UUID
    view_type: str


class PhotoProcessedV1(PhotoPayload, kw_only=True):
    pass


class PhotoFailedV1(PhotoPayload, kw_only=True):
    error: str


class PhotoDeletedV1(PhotoPayload, kw_only=True):
    reason: str  # "requested" by the owner, or "expired" (auto-deletion)


class UserDataErasedV1(UserPayload, kw_only=True):
    avatars_erased: int


class ProcessAvatarCommandV1(msgspec.Struct, rename="camel", kw_only=True):
    """Background work: bring an avatar in ``processing`` to ``completed`` or ``failed``."""

    job_id: uuid.UUID
    avatar_id: uuid.UUID
    reason: str


def _common(event: domain.DomainEvent) -> dict[str, Any]:
    common: dict[str, Any] = {"user_id": event.user_id, "occurred_at": event.occurred_at}
    if isinstance(event, domain.AvatarEvent):
        common["avatar_id"] = event.avatar_id
    if isinstance(event, domain.PhotoEvent):
        common["photo_id"] = event.photo_id
        common["view_type"] = event.view_type
    return common


# Domain event class -> (CloudEvents type, payload Struct, how to fill it).
EVENT_TYPES: dict[type[domain.DomainEvent], tuple[str, type[UserPayload]]] = {
    domain.AvatarCreated: (TYPE_PREFIX + "created.v1", AvatarCreatedV1),
    domain.AvatarProcessing: (TYPE_PREFIX + "processing.v1", AvatarProcessingV1),
    domain.AvatarCompleted: (TYPE_PREFIX + "completed.v1", AvatarCompletedV1),
    domain.AvatarFailed: (TYPE_PREFIX + "failed.v1", AvatarFailedV1),
    domain.AvatarUpdated: (TYPE_PREFIX + "updated.v1", AvatarUpdatedV1),
    domain.MeasurementsUpdated: (
        TYPE_PREFIX + "measurements_updated.v1",
        AvatarMeasurementsUpdatedV1,
    ),
    domain.BodyAnalysisUpdated: (TYPE_PREFIX + "analysis_updated.v1", AvatarAnalysisUpdatedV1),
    domain.AvatarDeleted: (TYPE_PREFIX + "deleted.v1", AvatarDeletedV1),
    domain.AvatarDuplicated: (TYPE_PREFIX + "duplicated.v1", AvatarDuplicatedV1),
    domain.ModelGenerated: (TYPE_PREFIX + "model_generated.v1", AvatarModelGeneratedV1),
    domain.PhotoProcessed: ("com.perfit.photo.processed.v1", PhotoProcessedV1),
    domain.PhotoFailed: ("com.perfit.photo.failed.v1", PhotoFailedV1),
    domain.PhotoDeleted: ("com.perfit.photo.deleted.v1", PhotoDeletedV1),
    domain.UserDataErased: ("com.perfit.user.data_erased.v1", UserDataErasedV1),
}
PAYLOADS: dict[str, type[msgspec.Struct]] = {
    **{event_type: payload for event_type, payload in EVENT_TYPES.values()},
    JOB_TYPE: ProcessAvatarCommandV1,
}


def payload_of(event: domain.DomainEvent) -> tuple[str, UserPayload]:
    """The CloudEvents type and payload of a domain event."""
    event_type, payload_type = EVENT_TYPES[type(event)]
    specific: dict[str, Any]
    match event:
        case domain.AvatarCreated():
            specific = {"avatar_type": event.avatar_type, "name": event.name_of_avatar}
        case domain.AvatarProcessing():
            specific = {"stage": event.stage, "progress": event.progress}
        case domain.AvatarCompleted():
            specific = {"processing_time_s": event.processing_time_s}
        case domain.AvatarFailed():
            specific = {"error": event.error, "retryable": event.retryable}
        case domain.AvatarUpdated():
            specific = {"changed_fields": list(event.changed_fields)}
        case domain.MeasurementsUpdated():
            specific = {
                "version": event.version,
                "changed_measurements": list(event.changed_measurements),
            }
        case domain.BodyAnalysisUpdated():
            specific = {
                "analysis_id": event.analysis_id,
                "version": event.version,
                "body_type": event.body_type,
                "body_type_confidence": event.body_type_confidence,
                "symmetry_score": event.symmetry_score,
                "symmetry_source": event.symmetry_source,
            }
        case domain.AvatarDuplicated():
            specific = {"source_avatar_id": event.source_avatar_id}
        case domain.UserDataErased():
            specific = {"avatars_erased": event.avatars_erased}
        case domain.ModelGenerated():
            specific = {
                "files": [
                    GeneratedModelV1(
                        model_file_id=f.model_file_id,
                        format=f.format,
                        lod_level=f.lod_level,
                        file_size=f.file_size,
                    )
                    for f in event.files
                ],
                "generation_method": event.generation_method,
                "body_model": event.body_model,
            }
        case domain.PhotoFailed():
            specific = {"error": event.error}
        case domain.PhotoDeleted():
            specific = {"reason": event.reason}
        case _:
            specific = {}
    return event_type, payload_type(**_common(event), **specific)


_LIVE_TYPES: dict[str, tuple[UpdateKind, type[Payload]]] = {
    TYPE_PREFIX + "processing.v1": (UpdateKind.PROCESSING, AvatarProcessingV1),
    TYPE_PREFIX + "completed.v1": (UpdateKind.COMPLETED, AvatarCompletedV1),
    TYPE_PREFIX + "failed.v1": (UpdateKind.FAILED, AvatarFailedV1),
}


def avatar_update_of(event_id: str, event_type: str, data: bytes) -> AvatarUpdate | None:
    """The live update a processing, completed or failed event carries, ``CHANGED`` for any
    other avatar event (what a read cache must forget); None for a type that names no avatar;
    ``msgspec.ValidationError`` (a ``ValueError``) if its payload is not of its type."""
    known = _LIVE_TYPES.get(event_type)
    if known is None:
        if not issubclass(PAYLOADS.get(event_type, UserPayload), Payload):
            return None
        common = msgspec.json.decode(data, type=Payload)
        return AvatarUpdate(
            event_id=event_id,
            avatar_id=common.avatar_id,
            user_id=common.user_id,
            kind=UpdateKind.CHANGED,
            occurred_at=common.occurred_at,
        )
    kind, payload_type = known
    payload = msgspec.json.decode(data, type=payload_type)
    update = AvatarUpdate(
        event_id=event_id,
        avatar_id=payload.avatar_id,
        user_id=payload.user_id,
        kind=kind,
        occurred_at=payload.occurred_at,
    )
    match payload:
        case AvatarProcessingV1():
            return replace(update, stage=payload.stage, progress=payload.progress)
        case AvatarCompletedV1():
            return replace(update, processing_time_s=payload.processing_time_s)
        case AvatarFailedV1():
            return replace(update, error=payload.error, retryable=payload.retryable)
    return update


def job_payload(job: ProcessAvatarJob) -> ProcessAvatarCommandV1:
    return ProcessAvatarCommandV1(job_id=job.id, avatar_id=job.avatar_id, reason=job.reason)


def job_from_payload(data: bytes) -> ProcessAvatarJob:
    """The job in a command's payload; ``msgspec.ValidationError`` if it is not one."""
    command = msgspec.json.decode(data, type=ProcessAvatarCommandV1)
    return ProcessAvatarJob(id=command.job_id, avatar_id=command.avatar_id, reason=command.reason)


encode = msgspec.json.encode


def _key_of(event: domain.DomainEvent) -> str:
    """The Kafka key: the avatar for avatar events (one avatar, one order), else the user."""
    return str(event.avatar_id if isinstance(event, domain.AvatarEvent) else event.user_id)


def event_messages(events: Sequence[domain.DomainEvent]) -> list[OutboxMessage]:
    """Outbox messages for domain events, each with a new id (its CloudEvents id)."""
    messages = []
    trace_parent = current_trace_parent()
    for event in events:
        event_type, payload = payload_of(event)
        messages.append(
            OutboxMessage(
                id=uuid.uuid4(),
                channel=Channel.EVENTS,
                key=_key_of(event),
                type=event_type,
                payload=encode(payload),
                occurred_at=event.occurred_at,
                trace_parent=trace_parent,
            )
        )
    return messages


def job_message(job: ProcessAvatarJob, now: datetime) -> OutboxMessage:
    """The outbox message of a job command; its id is the job's, stable across retries."""
    return OutboxMessage(
        id=job.id,
        channel=Channel.JOBS,
        key=str(job.avatar_id),
        type=JOB_TYPE,
        payload=encode(job_payload(job)),
        occurred_at=now,
        trace_parent=current_trace_parent(),
    )


# -- trace context (W3C Trace Context, https://www.w3.org/TR/trace-context/) -------------------
# A message carries the traceparent of the request or job that wrote it; whoever publishes and
# consumes it continues that trace. The OpenTelemetry API does nothing until a process
# configures a tracer provider (entrypoints/telemetry/tracing.py), so this costs nothing then.
TRACEPARENT = "traceparent"
_tracer = trace.get_tracer("avatar-service.messaging")


def current_trace_parent() -> str | None:
    """The traceparent of the current span, or None when there is none (tracing off)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get(TRACEPARENT)


@contextlib.contextmanager
def message_span(name: str, trace_parent: str | None, kind: trace.SpanKind) -> Iterator[str | None]:
    """A span for sending or handling one message, child of its ``trace_parent``; yields the
    traceparent to send on (the new span's)."""
    parent = propagate.extract({TRACEPARENT: trace_parent} if trace_parent else {})
    with _tracer.start_as_current_span(name, context=parent, kind=kind):
        yield current_trace_parent() or trace_parent
