"""Photos of a body for a photo_based avatar (spec 3.1.3). Sensitive: deleted on schedule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidStatusTransition, InvalidValue
from domain.events import DomainEvent, PhotoDeleted, PhotoFailed, PhotoProcessed

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


# uploaded -> processing -> processed | failed -> deleted; a failed photo may be processed
# again, and a photo may be deleted in any state.
PHOTO_TRANSITIONS: dict[PhotoStatus, frozenset[PhotoStatus]] = {
    PhotoStatus.UPLOADED: frozenset({PhotoStatus.PROCESSING, PhotoStatus.DELETED}),
    PhotoStatus.PROCESSING: frozenset(
        {PhotoStatus.PROCESSED, PhotoStatus.FAILED, PhotoStatus.DELETED}
    ),
    PhotoStatus.PROCESSED: frozenset({PhotoStatus.DELETED}),
    PhotoStatus.FAILED: frozenset({PhotoStatus.PROCESSING, PhotoStatus.DELETED}),
    PhotoStatus.DELETED: frozenset(),
}


class MalwareScan(StrEnum):
    """What the malware scanner said about the upload as received."""

    CLEAN = "clean"
    NOT_SCANNED = "not_scanned"  # no scanner configured: recorded, never silently skipped


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
    # Kept for the measurement step (docs/storage.md): 2D keypoints (JSON) and the person mask.
    keypoints_key: str | None = None
    mask_key: str | None = None
    malware_scan: MalwareScan = MalwareScan.NOT_SCANNED
    malware_scanner: str | None = None  # the engine and its version, when one scanned
    # The lens (35 mm-equivalent, mm) from the uploaded file's EXIF, read before the clean
    # copy dropped the metadata: the measurement step's field of view. None: not said.
    focal_length_35mm: float | None = None
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.file_size <= 0:
            raise InvalidValue("a photo has at least one byte", field="fileSize")
        if self.width <= 0 or self.height <= 0:
            raise InvalidValue("a photo has a positive width and height", field="width")
        if self.auto_delete_at <= self.created_at:
            raise InvalidValue("a photo is deleted after it is created", field="autoDeleteAt")
        if self.focal_length_35mm is not None and not self.focal_length_35mm > 0:
            raise InvalidValue("a focal length is positive", field="focalLength35mm")

    @property
    def keys(self) -> tuple[str, ...]:
        """Every stored object of the photo: original, processed, thumbnail, keypoints, mask."""
        found = (
            self.storage_key,
            self.processed_key,
            self.thumbnail_key,
            self.keypoints_key,
            self.mask_key,
        )
        return tuple(key for key in found if key)

    def _move_to(self, status: PhotoStatus, now: datetime) -> None:
        if status not in PHOTO_TRANSITIONS[self.status]:
            raise InvalidStatusTransition(
                f"a photo cannot go from {self.status} to {status}", field="status"
            )
        self.status = status
        self.updated_at = now

    def start_processing(self, now: datetime) -> None:
        self._move_to(PhotoStatus.PROCESSING, now)
        self.processing_error = None

    def mark_processed(
        self,
        now: datetime,
        *,
        processed_key: str,
        thumbnail_key: str,
        keypoints_key: str,
        mask_key: str,
        retention: timedelta = DEFAULT_PHOTO_RETENTION,
    ) -> None:
        """Processed: the derived objects are stored; the photo is deleted ``retention`` later."""
        self._move_to(PhotoStatus.PROCESSED, now)
        self.processed_key, self.thumbnail_key = processed_key, thumbnail_key
        self.keypoints_key, self.mask_key = keypoints_key, mask_key
        self.auto_delete_at = now + retention
        self.events.append(
            PhotoProcessed(
                avatar_id=self.avatar_id,
                user_id=self.user_id,
                occurred_at=now,
                photo_id=self.id,
                view_type=self.view_type.value,
            )
        )

    def mark_failed(
        self, now: datetime, *, error: str, retention: timedelta = DEFAULT_PHOTO_RETENTION
    ) -> None:
        self._move_to(PhotoStatus.FAILED, now)
        self.processing_error = error
        self.auto_delete_at = now + retention
        self.events.append(
            PhotoFailed(
                avatar_id=self.avatar_id,
                user_id=self.user_id,
                occurred_at=now,
                photo_id=self.id,
                view_type=self.view_type.value,
                error=error,
            )
        )

    def mark_deleted(self, now: datetime, *, reason: str = "requested") -> None:
        """Deleted (``reason``: requested by the owner, or expired); the row stays as a record
        without any object key, so nothing points at the objects removed after it."""
        if self.deleted:
            raise InvalidStatusTransition("the photo is already deleted", field="status")
        self._move_to(PhotoStatus.DELETED, now)
        self.deleted = True
        self.deleted_at = now
        self.processed_key = self.thumbnail_key = self.keypoints_key = self.mask_key = None
        self.events.append(
            PhotoDeleted(
                avatar_id=self.avatar_id,
                user_id=self.user_id,
                occurred_at=now,
                photo_id=self.id,
                view_type=self.view_type.value,
                reason=reason,
            )
        )

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last call, in order; the list is emptied."""
        events, self.events = self.events, []
        return events
