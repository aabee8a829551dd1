"""Live updates: lifecycle events of avatars, as they reach this process (from the in-process
bus, or from the broker whichever process or worker produced them)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID


class UpdateKind(StrEnum):
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    # Any other event of the avatar (details, measurements, models, photos, deletion): the
    # read cache forgets the avatar; the hub of live updates is not given these.
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class AvatarUpdate:
    """One processing event of an avatar; ``event_id`` is its CloudEvents id, unique and
    the same in every process, so a client can say which one it saw last."""

    event_id: str
    avatar_id: UUID
    user_id: UUID
    kind: UpdateKind
    occurred_at: datetime
    stage: str | None = None
    progress: int | None = None
    processing_time_s: float | None = None
    error: str | None = None
    retryable: bool | None = None


class UpdateSink(Protocol):
    def publish(self, update: AvatarUpdate) -> None:
        """Hand one update to whoever watches its avatar in this process."""
        ...


class LiveFeed(Protocol):
    """Brings every avatar's processing events into this process, into ``sink``."""

    async def run(self, sink: UpdateSink, stop: asyncio.Event) -> None:
        """Deliver until ``stop`` is set; reconnects after a broker failure."""
        ...
