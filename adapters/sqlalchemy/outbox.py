"""The transactional outbox and the processed-message record, in the unit of work's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.contract.messages import event_messages, job_message
from adapters.sqlalchemy.tables import outbox_messages, processed_messages
from application.ports import Channel, OutboxMessage, ProcessAvatarJob
from domain.events import DomainEvent

# One relay at a time keeps the per-avatar order of the messages (PostgreSQL advisory lock).
RELAY_LOCK_KEY = 0x61766174_72656C61  # "avat" "rela"


def _row(message: OutboxMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "channel": message.channel.value,
        "message_key": message.key,
        "type": message.type,
        "payload": message.payload,
        "occurred_at": message.occurred_at,
        "trace_parent": message.trace_parent,
    }


class SqlOutbox:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add_events(self, events: Sequence[DomainEvent]) -> None:
        messages = event_messages(events)
        if messages:
            await self._connection.execute(outbox_messages.insert(), [_row(m) for m in messages])

    async def add_job(self, job: ProcessAvatarJob, now: datetime) -> None:
        waiting = await self._connection.scalar(
            sa.select(sa.func.count()).where(outbox_messages.c.id == job.id)
        )
        if waiting:  # sent again while still waiting: it goes once
            return
        await self._connection.execute(outbox_messages.insert(), [_row(job_message(job, now))])

    async def unsent(self, limit: int) -> list[OutboxMessage]:
        table = outbox_messages
        rows = await self._connection.execute(
            sa.select(
                table.c.id,
                table.c.channel,
                table.c.message_key,
                table.c.type,
                table.c.payload,
                table.c.occurred_at,
                table.c.position,
                table.c.trace_parent,
            )
            .order_by(table.c.position)
            .limit(limit)
        )
        return [
            OutboxMessage(
                id=r.id,
                channel=Channel(r.channel),
                key=r.message_key,
                type=r.type,
                payload=bytes(r.payload),
                occurred_at=r.occurred_at,
                position=r.position,
                trace_parent=r.trace_parent,
            )
            for r in rows
        ]

    async def mark_sent(self, message_ids: Sequence[UUID], now: datetime) -> None:
        # The broker holds them now; the table keeps only what still has to go.
        if message_ids:
            await self._connection.execute(
                outbox_messages.delete().where(outbox_messages.c.id.in_(list(message_ids)))
            )

    async def pending(self) -> int:
        result = await self._connection.execute(
            sa.select(sa.func.count()).select_from(outbox_messages)
        )
        return int(result.scalar_one())

    async def lead_relay(self) -> bool:
        if self._connection.dialect.name != "postgresql":
            return True  # SQLite: the unit of work's BEGIN IMMEDIATE already excludes others
        result = await self._connection.execute(
            sa.select(sa.func.pg_try_advisory_xact_lock(RELAY_LOCK_KEY))
        )
        return bool(result.scalar_one())


class SqlProcessedMessages:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def first_time(self, message_id: UUID, now: datetime) -> bool:
        exists = await self._connection.execute(
            sa.select(processed_messages.c.message_id).where(
                processed_messages.c.message_id == message_id
            )
        )
        if exists.first() is not None:
            return False
        try:
            # A nested transaction, so a concurrent twin's insert fails alone, not our unit.
            async with self._connection.begin_nested():
                await self._connection.execute(
                    processed_messages.insert().values(message_id=message_id, processed_at=now)
                )
        except IntegrityError:
            return False
        return True
