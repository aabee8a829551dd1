"""From processed photos to what the ShapeEstimator reads (spec 2.3.2).

The photo intake keeps, for each processed photo, the person mask (a PNG) and the keypoints
(a ``KeypointsFormat`` file, docs/storage.md); this module turns them into ``ProcessedView``
values and decides when an avatar has what a measurement needs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from uuid import UUID

from application.ports import (
    BlobStore,
    ImageInspector,
    KeypointsFormat,
    PhotoPreprocessor,
    ProcessedView,
    UnitOfWork,
)
from domain.photo import PhotoStatus, PhotoUpload, ViewType

# A measurement needs the front view; the side view gives the depths (chest, waist, hips).
NEEDED_VIEWS = (ViewType.FRONT, ViewType.SIDE)
FULL_FRAME_DIAGONAL_MM = math.hypot(36.0, 24.0)


def measurable_photos(photos: Sequence[PhotoUpload]) -> dict[ViewType, PhotoUpload]:
    """The newest processed photo of each needed view, if every needed view has one."""
    newest: dict[ViewType, PhotoUpload] = {}
    for photo in photos:
        if photo.status is PhotoStatus.PROCESSED and photo.view_type in NEEDED_VIEWS:
            newest[photo.view_type] = photo  # photos come oldest first
    return newest if all(view in newest for view in NEEDED_VIEWS) else {}


def missing_views_reason(photos: Sequence[PhotoUpload]) -> str:
    """Why the photos cannot be measured, in words that say what to upload."""
    processed = {p.view_type for p in photos if p.status is PhotoStatus.PROCESSED}
    failed = [p for p in photos if p.status is PhotoStatus.FAILED]
    parts = [
        f"{p.view_type.value} photo: {p.processing_error or 'could not be processed'}"
        for p in failed
        if p.view_type not in processed
    ]
    missing = [v.value for v in NEEDED_VIEWS if v not in processed]
    parts.append(f"upload a {' and a '.join(missing)} photo to measure the body")
    return "; ".join(parts)


async def processed_views(
    uow: UnitOfWork,
    blobs: BlobStore,
    masks: PhotoPreprocessor,
    keypoints_format: KeypointsFormat,
    avatar_id: UUID,
    images: ImageInspector | None = None,
) -> list[ProcessedView]:
    """The avatar's front and side views as the estimator reads them (empty if incomplete):
    mask, keypoints and, when the uploaded file's EXIF said it, the focal length in pixels
    of the analysed picture. With ``images``, each view also carries the photo, decoded at
    the mask's size."""
    photos = measurable_photos(await uow.photos.list_for_avatar(avatar_id))
    views = []
    for view_type, photo in photos.items():
        assert photo.mask_key is not None and photo.keypoints_key is not None
        stored = keypoints_format.read(await blobs.get(photo.keypoints_key))
        width, height = stored.width_px, stored.height_px
        mask = masks.mask_from_png(await blobs.get(photo.mask_key))
        image = None
        if images is not None:
            image = images.decode(await blobs.get(photo.storage_key), max(mask.width, mask.height))
        views.append(
            ProcessedView(
                view_type=view_type,
                mask=mask,
                keypoints=stored.keypoints,
                focal_length_px=focal_length_px(photo.focal_length_35mm, width, height),
                image=image,
            )
        )
    return views


def focal_length_px(focal_35mm: float | None, width_px: float, height_px: float) -> float | None:
    """A 35 mm-equivalent focal length (from the photo's EXIF) in pixels of a picture of
    that size; the 35 mm equivalent is defined on the diagonal (36 x 24 mm). None stays None:
    the estimator then solves for the field of view."""
    if focal_35mm is None:
        return None
    return focal_35mm * math.hypot(width_px, height_px) / FULL_FRAME_DIAGONAL_MM
