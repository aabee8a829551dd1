"""In-memory adapters for the persistence ports: the fakes of the tests and a valid backend.

One ``MemoryDatabase`` holds the committed state; a unit of work takes a lock for its whole
life (so transactions are serialisable), works on a copy and swaps it in on commit.
"""

from __future__ import annotations

import asyncio
import builtins
import copy
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import TracebackType
from typing import Self
from uuid import UUID

from adapters.contract.messages import event_messages, job_message
from adapters.memory.privacy import (
    MemoryClearRows,
    MemoryConsentRepository,
    MemoryDataKeyRepository,
    PrivacyTables,
)
from adapters.memory.sizing import MemoryFitRepository, MemorySizeChartRepository, SizingTables
from application.pagination import sort_key
from application.ports import (
    AvatarPage,
    AvatarQuery,
    AvatarSummary,
    Keyset,
    OutboxMessage,
    ProcessAvatarJob,
)
from application.seen_aggregates import SeenAggregates
from domain.avatar import Avatar, AvatarVersion
from domain.errors import AvatarNameTaken, ConcurrentModification, InvalidValue
from domain.events import DomainEvent
from domain.model_file import ModelFile
from domain.photo import PhotoUpload
from domain.photo_checks import BodyHints


@dataclass
class _Tables:
    avatars: dict[UUID, Avatar] = field(default_factory=dict)
    versions: dict[tuple[UUID, int], AvatarVersion] = field(default_factory=dict)
    photos: dict[UUID, PhotoUpload] = field(default_factory=dict)
    body_hints: dict[UUID, BodyHints] = field(default_factory=dict)
    model_files: dict[UUID, ModelFile] = field(default_factory=dict)
    outbox: list[OutboxMessage] = field(default_factory=list)
    sent: set[UUID] = field(default_factory=set)
    processed: dict[UUID, datetime] = field(default_factory=dict)
    sizing: SizingTables = field(default_factory=SizingTables)
    privacy: PrivacyTables = field(default_factory=PrivacyTables)


class MemoryDatabase:
    def __init__(self) -> None:
        self.tables = _Tables()
        self.lock = asyncio.Lock()


def _stored(avatar: Avatar) -> Avatar:
    kept = copy.deepcopy(avatar)
    kept.events = []
    return kept


class MemoryAvatarRepository:
    def __init__(self, tables: _Tables, seen: SeenAggregates) -> None:
        self._tables, self._seen = tables, seen

    async def add(self, avatar: Avatar) -> None:
        if avatar.id in self._tables.avatars:
            raise InvalidValue(f"avatar {avatar.id} exists already", field="id")
        if await self.name_taken(avatar.user_id, avatar.name):
            raise AvatarNameTaken(f"you already have an avatar named '{avatar.name}'", field="name")
        self._tables.avatars[self._seen.saw(avatar).id] = _stored(avatar)

    async def get(self, avatar_id: UUID, *, for_update: bool = False) -> Avatar | None:
        # Units of work hold the database lock for their whole life: every read is "for update".
        found = self._tables.avatars.get(avatar_id)
        return self._seen.saw(_stored(found)) if found else None

    async def lock_owner(self, user_id: UUID) -> None:
        return None  # already serialised by the unit of work's lock

    async def update(self, avatar: Avatar) -> None:
        if await self.name_taken(avatar.user_id, avatar.name, excluding=avatar.id):
            raise AvatarNameTaken(f"you already have an avatar named '{avatar.name}'", field="name")
        self._tables.avatars[self._seen.saw(avatar).id] = _stored(avatar)

    async def delete(self, avatar_id: UUID) -> None:
        tables = self._tables
        tables.avatars.pop(avatar_id, None)
        tables.versions = {k: v for k, v in tables.versions.items() if k[0] != avatar_id}
        tables.photos = {k: v for k, v in tables.photos.items() if v.avatar_id != avatar_id}
        tables.body_hints.pop(avatar_id, None)
        tables.model_files = {
            k: v for k, v in tables.model_files.items() if v.avatar_id != avatar_id
        }

    async def list(
        self, user_id: UUID, query: AvatarQuery, *, after: Keyset | None = None
    ) -> AvatarPage:
        rows = [
            a
            for a in self._tables.avatars.values()
            if a.user_id == user_id
            and (query.status is None or a.status is query.status)
            and (query.avatar_type is None or a.avatar_type is query.avatar_type)
            and (query.visibility is None or a.visibility is query.visibility)
            and (query.tag is None or query.tag in a.tags)
        ]

        def key(avatar: Avatar) -> tuple[datetime | str, str]:
            return sort_key(avatar, query.sort), str(avatar.id)

        rows.sort(key=key, reverse=query.descending)
        if after is not None:
            start = (after[0], str(after[1]))
            rows = [a for a in rows if (key(a) < start if query.descending else key(a) > start)]
        page = rows[: query.limit]
        return AvatarPage([AvatarSummary.of(a) for a in page], has_more=len(rows) > query.limit)

    async def ids_for_user(self, user_id: UUID) -> builtins.list[UUID]:
        owned = [a for a in self._tables.avatars.values() if a.user_id == user_id]
        return [a.id for a in sorted(owned, key=lambda a: (a.created_at, str(a.id)))]

    async def count_for_user(self, user_id: UUID) -> int:
        return sum(1 for a in self._tables.avatars.values() if a.user_id == user_id)

    async def get_many(self, avatar_ids: Sequence[UUID]) -> builtins.list[Avatar]:
        found = (self._tables.avatars.get(avatar_id) for avatar_id in dict.fromkeys(avatar_ids))
        return [self._seen.saw(_stored(avatar)) for avatar in found if avatar is not None]

    async def id_for_job(self, job_id: UUID) -> UUID | None:
        found = (a.id for a in self._tables.avatars.values() if a.processing_job_id == job_id)
        return next(found, None)

    async def name_taken(self, user_id: UUID, name: str, *, excluding: UUID | None = None) -> bool:
        return any(
            a.user_id == user_id and a.name == name and a.id != excluding
            for a in self._tables.avatars.values()
        )


