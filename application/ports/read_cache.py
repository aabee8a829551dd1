"""A read cache of avatars for this process: GET one and a user's first page of the list,
kept after decryption, in memory only, and forgotten when the avatar changes (ADR 54)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from application.ports.persistence import AvatarPage, AvatarQuery
from domain.avatar import Avatar
from domain.model_file import ModelFile


@dataclass(frozen=True, slots=True)
class CachedAvatar:
    """What GET one reads from the database: the avatar and its model files."""

    avatar: Avatar
    model_files: tuple[ModelFile, ...]


class AvatarReadCache(Protocol):
    """Entries are stored only if nothing they cover was invalidated since the read began:
    take ``epoch()`` before reading the database and pass it to ``keep_*``. Then a read that
    raced a write never stores what the write replaced."""

    def epoch(self) -> int:
        """A mark of now, to pass to ``keep_avatar`` or ``keep_first_page`` after the read."""
        ...

    def avatar(self, avatar_id: UUID) -> CachedAvatar | None:
        """The avatar as last read, if kept and not expired."""
        ...

    def keep_avatar(self, entry: CachedAvatar, read_since: int) -> None:
        """Keep ``entry`` unless its avatar was invalidated after ``read_since``."""
        ...

    def first_page(self, user_id: UUID, query: AvatarQuery) -> AvatarPage | None:
        """The first page of ``user_id``'s own avatars for ``query``, if kept."""
        ...

    def keep_first_page(
        self, user_id: UUID, query: AvatarQuery, page: AvatarPage, read_since: int
    ) -> None:
        """Keep ``page`` unless the user's avatars were invalidated after ``read_since``."""
        ...

    def invalidate(self, avatar_ids: Iterable[UUID], user_ids: Iterable[UUID]) -> None:
        """Forget these avatars and every page of these users (the avatars' owners)."""
        ...
