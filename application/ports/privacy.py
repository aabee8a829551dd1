"""Privacy: the consent records of users, and the audit log."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.audit import AuditEntry, AuditQuery
from domain.consent import ConsentRecord


class ConsentRepository(Protocol):
    """Every consent change of every user, kept until the user's data is erased."""

    async def add(self, record: ConsentRecord) -> None: ...

    async def list_for_user(self, user_id: UUID) -> list[ConsentRecord]:
        """The user's records, oldest first."""
        ...

    async def delete_for_user(self, user_id: UUID) -> int:
        """Erase the user's records (erasure only); returns how many went."""
        ...


class AuditLog(Protocol):
    """Append-only: entries are added and read, never changed or removed (by design, and on
    PostgreSQL and SQLite by triggers that refuse UPDATE and DELETE)."""

    async def append(self, entry: AuditEntry) -> None:
        """Add one entry, in a transaction of its own."""
        ...

    async def query(self, query: AuditQuery) -> list[AuditEntry]:
        """The entries matching ``query``, newest first, at most ``query.limit``."""
        ...
