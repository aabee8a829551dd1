"""The jobs that failed every attempt (the dead-letter queue), for admins to read and replay."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from application.ports.messaging import ProcessAvatarJob


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A job set aside after ``attempts`` failures, the last with ``error``."""

    id: str  # where it lies in the queue (Kafka: "partition-offset"; in process: its index)
    job: ProcessAvatarJob
    attempts: int
    error: str
    failed_at: datetime | None = None


class DeadLetterQueue(Protocol):
    async def list(self, limit: int) -> list[DeadLetter]:
        """Up to ``limit`` dead letters, oldest first (a replayed one stays listed)."""
        ...

    async def replay(self, letter_id: str) -> DeadLetter:
        """Send the letter's job to the workers again, as a first attempt; ``LookupError`` if
        there is no such letter. A job done meanwhile is skipped by its id, as every
        redelivery."""
        ...
