"""The users' data keys outside the repositories: for the sealed blob store, and rotation
(docs/adr/0052-encryption-at-rest-rate-limits.md)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from uuid import UUID

from application.ports import Envelope, UnitOfWorkFactory, WrappedDataKey

log = logging.getLogger(__name__)


class UserDataKeys:
    """Each user's wrapped data key, read (and made on first use) in a unit of work of its own."""

    def __init__(self, uow_factory: UnitOfWorkFactory, envelope: Envelope) -> None:
        self._uow_factory, self.envelope = uow_factory, envelope

    async def for_reading(self, user_id: UUID) -> WrappedDataKey | None:
        """The user's key; None if they have none (never wrote, or erased)."""
        async with self._uow_factory(read_only=True) as uow:
            return await uow.data_keys.get(user_id)

    async def for_writing(self, user_id: UUID) -> WrappedDataKey:
        """The user's key, made now if they have none."""
        found = await self.for_reading(user_id)
        if found is not None:
            return found
        async with self._uow_factory() as uow:
            kept = await uow.data_keys.add(user_id, self.envelope.new_data_key(user_id))
            await uow.commit()
        return kept


@dataclass(frozen=True, slots=True)
class RotationReport:
    key_id: str  # the key every data key is wrapped by now
    rewrapped: int
    batches: int
    changed_meanwhile: int  # keys erased or rewrapped by someone else during the run
    rows_sealed: int = 0  # rows written before sealing (migration 0012), sealed now


class RotateDataKeys:
    def __init__(self, uow_factory: UnitOfWorkFactory, envelope: Envelope) -> None:
        self._uow_factory, self._envelope = uow_factory, envelope

    async def __call__(self, *, batch_size: int = 500, pause_s: float = 0.0) -> RotationReport:
        """Re-wrap every data key not wrapped by the current key of the ring, ``batch_size``
        per transaction (the service keeps running: a key erased or changed meanwhile is left
        as it is). The values sealed under the data keys need no re-encryption: afterwards
        the old key-ring keys can be removed. Then seal the rows still in clear (written
        before encryption at rest), as many per transaction."""
        current = self._envelope.current_key_id
        rewrapped = batches = changed = 0
        while True:
            async with self._uow_factory() as uow:
                batch = await uow.data_keys.not_wrapped_by(current, batch_size)
                if not batch:
                    break
                for user_id, key in batch:
                    new = self._envelope.rewrap(user_id, key)
                    if await uow.data_keys.replace(user_id, key, new):
                        rewrapped += 1
                    else:
                        changed += 1
                await uow.commit()
            batches += 1
            log.info("re-wrapped %d data keys under %s (%d batches)", rewrapped, current, batches)
            if len(batch) < batch_size:
                break
            await asyncio.sleep(pause_s)
        sealed = await self._seal_clear_rows(batch_size, pause_s)
        return RotationReport(current, rewrapped, batches, changed, sealed)

    async def _seal_clear_rows(self, batch_size: int, pause_s: float) -> int:
        """Seal, ``batch_size`` rows per transaction, the rows written before sealing."""
        total = 0
        while True:
            async with self._uow_factory() as uow:
                sealed = await uow.clear_rows.seal_batch(batch_size)
                await uow.commit()
            total += sealed
            if sealed:
                log.info("sealed %d rows written before encryption at rest", total)
            if sealed < batch_size:
                return total
            await asyncio.sleep(pause_s)
