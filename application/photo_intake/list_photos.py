"""GET .../photos: an avatar's photos, for its owner."""

from __future__ import annotations

from uuid import UUID

from application.access import load_modifiable
from application.ports import UnitOfWorkFactory
from domain.access import Viewer
from domain.photo import PhotoUpload


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
