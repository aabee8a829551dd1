"""Request and response bodies of the REST API (spec 4.2): msgspec Structs, JSON in camelCase.

Requests refuse unknown fields, so a typo is a 422 naming it rather than a silently ignored value.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from application.analysis import FitData
from application.job_status import JobView
from application.ports import AvatarSummary
from application.query_avatars import AvatarDetails
from application.versions import AvatarExport, Comparison
from domain.avatar import Avatar, AvatarStatus, AvatarVersion
from domain.body_analysis import BodyAnalysis
from domain.measurements import MEASUREMENT_NAMES, MeasurementProfile, snake_case
from domain.model_file import ModelFile
from domain.photo import PhotoUpload
from domain.processing import stage_message

AvatarTypeName = Literal["photo_based", "measurement_based", "preset_based"]
StatusName = Literal["draft", "processing", "completed", "failed"]
VisibilityName = Literal["private", "shared", "public"]
UnitName = Literal["metric", "imperial"]
GenderName = Literal["female", "male"]
ClothingName = Literal["tight", "regular", "loose"]
Name = Annotated[
    str,
    msgspec.Meta(min_length=1, max_length=255, description="1 to 255 characters, unique per user"),
]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=50)]


class Request(msgspec.Struct, rename="camel", forbid_unknown_fields=True, kw_only=True):
    pass


class Response(msgspec.Struct, rename="camel", kw_only=True):
    pass


# -- requests -----------------------------------------------------------------------------------
class MeasurementsInput(Request):
    """Measurements in ``unit``: centimetres and kilograms (metric) or inches and pounds."""

    height: float | None = None
    weight: float | None = None
    chest: float | None = None
    waist: float | None = None
    hips: float | None = None
    shoulder_width: float | None = None
    arm_length: float | None = None
    inseam: float | None = None
    neck_circumference: float | None = None
    bicep: float | None = None
    forearm: float | None = None
    thigh: float | None = None
    calf: float | None = None
    wrist: float | None = None
    ankle: float | None = None
    unit: UnitName | None = None

    def given(self) -> dict[str, float]:
        """The measurements present, by their API names."""
        raw = msgspec.to_builtins(self)
        return {name: value for name, value in raw.items() if name != "unit" and value is not None}


class Preferences(Request):
    auto_process: bool = True
    visibility: VisibilityName = "private"
    allow_export: bool = True
    allow_ai_training: bool = msgspec.field(default=False, name="allowAITraining")
    shared_with: list[UUID] = msgspec.field(default_factory=list)


class Base64Photo(Request):
    """A photo as base64, for clients that cannot send multipart (a ``data:`` URL is fine)."""

    view_type: Literal["front", "side", "back", "other"]
    image_base64: str
    filename: str = ""


class CreateAvatarRequest(Request):
    name: Name
    avatar_type: AvatarTypeName
    description: str | None = None
    measurements: MeasurementsInput | None = None
    preset_id: str | None = None
    preferences: Preferences = msgspec.field(default_factory=Preferences)
    tags: list[Tag] = msgspec.field(default_factory=list)
    # photo_based only: photos in the body (within the JSON size limit; multipart streams
    # larger ones), and the hints the measurement step uses: the scale (height, weight) and
    # what the person wears in the photos.
    photos: list[Base64Photo] | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    clothing: ClothingName | None = None
    # The body's sex for the body model (female | male), for every kind of avatar; inferred
    # from the measurements or the photos if not given.
    gender: GenderName | None = None
    skin_tone: str | None = None  # "#rrggbb": the base colour of the model files


class UpdateAvatarRequest(Request):
    name: Name | None = None
    description: str | None = None
    visibility: VisibilityName | None = None
    allow_export: bool | None = None
    allow_ai_training: bool | None = msgspec.field(default=None, name="allowAITraining")
    tags: list[Tag] | None = None
    shared_with: list[UUID] | None = None


class UpdateMeasurementsRequest(Request):
    measurements: MeasurementsInput
    regenerate_model: bool = True
    change_description: str | None = None


class ValidateMeasurementsRequest(Request):
    measurements: MeasurementsInput
    gender: GenderName | None = None


class DuplicateAvatarRequest(Request):
    name: Name


class CompareRequest(Request):
    other_avatar_id: UUID | None = None
    from_version: int | None = None
    to_version: int | None = None


class PhotoUploadLinkRequest(Request):
    view_type: Literal["front", "side", "back", "other"]
    content_type: str
    size_bytes: int


# -- responses ----------------------------------------------------------------------------------
class MeasurementsBody(Response):
    """All measurements once the body is fitted; before that, those given."""

    id: UUID
    height: float
    weight: float | None
    chest: float | None
    waist: float | None
    hips: float | None
    shoulder_width: float | None
    arm_length: float | None
    inseam: float | None
    neck_circumference: float | None
    unit: UnitName
    extraction_method: str
    confidence_scores: dict[str, float]
    manual_overrides: list[str]
    created_at: datetime
    updated_at: datetime
    gender: GenderName | None = None
    estimated: list[str] = msgspec.field(default_factory=list)  # filled in by the body fit
    bicep: float | None = None
    forearm: float | None = None
    thigh: float | None = None
    calf: float | None = None
    wrist: float | None = None
    ankle: float | None = None


class Proportions(Response):
    shoulder_to_hip_ratio: float
    waist_to_hip_ratio: float
    waist_to_height_ratio: float


class ProportionAnalysis(Response):
    balanced: bool
    recommendations: list[str]


class FitPreferences(Response):
    tops: str
    bottoms: str


class BodyAnalysisBody(Response):
    id: UUID
    body_type: str
    confidence: float
    proportions: Proportions
    proportion_analysis: ProportionAnalysis
    symmetry_score: float | None
    symmetry_issues: list[str]
    fit_preferences: FitPreferences
    size_recommendations: dict[str, str]  # "brand/category" -> size
    created_at: datetime
    # Why: the rule that gave the type, the probability of each type under the measurements'
    # uncertainty, what the symmetry could see, and the avatar version analysed.
    body_type_rule: str = ""
    body_type_probabilities: dict[str, float] = msgspec.field(default_factory=dict)
    symmetry_source: str | None = None
    version: int | None = None


class ModelFileBody(Response):
    id: UUID
    format: str
    lod_level: str
    file_size: int
    vertex_count: int
    face_count: int
    texture_count: int
    generation_method: str
    generation_parameters: dict[str, Any]
    download_url: str
    created_at: datetime


class AvatarBody(Response):
    id: UUID
    user_id: UUID
    name: str
    description: str | None
    avatar_type: AvatarTypeName
    status: StatusName
    created_at: datetime
    updated_at: datetime
    version: int
    parent_avatar_id: UUID | None
    visibility: VisibilityName
    allow_export: bool
    allow_ai_training: bool = msgspec.field(name="allowAITraining")
    shared_with: list[UUID]
    tags: list[str]
    body_type: str | None
    measurement_profile_id: UUID | None
    body_analysis_id: UUID | None
    model_file_id: UUID | None
    measurements: MeasurementsBody | None
    body_analysis: BodyAnalysisBody | None
    models: list[ModelFileBody]
    processing_started_at: datetime | None
    processing_completed_at: datetime | None
    processing_error: str | None
    processing_estimate: str | None = None
    skin_tone: str | None = None
    # While processing: where the run is (spec 4.4's stage, progress and message).
    processing: ProcessingBody | None = None
    # Once completed: how long the last run took, in seconds.
    processing_time: float | None = None
    # The current (or last) processing run, polled at GET /api/v1/jobs/{jobId}.
    job_id: UUID | None = None


class ProcessingBody(Response):
    """Where a processing run is: its stage, its progress (0-100) and a sentence for people."""

    stage: str
    progress: Annotated[int, msgspec.Meta(ge=0, le=100)]
    message: str
    started_at: datetime | None


JobStatusName = Literal["pending", "processing", "completed", "failed"]


class JobBody(Response):
    """A processing run (job polling): ``status`` pending (queued), processing, completed or
    failed; ``error`` and ``retryable`` once failed."""

    job_id: UUID
    avatar_id: UUID
    status: JobStatusName
    stage: str | None
    progress_percent: Annotated[int, msgspec.Meta(ge=0, le=100)]
    error: str | None
    retryable: bool | None


class AvatarSummaryBody(Response):
    id: UUID
    name: str
    avatar_type: AvatarTypeName
    status: StatusName
    version: int
    visibility: VisibilityName
    tags: list[str]
    body_type: str | None
    created_at: datetime
    updated_at: datetime


class AvatarPageBody(Response):
    items: list[AvatarSummaryBody]
    next_cursor: str | None
    limit: int


class MeasurementsUpdatedBody(Response):
    id: UUID
    status: StatusName
    message: str
    version: int
    job_id: UUID | None = None  # when the model is regenerated: GET /api/v1/jobs/{jobId}


class ExtractionStartedBody(Response):
    """The answer to POST .../measurements/extract: the avatar is processing; the extracted
    measurements become version ``version + 1`` when it completes."""

    id: UUID
    status: StatusName
    message: str
    version: int
    processing_estimate: str
    job_id: UUID  # GET /api/v1/jobs/{jobId}


class FieldIssue(Response):
    field: str
    message: str


class ValidationResultBody(Response):
    valid: bool
    field: str | None = None
    message: str | None = None
    errors: list[FieldIssue] | None = None  # every measurement that disagrees with the rest


class VersionBody(Response):
    id: UUID
    avatar_id: UUID
    version: int
    measurements: MeasurementsBody
    body_analysis: BodyAnalysisBody | None
    model_file_id: UUID | None
    change_description: str | None
    changed_by: UUID
    change_type: str
    created_at: datetime


class DifferenceBody(Response):
    measurement: str
    left: float | None
    right: float | None
    difference: float | None
    percent_change: float | None


class ComparisonBody(Response):
    left: str
    right: str
    unit: UnitName
    differences: list[DifferenceBody]
    body_type_left: str | None
    body_type_right: str | None


class PhotoBody(Response):
    id: UUID
    view_type: str
    original_filename: str
    file_size: int
    mime_type: str
    width: int
    height: int
    status: str
    capture_date: datetime | None
    device_info: str | None
    auto_delete_at: datetime
    deleted: bool
    created_at: datetime
    processing_error: str | None = None
    malware_scan: str = "not_scanned"  # "clean", or "not_scanned" when no scanner is set
    # The lens (35 mm-equivalent, mm) from the uploaded file's EXIF, when it said.
    focal_length_35mm: float | None = msgspec.field(default=None, name="focalLength35mm")
    thumbnail_url: str | None = None  # signed, short-lived links, once processed
    processed_url: str | None = None


class ExportBody(Response):
    format: str
    exported_at: datetime
    avatar: AvatarBody
    versions: list[VersionBody]
    models: list[ModelFileBody]
    photos: list[PhotoBody]


class FitFeedbackExportBody(Response):
    id: UUID
    avatar_id: UUID
    brand: str
    category: str
    size_worn: str
    fit: dict[str, str]
    created_at: datetime


class FitPreferenceExportBody(Response):
    category: str
    fit: str
    offset_cm: float
    feedback_count: int
    updated_at: datetime


class FitExportBody(Response):
    feedback: list[FitFeedbackExportBody]
    preferences: list[FitPreferenceExportBody]


class ConsentRecordBody(Response):
    """One change of a consent setting; the values are JSON (old is null at creation)."""

    avatar_id: UUID
    subject: str
    old_value: str | None
    new_value: str
    changed_by: UUID
    client: str
    recorded_at: datetime


class UserExportBody(Response):
    format: str
    exported_at: datetime
    user_id: UUID
    avatars: list[ExportBody]
    fit: FitExportBody | None = None
    consents: list[ConsentRecordBody] | None = None


class ErasureBody(Response):
    """The erasure's receipt."""

    erased_avatars: int
    erased_objects: int = 0
    erased_at: datetime | None = None
    user_id: UUID | None = None


