"""Domain events: values that say what happened to an avatar, recorded by the aggregate.

They are published after the transaction that produced them commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class DomainEvent:
    user_id: UUID
    occurred_at: datetime

    @property
    def name(self) -> str:
        """The event's stable name, e.g. ``avatar.created``."""
        return EVENT_NAMES[type(self)]


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarEvent(DomainEvent):
    """Something that happened to one avatar."""

    avatar_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarCreated(AvatarEvent):
    avatar_type: str
    name_of_avatar: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarProcessing(AvatarEvent):
    stage: str
    progress: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarCompleted(AvatarEvent):
    processing_time_s: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarFailed(AvatarEvent):
    error: str
    retryable: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarUpdated(AvatarEvent):
    changed_fields: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasurementsUpdated(AvatarEvent):
    version: int
    changed_measurements: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyAnalysisUpdated(AvatarEvent):
    """The avatar's body analysis was computed again (measurements changed, or on request)."""

    analysis_id: UUID
    version: int  # the avatar version whose measurements were analysed
    body_type: str
    body_type_confidence: float
    symmetry_score: float | None
    symmetry_source: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarDeleted(AvatarEvent):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarDuplicated(AvatarEvent):
    source_avatar_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class GeneratedModel:
    """One file of a model generation, as the event announces it."""

    model_file_id: UUID
    format: str
    lod_level: str
    file_size: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelGenerated(AvatarEvent):
    """New 3D model files of the avatar are stored (one event per generation)."""

    files: tuple[GeneratedModel, ...]
    generation_method: str
    body_model: str  # "name version" of the body model the files were built with


@dataclass(frozen=True, slots=True, kw_only=True)
class PhotoEvent(AvatarEvent):
    """Something that happened to one photo of an avatar."""

    photo_id: UUID
    view_type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PhotoProcessed(PhotoEvent):
    """Background removal, thumbnail, keypoints and mask are stored."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PhotoFailed(PhotoEvent):
    error: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PhotoDeleted(PhotoEvent):
    """The photo's objects are gone: deleted by its owner ("requested") or on schedule
    ("expired")."""

    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class UserDataErased(DomainEvent):
    """A user had everything the service held about them erased (GDPR art. 17)."""

    avatars_erased: int


EVENT_NAMES: dict[type[DomainEvent], str] = {
    AvatarCreated: "avatar.created",
    AvatarProcessing: "avatar.processing",
    AvatarCompleted: "avatar.completed",
    AvatarFailed: "avatar.failed",
    AvatarUpdated: "avatar.updated",
    MeasurementsUpdated: "avatar.measurements_updated",
    BodyAnalysisUpdated: "avatar.analysis_updated",
    AvatarDeleted: "avatar.deleted",
    AvatarDuplicated: "avatar.duplicated",
    ModelGenerated: "avatar.model_generated",
    PhotoProcessed: "photo.processed",
    PhotoFailed: "photo.failed",
    PhotoDeleted: "photo.deleted",
    UserDataErased: "user.data_erased",
}
