"""In-memory consent records (and, with them, the privacy tables of the memory database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from domain.consent import ConsentRecord


@dataclass
class PrivacyTables:
    consents: list[ConsentRecord] = field(default_factory=list)


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
