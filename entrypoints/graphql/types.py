"""The GraphQL types of spec 4.3, filled from the same response bodies REST answers with (so
the two APIs show an avatar alike: values in the profile's unit, sharedWith to its owner)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from domain.avatar import AvatarVersion as DomainVersion
from domain.photo import PhotoUpload as DomainPhoto
from entrypoints.http import schemas

if TYPE_CHECKING:
    from entrypoints.graphql.schema import Avatar


@strawberry.enum
class AvatarType(Enum):
    PHOTO_BASED = "photo_based"
    MEASUREMENT_BASED = "measurement_based"
    PRESET_BASED = "preset_based"


@strawberry.enum
class AvatarStatus(Enum):
    DRAFT = "draft"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


@strawberry.enum
class Visibility(Enum):
    PRIVATE = "private"
    SHARED = "shared"
    PUBLIC = "public"


@strawberry.enum
class MeasurementUnit(Enum):
    METRIC = "metric"
    IMPERIAL = "imperial"


@strawberry.enum
class Gender(Enum):
    FEMALE = "female"
    MALE = "male"


@strawberry.enum
class ViewType(Enum):
    FRONT = "front"
    SIDE = "side"
    BACK = "back"
    OTHER = "other"


@strawberry.enum
class ModelFormat(Enum):
    GLB = "glb"
    GLTF = "gltf"
    OBJ = "obj"
    FBX = "fbx"


@strawberry.enum(name="LODLevel")
class LodLevel(Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    MOBILE = "mobile"


@strawberry.type
class MeasurementProfile:
    """Values in ``unit`` (centimetres and kilograms, or inches and pounds)."""

    id: strawberry.ID
    height: float
    weight: float | None
    chest: float | None
    waist: float | None
    hips: float | None
    shoulder_width: float | None
    arm_length: float | None
    inseam: float | None
    neck_circumference: float | None
    bicep: float | None
    forearm: float | None
    thigh: float | None
    calf: float | None
    wrist: float | None
    ankle: float | None
    unit: MeasurementUnit
    extraction_method: str
    confidence_scores: JSON
    manual_overrides: list[str]
    estimated: list[str]
    gender: Gender | None

    @classmethod
    def of(cls, body: schemas.MeasurementsBody) -> MeasurementProfile:
        return cls(
            id=strawberry.ID(str(body.id)),
            height=body.height,
            weight=body.weight,
            chest=body.chest,
            waist=body.waist,
            hips=body.hips,
            shoulder_width=body.shoulder_width,
            arm_length=body.arm_length,
            inseam=body.inseam,
            neck_circumference=body.neck_circumference,
            bicep=body.bicep,
            forearm=body.forearm,
            thigh=body.thigh,
            calf=body.calf,
            wrist=body.wrist,
            ankle=body.ankle,
            unit=MeasurementUnit(body.unit),
            extraction_method=body.extraction_method,
            confidence_scores=JSON(dict(body.confidence_scores)),
            manual_overrides=list(body.manual_overrides),
            estimated=list(body.estimated),
            gender=Gender(body.gender) if body.gender else None,
        )


@strawberry.type
class BodyAnalysis:
    id: strawberry.ID
    body_type: str
    body_type_confidence: float
    shoulder_to_hip_ratio: float | None
    waist_to_hip_ratio: float | None
    waist_to_height_ratio: float | None
    proportion_analysis: JSON
    symmetry_score: float | None

    @classmethod
    def of(cls, body: schemas.BodyAnalysisBody) -> BodyAnalysis:
        return cls(
            id=strawberry.ID(str(body.id)),
            body_type=body.body_type,
            body_type_confidence=body.confidence,
            shoulder_to_hip_ratio=body.proportions.shoulder_to_hip_ratio,
            waist_to_hip_ratio=body.proportions.waist_to_hip_ratio,
            waist_to_height_ratio=body.proportions.waist_to_height_ratio,
            proportion_analysis=JSON(
                {
                    "balanced": body.proportion_analysis.balanced,
                    "recommendations": list(body.proportion_analysis.recommendations),
                }
            ),
            symmetry_score=body.symmetry_score,
        )


@strawberry.type
class ModelFile:
    id: strawberry.ID
    format: ModelFormat
    lod_level: LodLevel
    file_size: int
    vertex_count: int | None
    face_count: int | None
    download_url: str
    created_at: datetime

    @classmethod
    def of(cls, body: schemas.ModelFileBody) -> ModelFile:
        return cls(
            id=strawberry.ID(str(body.id)),
            format=ModelFormat(body.format),
            lod_level=LodLevel(body.lod_level),
            file_size=body.file_size,
            vertex_count=body.vertex_count,
            face_count=body.face_count,
            download_url=body.download_url,
            created_at=body.created_at,
        )


@strawberry.type
class PhotoUpload:
    id: strawberry.ID
    view_type: ViewType
    status: str
    file_size: int
    uploaded_at: datetime
    auto_delete_at: datetime | None
    processing_error: str | None

    @classmethod
    def of(cls, photo: DomainPhoto) -> PhotoUpload:
        return cls(
            id=strawberry.ID(str(photo.id)),
            view_type=ViewType(photo.view_type.value),
            status=photo.status.value,
            file_size=photo.file_size,
            uploaded_at=photo.created_at,
            auto_delete_at=photo.auto_delete_at,
            processing_error=photo.processing_error,
        )


@strawberry.type
class AvatarVersion:
    id: strawberry.ID
    version: int
    change_type: str
    change_description: str | None
    created_at: datetime
    measurements: MeasurementProfile

    @classmethod
    def of(cls, version: DomainVersion) -> AvatarVersion:
        return cls(
            id=strawberry.ID(str(version.id)),
            version=version.version,
            change_type=version.change_type.value,
            change_description=version.change_description,
            created_at=version.created_at,
            measurements=MeasurementProfile.of(
                schemas.measurements_body(version.measurement_snapshot)
            ),
        )


@strawberry.type
class Processing:
    stage: str
    progress: int
    message: str
    started_at: datetime | None


@strawberry.type
class AvatarProcessingUpdate:
    """One of spec 4.4's messages: ``status`` processing (stage, progress, message), completed
    (processingTime, avatar) or failed (error, retryable)."""

    event_id: str
    avatar_id: strawberry.ID
    status: AvatarStatus
    stage: str | None = None
    progress: int | None = None
    message: str | None = None
    processing_time: float | None = None
    error: str | None = None
    retryable: bool | None = None
    avatar: Annotated[Avatar, strawberry.lazy("entrypoints.graphql.schema")] | None = None


__all__ = [
    "AvatarProcessingUpdate",
    "AvatarStatus",
    "AvatarType",
    "AvatarVersion",
    "BodyAnalysis",
    "Gender",
    "LodLevel",
    "MeasurementProfile",
    "MeasurementUnit",
    "ModelFile",
    "ModelFormat",
    "PhotoUpload",
    "Processing",
    "ViewType",
    "Visibility",
]
