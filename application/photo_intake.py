"""Photo intake (spec 2.2.2, 2.3.1, 4.1.2, 8.3): validate, store, preprocess, delete on schedule.

Every photo, however it arrives (multipart, base64 JSON, or a direct upload to storage), goes
through ``PhotoChecker`` before anything of it is stored. The checks run in this order and the
first failure is reported for each photo (docs/adr/0020-photo-intake.md):

1. size (the HTTP edge also counts while streaming: a 2 GB body never fills memory or disk);
2. format by content (magic bytes), never by name or Content-Type;
3. malware scan of the file as received (before any decoder sees it);
4. bounded decoding: no bombs, truncated files, polyglots or broken headers;
5. resolution after the EXIF orientation; EXIF capture date and device read; the image is
   re-encoded without any metadata, and only that clean copy is ever stored;
6. content: exactly one person, head to feet for front and side views, a face for front ones.

Accepted photos are stored under the owner's prefix, recorded ``uploaded`` and, when asked,
moved to ``processing`` with a background job (``ProcessAvatarJob`` with reason
``PHOTOS_JOB``). ``ProcessPhotos`` then removes the background with the person mask and
stores the processed picture, a thumbnail, the 2D keypoints and the mask for the measurement
step; the photo becomes ``processed`` (or ``failed``) and is deleted ``retention`` later by
``DeleteExpiredPhotos``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from application.access import load_modifiable
from application.create_avatar import CreateAvatar, CreateAvatarCommand
from application.errors import PhotoNotFound
from application.photo_measurement import measurable_photos, missing_views_reason
from application.ports import (
    BlobInfo,
    BlobNotFound,
    BlobStore,
    CleanImage,
    Clock,
    IdGenerator,
    ImageInspector,
    MalwareScanner,
    PersonDetector,
    PhotoPreprocessor,
    ProcessAvatarJob,
    ScanResult,
    UnitOfWork,
    UnitOfWorkFactory,
)
from application.storage import keypoints_key, mask_key, photo_key, processed_key, thumbnail_key
from domain.access import Viewer
from domain.avatar import Avatar, AvatarStatus, AvatarType
from domain.errors import DomainError, InvalidStatusTransition, InvalidValue
from domain.photo import DEFAULT_PHOTO_RETENTION, MalwareScan, PhotoStatus, PhotoUpload, ViewType
from domain.photo_checks import (
    BodyHints,
    Check,
    ImageFormat,
    PersonFindings,
    PhotoLimits,
    PhotoRejected,
    check_person,
)

log = logging.getLogger(__name__)

PHOTOS_JOB = "photos"  # the reason of the ProcessAvatarJob that preprocesses photos
KEYPOINTS_FORMAT = "avatar-service/keypoints/v1"
SNIFF_BYTES = 64
ACCEPTED_TYPES = ("image/jpeg", "image/png", "image/webp")


@dataclass(frozen=True, slots=True)
class IntakeSettings:
    limits: PhotoLimits = field(default_factory=PhotoLimits)
    analysis_side_px: int = 1024  # detection, processed image and mask work at this size
    thumbnail_side_px: int = 256
    retention: timedelta = DEFAULT_PHOTO_RETENTION  # after processing (spec 9.3)
    max_photos_per_avatar: int = 10
    max_concurrent_checks: int = 2  # CPU-bound work at once in this process (memory bound)
    storage_bucket: str = "local"


@dataclass(frozen=True, slots=True)
class IncomingPhoto:
    """One photo as a client sent it; ``field`` is how the request named it (``photos[0]``)."""

    field: str
    view_type: ViewType
    filename: str
    data: bytes

    @property
    def label(self) -> str:
        return photo_label(self.field, self.view_type, self.filename)


@dataclass(frozen=True, slots=True)
class RejectedPhoto:
    """A photo that failed a check: at the HTTP edge while it streamed (too large, not an
    image), or in ``PhotoChecker``."""

    field: str
    label: str  # the field with the view and file name: ``photos[0] (front, me.jpg)``
    rejection: PhotoRejected


Submitted = IncomingPhoto | RejectedPhoto


@dataclass(frozen=True, slots=True)
class AcceptedPhoto:
    """A photo that passed every check, with what the checks found: the person's keypoints
    (a JSON document) and mask (a PNG) are kept for the measurement step."""

    incoming: IncomingPhoto
    clean: CleanImage
    scan: ScanResult
    findings: PersonFindings
    keypoints_json: bytes
    mask_png: bytes


class PhotosRejected(DomainError):
    """One or more photos failed their checks; nothing of any of them was stored."""

    def __init__(self, rejections: Sequence[RejectedPhoto]) -> None:
        self.rejections = list(rejections)
        first = self.rejections[0]
        more = len(self.rejections) - 1
        super().__init__(
            f"{first.label}: {first.rejection.reason}" + (f" (and {more} more)" if more else ""),
            field=first.field,
        )

    @property
    def check(self) -> Check:
        return self.rejections[0].rejection.check


def photo_label(field: str, view_type: ViewType | None, filename: str) -> str:
    """How a problem names a photo: ``photos[0] (front, me.jpg)``."""
    details = [part for part in (view_type.value if view_type else "", filename) if part]
    return f"{field} ({', '.join(details)})" if details else field


class PhotoChecker:
    """The checks every photo passes before anything of it is stored (the module's list)."""

    def __init__(
        self,
        inspector: ImageInspector,
        detector: PersonDetector,
        scanner: MalwareScanner,
        preprocessor: PhotoPreprocessor,
        settings: IntakeSettings,
    ) -> None:
        self._inspector, self._detector, self._scanner = inspector, detector, scanner
        self._preprocessor, self._settings = preprocessor, settings
        self._cpu = asyncio.Semaphore(settings.max_concurrent_checks)

    @property
    def settings(self) -> IntakeSettings:
        return self._settings

    def sniff(self, head: bytes) -> ImageFormat:
        """The format from the first bytes; ``PhotoRejected`` (format) as soon as they say
        the file is not an accepted image, so the rest of it need not be read."""
        return self._inspector.sniff(head[:SNIFF_BYTES])

    async def check(self, photo: IncomingPhoto) -> AcceptedPhoto:
        """The photo cleaned and checked; ``PhotoRejected`` with the first failure."""
        limits = self._settings.limits
        limits.check_size(len(photo.data))
        image_format = self.sniff(photo.data)
        scan = await self._scanner.scan(photo.data)
        if scan.infected:
            raise PhotoRejected(
                Check.MALWARE, f"the file contains malware ({scan.signature or 'unnamed'})"
            )
        async with self._cpu:
            clean = await asyncio.to_thread(
                self._inspector.clean,
                photo.data,
                image_format,
                limits,
                self._settings.analysis_side_px,
            )
            analysis = await asyncio.to_thread(self._detector.detect, clean.preview, with_mask=True)
            check_person(photo.view_type, analysis.findings)
            assert analysis.mask is not None
            mask_png = await asyncio.to_thread(self._preprocessor.mask_png, analysis.mask)
        keypoints = keypoints_document(
            photo.view_type,
            analysis.findings,
            (clean.preview.width, clean.preview.height),
            (clean.width, clean.height),
            self._detector.name,
        )
        return AcceptedPhoto(photo, clean, scan, analysis.findings, keypoints, mask_png)

    async def check_all(self, photos: Sequence[Submitted]) -> list[AcceptedPhoto]:
        """Every photo checked; ``PhotosRejected`` naming each that failed, in order."""

        async def outcome(photo: Submitted) -> AcceptedPhoto | RejectedPhoto:
            if isinstance(photo, RejectedPhoto):
                return photo
            try:
                return await self.check(photo)
            except PhotoRejected as rejection:
                return RejectedPhoto(photo.field, photo.label, rejection)

        # Concurrently: decoding, encoding and the models release the GIL; the semaphore
        # bounds how many photos are decoded at once (memory).
        outcomes = await asyncio.gather(*(outcome(photo) for photo in photos))
        accepted = [o for o in outcomes if isinstance(o, AcceptedPhoto)]
        rejections = [o for o in outcomes if isinstance(o, RejectedPhoto)]
        if rejections:
            raise PhotosRejected(rejections)
        return accepted


class StorePhotos:
    """Accepted photos into storage and rows, optionally with their processing job."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        blobs: BlobStore,
        clock: Clock,
        ids: IdGenerator,
        settings: IntakeSettings,
    ) -> None:
        self._uow_factory, self._blobs, self._clock, self._ids = uow_factory, blobs, clock, ids
        self._settings = settings

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
            writes.append(self._blobs.put(kept[0], photo.keypoints_json, "application/json"))
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


class UploadPhotos:
    """POST .../photos: more photos for an avatar, checked, stored and (by default) queued."""

    def __init__(self, checker: PhotoChecker, store: StorePhotos) -> None:
        self._checker, self._store = checker, store

    async def __call__(
        self,
        viewer: Viewer,
        avatar_id: UUID,
        photos: Sequence[Submitted],
        *,
        hints: BodyHints | None = None,
        process: bool = True,
    ) -> list[PhotoUpload]:
        if not photos:
            raise InvalidValue("send at least one photo", field="photos")
        await self._store.precheck(viewer, avatar_id, len(photos))
        accepted = await self._checker.check_all(photos)
        return await self._store(viewer, avatar_id, accepted, hints=hints, process=process)


class CreatePhotoAvatar:
    """POST /avatars as multipart/form-data (spec 4.2.1): a photo_based avatar with photos."""

    def __init__(
        self,
        create_avatar: CreateAvatar,
        checker: PhotoChecker,
        store: StorePhotos,
        uow_factory: UnitOfWorkFactory | None = None,
    ) -> None:
        self._create_avatar, self._checker, self._store = create_avatar, checker, store
        self._uow_factory = uow_factory

    async def __call__(
        self, command: CreateAvatarCommand, photos: Sequence[Submitted]
    ) -> tuple[Avatar, list[PhotoUpload]]:
        """The photos are checked first: if one fails, nothing is created. The command's
        hints are kept with the avatar for the measurement step."""
        if command.avatar_type is not AvatarType.PHOTO_BASED:
            raise InvalidValue("an avatar created with photos is photo_based", field="avatarType")
        if not photos:
            raise InvalidValue("a photo_based avatar needs at least one photo", field="photos")
        limit = self._checker.settings.max_photos_per_avatar
        if len(photos) > limit:
            raise InvalidValue(f"an avatar holds at most {limit} photos", field="photos")
        accepted = await self._checker.check_all(photos)
        avatar = await self._create_avatar(command)
        stored = await self._store(
            command.viewer, avatar.id, accepted, process=command.auto_process
        )
        if self._uow_factory is not None:  # processing the photos moved it to processing
            async with self._uow_factory(read_only=True) as uow:
                avatar = await uow.avatars.get(avatar.id) or avatar
        return avatar, stored


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
    avatar = await uow.avatars.get(avatar_id, for_update=True)
    if (
        avatar is not None
        and avatar.avatar_type is AvatarType.PHOTO_BASED
        and avatar.measurements is None
        and avatar.status in (AvatarStatus.DRAFT, AvatarStatus.FAILED)
    ):
        avatar.start_processing(now, stage="photo_processing", progress=0)
        await uow.avatars.update(avatar)
        await uow.outbox.add_events(avatar.pull_events())
    await uow.outbox.add_job(
        ProcessAvatarJob(id=ids.new_id(), avatar_id=avatar_id, reason=PHOTOS_JOB), now
    )


@dataclass(frozen=True, slots=True)
class DirectUpload:
    """A photo the client put into storage with a signed link (spec 6.2)."""

    photo_id: UUID
    view_type: ViewType


@dataclass(frozen=True, slots=True)
class ProcessingRequest:
    queued: list[PhotoUpload]
    photos: list[PhotoUpload]  # every photo of the avatar that is not deleted


class ProcessAvatarPhotos:
    """POST .../photos/process: validate direct uploads, then queue every photo waiting
    (uploaded, or failed before) for preprocessing."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        blobs: BlobStore,
        clock: Clock,
        ids: IdGenerator,
        checker: PhotoChecker,
        store: StorePhotos,
    ) -> None:
        self._uow_factory, self._blobs, self._clock, self._ids = uow_factory, blobs, clock, ids
        self._checker, self._store = checker, store

    async def __call__(
        self, viewer: Viewer, avatar_id: UUID, uploads: Sequence[DirectUpload] = ()
    ) -> ProcessingRequest:
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_modifiable(uow, avatar_id, viewer)
            known = {p.id for p in await uow.photos.list_for_avatar(avatar_id)}
        fresh = [u for u in uploads if u.photo_id not in known]  # a repeated call is harmless
        if fresh:
            await self._take_direct_uploads(viewer, avatar, fresh)
        now = self._clock.now()
        async with self._uow_factory() as uow:
            await load_modifiable(uow, avatar_id, viewer)
            photos = [p for p in await uow.photos.list_for_avatar(avatar_id) if not p.deleted]
            waiting = [p for p in photos if p.status in (PhotoStatus.UPLOADED, PhotoStatus.FAILED)]
            if not waiting and not any(p.status is PhotoStatus.PROCESSING for p in photos):
                raise InvalidStatusTransition(
                    "the avatar has no photo waiting to be processed: upload one first",
                    field="photos",
                )
            if waiting:
                await start_processing(uow, avatar_id, waiting, self._ids, now)
                await uow.commit()
        return ProcessingRequest(queued=waiting, photos=photos)

    async def _take_direct_uploads(
        self, viewer: Viewer, avatar: Avatar, uploads: Sequence[DirectUpload]
    ) -> None:
        """Each uploaded object goes through the checks like a multipart photo; it is then
        stored again as its clean copy (the object as uploaded is deleted, whatever the
        verdict)."""
        limits = self._checker.settings.limits
        accepted: list[AcceptedPhoto] = []
        rejections: list[RejectedPhoto] = []
        originals: list[str] = []
        for index, upload in enumerate(uploads):
            field_name = f"uploads[{index}]"
            label = photo_label(field_name, upload.view_type, str(upload.photo_id))
            key = await self._find_upload(avatar, upload.photo_id)
            if key is None:
                missing = f"nothing was uploaded for photo {upload.photo_id}"
                rejections.append(
                    RejectedPhoto(field_name, label, PhotoRejected(Check.EMPTY, missing))
                )
                continue
            originals.append(key)
            try:
                info = await self._blobs.info(key)
                limits.check_size(info.size)
                data = await self._blobs.get(key)
                accepted.append(
                    await self._checker.check(
                        IncomingPhoto(field_name, upload.view_type, str(upload.photo_id), data)
                    )
                )
            except PhotoRejected as rejection:
                rejections.append(RejectedPhoto(field_name, label, rejection))
        if rejections:
            for key in originals:
                await self._blobs.delete(key)
            raise PhotosRejected(rejections)
        stored = await self._store(
            viewer, avatar.id, accepted, process=False, photo_ids=[u.photo_id for u in uploads]
        )
        kept = {photo.storage_key for photo in stored}
        for key in originals:
            if key not in kept:
                await self._blobs.delete(key)

    async def _find_upload(self, avatar: Avatar, photo_id: UUID) -> str | None:
        for extension in ("jpg", "png", "webp"):
            key = photo_key(avatar.user_id, avatar.id, photo_id, extension)
            if await self._blobs.exists(key):
                return key
        return None