class PresetBody(Response):
    id: str
    label: str
    measurements: dict[str, float]


# -- domain -> response --------------------------------------------------------------------------
def measurements_body(profile: MeasurementProfile) -> MeasurementsBody:
    shown = profile.shown()
    values: dict[str, Any] = {snake_case(name): shown.get(name) for name in MEASUREMENT_NAMES}
    return MeasurementsBody(
        id=profile.id,
        **values,
        unit=profile.unit.value,
        extraction_method=profile.extraction_method.value,
        confidence_scores=dict(profile.confidence_scores),
        manual_overrides=list(profile.manual_overrides),
        created_at=profile.created_at,
        updated_at=profile.updated_at,
        gender=profile.gender.value if profile.gender else None,
        estimated=list(profile.estimated),
    )


def analysis_body(analysis: BodyAnalysis) -> BodyAnalysisBody:
    return BodyAnalysisBody(
        id=analysis.id,
        body_type=analysis.body_type.value,
        confidence=analysis.body_type_confidence,
        proportions=Proportions(
            shoulder_to_hip_ratio=analysis.shoulder_to_hip_ratio,
            waist_to_hip_ratio=analysis.waist_to_hip_ratio,
            waist_to_height_ratio=analysis.waist_to_height_ratio,
        ),
        proportion_analysis=ProportionAnalysis(
            balanced=analysis.balanced, recommendations=list(analysis.recommendations)
        ),
        symmetry_score=analysis.symmetry_score,
        symmetry_issues=list(analysis.symmetry_issues),
        fit_preferences=FitPreferences(
            tops=analysis.fit_tops.value, bottoms=analysis.fit_bottoms.value
        ),
        size_recommendations=dict(analysis.size_recommendations),
        created_at=analysis.created_at,
        body_type_rule=analysis.body_type_rule,
        body_type_probabilities=dict(analysis.body_type_probabilities),
        symmetry_source=analysis.symmetry_source.value if analysis.symmetry_source else None,
        version=analysis.avatar_version,
    )


