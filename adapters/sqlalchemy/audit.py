"""The audit log on PostgreSQL or SQLite: INSERT and SELECT only (append-only; migration 0010's
triggers refuse UPDATE and DELETE even to a statement written by hand)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.tables import audit_log
from domain.audit import AuditAction, AuditEntry, AuditQuery, AuditResource


class SqlAuditLog:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def append(self, entry: AuditEntry) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                audit_log.insert().values(
                    id=entry.id,
                    occurred_at=entry.occurred_at,
                    actor_id=entry.actor_id,
                    actor_role=entry.actor_role,
                    action=entry.action.value,
                    resource=entry.resource.value,
                    avatar_id=entry.avatar_id,
                    resource_id=entry.resource_id,
                    route=entry.route[:300],
                    status=entry.status,
                    client=entry.client[:200],
                )
            )

    async def query(self, query: AuditQuery) -> list[AuditEntry]:
        statement = sa.select(audit_log)
        conditions: list[Any] = []
        if query.actor_id is not None:
            conditions.append(audit_log.c.actor_id == query.actor_id)
        if query.avatar_id is not None:
            conditions.append(audit_log.c.avatar_id == query.avatar_id)
        if query.resource is not None:
            conditions.append(audit_log.c.resource == query.resource.value)
        if query.action is not None:
            conditions.append(audit_log.c.action == query.action.value)
        if query.since is not None:
            conditions.append(audit_log.c.occurred_at >= query.since)
        if query.until is not None:
            conditions.append(audit_log.c.occurred_at < query.until)
        statement = (
            statement.where(*conditions)
            .order_by(audit_log.c.occurred_at.desc(), audit_log.c.id.desc())
            .limit(query.limit)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        return [
            AuditEntry(
                id=row.id,
                occurred_at=row.occurred_at,
                actor_id=row.actor_id,
                actor_role=row.actor_role,
                action=AuditAction(row.action),
                resource=AuditResource(row.resource),
                avatar_id=row.avatar_id,
                resource_id=row.resource_id,
                route=row.route,
                status=row.status,
                client=row.client,
            )
            for row in rows
        ]
