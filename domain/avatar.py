"""The Avatar aggregate: identity, lifecycle, privacy settings, measurements and versions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.body_analysis import BodyAnalysis, BodyType
from domain.errors import InvalidStatusTransition, InvalidValue
from domain.events import (
    AvatarCompleted,
    AvatarCreated,
    AvatarDeleted,
    AvatarDuplicated,
    AvatarFailed,
    AvatarProcessing,
    AvatarUpdated,
    BodyAnalysisUpdated,
    DomainEvent,
    GeneratedModel,
    MeasurementsUpdated,
    ModelGenerated,
)
from domain.measurements import MeasurementProfile
from domain.model_file import ModelFile, main_model
from domain.symmetry import SymmetrySource

MAX_NAME_LENGTH = 255
MAX_DESCRIPTION_LENGTH = 2000
MAX_TAGS = 20
MAX_TAG_LENGTH = 50
MAX_SHARED_WITH = 100


class AvatarType(StrEnum):
    PHOTO_BASED = "photo_based"
    MEASUREMENT_BASED = "measurement_based"
    PRESET_BASED = "preset_based"


class AvatarStatus(StrEnum):
    DRAFT = "draft"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


class Visibility(StrEnum):
    PRIVATE = "private"
    SHARED = "shared"
    PUBLIC = "public"


class ChangeType(StrEnum):
    INITIAL = "initial"
    MEASUREMENT_UPDATE = "measurement_update"
    REGENERATION = "regeneration"
    CUSTOMIZATION = "customization"


# draft -> processing -> completed | failed, and back to processing on regeneration or retry.
ALLOWED_TRANSITIONS: dict[AvatarStatus, frozenset[AvatarStatus]] = {
    AvatarStatus.DRAFT: frozenset({AvatarStatus.PROCESSING}),
    AvatarStatus.PROCESSING: frozenset({AvatarStatus.COMPLETED, AvatarStatus.FAILED}),
    AvatarStatus.COMPLETED: frozenset({AvatarStatus.PROCESSING}),
    AvatarStatus.FAILED: frozenset({AvatarStatus.PROCESSING}),
}


def clean_name(name: str) -> str:
    """The name trimmed, checked for length and printable characters."""
    cleaned = name.strip()
    if not cleaned:
        raise InvalidValue("name must not be empty", field="name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidValue(
            f"name must be at most {MAX_NAME_LENGTH} characters (got {len(cleaned)})", field="name"
        )
    if any(unicodedata.category(ch) == "Cc" for ch in cleaned):
        raise InvalidValue("name must not contain control characters", field="name")
    return cleaned


def clean_description(description: str | None) -> str | None:
    if description is None:
        return None
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise InvalidValue(
            f"description must be at most {MAX_DESCRIPTION_LENGTH} characters", field="description"
        )
    return description


SKIN_TONE = re.compile(r"^#[0-9a-fA-F]{6}$")


def clean_skin_tone(skin_tone: str | None) -> str | None:
    """An sRGB colour written #rrggbb (lower case), or None for the default."""
    if skin_tone is None:
        return None
    if not SKIN_TONE.match(skin_tone):
        raise InvalidValue(
            f"a skin tone is an sRGB colour written #rrggbb, not {skin_tone!r}", field="skinTone"
        )
    return skin_tone.lower()


