"""Rows <-> domain objects, and the JSON form of snapshots kept in avatar_versions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from adapters.sqlalchemy.tables import MEASUREMENT_COLUMNS
from application.ports import AvatarSummary
from domain.avatar import Avatar, AvatarStatus, AvatarType, AvatarVersion, ChangeType, Visibility
from domain.body_analysis import BodyAnalysis, BodyType, Fit
from domain.measurements import ExtractionMethod, Gender, MeasurementProfile
from domain.model_file import GenerationMethod, LodLevel, ModelFile, ModelFormat
from domain.photo import MalwareScan, PhotoStatus, PhotoUpload, ViewType
from domain.symmetry import SymmetrySource
from domain.units import MeasurementUnit


def avatar_row(avatar: Avatar) -> dict[str, Any]:
    return {
        "id": avatar.id,
        "user_id": avatar.user_id,
        "name": avatar.name,
        "description": avatar.description,
        "avatar_type": avatar.avatar_type.value,
        "status": avatar.status.value,
        "created_at": avatar.created_at,
        "updated_at": avatar.updated_at,
        "version": avatar.version,
        "parent_avatar_id": avatar.parent_avatar_id,
        "visibility": avatar.visibility.value,
        "allow_export": avatar.allow_export,
        "allow_ai_training": avatar.allow_ai_training,
        "shared_with": [str(u) for u in avatar.shared_with],
        "model_file_id": avatar.model_file_id,
        "tags": list(avatar.tags),
        "body_type": avatar.body_type.value if avatar.body_type else None,
        "processing_started_at": avatar.processing_started_at,
        "processing_completed_at": avatar.processing_completed_at,
        "processing_error": avatar.processing_error,
        "processing_job_id": avatar.processing_job_id,
        "processing_stage": avatar.processing_stage,
        "processing_progress": avatar.processing_progress,
        "processing_retryable": avatar.processing_retryable,
        "skin_tone": avatar.skin_tone,
    }


def avatar_from_row(
    row: Mapping[str, Any], measurements: MeasurementProfile | None, analysis: BodyAnalysis | None
) -> Avatar:
    return Avatar(
        id=row["id"],
        user_id=row["user_id"],
        name=row["name"],
        description=row["description"],
        avatar_type=AvatarType(row["avatar_type"]),
        status=AvatarStatus(row["status"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
        parent_avatar_id=row["parent_avatar_id"],
        visibility=Visibility(row["visibility"]),
        allow_export=row["allow_export"],
        allow_ai_training=row["allow_ai_training"],
        shared_with=tuple(UUID(u) for u in row["shared_with"]),
        model_file_id=row["model_file_id"],
        tags=tuple(row["tags"]),
        measurements=measurements,
        body_analysis=analysis,
        processing_started_at=row["processing_started_at"],
        processing_completed_at=row["processing_completed_at"],
        processing_error=row["processing_error"],
        processing_job_id=row["processing_job_id"],
        processing_stage=row["processing_stage"],
        processing_progress=row["processing_progress"],
        processing_retryable=row["processing_retryable"],
        skin_tone=row["skin_tone"],
    )


def summary_from_row(row: Sequence[Any]) -> AvatarSummary:
    """An AvatarSummary from the columns of ``repositories._SUMMARY_COLUMNS``, in order."""
    (
        avatar_id,
        user_id,
        name,
        avatar_type,
        status,
        version,
        visibility,
        tags,
        body_type,
        created_at,
        updated_at,
    ) = row
    return AvatarSummary(
        id=avatar_id,
        user_id=user_id,
        name=name,
        avatar_type=AvatarType(avatar_type),
        status=AvatarStatus(status),
        version=version,
        visibility=Visibility(visibility),
        tags=tuple(tags),
        body_type=BodyType(body_type) if body_type else None,
        created_at=created_at,
        updated_at=updated_at,
    )


def profile_row(profile: MeasurementProfile) -> dict[str, Any]:
    row: dict[str, Any] = {
        column: profile.values.get(name) for name, column in MEASUREMENT_COLUMNS.items()
    }
    row.update(
        id=profile.id,
        avatar_id=profile.avatar_id,
        unit=profile.unit.value,
        extraction_method=profile.extraction_method.value,
        confidence_scores=dict(profile.confidence_scores),
        manual_overrides=list(profile.manual_overrides),
        created_at=profile.created_at,
        updated_at=profile.updated_at,
        gender=profile.gender.value if profile.gender else None,
        estimated=list(profile.estimated),
    )
    return row


def profile_from_row(row: Mapping[str, Any]) -> MeasurementProfile:
    values = {
        name: float(row[column])
        for name, column in MEASUREMENT_COLUMNS.items()
        if row[column] is not None
    }
    return MeasurementProfile(
        id=row["id"],
        avatar_id=row["avatar_id"],
        values=values,
        unit=MeasurementUnit(row["unit"]),
        extraction_method=ExtractionMethod(row["extraction_method"]),
        confidence_scores=dict(row["confidence_scores"] or {}),
        manual_overrides=tuple(row["manual_overrides"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        gender=Gender(row["gender"]) if row["gender"] else None,
        estimated=tuple(row["estimated"] or ()),
    )


def analysis_row(analysis: BodyAnalysis) -> dict[str, Any]:
    return {
        "id": analysis.id,
        "avatar_id": analysis.avatar_id,
        "measurement_profile_id": analysis.measurement_profile_id,
        "body_type": analysis.body_type.value,
        "body_type_confidence": analysis.body_type_confidence,
        "shoulder_to_hip_ratio": analysis.shoulder_to_hip_ratio,
        "waist_to_hip_ratio": analysis.waist_to_hip_ratio,
        "waist_to_height_ratio": analysis.waist_to_height_ratio,
        # What explains the type and the symmetry rides along in the JSON document.
        "proportion_analysis": {
            "balanced": analysis.balanced,
            "recommendations": list(analysis.recommendations),
            "body_type_rule": analysis.body_type_rule,
            "body_type_probabilities": dict(analysis.body_type_probabilities),
            "symmetry_source": analysis.symmetry_source.value if analysis.symmetry_source else None,
            "avatar_version": analysis.avatar_version,
        },
        "symmetry_score": analysis.symmetry_score,
        "symmetry_issues": list(analysis.symmetry_issues),
        "fit_preferences": {"tops": analysis.fit_tops.value, "bottoms": analysis.fit_bottoms.value},
        "size_recommendations": dict(analysis.size_recommendations),
        "created_at": analysis.created_at,
        "updated_at": analysis.updated_at,
    }


def analysis_from_row(row: Mapping[str, Any]) -> BodyAnalysis:
    proportion = row["proportion_analysis"] or {}
    fit = row["fit_preferences"] or {}
    return BodyAnalysis(
        id=row["id"],
        avatar_id=row["avatar_id"],
        measurement_profile_id=row["measurement_profile_id"],
        body_type=BodyType(row["body_type"]),
        body_type_confidence=float(row["body_type_confidence"]),
        shoulder_to_hip_ratio=float(row["shoulder_to_hip_ratio"]),
        waist_to_hip_ratio=float(row["waist_to_hip_ratio"]),
        waist_to_height_ratio=float(row["waist_to_height_ratio"]),
        balanced=bool(proportion.get("balanced", False)),
        recommendations=tuple(proportion.get("recommendations", ())),
        symmetry_score=None if row["symmetry_score"] is None else float(row["symmetry_score"]),
        symmetry_issues=tuple(row["symmetry_issues"]),
        fit_tops=Fit(fit.get("tops", "regular")),
        fit_bottoms=Fit(fit.get("bottoms", "regular")),
        size_recommendations=dict(row["size_recommendations"] or {}),
        body_type_rule=proportion.get("body_type_rule", ""),
        body_type_probabilities=dict(proportion.get("body_type_probabilities") or {}),
        symmetry_source=SymmetrySource(source)
        if (source := proportion.get("symmetry_source"))
        else None,
        avatar_version=proportion.get("avatar_version"),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _json_ready(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, UUID):
            out[key] = str(value)
        elif isinstance(value, datetime):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def _from_json(
    document: Mapping[str, Any], uuid_keys: tuple[str, ...], time_keys: tuple[str, ...]
) -> dict[str, Any]:
    row = dict(document)
    for key in uuid_keys:
        row[key] = UUID(row[key])
    for key in time_keys:
        row[key] = datetime.fromisoformat(row[key])
    return row


def version_row(version: AvatarVersion) -> dict[str, Any]:
    analysis = version.body_analysis_snapshot
    return {
        "id": version.id,
        "avatar_id": version.avatar_id,
        "version": version.version,
        "measurement_profile_snapshot": _json_ready(profile_row(version.measurement_snapshot)),
        "model_file_id": version.model_file_id,
        "body_analysis_snapshot": _json_ready(analysis_row(analysis)) if analysis else None,
        "change_description": version.change_description,
        "changed_by": version.changed_by,
        "change_type": version.change_type.value,
        "created_at": version.created_at,
    }


def version_from_row(row: Mapping[str, Any]) -> AvatarVersion:
    profile = profile_from_row(
        _from_json(
            row["measurement_profile_snapshot"], ("id", "avatar_id"), ("created_at", "updated_at")
        )
    )
    snapshot = row["body_analysis_snapshot"]
    analysis = (
        analysis_from_row(
            _from_json(
                snapshot,
                ("id", "avatar_id", "measurement_profile_id"),
                ("created_at", "updated_at"),
            )
        )
        if snapshot
        else None
    )
    return AvatarVersion(
        id=row["id"],
        avatar_id=row["avatar_id"],
        version=row["version"],
        measurement_snapshot=profile,
        body_analysis_snapshot=analysis,
        model_file_id=row["model_file_id"],
        change_description=row["change_description"],
        changed_by=row["changed_by"],
        change_type=ChangeType(row["change_type"]),
        created_at=row["created_at"],
    )


def photo_row(photo: PhotoUpload) -> dict[str, Any]:
    return {
        "id": photo.id,
        "avatar_id": photo.avatar_id,
        "user_id": photo.user_id,
        "view_type": photo.view_type.value,
        "original_filename": photo.original_filename,
        "file_size": photo.file_size,
        "mime_type": photo.mime_type,
        "width": photo.width,
        "height": photo.height,
        "storage_key": photo.storage_key,
        "storage_bucket": photo.storage_bucket,
        "thumbnail_key": photo.thumbnail_key,
        "processed_key": photo.processed_key,
        "capture_date": photo.capture_date,
        "device_info": photo.device_info,
        "status": photo.status.value,
        "processing_error": photo.processing_error,
        "auto_delete_at": photo.auto_delete_at,
        "deleted": photo.deleted,
        "deleted_at": photo.deleted_at,
        "created_at": photo.created_at,
        "updated_at": photo.updated_at,
        "keypoints_key": photo.keypoints_key,
        "mask_key": photo.mask_key,
        "malware_scan": photo.malware_scan.value,
        "malware_scanner": photo.malware_scanner,
        "focal_length_35mm": photo.focal_length_35mm,
    }


def photo_from_row(row: Mapping[str, Any]) -> PhotoUpload:
    values = dict(row)
    values["view_type"] = ViewType(values["view_type"])
    values["status"] = PhotoStatus(values["status"])
    values["malware_scan"] = MalwareScan(values["malware_scan"])
    return PhotoUpload(**values)


def model_file_row(model_file: ModelFile) -> dict[str, Any]:
    return {
        "id": model_file.id,
        "avatar_id": model_file.avatar_id,
        "format": model_file.format.value,
        "lod_level": model_file.lod_level.value,
        "file_size": model_file.file_size,
        "storage_key": model_file.storage_key,
        "storage_bucket": model_file.storage_bucket,
        "vertex_count": model_file.vertex_count,
        "face_count": model_file.face_count,
        "texture_count": model_file.texture_count,
        "generation_method": model_file.generation_method.value,
        "generation_parameters": dict(model_file.generation_parameters),
        "created_at": model_file.created_at,
    }


def model_file_from_row(row: Mapping[str, Any]) -> ModelFile:
    values = dict(row)
    values["format"] = ModelFormat(values["format"])
    values["lod_level"] = LodLevel(values["lod_level"])
    values["generation_method"] = GenerationMethod(values["generation_method"])
    return ModelFile(**values)