def model_file_body(model_file: ModelFile) -> ModelFileBody:
    return ModelFileBody(
        id=model_file.id,
        format=model_file.format.value,
        lod_level=model_file.lod_level.value,
        file_size=model_file.file_size,
        vertex_count=model_file.vertex_count,
        face_count=model_file.face_count,
        texture_count=model_file.texture_count,
        generation_method=model_file.generation_method.value,
        generation_parameters=dict(model_file.generation_parameters),
        download_url=f"/api/v1/avatars/{model_file.avatar_id}/models/{model_file.id}/download",
        created_at=model_file.created_at,
    )


def avatar_body(
    avatar: Avatar,
    model_files: list[ModelFile] | None = None,
    *,
    shared_with: Sequence[UUID] | None = None,
) -> AvatarBody:
    """The full avatar. ``shared_with`` as the use case let the viewer see it; None for the
    owner's own answers (create, update, duplicate), which show the avatar's list."""
    profile, analysis = avatar.measurements, avatar.body_analysis
    return AvatarBody(
        id=avatar.id,
        user_id=avatar.user_id,
        name=avatar.name,
        description=avatar.description,
        avatar_type=avatar.avatar_type.value,
        status=avatar.status.value,
        created_at=avatar.created_at,
        updated_at=avatar.updated_at,
        version=avatar.version,
        parent_avatar_id=avatar.parent_avatar_id,
        visibility=avatar.visibility.value,
        allow_export=avatar.allow_export,
        allow_ai_training=avatar.allow_ai_training,
        shared_with=list(avatar.shared_with if shared_with is None else shared_with),
        tags=list(avatar.tags),
        body_type=avatar.body_type.value if avatar.body_type else None,
        measurement_profile_id=profile.id if profile else None,
        body_analysis_id=analysis.id if analysis else None,
        model_file_id=avatar.model_file_id,
        measurements=measurements_body(profile) if profile else None,
        body_analysis=analysis_body(analysis) if analysis else None,
        models=[model_file_body(m) for m in model_files or []],
        processing_started_at=avatar.processing_started_at,
        processing_completed_at=avatar.processing_completed_at,
        processing_error=avatar.processing_error,
        skin_tone=avatar.skin_tone,
        processing=processing_body(avatar),
        processing_time=(
            round(avatar.processing_time_s, 3)
            if avatar.status is AvatarStatus.COMPLETED and avatar.processing_time_s is not None
            else None
        ),
        job_id=avatar.processing_job_id,
    )


