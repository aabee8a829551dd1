"""Keeping the read cache right (ADR 54): a write forgets what it changed as it commits, in
the process that wrote; every other process forgets it when the avatar's event arrives on
its live feed.

``CacheInvalidatingUnitOfWorkFactory`` wraps the units of work of every use case: a unit
that adds, changes, deletes or locks an avatar (or records a user's event) invalidates that
avatar and its owner's pages once it commits. ``InvalidatingSink`` sits between the live feed
and the hub of live updates: every avatar event invalidates, and the processing ones go on to
the hub as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Any, Self, cast
from uuid import UUID

from application.ports import (
    AvatarRepository,
    AvatarUpdate,
    UnitOfWork,
    UnitOfWorkFactory,
    UpdateKind,
    UpdateSink,
)
from application.ports.persistence import AvatarPage, AvatarQuery
from application.ports.read_cache import AvatarReadCache, CachedAvatar
from domain.avatar import Avatar
from domain.events import AvatarEvent, DomainEvent

# What the hub of live updates shows (WebSocket, GraphQL subscriptions); the feed's other
# kinds (``UpdateKind.CHANGED``) only invalidate.
LIVE_KINDS = frozenset({UpdateKind.PROCESSING, UpdateKind.COMPLETED, UpdateKind.FAILED})


class NoReadCache:
    """The read cache switched off (``AVATAR_READ_CACHE=off``): nothing is kept."""

    def epoch(self) -> int:
        return 0

    def avatar(self, avatar_id: UUID) -> CachedAvatar | None:
        return None

    def keep_avatar(self, entry: CachedAvatar, read_since: int) -> None:
        pass

    def first_page(self, user_id: UUID, query: AvatarQuery) -> AvatarPage | None:
        return None

    def keep_first_page(
        self, user_id: UUID, query: AvatarQuery, page: AvatarPage, read_since: int
    ) -> None:
        pass

    def invalidate(self, avatar_ids: Iterable[UUID], user_ids: Iterable[UUID]) -> None:
        pass


NO_CACHE = NoReadCache()


class _Changed:
    """The avatars and users a unit of work touched."""

    def __init__(self) -> None:
        self.avatar_ids: set[UUID] = set()
        self.user_ids: set[UUID] = set()

    def avatar(self, avatar: Avatar) -> None:
        self.avatar_ids.add(avatar.id)
        self.user_ids.add(avatar.user_id)


class _TrackedAvatars:
    """The avatar repository of a unit of work, noting what is written (and whose)."""

    def __init__(self, inner: AvatarRepository, changed: _Changed) -> None:
        self._inner, self._changed = inner, changed

    async def add(self, avatar: Avatar, /) -> None:
        self._changed.avatar(avatar)
        await self._inner.add(avatar)

    async def get(self, avatar_id: UUID, *, for_update: bool = False) -> Avatar | None:
        avatar = await self._inner.get(avatar_id, for_update=for_update)
        if for_update and avatar is not None:  # read to be changed
            self._changed.avatar(avatar)
        return avatar

    async def update(self, avatar: Avatar) -> None:
        self._changed.avatar(avatar)
        await self._inner.update(avatar)

    async def delete(self, avatar_id: UUID) -> None:
        self._changed.avatar_ids.add(avatar_id)  # its owner was noted when it was read
        await self._inner.delete(avatar_id)

    def __getattr__(self, name: str) -> Any:  # the reads: list, count_for_user, ...
        return getattr(self._inner, name)


class _InvalidatingUnitOfWork:
    def __init__(self, inner: UnitOfWork, cache: AvatarReadCache) -> None:
        self._inner, self._cache = inner, cache
        self._changed = _Changed()

    @property
    def avatars(self) -> AvatarRepository:
        # Read at each use: a unit of work may bind new repositories when it begins.
        return cast(AvatarRepository, _TrackedAvatars(self._inner.avatars, self._changed))

    async def __aenter__(self) -> Self:
        await self._inner.__aenter__()
        self._changed = _Changed()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._inner.__aexit__(exc_type, exc, traceback)

    def record(self, event: DomainEvent) -> None:
        self._changed.user_ids.add(event.user_id)
        if isinstance(event, AvatarEvent):
            self._changed.avatar_ids.add(event.avatar_id)
        self._inner.record(event)

    async def commit(self) -> None:
        try:
            await self._inner.commit()
        finally:  # even when the outcome is unknown: forgetting too much is always safe
            if self._changed.avatar_ids or self._changed.user_ids:
                self._cache.invalidate(self._changed.avatar_ids, self._changed.user_ids)
            self._changed = _Changed()

    def __getattr__(self, name: str) -> Any:  # the other repositories, rollback
        return getattr(self._inner, name)


class CacheInvalidatingUnitOfWorkFactory:
    """Units of work that invalidate, on commit, the avatars they wrote (read-only ones are
    handed out as they are)."""

    def __init__(self, inner: UnitOfWorkFactory, cache: AvatarReadCache) -> None:
        self._inner, self._cache = inner, cache

    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        unit = self._inner(read_only=read_only)
        if read_only:
            return unit
        return cast(UnitOfWork, _InvalidatingUnitOfWork(unit, self._cache))

    def __getattr__(self, name: str) -> Any:  # check() of a health probe, engine, ...
        return getattr(self._inner, name)


class InvalidatingSink:
    """What the live feed feeds: the read cache forgets each avatar an event names, and the
    hub of live updates gets the processing events."""

    def __init__(self, live: UpdateSink, cache: AvatarReadCache) -> None:
        self._live, self._cache = live, cache

    def publish(self, update: AvatarUpdate) -> None:
        self._cache.invalidate((update.avatar_id,), (update.user_id,))
        if update.kind in LIVE_KINDS:
            self._live.publish(update)
