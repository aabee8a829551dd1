"""What a client is told about a processing run: the words for each stage, the job's state."""

from __future__ import annotations

from enum import StrEnum

from domain.avatar import Avatar, AvatarStatus

STAGE_MESSAGES: dict[str, str] = {
    "queued": "Waiting for a worker...",
    "photo_processing": "Preparing the photos (background, keypoints, silhouette)...",
    "measurement_extraction": "Extracting body measurements from photos...",
    "measurement_fitting": "Fitting the body model to the measurements...",
    "model_generation": "Generating the 3D model files...",
}


def stage_message(stage: str) -> str:
    """A sentence for the user about ``stage`` (the stage's name for a stage not listed)."""
    return STAGE_MESSAGES.get(stage, stage.replace("_", " ").capitalize() + "...")


class JobStatus(StrEnum):
    PENDING = "pending"  # queued, no worker has started it
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


def job_status_of(avatar: Avatar) -> JobStatus:
    """The state of the avatar's current processing run, as the job polling shows it."""
    if avatar.status is AvatarStatus.COMPLETED:
        return JobStatus.COMPLETED
    if avatar.status is AvatarStatus.FAILED:
        return JobStatus.FAILED
    if avatar.processing_stage in (None, "queued"):
        return JobStatus.PENDING
    return JobStatus.PROCESSING
