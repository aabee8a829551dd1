"""The background job that preprocesses photos (background removal, thumbnail) and then
queues the measurement of a photo avatar whose front and side photos are ready."""

from __future__ import annotations

import asyncio
import logging
from uuid import UUID

from application.photo_intake.checks import IntakeSettings
from application.photo_measurement import measurable_photos, missing_views_reason
from application.ports import (
    BlobNotFound,
    BlobStore,
    Clock,
    IdGenerator,
    ImageInspector,
    KeypointsFormat,
    PersonDetector,
    PhotoKeypoints,
    PhotoPreprocessor,
    ProcessAvatarJob,
    UnitOfWorkFactory,
)
from application.storage import keypoints_key, mask_key, processed_key, thumbnail_key
from domain.avatar import AvatarStatus, AvatarType
from domain.photo import PhotoStatus, PhotoUpload
from domain.photo_checks import PhotoRejected, check_person

log = logging.getLogger(__name__)


class ProcessPhotos:
    """The background job: preprocess an avatar's photos in processing (spec 2.3.1).

    The checks of the upload already found the person (keypoints and mask, stored with the
    photo); this job removes the background with that mask and makes the thumbnail. A photo
    stored without them (an older one) is analysed here first.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        blobs: BlobStore,
        clock: Clock,
        inspector: ImageInspector,
        detector: PersonDetector,
        preprocessor: PhotoPreprocessor,
        settings: IntakeSettings,
        ids: IdGenerator,
        keypoints: KeypointsFormat,
    ) -> None:
        self._uow_factory, self._blobs, self._clock = uow_factory, blobs, clock
        self._inspector, self._detector = inspector, detector
        self._preprocessor, self._settings = preprocessor, settings
        self._ids, self._keypoints = ids, keypoints
        self._cpu = asyncio.Semaphore(settings.max_concurrent_checks)

    async def __call__(self, job: ProcessAvatarJob) -> None:
        """Done once in effect: only photos still in processing are worked on, so a job
        delivered twice changes nothing the second time. A photo that cannot be processed is
        marked failed with the reason; an error of the infrastructure propagates (retry)."""
        async with self._uow_factory(read_only=True) as uow:
            photos = await uow.photos.list_for_avatar(job.avatar_id)
        await asyncio.gather(
            *(self._process(photo) for photo in photos if photo.status is PhotoStatus.PROCESSING)
        )
        await self._measure_when_ready(job.avatar_id)

    async def _measure_when_ready(self, avatar_id: UUID) -> None:
        """After its photos are processed, a photo avatar not measured yet is measured: with
        a processed front and side photo its measurement job is queued; with nothing left to
        process and a view missing, it fails with what to upload (same transaction)."""
        async with self._uow_factory() as uow:
            avatar = await uow.avatars.get(avatar_id, for_update=True)
            if (
                avatar is None
                or avatar.avatar_type is not AvatarType.PHOTO_BASED
                or avatar.measurements is not None
            ):
                return
            photos = await uow.photos.list_for_avatar(avatar_id)
            now = self._clock.now()
            if measurable_photos(photos):
                job = ProcessAvatarJob(self._ids.new_id(), avatar_id, reason="photos_measured")
                if avatar.status is not AvatarStatus.PROCESSING:  # else the run goes on
                    avatar.start_processing(now, stage="queued", progress=0, job_id=job.id)
                avatar.report_progress(now, stage="photo_processing", progress=100)
                await uow.outbox.add_job(job, now)
            elif avatar.status is AvatarStatus.PROCESSING and not any(
                p.status in (PhotoStatus.PROCESSING, PhotoStatus.UPLOADED) for p in photos
            ):
                avatar.fail(now, error=missing_views_reason(photos), retryable=True)
            else:
                return
            await uow.avatars.update(avatar)
            await uow.commit()

    async def _process(self, photo: PhotoUpload) -> None:
        user, avatar = photo.user_id, photo.avatar_id
        keys = {
            "processed": processed_key(user, avatar, photo.id),
            "thumbnail": thumbnail_key(user, avatar, photo.id),
            "keypoints": photo.keypoints_key or keypoints_key(user, avatar, photo.id),
            "mask": photo.mask_key or mask_key(user, avatar, photo.id),
        }
        try:
            data = await self._blobs.get(photo.storage_key)
            stored_mask = await self._blobs.get(photo.mask_key) if photo.mask_key else None
        except BlobNotFound:
            await self._finish(photo, None, error="the stored photo is missing; upload it again")
            return
        side = self._settings.analysis_side_px
        async with self._cpu:
            image = await asyncio.to_thread(self._inspector.decode, data, side)
            if stored_mask is not None:
                mask = await asyncio.to_thread(self._preprocessor.mask_from_png, stored_mask)
            else:
                analysis = await asyncio.to_thread(self._detector.detect, image, with_mask=True)
                try:
                    check_person(photo.view_type, analysis.findings)
                except PhotoRejected as rejection:
                    await self._finish(photo, None, error=rejection.reason)
                    return
                assert analysis.mask is not None
                mask = analysis.mask
                keypoints = PhotoKeypoints.of(
                    photo.view_type,
                    analysis.findings,
                    (image.width, image.height),
                    (photo.width, photo.height),
                    self._detector.name,
                )
                document = self._keypoints.write(keypoints)
                await self._blobs.put(keys["keypoints"], document, self._keypoints.media_type)
                mask_file = await asyncio.to_thread(self._preprocessor.mask_png, mask)
                await self._blobs.put(keys["mask"], mask_file, "image/png")
            renditions = await asyncio.to_thread(
                self._preprocessor.renditions, image, mask, self._settings.thumbnail_side_px
            )
        await asyncio.gather(
            self._blobs.put(keys["processed"], renditions.processed_png, "image/png"),
            self._blobs.put(keys["thumbnail"], renditions.thumbnail_jpeg, "image/jpeg"),
        )
        await self._finish(photo, keys)

    async def _finish(
        self, photo: PhotoUpload, keys: dict[str, str] | None, *, error: str | None = None
    ) -> None:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            current = await uow.photos.get(photo.id)
            if current is None or current.status is not PhotoStatus.PROCESSING:
                written = list(keys.values()) if keys else []
                if current is not None:
                    written = [k for k in written if k not in current.keys]
                for key in written:  # deleted meanwhile: nothing may point at these
                    await self._blobs.delete(key)
                return
            if keys is None:
                log.info("photo %s failed: %s", photo.id, error)
                current.mark_failed(
                    now, error=error or "failed", retention=self._settings.retention
                )
            else:
                current.mark_processed(
                    now,
                    processed_key=keys["processed"],
                    thumbnail_key=keys["thumbnail"],
                    keypoints_key=keys["keypoints"],
                    mask_key=keys["mask"],
                    retention=self._settings.retention,
                )
            await uow.photos.update(current)
            await uow.commit()
