"""POST .../photos/process: direct uploads checked, waiting photos queued."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from application.access import load_modifiable
from application.photo_intake.checks import (
    AcceptedPhoto,
    IncomingPhoto,
    PhotoChecker,
    PhotosRejected,
    RejectedPhoto,
    photo_label,
)
from application.photo_intake.store_photos import StorePhotos, start_processing
from application.ports import BlobStore, Clock, IdGenerator, UnitOfWorkFactory
from application.storage import photo_key
from domain.access import Viewer
from domain.avatar import Avatar
from domain.errors import InvalidStatusTransition
from domain.photo import PhotoStatus, PhotoUpload, ViewType
from domain.photo_checks import UPLOAD_FORMATS, Check, PhotoRejected


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
        for image_format in UPLOAD_FORMATS:
            key = photo_key(avatar.user_id, avatar.id, photo_id, image_format.extension)
            if await self._blobs.exists(key):
                return key
        return None
