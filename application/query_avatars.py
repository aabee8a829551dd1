"""Read avatars: one by id (with its model files) and pages of a user's avatars."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from uuid import UUID

from application.access import load_readable
from application.pagination import decode_cursor, encode_cursor
from application.ports import AvatarQuery, AvatarSummary, UnitOfWorkFactory
from domain.access import Viewer, can_read, shared_with_seen_by
from domain.avatar import Avatar
from domain.errors import InvalidValue
from domain.model_file import ModelFile

MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class AvatarDetails:
    avatar: Avatar
    model_files: list[ModelFile] = field(default_factory=list)
    shared_with: tuple[UUID, ...] = ()  # as the viewer may see it: the owner only


class GetAvatar:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> AvatarDetails:
        """The avatar with its model files; ``AvatarNotFound`` if the viewer may not see it."""
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_readable(uow, avatar_id, viewer)
            return AvatarDetails(
                avatar,
                await uow.model_files.list_for_avatar(avatar_id),
                shared_with_seen_by(avatar, viewer),
            )


class GetAvatars:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(
        self, viewer: Viewer, avatar_ids: Sequence[UUID]
    ) -> dict[UUID, AvatarDetails]:
        """The avatars of ``avatar_ids`` that the viewer may see, with their model files, in
        one read whatever their number (the GraphQL DataLoaders); the others are left out."""
        async with self._uow_factory(read_only=True) as uow:
            readable = [a for a in await uow.avatars.get_many(avatar_ids) if can_read(a, viewer)]
            files = await uow.model_files.list_for_avatars([a.id for a in readable])
        return {
            a.id: AvatarDetails(a, files.get(a.id, []), shared_with_seen_by(a, viewer))
            for a in readable
        }


@dataclass(frozen=True, slots=True)
class AvatarListPage:
    items: list[AvatarSummary]
    next_cursor: str | None


class ListAvatars:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(
        self, viewer: Viewer, query: AvatarQuery, *, cursor: str | None = None
    ) -> AvatarListPage:
        """One page of the viewer's own avatars, from ``cursor`` (the ``next_cursor`` of the
        page before, made for the same sort), and the cursor of the next page, if any."""
        if not 1 <= query.limit <= MAX_PAGE_SIZE:
            raise InvalidValue(f"limit lies between 1 and {MAX_PAGE_SIZE}", field="limit")
        after = decode_cursor(cursor, query.sort, query.descending) if cursor else None
        async with self._uow_factory(read_only=True) as uow:
            page = await uow.avatars.list(viewer.user_id, query, after=after)
        next_cursor = (
            encode_cursor(page.items[-1], query.sort, query.descending)
            if page.has_more and page.items
            else None
        )
        return AvatarListPage(page.items, next_cursor)