def processing_body(avatar: Avatar) -> ProcessingBody | None:
    """Where the avatar's processing is, while it is processing."""
    if avatar.status is not AvatarStatus.PROCESSING:
        return None
    stage = avatar.processing_stage or "queued"
    return ProcessingBody(
        stage=stage,
        progress=avatar.processing_progress or 0,
        message=stage_message(stage),
        started_at=avatar.processing_started_at,
    )


def job_body(job: JobView) -> JobBody:
    return JobBody(
        job_id=job.job_id,
        avatar_id=job.avatar_id,
        status=job.status.value,
        stage=job.stage,
        progress_percent=job.progress_percent,
        error=job.error,
        retryable=job.retryable,
    )


def details_body(details: AvatarDetails) -> AvatarBody:
    return avatar_body(details.avatar, details.model_files, shared_with=details.shared_with)


def summary_body(avatar: AvatarSummary) -> AvatarSummaryBody:
    return AvatarSummaryBody(
        id=avatar.id,
        name=avatar.name,
        avatar_type=avatar.avatar_type.value,
        status=avatar.status.value,
        version=avatar.version,
        visibility=avatar.visibility.value,
        tags=list(avatar.tags),
        body_type=avatar.body_type.value if avatar.body_type else None,
        created_at=avatar.created_at,
        updated_at=avatar.updated_at,
    )


