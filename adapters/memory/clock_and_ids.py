"""A clock the caller moves, and predictable identifiers: deterministic tests and demos."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta


class ManualClock:
    """Starts at ``start`` and advances by ``step`` on every reading (so times are distinct)."""

    def __init__(self, start: datetime | None = None, step: timedelta = timedelta(seconds=1)):
        self.current = start or datetime(2026, 1, 1, tzinfo=UTC)
        self.step = step

    def now(self) -> datetime:
        reading = self.current
        self.current += self.step
        return reading

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class SequentialIds:
    """UUIDs 00000000-0000-4000-8000-000000000001, ...002, ... in order."""

    def __init__(self) -> None:
        self.issued = 0

    def new_id(self) -> uuid.UUID:
        self.issued += 1
        return uuid.UUID(f"00000000-0000-4000-8000-{self.issued:012d}")
