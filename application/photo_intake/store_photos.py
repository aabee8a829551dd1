"""Accepted photos into storage and rows, and the job that preprocesses them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from datetime import datetime
from uuid import UUID

from application.access import load_modifiable
from application.photo_intake.checks import AcceptedPhoto, IntakeSettings
from application.ports import (
    BlobInfo,
    BlobStore,
    Clock,
    IdGenerator,
    KeypointsFormat,
    ProcessAvatarJob,
    UnitOfWork,
    UnitOfWorkFactory,
)
from application.storage import keypoints_key, mask_key, photo_key
from domain.access import Viewer
from domain.avatar import Avatar, AvatarStatus, AvatarType
from domain.errors import InvalidValue
from domain.photo import MalwareScan, PhotoUpload
from domain.photo_checks import BodyHints

PHOTOS_JOB = "photos"  # the reason of the ProcessAvatarJob that preprocesses photos


class StorePhotos:
    """Accepted photos into storage and rows, optionally with their processing job."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        blobs: BlobStore,
        clock: Clock,
        ids: IdGenerator,
        settings: IntakeSettings,
        keypoints: KeypointsFormat,
    ) -> None:
        self._uow_factory, self._blobs, self._clock, self._ids = uow_factory, blobs, clock, ids
        self._settings, self._keypoints = settings, keypoints

    async def __call__(
        self,
        viewer: Viewer,
        avatar_id: UUID,
        accepted: Sequence[AcceptedPhoto],
        *,
        hints: BodyHints | None = None,
        process: bool = True,
        photo_ids: Sequence[UUID] | None = None,
    ) -> list[PhotoUpload]:
        """Store the clean images, then the rows; the objects are removed again if the rows
        cannot be written (the orphan sweep is the last resort)."""
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_modifiable(uow, avatar_id, viewer)
            await self._check_room(uow, avatar, len(accepted))
        now = self._clock.now()
        ids = list(photo_ids) if photo_ids is not None else [self._ids.new_id() for _ in accepted]
        photos: list[PhotoUpload] = []
        writes: list[Awaitable[BlobInfo]] = []
        for photo_id, photo in zip(ids, accepted, strict=True):
            clean = photo.clean
            user, avatar_id = avatar.user_id, avatar.id
            key = photo_key(user, avatar_id, photo_id, clean.image_format.extension)
            kept = (keypoints_key(user, avatar_id, photo_id), mask_key(user, avatar_id, photo_id))
            writes.append(self._blobs.put(key, clean.data, clean.image_format.mime_type))
            keypoints = self._keypoints.write(photo.keypoints)
            writes.append(self._blobs.put(kept[0], keypoints, self._keypoints.media_type))
            writes.append(self._blobs.put(kept[1], photo.mask_png, "image/png"))
            photos.append(
                PhotoUpload(
                    id=photo_id,
                    avatar_id=avatar.id,
                    user_id=avatar.user_id,
                    view_type=photo.incoming.view_type,
                    original_filename=photo.incoming.filename[:500],
                    file_size=len(clean.data),
                    mime_type=clean.image_format.mime_type,
                    width=clean.width,
                    height=clean.height,
                    storage_key=key,
                    storage_bucket=self._settings.storage_bucket,
                    auto_delete_at=now + self._settings.retention,
                    created_at=now,
                    updated_at=now,
                    capture_date=clean.capture_date,
                    device_info=clean.device_info,
                    malware_scan=MalwareScan.CLEAN
                    if photo.scan.scanned
                    else MalwareScan.NOT_SCANNED,
                    malware_scanner=photo.scan.engine if photo.scan.scanned else None,
                    keypoints_key=kept[0],
                    mask_key=kept[1],
                    focal_length_35mm=clean.focal_length_35mm,
                )
            )
        try:
            await asyncio.gather(*writes)
            async with self._uow_factory() as uow:
                avatar = await load_modifiable(uow, avatar_id, viewer)
                await self._check_room(uow, avatar, len(photos))
                for photo_upload in photos:
                    await uow.photos.add(photo_upload)
                if hints is not None and not hints.empty:
                    await save_hints(uow, avatar.id, hints)
                if process:
                    await start_processing(uow, avatar.id, photos, self._ids, now)
                await uow.commit()
        except BaseException:
            for photo_upload in photos:
                for key in photo_upload.keys:
                    await self._blobs.delete(key)
            raise
        return photos

    async def precheck(self, viewer: Viewer, avatar_id: UUID, adding: int = 0) -> None:
        """Refuse early (before a body is read or a photo checked): the avatar must be the
        viewer's and have room for ``adding`` more photos."""
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_modifiable(uow, avatar_id, viewer)
            await self._check_room(uow, avatar, adding)

    async def _check_room(self, uow: UnitOfWork, avatar: Avatar, adding: int) -> None:
        present = [p for p in await uow.photos.list_for_avatar(avatar.id) if not p.deleted]
        limit = self._settings.max_photos_per_avatar
        if len(present) + adding > limit:
            raise InvalidValue(
                f"an avatar holds at most {limit} photos; it has {len(present)}, "
                f"and {adding} more were sent (delete some first)",
                field="photos",
            )


async def save_hints(uow: UnitOfWork, avatar_id: UUID, hints: BodyHints) -> None:
    """Keep what the user says about the body: each hint given replaces the one said
    before, and those left out stay as they were (a later upload of one more photo with
    only ``heightCm`` keeps the gender said at creation)."""
    current = await uow.photos.hints_for(avatar_id) or BodyHints()
    await uow.photos.save_hints(avatar_id, current.updated_with(hints))


async def start_processing(
    uow: UnitOfWork,
    avatar_id: UUID,
    photos: Sequence[PhotoUpload],
    ids: IdGenerator,
    now: datetime,
) -> None:
    """Move ``photos`` to processing and queue the job that preprocesses them; a photo avatar
    not measured yet goes to processing too (stage ``photo_processing``)."""
    for photo in photos:
        photo.start_processing(now)
        await uow.photos.update(photo)
    job = ProcessAvatarJob(id=ids.new_id(), avatar_id=avatar_id, reason=PHOTOS_JOB)
    avatar = await uow.avatars.get(avatar_id, for_update=True)
    if (
        avatar is not None
        and avatar.avatar_type is AvatarType.PHOTO_BASED
        and avatar.measurements is None
        and avatar.status in (AvatarStatus.DRAFT, AvatarStatus.FAILED)
    ):
        avatar.start_processing(now, stage="photo_processing", progress=0, job_id=job.id)
        await uow.avatars.update(avatar)
    await uow.outbox.add_job(job, now)
