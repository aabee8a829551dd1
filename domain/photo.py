"""Photos of a body for a photo_based avatar (spec 3.1.3). Sensitive: deleted on schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidStatusTransition, InvalidValue

DEFAULT_PHOTO_RETENTION = timedelta(hours=24)


class ViewType(StrEnum):
    FRONT = "front"
    SIDE = "side"
    BACK = "back"
    OTHER = "other"


class PhotoStatus(StrEnum):
    UPLOADED = "uploaded"
    PROCESSING = "processing"
    PROCESSED = "processed"
    FAILED = "failed"
    DELETED = "deleted"


@dataclass(slots=True, eq=False)
class PhotoUpload:
    id: UUID
    avatar_id: UUID
    user_id: UUID
    view_type: ViewType
    original_filename: str
    file_size: int
    mime_type: str
    width: int
    height: int
    storage_key: str
    storage_bucket: str
    auto_delete_at: datetime
    created_at: datetime
    updated_at: datetime
    status: PhotoStatus = PhotoStatus.UPLOADED
    thumbnail_key: str | None = None
    processed_key: str | None = None
    capture_date: datetime | None = None
    device_info: str | None = None
    processing_error: str | None = None
    deleted: bool = False
    deleted_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.file_size <= 0:
            raise InvalidValue("a photo has at least one byte", field="fileSize")
        if self.width <= 0 or self.height <= 0:
            raise InvalidValue("a photo has a positive width and height", field="width")
        if self.auto_delete_at <= self.created_at:
            raise InvalidValue("a photo is deleted after it is created", field="autoDeleteAt")

    def mark_deleted(self, now: datetime) -> None:
        if self.deleted:
            raise InvalidStatusTransition("the photo is already deleted", field="status")
        self.deleted = True
        self.deleted_at = now
        self.status = PhotoStatus.DELETED
        self.updated_at = now
