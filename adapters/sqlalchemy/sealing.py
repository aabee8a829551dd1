"""Body values sealed under their owner's data key (envelope encryption, docs/privacy.md).

A sealed row keeps ids, status, types and timestamps in clear and moves its body values into
one ``sealed`` column (a JSON document, AES-256-GCM under the owner's data key, bound to the
table and row); the clear columns are NULL then. Rows without ``sealed`` (written before
migration 0012) are read from their clear columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.tables import (
    MEASUREMENT_COLUMNS,
    avatar_versions,
    avatars,
    body_analyses,
    measurement_profiles,
    photo_body_hints,
    user_data_keys,
)
from application.ports import Envelope, WrappedDataKey

PROFILE_SEALED = (*MEASUREMENT_COLUMNS.values(), "gender")
ANALYSIS_SEALED = (
    "body_type_confidence",
    "shoulder_to_hip_ratio",
    "waist_to_hip_ratio",
    "waist_to_height_ratio",
    "proportion_analysis",
    "symmetry_score",
    "symmetry_issues",
    "fit_preferences",
    "size_recommendations",
)
VERSION_SEALED = ("measurement_profile_snapshot", "body_analysis_snapshot")
HINTS_SEALED = ("height_cm", "weight_kg")

# The wrapped key of a row's owner, read in the same SELECT as the row (a LEFT JOIN).
KEY_COLUMNS = (user_data_keys.c.key_id, user_data_keys.c.wrapped_key)


def context(table: str, *parts: UUID | int) -> bytes:
    """What a seal is bound to: the table and the row (sealed bytes do not open elsewhere)."""
    out = table.encode()
    for part in parts:
        out += b":" + (part.bytes if isinstance(part, UUID) else str(part).encode())
    return out


def wrapped_key(key_id: str | None, wrapped: bytes | None) -> WrappedDataKey | None:
    return None if key_id is None or wrapped is None else WrappedDataKey(key_id, bytes(wrapped))


class SqlDataKeyRepository:
    """The ``DataKeyRepository`` port on the unit of work's connection."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, user_id: UUID) -> WrappedDataKey | None:
        row = (
            await self._connection.execute(
                sa.select(*KEY_COLUMNS).where(user_data_keys.c.user_id == user_id)
            )
        ).first()
        return None if row is None else wrapped_key(row[0], row[1])

    async def add(self, user_id: UUID, key: WrappedDataKey) -> WrappedDataKey:
        values = {
            "user_id": user_id,
            "key_id": key.key_id,
            "wrapped_key": key.wrapped,
            "created_at": datetime.now(UTC),
        }
        insert = (
            postgresql.insert(user_data_keys)
            if self._connection.dialect.name == "postgresql"
            else sqlite.insert(user_data_keys)
        )
        await self._connection.execute(insert.values(values).on_conflict_do_nothing())
        stored = await self.get(user_id)
        assert stored is not None
        return stored

    async def delete(self, user_id: UUID) -> bool:
        result = await self._connection.execute(
            user_data_keys.delete().where(user_data_keys.c.user_id == user_id)
        )
        return bool(result.rowcount)

    async def not_wrapped_by(self, key_id: str, limit: int) -> list[tuple[UUID, WrappedDataKey]]:
        rows = await self._connection.execute(
            sa.select(user_data_keys.c.user_id, *KEY_COLUMNS)
            .where(user_data_keys.c.key_id != key_id)
            .order_by(user_data_keys.c.user_id)
            .limit(limit)
        )
        return [(row[0], WrappedDataKey(row[1], bytes(row[2]))) for row in rows]

    async def replace(self, user_id: UUID, old: WrappedDataKey, new: WrappedDataKey) -> bool:
        result = await self._connection.execute(
            user_data_keys.update()
            .where(
                user_data_keys.c.user_id == user_id,
                user_data_keys.c.key_id == old.key_id,
                user_data_keys.c.wrapped_key == old.wrapped,
            )
            .values(key_id=new.key_id, wrapped_key=new.wrapped)
        )
        return bool(result.rowcount)


class RowSealer:
    """Seals rows before they are written and opens them after they are read, for one unit
    of work (the data keys it made or read are remembered for the unit's life)."""

    def __init__(self, envelope: Envelope, data_keys: SqlDataKeyRepository) -> None:
        self._envelope, self._data_keys = envelope, data_keys
        self._keys: dict[UUID, WrappedDataKey] = {}

    async def key_for_writing(self, user_id: UUID) -> WrappedDataKey:
        """The user's data key, made on their first write."""
        key = self._keys.get(user_id) or await self._data_keys.get(user_id)
        if key is None:
            key = await self._data_keys.add(user_id, self._envelope.new_data_key(user_id))
        self._keys[user_id] = key
        return key

    def forget_all(self) -> None:
        self._keys.clear()

    async def seal(
        self, user_id: UUID, row: dict[str, Any], columns: Iterable[str], where: bytes
    ) -> dict[str, Any]:
        """``row`` with ``columns`` moved into its ``sealed`` document (and set NULL)."""
        key = await self.key_for_writing(user_id)
        document = {}
        for column in columns:
            document[column] = row[column]
            row[column] = None
        row["sealed"] = self._envelope.seal(user_id, key, msgspec.json.encode(document), where)
        return row

    def open(
        self,
        user_id: UUID,
        key: WrappedDataKey | None,
        row: Mapping[str, Any],
        where: bytes,
    ) -> Mapping[str, Any]:
        """``row`` with its sealed values back in their columns (as read, if not sealed)."""
        sealed = row.get("sealed")
        if sealed is None:
            return row
        if key is None:
            raise LookupError(f"user {user_id} has sealed rows but no data key (erased?)")
        document = msgspec.json.decode(self._envelope.open(user_id, key, bytes(sealed), where))
        return {**row, **document}


# What each sealed table keeps in its sealed column, and what its seal is bound to.
_CLEAR_ROWS: tuple[tuple[sa.Table, tuple[str, ...], tuple[str, ...]], ...] = (
    (measurement_profiles, PROFILE_SEALED, ("avatar_id",)),
    (body_analyses, ANALYSIS_SEALED, ("avatar_id",)),
    (avatar_versions, VERSION_SEALED, ("avatar_id", "version")),
    (photo_body_hints, HINTS_SEALED, ("avatar_id",)),
)


class SqlClearRows:
    """The ``ClearRows`` port: seals rows written before migration 0012, in place."""

    def __init__(self, connection: AsyncConnection, sealer: RowSealer) -> None:
        self._connection, self._sealer = connection, sealer

    async def seal_batch(self, limit: int) -> int:
        sealed = 0
        for table, columns, bound_to in _CLEAR_ROWS:
            if sealed >= limit:
                break
            keys = [table.c[name] for name in bound_to]
            rows = await self._connection.execute(
                sa.select(avatars.c.user_id, *keys, *(table.c[name] for name in columns))
                .join(avatars, avatars.c.id == table.c.avatar_id)
                .where(table.c.sealed.is_(None))
                .limit(limit - sealed)
            )
            for row in rows.all():
                user_id, parts = row[0], row[1 : 1 + len(keys)]
                values = dict(zip(columns, row[1 + len(keys) :], strict=True))
                where = context(table.name, *parts)
                values = await self._sealer.seal(user_id, values, columns, where)
                condition = sa.and_(*(key == part for key, part in zip(keys, parts, strict=True)))
                await self._connection.execute(table.update().where(condition).values(values))
                sealed += 1
        return sealed
