"""The audit log: recording who read or changed what, and reading it (admins only)."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from application.errors import NotAllowed
from application.ports import AuditLog, Clock, IdGenerator
from domain.access import Role, Viewer
from domain.audit import AuditEntry, AuditQuery, action_of, resource_of


class RecordAccess:
    def __init__(self, audit_log: AuditLog, clock: Clock, ids: IdGenerator) -> None:
        self._audit_log, self._clock, self._ids = audit_log, clock, ids

    async def __call__(
        self,
        viewer: Viewer,
        *,
        method: str,
        route: str,
        path_params: Mapping[str, object],
        status: int,
    ) -> AuditEntry | None:
        """Append what ``viewer`` did through ``route`` (a template) and how it ended; routes
        that touch no avatar, photo, model or export are not recorded (None)."""
        resource = resource_of(route)
        if resource is None:
            return None
        other = path_params.get("photo_id") or path_params.get("model_id")
        entry = AuditEntry(
            id=self._ids.new_id(),
            occurred_at=self._clock.now(),
            actor_id=viewer.user_id,
            actor_role=viewer.role.value,
            action=action_of(method),
            resource=resource,
            avatar_id=_uuid(path_params.get("avatar_id")),
            resource_id=_uuid(other),
            route=f"{method} {route}",
            status=status,
            client=viewer.client,
        )
        await self._audit_log.append(entry)
        return entry


def _uuid(value: object) -> UUID | None:
    if value is None or isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        return None


class ReadAuditLog:
    def __init__(self, audit_log: AuditLog) -> None:
        self._audit_log = audit_log

    async def __call__(self, viewer: Viewer, query: AuditQuery) -> list[AuditEntry]:
        """The entries matching ``query``, newest first; admins only."""
        if viewer.role is not Role.ADMIN:
            raise NotAllowed("only admins read the audit log", field="role")
        return await self._audit_log.query(query)
