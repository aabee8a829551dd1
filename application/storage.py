"""Where objects live, and the sweep that removes objects no row points to.

Layout (docs/storage.md): every object of a user sits under ``users/{user_id}/``, every
object of an avatar under ``users/{user_id}/avatars/{avatar_id}/`` in one of ``photos/``
(as uploaded), ``processed/`` (after background removal), ``models/`` (generated files) and
``exports/``. Objects are written before the rows that point to them and deleted after the
rows are gone, so a crash can leave an object without a row but never a row without its
object; the sweep removes those orphans once they are older than a grace period (an upload
whose row is about to be written is younger than that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from application.ports import BlobInfo, BlobStore, Clock, UnitOfWorkFactory

USERS_PREFIX = "users/"


def avatar_prefix(user_id: UUID, avatar_id: UUID) -> str:
    return f"{USERS_PREFIX}{user_id}/avatars/{avatar_id}/"


def photo_key(user_id: UUID, avatar_id: UUID, photo_id: UUID, extension: str) -> str:
    return f"{avatar_prefix(user_id, avatar_id)}photos/{photo_id}.{extension}"


def processed_key(user_id: UUID, avatar_id: UUID, photo_id: UUID) -> str:
    return f"{avatar_prefix(user_id, avatar_id)}processed/{photo_id}.png"


def thumbnail_key(user_id: UUID, avatar_id: UUID, photo_id: UUID) -> str:
    return f"{avatar_prefix(user_id, avatar_id)}processed/{photo_id}-thumbnail.jpg"


def keypoints_key(user_id: UUID, avatar_id: UUID, photo_id: UUID) -> str:
    return f"{avatar_prefix(user_id, avatar_id)}processed/{photo_id}-keypoints.json"


def mask_key(user_id: UUID, avatar_id: UUID, photo_id: UUID) -> str:
    return f"{avatar_prefix(user_id, avatar_id)}processed/{photo_id}-mask.png"


def model_key(user_id: UUID, avatar_id: UUID, model_id: UUID, lod: str, extension: str) -> str:
    return f"{avatar_prefix(user_id, avatar_id)}models/{model_id}-{lod}.{extension}"


def export_key(user_id: UUID, avatar_id: UUID, export_id: UUID) -> str:
    return f"{avatar_prefix(user_id, avatar_id)}exports/{export_id}.json"


@dataclass(frozen=True, slots=True)
class SweepReport:
    orphans: list[BlobInfo]
    deleted: int
    examined: int


class SweepOrphans:
    def __init__(self, uow_factory: UnitOfWorkFactory, blobs: BlobStore, clock: Clock) -> None:
        self._uow_factory, self._blobs, self._clock = uow_factory, blobs, clock

    async def __call__(self, *, grace: timedelta, dry_run: bool = False) -> SweepReport:
        """Find objects under ``users/`` that no row points to and that are older than
        ``grace``; delete them unless ``dry_run``."""
        now = self._clock.now()
        objects = await self._blobs.list_objects(USERS_PREFIX)
        old = [o for o in objects if o.modified_at is not None and now - o.modified_at > grace]
        keys = [o.key for o in old]
        async with self._uow_factory(read_only=True) as uow:
            in_use = await uow.photos.keys_in_use(keys) | await uow.model_files.keys_in_use(keys)
        orphans = [o for o in old if o.key not in in_use]
        if not dry_run:
            for orphan in orphans:
                await self._blobs.delete(orphan.key)
        return SweepReport(orphans, 0 if dry_run else len(orphans), len(objects))
