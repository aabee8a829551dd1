"""The audit log (spec 8, GDPR art. 5(2)): who read or changed which avatar, photo or export.

Entries are only ever appended: nothing in the service updates or deletes one. They hold ids,
the action and its outcome, never values (no measurements, names or photo bytes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class AuditAction(StrEnum):
    READ = "read"
    CHANGE = "change"
    DELETE = "delete"


class AuditResource(StrEnum):
    AVATAR = "avatar"
    PHOTO = "photo"
    MODEL = "model"
    EXPORT = "export"
    USER_DATA = "user_data"


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    id: UUID
    occurred_at: datetime
    actor_id: UUID
    actor_role: str
    action: AuditAction
    resource: AuditResource
    avatar_id: UUID | None  # None: a list, a creation, or the user's own data
    resource_id: UUID | None  # the photo or model file, when the route names one
    route: str  # "GET /api/v1/avatars/{avatar_id}"
    status: int  # the HTTP status answered: refusals are audited too
    client: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditQuery:
    """Filters of an admin's read of the log, newest first."""

    actor_id: UUID | None = None
    avatar_id: UUID | None = None
    resource: AuditResource | None = None
    action: AuditAction | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100


def action_of(method: str) -> AuditAction:
    if method in ("GET", "HEAD"):
        return AuditAction.READ
    return AuditAction.DELETE if method == "DELETE" else AuditAction.CHANGE


def resource_of(route: str) -> AuditResource | None:
    """What a route template touches, None for routes that are not audited."""
    if route.startswith("/api/v1/users/me"):
        return AuditResource.EXPORT if route.endswith("/export") else AuditResource.USER_DATA
    if not route.startswith("/api/v1/avatars"):
        return None
    if "/export" in route:
        return AuditResource.EXPORT
    if "/photos" in route:
        return AuditResource.PHOTO
    if "/models" in route:
        return AuditResource.MODEL
    return AuditResource.AVATAR
