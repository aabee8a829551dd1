"""The audit log at the HTTP edge: every authenticated request to an avatar, photo, model or
export route is recorded after it is answered (refusals too), and admins read the log."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get
from litestar.enums import ScopeType
from litestar.params import FromQuery, QueryParameter
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from application.audit import ReadAuditLog, RecordAccess
from domain.access import Viewer
from domain.audit import AuditAction, AuditQuery, AuditResource
from entrypoints.http.injection import Injected

log = logging.getLogger(__name__)
VIEWER_STATE = "audit_viewer"  # where the viewer provider leaves the authenticated caller


def remember_viewer(request: Request[Any, Any, Any], viewer: Viewer) -> None:
    request.scope.setdefault("state", {})[VIEWER_STATE] = viewer


def audit_requests(record: RecordAccess) -> Any:
    """Litestar middleware appending an audit entry per authenticated request it answers."""

    def middleware_factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            status = [500]

            async def send_watched(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status[0] = int(message["status"])
                await send(message)

            try:
                await app(scope, receive, send_watched)
            finally:
                viewer = (scope.get("state") or {}).get(VIEWER_STATE)
                if viewer is not None:
                    try:
                        await record(
                            viewer,
                            method=scope.get("method", "GET"),
                            route=str(scope.get("path_template") or scope.get("path", "")),
                            path_params=scope.get("path_params") or {},
                            status=status[0],
                        )
                    except Exception:  # the answer is sent; a lost entry is logged loudly
                        log.exception("could not append to the audit log")

        return middleware

    return middleware_factory


class AuditEntryBody(msgspec.Struct, rename="camel"):
    id: UUID
    occurred_at: datetime
    actor_id: UUID
    actor_role: str
    action: str
    resource: str
    avatar_id: UUID | None
    resource_id: UUID | None
    route: str
    status: int
    client: str


class AuditLogBody(msgspec.Struct, rename="camel"):
    items: list[AuditEntryBody]


class AdminAuditController(Controller):
    path = "/api/v1/admin/audit-log"
    tags = ["admin"]
    security = [{"BearerToken": []}]

    @get("/", summary="Who read or changed which avatar, photo or export (admins)")
    async def read(
        self,
        viewer: Injected[Viewer],
        read_audit_log: Injected[ReadAuditLog],
        actor_id: Annotated[UUID | None, QueryParameter(name="actorId")] = None,
        avatar_id: Annotated[UUID | None, QueryParameter(name="avatarId")] = None,
        resource: FromQuery[AuditResource | None] = None,
        action: FromQuery[AuditAction | None] = None,
        since: FromQuery[datetime | None] = None,
        until: FromQuery[datetime | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
    ) -> AuditLogBody:
        entries = await read_audit_log(
            viewer,
            AuditQuery(
                actor_id=actor_id,
                avatar_id=avatar_id,
                resource=resource,
                action=action,
                since=since,
                until=until,
                limit=limit,
            ),
        )
        return AuditLogBody(
            items=[
                AuditEntryBody(
                    id=e.id,
                    occurred_at=e.occurred_at,
                    actor_id=e.actor_id,
                    actor_role=e.actor_role,
                    action=e.action.value,
                    resource=e.resource.value,
                    avatar_id=e.avatar_id,
                    resource_id=e.resource_id,
                    route=e.route,
                    status=e.status,
                    client=e.client,
                )
                for e in entries
            ]
        )
