"""Deleting photos: one on request, and every expired one on the privacy schedule."""

from __future__ import annotations

from uuid import UUID

from application.access import load_modifiable
from application.errors import PhotoNotFound
from application.ports import BlobStore, Clock, UnitOfWork, UnitOfWorkFactory
from domain.access import Viewer
from domain.photo import PhotoUpload


async def load_photo(uow: UnitOfWork, avatar_id: UUID, photo_id: UUID) -> PhotoUpload:
    photo = await uow.photos.get(photo_id)
    if photo is None or photo.avatar_id != avatar_id or photo.deleted:
        raise PhotoNotFound(f"photo {photo_id} not found", field="photoId")
    return photo


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
                await uow.commit()
            for key in keys:
                await self._blobs.delete(key)
            done += expired
            if len(expired) < batch_size:
                return done
