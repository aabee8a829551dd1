"""A user's rights over their data (spec 8.2, GDPR): a copy of everything, and erasure."""

from __future__ import annotations

from application.access import load_readable
from application.ports import BlobStore, Clock, UnitOfWorkFactory
from application.storage import USERS_PREFIX
from application.versions import AvatarExport
from domain.access import Viewer, shared_with_seen_by
from domain.consent import ConsentRecord
from domain.events import UserDataErased


class ExportUserData:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer) -> list[AvatarExport]:
        """Everything stored about the viewer's avatars, photo metadata included.

        A user's own copy is a right: ``allowExport`` (which governs sharing) does not apply.
        """
        exports = []
        async with self._uow_factory(read_only=True) as uow:
            for avatar_id in await uow.avatars.ids_for_user(viewer.user_id):
                avatar = await load_readable(uow, avatar_id, viewer)
                exports.append(
                    AvatarExport(
                        avatar=avatar,
                        versions=await uow.versions.list_for_avatar(avatar_id),
                        model_files=await uow.model_files.list_for_avatar(avatar_id),
                        photos=await uow.photos.list_for_avatar(avatar_id),
                        shared_with=shared_with_seen_by(avatar, viewer),
                    )
                )
        return exports


class ListConsents:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer) -> list[ConsentRecord]:
        """Every consent change of the viewer's avatars, oldest first (part of their export)."""
        async with self._uow_factory(read_only=True) as uow:
            return await uow.consents.list_for_user(viewer.user_id)


class EraseUserData:
    def __init__(self, uow_factory: UnitOfWorkFactory, blobs: BlobStore, clock: Clock) -> None:
        self._uow_factory, self._blobs, self._clock = uow_factory, blobs, clock

    async def __call__(self, viewer: Viewer) -> int:
        """Erase every avatar of the viewer with its versions, photos and model files, their fit
        feedback and preferences, then every object stored under the user's prefix; returns
        how many avatars went.

        The rows go in one transaction with their events (``avatar.deleted`` for each, then
        ``user.data_erased``); the objects after it, as everywhere (no row without its object).
        """
        now = self._clock.now()
        async with self._uow_factory() as uow:
            await uow.avatars.lock_owner(viewer.user_id)
            avatar_ids = await uow.avatars.ids_for_user(viewer.user_id)
            for avatar_id in avatar_ids:
                avatar = await uow.avatars.get(avatar_id, for_update=True)
                if avatar is None:
                    continue
                avatar.mark_deleted(now)
                await uow.avatars.delete(avatar_id)
            await uow.fit.delete_for_user(viewer.user_id)
            await uow.consents.delete_for_user(viewer.user_id)
            uow.record(
                UserDataErased(
                    user_id=viewer.user_id, occurred_at=now, avatars_erased=len(avatar_ids)
                )
            )
            await uow.commit()
        for stored in await self._blobs.list_objects(f"{USERS_PREFIX}{viewer.user_id}/"):
            await self._blobs.delete(stored.key)
        return len(avatar_ids)
