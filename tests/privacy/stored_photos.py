"""A processed photo as intake leaves it (row and five objects), without running the models."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from application import storage
from application.ports import BlobStore, UnitOfWorkFactory
from domain.photo import PhotoUpload, ViewType


async def store_processed_photo(
    uow_factory: UnitOfWorkFactory,
    blobs: BlobStore,
    user_id: uuid.UUID,
    avatar_id: uuid.UUID,
    now: datetime,
    retention: timedelta = timedelta(hours=24),
) -> PhotoUpload:
    photo_id = uuid.uuid4()
    photo = PhotoUpload(
        id=photo_id,
        avatar_id=avatar_id,
        user_id=user_id,
        view_type=ViewType.FRONT,
        original_filename="front.jpg",
        file_size=4,
        mime_type="image/jpeg",
        width=600,
        height=800,
        storage_key=storage.photo_key(user_id, avatar_id, photo_id, "jpg"),
        storage_bucket="memory",
        auto_delete_at=now + retention,
        created_at=now,
        updated_at=now,
    )
    photo.start_processing(now)
    photo.mark_processed(
        now,
        processed_key=storage.processed_key(user_id, avatar_id, photo_id),
        thumbnail_key=storage.thumbnail_key(user_id, avatar_id, photo_id),
        keypoints_key=storage.keypoints_key(user_id, avatar_id, photo_id),
        mask_key=storage.mask_key(user_id, avatar_id, photo_id),
        retention=retention,
    )
    for key in photo.keys:
        await blobs.put(key, b'{"keypoints": [[1, 2]]}', "application/octet-stream")
    async with uow_factory() as uow:
        await uow.photos.add(photo)
        await uow.commit()
    return photo
