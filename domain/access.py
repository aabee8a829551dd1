"""Who may see and change an avatar, and how many avatars a role may own (spec 8.1, 9.3)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from domain.errors import QuotaExceeded

if TYPE_CHECKING:
    from domain.avatar import Avatar


class Role(StrEnum):
    USER = "user"
    PREMIUM = "premium"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Viewer:
    """The authenticated caller."""

    user_id: UUID
    role: Role = Role.USER
    client: str = ""  # the calling client (X-Client-Id, else User-Agent), for consent and audit


AVATAR_LIMITS: dict[Role, int | None] = {Role.USER: 10, Role.PREMIUM: None, Role.ADMIN: None}


def can_read(avatar: Avatar, viewer: Viewer) -> bool:
    from domain.avatar import Visibility

    if avatar.user_id == viewer.user_id or viewer.role is Role.ADMIN:
        return True
    if avatar.visibility is Visibility.PUBLIC:
        return True
    return avatar.visibility is Visibility.SHARED and viewer.user_id in avatar.shared_with


def can_modify(avatar: Avatar, viewer: Viewer) -> bool:
    return avatar.user_id == viewer.user_id


def shared_with_seen_by(avatar: Avatar, viewer: Viewer) -> tuple[UUID, ...]:
    """Whom the avatar is shared with, as ``viewer`` may see it: only its owner sees the list;
    a user it is shared with does not learn who else is on it."""
    return avatar.shared_with if can_modify(avatar, viewer) else ()


def ensure_quota(role: Role, avatars_owned: int) -> None:
    """Raise ``QuotaExceeded`` when a user of ``role`` owning ``avatars_owned`` may not add one."""
    limit = AVATAR_LIMITS[role]
    if limit is not None and avatars_owned >= limit:
        raise QuotaExceeded(
            f"role '{role}' may own at most {limit} avatars; delete one or upgrade to premium"
        )
