"""Messaging: the transactional outbox, job commands and the publisher that sends them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.events import DomainEvent


@dataclass(frozen=True, slots=True)
class ProcessAvatarJob:
    """Background work: bring an avatar in ``processing`` to ``completed`` or ``failed``.

    ``id`` identifies the job across redeliveries and retries, so it is done once in effect.
    """

    id: UUID
    avatar_id: UUID
    # "created", "measurements_updated", "duplicated", "regeneration"; photo avatars:
    # "photos" (preprocess), "photos_measured", "measurements_extract" (measure again)
    reason: str


class Channel(StrEnum):
    EVENTS = "events"  # lifecycle events, for whoever listens
    JOBS = "jobs"  # background work, for the workers


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A message written with the state change that caused it, sent after the commit."""

    id: UUID
    channel: Channel
    key: str  # the avatar id: one avatar's messages stay in order
    type: str  # the CloudEvents type, e.g. com.perfit.avatar.completed.v1
    payload: bytes  # JSON
    occurred_at: datetime
    position: int | None = None  # commit order, assigned by the store
    # The W3C traceparent of the request or job that wrote it, so the trace goes on across
    # the broker; None when tracing is off.
    trace_parent: str | None = None


class Outbox(Protocol):
    """Messages stored in the unit of work's transaction: sent if and only if it commits."""

    async def add_events(self, events: Sequence[DomainEvent]) -> None:
        """Store the events, in order, for publication."""
        ...

    async def add_job(self, job: ProcessAvatarJob, now: datetime) -> None:
        """Store a job command for the workers; a job already waiting to be sent is not
        stored twice, one that was sent is sent again (an admin's reprocess of a stuck run)."""
        ...

    async def unsent(self, limit: int) -> list[OutboxMessage]:
        """The oldest messages not yet sent, in the order they were stored."""
        ...

    async def mark_sent(self, message_ids: Sequence[UUID], now: datetime) -> None:
        """Record that these messages reached the broker."""
        ...

    async def pending(self) -> int:
        """How many messages wait to be sent."""
        ...

    async def lead_relay(self) -> bool:
        """Become the only relay until this unit of work ends; False if another one is."""
        ...


class ProcessedMessages(Protocol):
    async def first_time(self, message_id: UUID, now: datetime) -> bool:
        """Record ``message_id`` as handled in this unit of work; False if it already was
        (a redelivery, which must then change nothing)."""
        ...


class MessagePublisher(Protocol):
    async def publish(self, messages: Sequence[OutboxMessage]) -> int:
        """Deliver the messages in order; returns how many of the first ones were delivered
        (the rest, if any, are tried again later)."""
        ...
