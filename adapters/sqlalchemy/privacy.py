"""SQL repository of consent records."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.tables import consent_records
from domain.consent import ConsentRecord, ConsentSubject


class SqlConsentRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, record: ConsentRecord) -> None:
        await self._connection.execute(
            consent_records.insert().values(
                id=record.id,
                user_id=record.user_id,
                avatar_id=record.avatar_id,
                subject=record.subject.value,
                old_value=record.old_value,
                new_value=record.new_value,
                changed_by=record.changed_by,
                client=record.client[:200],
                recorded_at=record.recorded_at,
            )
        )

    async def list_for_user(self, user_id: UUID) -> list[ConsentRecord]:
        rows = await self._connection.execute(
            sa.select(consent_records)
            .where(consent_records.c.user_id == user_id)
            .order_by(consent_records.c.recorded_at, consent_records.c.id)
        )
        return [
            ConsentRecord(
                id=row.id,
                user_id=row.user_id,
                avatar_id=row.avatar_id,
                subject=ConsentSubject(row.subject),
                old_value=row.old_value,
                new_value=row.new_value,
                changed_by=row.changed_by,
                client=row.client,
                recorded_at=row.recorded_at,
            )
            for row in rows
        ]

    async def delete_for_user(self, user_id: UUID) -> int:
        result = await self._connection.execute(
            consent_records.delete().where(consent_records.c.user_id == user_id)
        )
        return int(result.rowcount)