class MemoryVersionRepository:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    async def add(self, version: AvatarVersion) -> None:
        key = (version.avatar_id, version.version)
        if key in self._tables.versions:
            raise ConcurrentModification(
                f"version {version.version} of avatar {version.avatar_id} exists already; "
                "the avatar changed meanwhile, retry",
                field="version",
            )
        if version.avatar_id not in self._tables.avatars:
            raise InvalidValue(f"avatar {version.avatar_id} does not exist", field="avatarId")
        self._tables.versions[key] = version

    async def list_for_avatar(self, avatar_id: UUID) -> list[AvatarVersion]:
        return sorted(
            (v for (a, _), v in self._tables.versions.items() if a == avatar_id),
            key=lambda v: v.version,
        )

    async def get(self, avatar_id: UUID, version: int) -> AvatarVersion | None:
        return self._tables.versions.get((avatar_id, version))


def _stored_photo(photo: PhotoUpload) -> PhotoUpload:
    kept = copy.deepcopy(photo)
    kept.events = []  # events travel through the outbox, not with the row
    return kept


class MemoryPhotoRepository:
    def __init__(self, tables: _Tables, seen: SeenAggregates) -> None:
        self._tables, self._seen = tables, seen

    async def add(self, photo: PhotoUpload) -> None:
        if photo.avatar_id not in self._tables.avatars:
            raise InvalidValue(f"avatar {photo.avatar_id} does not exist", field="avatarId")
        self._tables.photos[self._seen.saw(photo).id] = _stored_photo(photo)

    async def get(self, photo_id: UUID) -> PhotoUpload | None:
        found = self._tables.photos.get(photo_id)
        return self._seen.saw(copy.deepcopy(found)) if found else None

    async def update(self, photo: PhotoUpload) -> None:
        self._tables.photos[self._seen.saw(photo).id] = _stored_photo(photo)

    async def keys_in_use(self, candidates: Sequence[str]) -> set[str]:
        used = {key for p in self._tables.photos.values() if not p.deleted for key in p.keys}
        return used & set(candidates)

    async def expired(self, now: datetime, limit: int) -> list[PhotoUpload]:
        due = [p for p in self._tables.photos.values() if not p.deleted and p.auto_delete_at <= now]
        due.sort(key=lambda p: (p.auto_delete_at, str(p.id)))
        return self._seen.saw_all([copy.deepcopy(p) for p in due[:limit]])

    async def save_hints(self, avatar_id: UUID, hints: BodyHints) -> None:
        if avatar_id not in self._tables.avatars:
            raise InvalidValue(f"avatar {avatar_id} does not exist", field="avatarId")
        self._tables.body_hints[avatar_id] = hints

    async def hints_for(self, avatar_id: UUID) -> BodyHints | None:
        return self._tables.body_hints.get(avatar_id)

    async def list_for_avatar(self, avatar_id: UUID) -> list[PhotoUpload]:
        found = [p for p in self._tables.photos.values() if p.avatar_id == avatar_id]
        ordered = sorted(found, key=lambda p: (p.created_at, str(p.id)))
        return self._seen.saw_all([copy.deepcopy(p) for p in ordered])


