"""POST .../photos: more photos for an avatar."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from application.photo_intake.checks import PhotoChecker, Submitted
from application.photo_intake.store_photos import StorePhotos
from domain.access import Viewer
from domain.errors import InvalidValue
from domain.photo import PhotoUpload
from domain.photo_checks import BodyHints


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
