"""Domain events: values that say what happened to an avatar, recorded by the aggregate.

They are published after the transaction that produced them commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class DomainEvent:
    avatar_id: UUID
    user_id: UUID
    occurred_at: datetime

    @property
    def name(self) -> str:
        """The event's stable name, e.g. ``avatar.created``."""
        return EVENT_NAMES[type(self)]


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarCreated(DomainEvent):
    avatar_type: str
    name_of_avatar: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarProcessing(DomainEvent):
    stage: str
    progress: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarCompleted(DomainEvent):
    processing_time_s: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarFailed(DomainEvent):
    error: str
    retryable: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarUpdated(DomainEvent):
    changed_fields: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasurementsUpdated(DomainEvent):
    version: int
    changed_measurements: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarDeleted(DomainEvent):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarDuplicated(DomainEvent):
    source_avatar_id: UUID


EVENT_NAMES: dict[type[DomainEvent], str] = {
    AvatarCreated: "avatar.created",
    AvatarProcessing: "avatar.processing",
    AvatarCompleted: "avatar.completed",
    AvatarFailed: "avatar.failed",
    AvatarUpdated: "avatar.updated",
    MeasurementsUpdated: "avatar.measurements_updated",
    AvatarDeleted: "avatar.deleted",
    AvatarDuplicated: "avatar.duplicated",
}