def version_body(version: AvatarVersion) -> VersionBody:
    analysis = version.body_analysis_snapshot
    return VersionBody(
        id=version.id,
        avatar_id=version.avatar_id,
        version=version.version,
        measurements=measurements_body(version.measurement_snapshot),
        body_analysis=analysis_body(analysis) if analysis else None,
        model_file_id=version.model_file_id,
        change_description=version.change_description,
        changed_by=version.changed_by,
        change_type=version.change_type.value,
        created_at=version.created_at,
    )


def comparison_body(comparison: Comparison) -> ComparisonBody:
    return ComparisonBody(
        left=comparison.left_label,
        right=comparison.right_label,
        unit="metric",
        differences=[
            DifferenceBody(
                measurement=d.name,
                left=d.left_cm,
                right=d.right_cm,
                difference=d.difference,
                percent_change=d.percent,
            )
            for d in comparison.differences
        ],
        body_type_left=comparison.body_type_left,
        body_type_right=comparison.body_type_right,
    )


def photo_body(photo: PhotoUpload) -> PhotoBody:
    return PhotoBody(
        id=photo.id,
        view_type=photo.view_type.value,
        original_filename=photo.original_filename,
        file_size=photo.file_size,
        mime_type=photo.mime_type,
        width=photo.width,
        height=photo.height,
        status=photo.status.value,
        capture_date=photo.capture_date,
        device_info=photo.device_info,
        auto_delete_at=photo.auto_delete_at,
        deleted=photo.deleted,
        created_at=photo.created_at,
        processing_error=photo.processing_error,
        malware_scan=photo.malware_scan.value,
        focal_length_35mm=photo.focal_length_35mm,
    )


def export_body(export: AvatarExport, now: datetime) -> ExportBody:
    return ExportBody(
        format="avatar-export/v1",
        exported_at=now,
        avatar=avatar_body(export.avatar, export.model_files, shared_with=export.shared_with),
        versions=[version_body(v) for v in export.versions],
        models=[model_file_body(m) for m in export.model_files],
        photos=[photo_body(p) for p in export.photos],
    )


class PhotoUploadLinkBody(Response):
    photo_id: UUID
    view_type: str
    upload_url: str
    method: str
    headers: dict[str, str]
    expires_at: datetime
    max_bytes: int


def fit_export_body(data: FitData) -> FitExportBody:
    return FitExportBody(
        feedback=[
            FitFeedbackExportBody(
                id=f.id,
                avatar_id=f.avatar_id,
                brand=f.brand,
                category=f.category.value,
                size_worn=f.size_worn,
                fit={area: feel.value for area, feel in f.areas.items()},
                created_at=f.created_at,
            )
            for f in data.feedback
        ],
        preferences=[
            FitPreferenceExportBody(
                category=p.category.value,
                fit=p.fit.value,
                offset_cm=p.offset_cm,
                feedback_count=p.feedback_count,
                updated_at=p.updated_at,
            )
            for p in data.preferences
        ],
    )
