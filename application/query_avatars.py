"""Read avatars: one by id (with its model files) and pages of a user's avatars."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from uuid import UUID

from application.access import load_readable
from application.pagination import decode_cursor, encode_cursor
from application.ports import AvatarPage, AvatarQuery, AvatarSummary, UnitOfWorkFactory
from application.ports.read_cache import AvatarReadCache, CachedAvatar
from application.read_cache import NO_CACHE
from domain.access import Viewer, can_modify, can_read, shared_with_seen_by
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
    def __init__(self, uow_factory: UnitOfWorkFactory, cache: AvatarReadCache = NO_CACHE) -> None:
        self._uow_factory = uow_factory
        self._cache = cache

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> AvatarDetails:
        """The avatar with its model files; ``AvatarNotFound`` if the viewer may not see it.

        A kept copy is served to the avatar's owner only: anyone else is checked against the
        database (visibility and sharing decided on the rows of now)."""
        kept = self._cache.avatar(avatar_id)
        if kept is not None and can_modify(kept.avatar, viewer):
            return AvatarDetails(kept.avatar, list(kept.model_files), kept.avatar.shared_with)
        read_since = self._cache.epoch()
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_readable(uow, avatar_id, viewer)
            model_files = await uow.model_files.list_for_avatar(avatar_id)
        self._cache.keep_avatar(CachedAvatar(avatar, tuple(model_files)), read_since)
        return AvatarDetails(avatar, model_files, shared_with_seen_by(avatar, viewer))


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
    def __init__(self, uow_factory: UnitOfWorkFactory, cache: AvatarReadCache = NO_CACHE) -> None:
        self._uow_factory = uow_factory
        self._cache = cache

    async def __call__(
        self, viewer: Viewer, query: AvatarQuery, *, cursor: str | None = None
    ) -> AvatarListPage:
        """One page of the viewer's own avatars, from ``cursor`` (the ``next_cursor`` of the
        page before, made for the same sort), and the cursor of the next page, if any."""
        if not 1 <= query.limit <= MAX_PAGE_SIZE:
            raise InvalidValue(f"limit lies between 1 and {MAX_PAGE_SIZE}", field="limit")
        if cursor:
            after = decode_cursor(cursor, query.sort, query.descending)
            async with self._uow_factory(read_only=True) as uow:
                page = await uow.avatars.list(viewer.user_id, query, after=after)
        else:  # the first page, the one clients read most: kept per user and query
            page = await self._first_page(viewer.user_id, query)
        next_cursor = (
            encode_cursor(page.items[-1], query.sort, query.descending)
            if page.has_more and page.items
            else None
        )
        return AvatarListPage(page.items, next_cursor)

    async def _first_page(self, user_id: UUID, query: AvatarQuery) -> AvatarPage:
        kept = self._cache.first_page(user_id, query)
        if kept is not None:
            return kept
        read_since = self._cache.epoch()
        async with self._uow_factory(read_only=True) as uow:
            page = await uow.avatars.list(user_id, query)
        self._cache.keep_first_page(user_id, query, page, read_since)
        return page
