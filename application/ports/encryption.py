"""Encryption at rest of body data: envelope encryption with a data key per user
(docs/adr/0052-encryption-at-rest-rate-limits.md).

Each user's measurement values, analysis values, version snapshots, body hints and keypoints
files are sealed (AES-256-GCM) under the user's data key; the data key is stored wrapped by a
key of the key ring (settings), with that key's id beside it. Rotation re-wraps data keys;
erasure deletes the user's wrapped key (crypto-shredding), after which nothing sealed under
it can be opened again, wherever a copy lies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


class KeyNotInRing(Exception):
    """A data key is wrapped by a key the key ring no longer holds."""


class SealBroken(Exception):
    """Sealed bytes that do not open: changed, truncated, or sealed under another key."""


@dataclass(frozen=True, slots=True)
class WrappedDataKey:
    """A user's data key, encrypted by the key-ring key ``key_id``."""

    key_id: str
    wrapped: bytes


class Envelope(Protocol):
    """Seals and opens a user's bytes under their data key; makes and re-wraps data keys."""

    @property
    def current_key_id(self) -> str:
        """The key-ring key that wraps new data keys (and every key after a rotation)."""
        ...

    def new_data_key(self, user_id: UUID) -> WrappedDataKey:
        """A fresh random data key for ``user_id``, wrapped by the current key."""
        ...

    def rewrap(self, user_id: UUID, key: WrappedDataKey) -> WrappedDataKey:
        """The same data key wrapped by the current key; ``KeyNotInRing``."""
        ...

    def seal(self, user_id: UUID, key: WrappedDataKey, plaintext: bytes, context: bytes) -> bytes:
        """``plaintext`` encrypted and authenticated, bound to ``context`` (say, the table and
        the row id: sealed bytes moved to another row do not open)."""
        ...

    def open(self, user_id: UUID, key: WrappedDataKey, sealed: bytes, context: bytes) -> bytes:
        """What ``seal`` sealed with the same ``context``; ``SealBroken``, ``KeyNotInRing``."""
        ...


class ClearRows(Protocol):
    """Rows written before sealing (the clear columns of before migration 0012)."""

    async def seal_batch(self, limit: int) -> int:
        """Seal up to ``limit`` of them under their owners' data keys; how many were."""
        ...


class DataKeyRepository(Protocol):
    """The users' wrapped data keys, one per user, in the unit of work's transaction."""

    async def get(self, user_id: UUID) -> WrappedDataKey | None: ...

    async def add(self, user_id: UUID, key: WrappedDataKey) -> WrappedDataKey:
        """Keep ``key`` unless the user has one already; returns the one kept (concurrent
        first writers agree on one key)."""
        ...

    async def delete(self, user_id: UUID) -> bool:
        """Crypto-shred: forget the user's data key; whether there was one."""
        ...

    async def not_wrapped_by(self, key_id: str, limit: int) -> list[tuple[UUID, WrappedDataKey]]:
        """Up to ``limit`` data keys wrapped by another key than ``key_id`` (rotation)."""
        ...

    async def replace(self, user_id: UUID, old: WrappedDataKey, new: WrappedDataKey) -> bool:
        """Put ``new`` where ``old`` still is; False if the user's key changed meanwhile."""
        ...
