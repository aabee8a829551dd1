"""A user's rights over their data (spec 8.2, GDPR): a copy of everything, and erasure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.access import load_readable
from application.errors import NotAllowed
from application.ports import BlobStore, Clock, UnitOfWorkFactory
from application.storage import USERS_PREFIX
from application.versions import AvatarExport
from domain.access import Viewer, shared_with_seen_by
from domain.anonymous_export import AnonymousAvatar, anonymise
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


class ExportAnonymousAvatar:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> AnonymousAvatar:
        """The avatar made anonymous for sharing (no user id, name, photos or exact values or
        dates); refused, as every export, when its owner disallowed export."""
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_readable(uow, avatar_id, viewer)
            if not avatar.allow_export:
                raise NotAllowed(
                    "the owner of this avatar has disallowed export (allowExport is false)",
                    field="allowExport",
                )
            return anonymise(avatar, await uow.versions.list_for_avatar(avatar_id))


class ListConsents:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer) -> list[ConsentRecord]:
        """Every consent change of the viewer's avatars, oldest first (part of their export)."""
        async with self._uow_factory(read_only=True) as uow:
            return await uow.consents.list_for_user(viewer.user_id)


@dataclass(frozen=True, slots=True)
class ErasureRequest:
    """An erasure asked for by someone other than the user: the authentication service's
    ``user deleted`` event. ``request_id`` (from the event's id) makes a replay harmless."""

    user_id: UUID
    request_id: UUID
    source: str  # who asked, e.g. the event's CloudEvents source


@dataclass(frozen=True, slots=True)
class ErasureReceipt:
    """What an erasure did, returned to the user or logged for the requesting service."""

    user_id: UUID
    erased_at: datetime
    requested_by: str  # "user", or the source of the external request
    avatars_erased: int
    objects_deleted: int
    replayed: bool = False  # the request was handled before: only leftover objects went


class EraseUserData:
    def __init__(self, uow_factory: UnitOfWorkFactory, blobs: BlobStore, clock: Clock) -> None:
        self._uow_factory, self._blobs, self._clock = uow_factory, blobs, clock

    async def __call__(self, viewer: Viewer) -> ErasureReceipt:
        """Erase everything of the viewer (see ``erase``), at their own request."""
        return await self._erase(viewer.user_id, requested_by="user", request_id=None)

    async def on_request(self, request: ErasureRequest) -> ErasureReceipt:
        """Erase everything of ``request.user_id`` for another service. A request handled
        before changes no row and publishes nothing again; objects left behind by a crash
        between the two steps are still deleted."""
        return await self._erase(
            request.user_id, requested_by=request.source, request_id=request.request_id
        )

    async def _erase(
        self, user_id: UUID, *, requested_by: str, request_id: UUID | None
    ) -> ErasureReceipt:
        """Erase every avatar of the user with its versions, photos and model files, their fit
        feedback and preferences, consent records and data key, then every object stored under
        the user's prefix.

        The rows go in one transaction with their events (``avatar.deleted`` for each, then
        ``user.data_erased``); the objects after it, as everywhere (no row without its object).
        """
        now = self._clock.now()
        replayed = False
        avatar_ids: list[UUID] = []
        async with self._uow_factory() as uow:
            if request_id is not None and not await uow.processed.first_time(request_id, now):
                replayed = True
            else:
                await uow.avatars.lock_owner(user_id)
                avatar_ids = await uow.avatars.ids_for_user(user_id)
                for avatar_id in avatar_ids:
                    avatar = await uow.avatars.get(avatar_id, for_update=True)
                    if avatar is None:
                        continue
                    avatar.mark_deleted(now)
                    await uow.avatars.delete(avatar_id)
                await uow.fit.delete_for_user(user_id)
                await uow.consents.delete_for_user(user_id)
                # Crypto-shredding: without the data key nothing sealed under it opens again,
                # wherever a copy lies (backups, objects a crash leaves behind).
                await uow.data_keys.delete(user_id)
                uow.record(
                    UserDataErased(user_id=user_id, occurred_at=now, avatars_erased=len(avatar_ids))
                )
                await uow.commit()
        objects = await self._blobs.list_objects(f"{USERS_PREFIX}{user_id}/")
        for stored in objects:
            await self._blobs.delete(stored.key)
        return ErasureReceipt(
            user_id=user_id,
            erased_at=now,
            requested_by=requested_by,
            avatars_erased=len(avatar_ids),
            objects_deleted=len(objects),
            replayed=replayed,
        )
