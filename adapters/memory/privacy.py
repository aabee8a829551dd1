"""In-memory consent records and data keys (the privacy tables of the memory database).

The memory repositories keep body values in clear (process memory is not at rest); the data
keys are kept so that erasure, rotation and the sealed blob store behave as on SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from application.ports import WrappedDataKey
from domain.consent import ConsentRecord


@dataclass
class PrivacyTables:
    consents: list[ConsentRecord] = field(default_factory=list)
    data_keys: dict[UUID, WrappedDataKey] = field(default_factory=dict)


class HoldsPrivacy(Protocol):
    """The unit of work's working tables (read through them: a rollback replaces them)."""

    privacy: PrivacyTables


class MemoryConsentRepository:
    def __init__(self, holder: HoldsPrivacy) -> None:
        self._holder = holder

    async def add(self, record: ConsentRecord) -> None:
        self._holder.privacy.consents.append(record)

    async def list_for_user(self, user_id: UUID) -> list[ConsentRecord]:
        return [r for r in self._holder.privacy.consents if r.user_id == user_id]

    async def delete_for_user(self, user_id: UUID) -> int:
        tables = self._holder.privacy
        kept = [r for r in tables.consents if r.user_id != user_id]
        erased, tables.consents = len(tables.consents) - len(kept), kept
        return erased


class MemoryDataKeyRepository:
    def __init__(self, holder: HoldsPrivacy) -> None:
        self._holder = holder

    async def get(self, user_id: UUID) -> WrappedDataKey | None:
        return self._holder.privacy.data_keys.get(user_id)

    async def add(self, user_id: UUID, key: WrappedDataKey) -> WrappedDataKey:
        return self._holder.privacy.data_keys.setdefault(user_id, key)

    async def delete(self, user_id: UUID) -> bool:
        return self._holder.privacy.data_keys.pop(user_id, None) is not None

    async def not_wrapped_by(self, key_id: str, limit: int) -> list[tuple[UUID, WrappedDataKey]]:
        keys = self._holder.privacy.data_keys
        found = [(u, k) for u, k in keys.items() if k.key_id != key_id]
        return sorted(found, key=lambda item: item[0])[:limit]

    async def replace(self, user_id: UUID, old: WrappedDataKey, new: WrappedDataKey) -> bool:
        keys = self._holder.privacy.data_keys
        if keys.get(user_id) != old:
            return False
        keys[user_id] = new
        return True


class MemoryClearRows:
    """The memory repositories keep values in process memory, never sealed: nothing to do."""

    async def seal_batch(self, limit: int) -> int:
        return 0
