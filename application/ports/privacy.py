"""Privacy: the consent records of users."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

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