class ListPhotos:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(
        self, viewer: Viewer, avatar_id: UUID, *, include_deleted: bool = False
    ) -> list[PhotoUpload]:
        """The avatar's photos, oldest first; only its owner may see them."""
        async with self._uow_factory(read_only=True) as uow:
            await load_modifiable(uow, avatar_id, viewer)
            photos = await uow.photos.list_for_avatar(avatar_id)
        return [p for p in photos if include_deleted or not p.deleted]


class DeletePhoto:
    def __init__(self, uow_factory: UnitOfWorkFactory, blobs: BlobStore, clock: Clock) -> None:
        self._uow_factory, self._blobs, self._clock = uow_factory, blobs, clock

    async def __call__(self, viewer: Viewer, avatar_id: UUID, photo_id: UUID) -> None:
        """Delete one photo: its row is kept as a record (status deleted, no object keys) and
        a ``photo.deleted`` event is published; its objects go after the commit."""
        async with self._uow_factory() as uow:
            await load_modifiable(uow, avatar_id, viewer)
            photo = await load_photo(uow, avatar_id, photo_id)
            keys = photo.keys
            photo.mark_deleted(self._clock.now(), reason="requested")
            await uow.photos.update(photo)
            await uow.outbox.add_events(photo.pull_events())
            await uow.commit()
        for key in keys:
            await self._blobs.delete(key)


