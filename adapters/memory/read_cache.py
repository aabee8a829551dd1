"""The read cache of one process: bounded (least recently used out), entries expire after a
time to live, and a read that raced an invalidation is not stored (see ``AvatarReadCache``).

Nothing leaves the process: entries hold decrypted body data and are never written anywhere.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar
from uuid import UUID

from application.ports.persistence import AvatarPage, AvatarQuery
from application.ports.read_cache import CachedAvatar

Value = TypeVar("Value")
PageKey = tuple[UUID, AvatarQuery]


class _Expiring(Generic[Value]):
    """A bounded LRU mapping whose entries expire ``ttl_s`` after they were stored."""

    def __init__(self, max_entries: int, ttl_s: float, now: Callable[[], float]) -> None:
        self._entries: OrderedDict[Hashable, tuple[float, Value]] = OrderedDict()
        self._max, self._ttl_s, self._now = max_entries, ttl_s, now

    def get(self, key: Hashable) -> Value | None:
        found = self._entries.get(key)
        if found is None:
            return None
        expires_at, value = found
        if self._now() >= expires_at:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: Hashable, value: Value) -> None:
        self._entries[key] = (self._now() + self._ttl_s, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    def pop(self, key: Hashable) -> None:
        self._entries.pop(key, None)

    def keys(self) -> list[Hashable]:
        return list(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


class MemoryAvatarReadCache:
    def __init__(
        self,
        *,
        max_entries: int = 10_000,
        ttl_s: float = 30.0,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._avatars: _Expiring[CachedAvatar] = _Expiring(max_entries, ttl_s, now)
        self._pages: _Expiring[AvatarPage] = _Expiring(max_entries, ttl_s, now)
        self._pages_of: dict[UUID, set[PageKey]] = {}  # each user's kept pages
        self._max_entries = max_entries
        # When each key was last invalidated, newest last; bounded: a key dropped from it
        # counts as invalidated at ``_floor`` (the newest epoch dropped), which only refuses
        # more reads, never fewer.
        self._epoch = 0
        self._invalidated: OrderedDict[Hashable, int] = OrderedDict()
        self._invalidated_max = 4 * max_entries
        self._floor = 0
        self.hits = self.misses = 0

    def epoch(self) -> int:
        return self._epoch

    def avatar(self, avatar_id: UUID) -> CachedAvatar | None:
        return self._counted(self._avatars.get(avatar_id))

    def keep_avatar(self, entry: CachedAvatar, read_since: int) -> None:
        if self._fresh(("avatar", entry.avatar.id), read_since):
            self._avatars.put(entry.avatar.id, entry)

    def first_page(self, user_id: UUID, query: AvatarQuery) -> AvatarPage | None:
        return self._counted(self._pages.get((user_id, query)))

    def keep_first_page(
        self, user_id: UUID, query: AvatarQuery, page: AvatarPage, read_since: int
    ) -> None:
        if self._fresh(("user", user_id), read_since):
            self._pages.put((user_id, query), page)
            self._pages_of.setdefault(user_id, set()).add((user_id, query))
            if len(self._pages_of) > 2 * self._max_entries:  # users whose pages all went
                kept = set(self._pages.keys())
                self._pages_of = {
                    user: keys & kept for user, keys in self._pages_of.items() if keys & kept
                }

    def invalidate(self, avatar_ids: Iterable[UUID], user_ids: Iterable[UUID]) -> None:
        self._epoch += 1
        owners = set(user_ids)
        for avatar_id in avatar_ids:
            kept = self._avatars.get(avatar_id)
            if kept is not None:
                owners.add(kept.avatar.user_id)
            self._avatars.pop(avatar_id)
            self._mark(("avatar", avatar_id))
        for user_id in owners:
            for key in self._pages_of.pop(user_id, ()):
                self._pages.pop(key)
            self._mark(("user", user_id))

    def __len__(self) -> int:
        return len(self._avatars) + len(self._pages)

    def _mark(self, key: Hashable) -> None:
        self._invalidated[key] = self._epoch
        self._invalidated.move_to_end(key)
        while len(self._invalidated) > self._invalidated_max:
            _, dropped = self._invalidated.popitem(last=False)
            self._floor = max(self._floor, dropped)

    def _fresh(self, key: Hashable, read_since: int) -> bool:
        """Whether nothing invalidated ``key`` after ``read_since`` was taken."""
        if self._floor > read_since:
            return False
        return self._invalidated.get(key, 0) <= read_since

    def _counted(self, value: Value | None) -> Value | None:
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value
