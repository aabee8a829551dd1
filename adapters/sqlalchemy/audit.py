"""The audit log on PostgreSQL or SQLite: INSERT and SELECT only (append-only; migration 0010's
triggers refuse UPDATE and DELETE even to a statement written by hand).

Reads are written in batches (ADR 56): an INSERT and its transaction per GET cost more of
the API's CPU than the cached answer itself, so read entries wait up to ``batch_s`` (or
until ``BATCH_SIZE`` wait) and go in one INSERT; changes and deletions are written at once.
A read is therefore in the table within ``batch_s`` of its answer; ``query`` and ``close``
write what waits first. A process that dies loses the reads of its last ``batch_s``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.tables import audit_log
from domain.audit import AuditAction, AuditEntry, AuditQuery, AuditResource

log = logging.getLogger(__name__)
BATCH_SIZE = 500  # read entries written together at most
MAX_WAITING = 50_000  # read entries held while the database refuses them; older ones go


class SqlAuditLog:
    def __init__(self, engine: AsyncEngine, *, batch_s: float = 0.0) -> None:
        """``batch_s`` > 0: read entries are written in batches at most that old."""
        self._engine = engine
        self._batch_s = batch_s
        self._waiting: list[AuditEntry] = []
        self._timer: asyncio.Task[None] | None = None
        self._writing = asyncio.Lock()

    async def append(self, entry: AuditEntry) -> None:
        if self._batch_s <= 0 or entry.action is not AuditAction.READ:
            await self._insert([entry])
            return
        self._waiting.append(entry)
        if len(self._waiting) > MAX_WAITING:
            dropped = len(self._waiting) - MAX_WAITING
            del self._waiting[:dropped]
            log.error("the audit log lost %d read entries: the database refused them", dropped)
        if len(self._waiting) >= BATCH_SIZE:
            await self.flush()
        elif self._timer is None or self._timer.done():
            self._timer = asyncio.create_task(self._flush_later(), name="audit-batch")

    async def flush(self) -> None:
        """Write the read entries that wait; on failure they wait for the next try."""
        async with self._writing:
            batch, self._waiting = self._waiting, []
            if not batch:
                return
            try:
                await self._insert(batch)
            except BaseException:
                self._waiting[:0] = batch
                raise

    async def close(self) -> None:
        if self._timer is not None and not self._timer.done():
            self._timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timer
        await self.flush()

    async def _flush_later(self) -> None:
        await asyncio.sleep(self._batch_s)
        try:
            await self.flush()
        except Exception:  # kept; the next read or the shutdown tries again
            log.exception("could not write %d audit entries; kept", len(self._waiting))

    async def _insert(self, entries: Sequence[AuditEntry]) -> None:
        rows = [
            {
                "id": entry.id,
                "occurred_at": entry.occurred_at,
                "actor_id": entry.actor_id,
                "actor_role": entry.actor_role,
                "action": entry.action.value,
                "resource": entry.resource.value,
                "avatar_id": entry.avatar_id,
                "resource_id": entry.resource_id,
                "route": entry.route[:300],
                "status": entry.status,
                "client": entry.client[:200],
            }
            for entry in entries
        ]
        async with self._engine.begin() as connection:
            await connection.execute(audit_log.insert(), rows)

    async def query(self, query: AuditQuery) -> list[AuditEntry]:
        await self.flush()  # what this process answered is in what it reads
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