class MemoryModelFileRepository:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    async def add(self, model_file: ModelFile) -> None:
        if model_file.avatar_id not in self._tables.avatars:
            raise InvalidValue(f"avatar {model_file.avatar_id} does not exist", field="avatarId")
        self._tables.model_files[model_file.id] = model_file

    async def get(self, model_file_id: UUID) -> ModelFile | None:
        return self._tables.model_files.get(model_file_id)

    async def delete(self, model_file_id: UUID) -> None:
        self._tables.model_files.pop(model_file_id, None)
        for avatar in self._tables.avatars.values():
            if avatar.model_file_id == model_file_id:
                avatar.model_file_id = None

    async def keys_in_use(self, candidates: Sequence[str]) -> set[str]:
        return {m.storage_key for m in self._tables.model_files.values()} & set(candidates)

    async def list_for_avatar(self, avatar_id: UUID) -> list[ModelFile]:
        found = [m for m in self._tables.model_files.values() if m.avatar_id == avatar_id]
        return sorted(found, key=lambda m: (m.created_at, str(m.id)))

    async def list_for_avatars(self, avatar_ids: Sequence[UUID]) -> dict[UUID, list[ModelFile]]:
        wanted, found = set(avatar_ids), dict[UUID, list[ModelFile]]()
        for model_file in self._tables.model_files.values():
            if model_file.avatar_id in wanted:
                found.setdefault(model_file.avatar_id, []).append(model_file)
        return {k: sorted(v, key=lambda m: (m.created_at, str(m.id))) for k, v in found.items()}


class MemoryOutbox:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    async def add_events(self, events: Sequence[DomainEvent]) -> None:
        self._append(event_messages(events))

    async def add_job(self, job: ProcessAvatarJob, now: datetime) -> None:
        tables = self._tables
        if any(m.id == job.id for m in tables.outbox):
            if job.id not in tables.sent:  # sent again while still waiting: it goes once
                return
            tables.outbox = [m for m in tables.outbox if m.id != job.id]  # sent: send again
            tables.sent.discard(job.id)
        self._append([job_message(job, now)])

    def _append(self, messages: list[OutboxMessage]) -> None:
        start = max((m.position or 0 for m in self._tables.outbox), default=0)
        self._tables.outbox += [replace(m, position=start + i + 1) for i, m in enumerate(messages)]

    async def unsent(self, limit: int) -> list[OutboxMessage]:
        waiting = (m for m in self._tables.outbox if m.id not in self._tables.sent)
        return list(itertools.islice(waiting, limit))

    async def mark_sent(self, message_ids: Sequence[UUID], now: datetime) -> None:
        self._tables.sent.update(message_ids)

    async def pending(self) -> int:
        return len(self._tables.outbox) - len(self._tables.sent)

    async def lead_relay(self) -> bool:
        return True  # the unit of work's lock already makes this relay the only one


class MemoryProcessedMessages:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    async def first_time(self, message_id: UUID, now: datetime) -> bool:
        if message_id in self._tables.processed:
            return False
        self._tables.processed[message_id] = now
        return True


class MemoryUnitOfWork:
    def __init__(self, database: MemoryDatabase, *, read_only: bool = False) -> None:
        self._database = database
        self._read_only = read_only
        self._working = _Tables()
        self._seen = SeenAggregates()
        self._bind()

    def _bind(self) -> None:
        self.avatars = MemoryAvatarRepository(self._working, self._seen)
        self.versions = MemoryVersionRepository(self._working)
        self.photos = MemoryPhotoRepository(self._working, self._seen)
        self.model_files = MemoryModelFileRepository(self._working)
        self.outbox = MemoryOutbox(self._working)
        self.processed = MemoryProcessedMessages(self._working)
        self.size_charts = MemorySizeChartRepository(self._working)
        self.fit = MemoryFitRepository(self._working)
        self.consents = MemoryConsentRepository(self._working)
        self.data_keys = MemoryDataKeyRepository(self._working)
        self.clear_rows = MemoryClearRows()

    async def __aenter__(self) -> Self:
        await self._database.lock.acquire()
        self._working = copy.deepcopy(self._database.tables)
        self._seen = SeenAggregates()
        self._bind()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._working = _Tables()
        self._database.lock.release()

    def record(self, event: DomainEvent) -> None:
        self._seen.record(event)

    async def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        await self.outbox.add_events(self._seen.collect_events())
        self._database.tables = copy.deepcopy(self._working)

    async def rollback(self) -> None:
        self._seen.forget()
        self._working.__dict__.update(copy.deepcopy(self._database.tables).__dict__)


class MemoryUnitOfWorkFactory:
    """Makes units of work over one shared in-memory database."""

    def __init__(self, database: MemoryDatabase | None = None) -> None:
        self.database = database or MemoryDatabase()

    def __call__(self, *, read_only: bool = False) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.database, read_only=read_only)

    async def check(self) -> None:
        return None
