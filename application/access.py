"""Loading an avatar on behalf of a caller, with the visibility rules of the domain."""

from __future__ import annotations

from uuid import UUID

from application.errors import AvatarNotFound, NotAllowed
from application.ports import UnitOfWork
from domain.access import Viewer, can_modify, can_read
from domain.avatar import Avatar


async def load_readable(uow: UnitOfWork, avatar_id: UUID, viewer: Viewer) -> Avatar:
    """The avatar if ``viewer`` may see it, else ``AvatarNotFound`` (never a hint it exists)."""
    avatar = await uow.avatars.get(avatar_id)
    if avatar is None or not can_read(avatar, viewer):
        raise AvatarNotFound(f"avatar {avatar_id} not found", field="id")
    return avatar


async def load_modifiable(uow: UnitOfWork, avatar_id: UUID, viewer: Viewer) -> Avatar:
    """The avatar, held for update, if ``viewer`` owns it; ``NotAllowed`` if they may only
    see it; ``AvatarNotFound`` otherwise."""
    avatar = await uow.avatars.get(avatar_id, for_update=True)
    if avatar is None or not can_read(avatar, viewer):
        raise AvatarNotFound(f"avatar {avatar_id} not found", field="id")
    if not can_modify(avatar, viewer):
        raise NotAllowed("only the owner of an avatar may change it", field="id")
    return avatar