def clean_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Tags trimmed, de-duplicated in order, bounded in number and length."""
    cleaned = tuple(dict.fromkeys(tag.strip() for tag in tags))
    if len(cleaned) > MAX_TAGS:
        raise InvalidValue(f"at most {MAX_TAGS} tags are allowed", field="tags")
    for tag in cleaned:
        if not tag or len(tag) > MAX_TAG_LENGTH:
            raise InvalidValue(f"each tag has 1 to {MAX_TAG_LENGTH} characters", field="tags")
    return cleaned


@dataclass(frozen=True, slots=True)
class AvatarVersion:
    """A snapshot taken on every measurement change (and at creation)."""

    id: UUID
    avatar_id: UUID
    version: int
    measurement_snapshot: MeasurementProfile
    changed_by: UUID
    change_type: ChangeType
    created_at: datetime
    body_analysis_snapshot: BodyAnalysis | None = None
    model_file_id: UUID | None = None
    change_description: str | None = None

    def __post_init__(self) -> None:
        if self.version < 1:
            raise InvalidValue("versions start at 1", field="version")


@dataclass(slots=True, eq=False)
class Avatar:
    id: UUID
    user_id: UUID
    name: str
    avatar_type: AvatarType
    created_at: datetime
    updated_at: datetime
    status: AvatarStatus = AvatarStatus.DRAFT
    description: str | None = None
    version: int = 1
    parent_avatar_id: UUID | None = None
    visibility: Visibility = Visibility.PRIVATE
    allow_export: bool = True
    allow_ai_training: bool = False
    shared_with: tuple[UUID, ...] = ()
    tags: tuple[str, ...] = ()
    measurements: MeasurementProfile | None = None
    body_analysis: BodyAnalysis | None = None
    model_file_id: UUID | None = None
    processing_started_at: datetime | None = None
    processing_completed_at: datetime | None = None
    processing_error: str | None = None
    # The current (or last) processing run: the job a client polls, its stage and progress
    # (0-100), and whether a failure may be retried.
    processing_job_id: UUID | None = None
    processing_stage: str | None = None
    processing_progress: int | None = None
    processing_retryable: bool | None = None
    skin_tone: str | None = None  # sRGB "#rrggbb": the base colour of the model's material
    events: list[DomainEvent] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.name = clean_name(self.name)
        self.description = clean_description(self.description)
        self.tags = clean_tags(self.tags)
        self.skin_tone = clean_skin_tone(self.skin_tone)
        if len(self.shared_with) > MAX_SHARED_WITH:
            raise InvalidValue(
                f"an avatar is shared with at most {MAX_SHARED_WITH} users", field="sharedWith"
            )
        if self.version < 1:
            raise InvalidValue("versions start at 1", field="version")
        if self.measurements is not None and self.measurements.avatar_id != self.id:
            raise InvalidValue("measurements belong to another avatar", field="measurements")

    # -- creation ---------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        *,
        avatar_id: UUID,
        user_id: UUID,
        name: str,
        avatar_type: AvatarType,
        now: datetime,
        description: str | None = None,
        visibility: Visibility = Visibility.PRIVATE,
        allow_export: bool = True,
        allow_ai_training: bool = False,
        tags: tuple[str, ...] = (),
        shared_with: tuple[UUID, ...] = (),
        skin_tone: str | None = None,
        measurements: MeasurementProfile | None = None,
        parent_avatar_id: UUID | None = None,
    ) -> Avatar:
        avatar = cls(
            id=avatar_id,
            user_id=user_id,
            name=name,
            avatar_type=avatar_type,
            created_at=now,
            updated_at=now,
            description=description,
            visibility=visibility,
            allow_export=allow_export,
            allow_ai_training=allow_ai_training,
            tags=tags,
            shared_with=shared_with,
            measurements=measurements,
            skin_tone=skin_tone,
            parent_avatar_id=parent_avatar_id,
        )
        avatar.events.append(
            AvatarCreated(
                avatar_id=avatar.id,
                user_id=user_id,
                occurred_at=now,
                avatar_type=avatar_type.value,
                name_of_avatar=avatar.name,
            )
        )
        return avatar

    def initial_version(self, version_id: UUID, now: datetime) -> AvatarVersion:
        return self._snapshot(version_id, self.user_id, ChangeType.INITIAL, now, None)

    def duplicate(
        self, *, new_id: UUID, owner: UUID, name: str, profile_id: UUID, now: datetime
    ) -> Avatar:
        """A new draft avatar of ``owner`` with this avatar's measurements and tags."""
        measurements = None
        if self.measurements is not None:
            m = self.measurements
            measurements = MeasurementProfile(
                id=profile_id,
                avatar_id=new_id,
                values=dict(m.values),
                unit=m.unit,
                extraction_method=m.extraction_method,
                created_at=now,
                updated_at=now,
                confidence_scores=dict(m.confidence_scores),
                manual_overrides=m.manual_overrides,
            )
        copy = Avatar.create(
            avatar_id=new_id,
            user_id=owner,
            name=name,
            avatar_type=self.avatar_type,
            now=now,
            description=self.description,
            allow_export=self.allow_export,
            tags=self.tags,
            measurements=measurements,
            parent_avatar_id=self.id,
            skin_tone=self.skin_tone,
        )
        copy.events.append(
            AvatarDuplicated(
                avatar_id=new_id, user_id=owner, occurred_at=now, source_avatar_id=self.id
            )
        )
        return copy

    # -- lifecycle --------------------------------------------------------------------------
    def _move_to(self, status: AvatarStatus) -> None:
        if status not in ALLOWED_TRANSITIONS[self.status]:
            raise InvalidStatusTransition(
                f"an avatar cannot go from {self.status} to {status}", field="status"
            )
        self.status = status

    def start_processing(
        self,
        now: datetime,
        *,
        stage: str = "queued",
        progress: int = 0,
        job_id: UUID | None = None,
    ) -> None:
        """A new processing run; ``job_id`` is what its client polls (GET /jobs/{id})."""
        self._move_to(AvatarStatus.PROCESSING)
        self.processing_started_at = now
        self.processing_completed_at = None
        self.processing_error = None
        self.processing_retryable = None
        self.processing_job_id = job_id
        self.updated_at = now
        self.report_progress(now, stage=stage, progress=progress)

    def report_progress(self, now: datetime, *, stage: str, progress: int) -> None:
        if self.status is not AvatarStatus.PROCESSING:
            raise InvalidStatusTransition(
                "progress is reported only while processing", field="status"
            )
        if not 0 <= progress <= 100:
            raise InvalidValue("progress lies between 0 and 100", field="progress")
        self.processing_stage, self.processing_progress = stage, progress
        self.events.append(
            AvatarProcessing(
                avatar_id=self.id,
                user_id=self.user_id,
                occurred_at=now,
                stage=stage,
                progress=progress,
            )
        )

    def complete(self, now: datetime, *, body_analysis: BodyAnalysis | None = None) -> None:
        self._move_to(AvatarStatus.COMPLETED)
        if body_analysis is not None:
            self.body_analysis = body_analysis
        self.processing_progress = 100
        self.processing_completed_at = now
        self.updated_at = now
        started = self.processing_started_at
        elapsed = (now - started).total_seconds() if started else None
        self.events.append(
            AvatarCompleted(
                avatar_id=self.id, user_id=self.user_id, occurred_at=now, processing_time_s=elapsed
            )
        )

    def fail(self, now: datetime, *, error: str, retryable: bool) -> None:
        self._move_to(AvatarStatus.FAILED)
        self.processing_error = error
        self.processing_retryable = retryable
        self.processing_completed_at = now
        self.updated_at = now
        self.events.append(
            AvatarFailed(
                avatar_id=self.id,
                user_id=self.user_id,
                occurred_at=now,
                error=error,
                retryable=retryable,
            )
        )

    def attach_models(
        self,
        now: datetime,
        files: tuple[ModelFile, ...],
        *,
        generation_method: str,
        body_model: str,
    ) -> None:
        """Record newly generated model files of this avatar (one ``ModelGenerated`` event).

        The avatar's model becomes their ``main_model`` (the most detailed GLB).
        """
        if any(f.avatar_id != self.id for f in files):
            raise InvalidValue("model files of another avatar", field="modelFiles")
        self.model_file_id = main_model(files).id
        self.events.append(
            ModelGenerated(
                avatar_id=self.id,
                user_id=self.user_id,
                occurred_at=now,
                files=tuple(
                    GeneratedModel(
                        model_file_id=f.id,
                        format=f.format.value,
                        lod_level=f.lod_level.value,
                        file_size=f.file_size,
                    )
                    for f in files
                ),
                generation_method=generation_method,
                body_model=body_model,
            )
        )

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last call, in order; the list is emptied."""
        events, self.events = self.events, []
        return events

    @property
    def processing_time_s(self) -> float | None:
        """How long the last processing run took, once it has ended."""
        started, ended = self.processing_started_at, self.processing_completed_at
        return (ended - started).total_seconds() if started and ended else None

    @property
    def body_type(self) -> BodyType | None:
        return self.body_analysis.body_type if self.body_analysis else None

    # -- changes ----------------------------------------------------------------------------
    def update_details(
        self,
        now: datetime,
        *,
        name: str | None = None,
        description: str | None = None,
        visibility: Visibility | None = None,
        allow_export: bool | None = None,
        allow_ai_training: bool | None = None,
        tags: tuple[str, ...] | None = None,
        shared_with: tuple[UUID, ...] | None = None,
    ) -> tuple[str, ...]:
        """Apply the given (non-None) details; returns the names of the fields that changed."""
        wanted: dict[str, object] = {}
        if name is not None:
            wanted["name"] = clean_name(name)
        if description is not None:
            wanted["description"] = clean_description(description)
        if visibility is not None:
            wanted["visibility"] = visibility
        if allow_export is not None:
            wanted["allow_export"] = allow_export
        if allow_ai_training is not None:
            wanted["allow_ai_training"] = allow_ai_training
        if tags is not None:
            wanted["tags"] = clean_tags(tags)
        if shared_with is not None:
            unique = tuple(dict.fromkeys(shared_with))
            if len(unique) > MAX_SHARED_WITH:
                raise InvalidValue(
                    f"an avatar is shared with at most {MAX_SHARED_WITH} users", field="sharedWith"
                )
            wanted["shared_with"] = unique
        changed = tuple(k for k, v in wanted.items() if getattr(self, k) != v)
        for key in changed:
            setattr(self, key, wanted[key])
        if changed:
            self.updated_at = now
            self.events.append(
                AvatarUpdated(
                    avatar_id=self.id, user_id=self.user_id, occurred_at=now, changed_fields=changed
                )
            )
        return changed

    def update_measurements(
        self,
        profile: MeasurementProfile,
        *,
        version_id: UUID,
        changed_by: UUID,
        now: datetime,
        description: str | None = None,
    ) -> AvatarVersion:
        """Replace the measurements, bump the version and return its snapshot."""
        if profile.avatar_id != self.id:
            raise InvalidValue("measurements belong to another avatar", field="measurements")
        previous = self.measurements
        changed = tuple(profile.changed_names(previous)) if previous else tuple(profile.values)
        self.measurements = profile
        self.version += 1
        self.updated_at = now
        self.events.append(
            MeasurementsUpdated(
                avatar_id=self.id,
                user_id=self.user_id,
                occurred_at=now,
                version=self.version,
                changed_measurements=changed,
            )
        )
        return self._snapshot(
            version_id, changed_by, ChangeType.MEASUREMENT_UPDATE, now, description
        )

    def record_body_fit(
        self,
        profile: MeasurementProfile,
        *,
        version_id: UUID,
        now: datetime,
        description: str,
    ) -> AvatarVersion:
        """Take the measurements of the fitted body: a new version made by the system.

        The fitted profile keeps every given value and adds the ones the fit estimated, with
        confidence scores; the snapshot records the version as a regeneration by the owner's
        request (``changed_by`` is the owner).
        """
        if self.status is not AvatarStatus.PROCESSING:
            raise InvalidStatusTransition(
                "a body fit is recorded only while processing", field="status"
            )
        version = self.update_measurements(
            profile, version_id=version_id, changed_by=self.user_id, now=now
        )
        return replace(version, change_type=ChangeType.REGENERATION, change_description=description)

    def replace_body_analysis(self, analysis: BodyAnalysis, now: datetime) -> None:
        """Take a new analysis of the current measurements (``avatar.analysis_updated``).

        It records the version it belongs to; what the front photo showed of the symmetry
        is kept when the new analysis could only see the (symmetric) fitted body.
        """
        previous = self.body_analysis
        analysis = replace(analysis, avatar_version=self.version)
        if (
            previous is not None
            and previous.symmetry_source is SymmetrySource.PHOTO_KEYPOINTS
            and analysis.symmetry_source is not SymmetrySource.PHOTO_KEYPOINTS
        ):
            analysis = replace(
                analysis,
                symmetry_score=previous.symmetry_score,
                symmetry_issues=previous.symmetry_issues,
                symmetry_source=previous.symmetry_source,
            )
        self.body_analysis = analysis
        self.updated_at = now
        self.events.append(
            BodyAnalysisUpdated(
                avatar_id=self.id,
                user_id=self.user_id,
                occurred_at=now,
                analysis_id=analysis.id,
                version=self.version,
                body_type=analysis.body_type.value,
                body_type_confidence=analysis.body_type_confidence,
                symmetry_score=analysis.symmetry_score,
                symmetry_source=analysis.symmetry_source.value
                if analysis.symmetry_source
                else None,
            )
        )

    def mark_deleted(self, now: datetime) -> None:
        self.events.append(AvatarDeleted(avatar_id=self.id, user_id=self.user_id, occurred_at=now))

    def _snapshot(
        self,
        version_id: UUID,
        changed_by: UUID,
        change_type: ChangeType,
        now: datetime,
        description: str | None,
    ) -> AvatarVersion:
        if self.measurements is None:
            raise InvalidValue(
                "an avatar without measurements has no version to record", field="measurements"
            )
        return AvatarVersion(
            id=version_id,
            avatar_id=self.id,
            version=self.version,
            measurement_snapshot=self.measurements,
            changed_by=changed_by,
            change_type=change_type,
            created_at=now,
            body_analysis_snapshot=self.body_analysis,
            model_file_id=self.model_file_id,
            change_description=description,
        )