class DeleteExpiredPhotos:
    """The privacy schedule (spec 2.2.6, 9.3): photos whose ``auto_delete_at`` has passed."""

    def __init__(self, uow_factory: UnitOfWorkFactory, blobs: BlobStore, clock: Clock) -> None:
        self._uow_factory, self._blobs, self._clock = uow_factory, blobs, clock

    async def __call__(self, *, batch_size: int = 100, dry_run: bool = False) -> list[PhotoUpload]:
        """Delete (or, with ``dry_run``, list) every expired photo, a batch per transaction;
        returns them."""
        done: list[PhotoUpload] = []
        while True:
            now = self._clock.now()
            async with self._uow_factory(read_only=dry_run) as uow:
                expired = await uow.photos.expired(now, batch_size)
                if dry_run:
                    return expired
                keys = [key for photo in expired for key in photo.keys]
                for photo in expired:
                    photo.mark_deleted(now, reason="expired")
                    await uow.photos.update(photo)
                    await uow.outbox.add_events(photo.pull_events())
                await uow.commit()
            for key in keys:
                await self._blobs.delete(key)
            done += expired
            if len(expired) < batch_size:
                return done


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
        ids: IdGenerator | None = None,
    ) -> None:
        self._uow_factory, self._blobs, self._clock = uow_factory, blobs, clock
        self._inspector, self._detector = inspector, detector
        self._preprocessor, self._settings = preprocessor, settings
        self._ids = ids
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
        if self._ids is None:
            return
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
                if avatar.status is not AvatarStatus.PROCESSING:
                    avatar.start_processing(now, stage="queued", progress=0)
                avatar.report_progress(now, stage="photo_processing", progress=100)
                job = ProcessAvatarJob(self._ids.new_id(), avatar_id, reason="photos_measured")
                await uow.outbox.add_job(job, now)
            elif avatar.status is AvatarStatus.PROCESSING and not any(
                p.status in (PhotoStatus.PROCESSING, PhotoStatus.UPLOADED) for p in photos
            ):
                avatar.fail(now, error=missing_views_reason(photos), retryable=True)
            else:
                return
            await uow.avatars.update(avatar)
            await uow.outbox.add_events(avatar.pull_events())
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
                document = keypoints_document(
                    photo.view_type,
                    analysis.findings,
                    (image.width, image.height),
                    (photo.width, photo.height),
                    self._detector.name,
                )
                await self._blobs.put(keys["keypoints"], document, "application/json")
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
            await uow.outbox.add_events(current.pull_events())
            await uow.commit()


def keypoints_document(
    view_type: ViewType,
    findings: PersonFindings,
    size: tuple[int, int],
    original_size: tuple[int, int],
    detector: str,
) -> bytes:
    """The keypoints file kept for the measurement step (layout in docs/storage.md): pixel
    coordinates in the analysed picture of ``size``, the size of the mask beside it."""
    width, height = size
    document = {
        "format": KEYPOINTS_FORMAT,
        "viewType": view_type.value,
        "detector": detector,
        "imageWidth": width,
        "imageHeight": height,
        "originalWidth": original_size[0],
        "originalHeight": original_size[1],
        "people": findings.people,
        "faces": findings.faces,
        "keypoints": [
            {
                "name": point.name,
                "x": round(point.x * width, 2),
                "y": round(point.y * height, 2),
                "visibility": round(point.visibility, 4),
            }
            for point in findings.keypoints
        ],
    }
    return json.dumps(document, indent=1).encode()


async def load_photo(uow: UnitOfWork, avatar_id: UUID, photo_id: UUID) -> PhotoUpload:
    photo = await uow.photos.get(photo_id)
    if photo is None or photo.avatar_id != avatar_id or photo.deleted:
        raise PhotoNotFound(f"photo {photo_id} not found", field="photoId")
    return photo
