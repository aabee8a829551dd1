"""Persistence: the repositories of the aggregates and the unit of work over them."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import TracebackType
from typing import Protocol, Self, TypeVar
from uuid import UUID

from application.ports.encryption import ClearRows, DataKeyRepository
from application.ports.messaging import Outbox, ProcessedMessages
from application.ports.privacy import ConsentRepository
from application.ports.sizing import FitRepository, SizeChartRepository
from domain.avatar import Avatar, AvatarStatus, AvatarType, AvatarVersion, Visibility
from domain.body_analysis import BodyType
from domain.events import DomainEvent
from domain.model_file import ModelFile
from domain.photo import PhotoUpload
from domain.photo_checks import BodyHints


class SortField(StrEnum):
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"
    NAME = "name"


# Where a page starts: the sort value and the id of the last avatar of the page before.
Keyset = tuple[datetime | str, UUID]


@dataclass(frozen=True, slots=True)
class AvatarQuery:
    """Which of a user's avatars a page shows, and in which order: the one query of a list,
    from the HTTP edge (with a cursor) to the repositories (with a keyset)."""

    limit: int = 20
    status: AvatarStatus | None = None
    avatar_type: AvatarType | None = None
    visibility: Visibility | None = None
    tag: str | None = None
    sort: SortField = SortField.CREATED_AT
    descending: bool = True


@dataclass(frozen=True, slots=True)
class AvatarSummary:
    """What a list shows of an avatar: a read model, cheaper to load than the aggregate."""

    id: UUID
    user_id: UUID
    name: str
    avatar_type: AvatarType
    status: AvatarStatus
    version: int
    visibility: Visibility
    tags: tuple[str, ...]
    body_type: BodyType | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, avatar: Avatar) -> AvatarSummary:
        return cls(
            avatar.id,
            avatar.user_id,
            avatar.name,
            avatar.avatar_type,
            avatar.status,
            avatar.version,
            avatar.visibility,
            avatar.tags,
            avatar.body_type,
            avatar.created_at,
            avatar.updated_at,
        )


@dataclass(frozen=True, slots=True)
class AvatarPage:
    items: list[AvatarSummary]
    has_more: bool


Stored = TypeVar("Stored")


class Repository(Protocol[Stored]):
    """What every repository does: add a new one, get one by its id."""

    async def add(self, item: Stored, /) -> None:
        """Store a new one."""
        ...

    async def get(self, item_id: UUID, /) -> Stored | None:
        """The one with this id, or None."""
        ...


class AvatarRepository(Repository[Avatar], Protocol):
    """Avatars with their measurement profile and body analysis (one aggregate). ``add``
    raises ``AvatarNameTaken`` if the owner already uses the name."""

    async def get(self, avatar_id: UUID, *, for_update: bool = False) -> Avatar | None:
        """The avatar, or None. ``for_update`` holds it against concurrent writers until the
        unit of work ends (read-check-write use cases)."""
        ...

    async def lock_owner(self, user_id: UUID) -> None:
        """Serialise, until the unit of work ends, the writers that add avatars for
        ``user_id``, so quota and name checks cannot race."""
        ...

    async def update(self, avatar: Avatar) -> None:
        """Store the avatar's current state (details, status, measurements, analysis)."""
        ...

    async def delete(self, avatar_id: UUID) -> None:
        """Remove the avatar and everything that belongs to it (versions, photos, models)."""
        ...

    async def list(
        self, user_id: UUID, query: AvatarQuery, *, after: Keyset | None = None
    ) -> AvatarPage:
        """One page of ``user_id``'s avatars matching ``query``, in its sort order, from the
        avatar after ``after`` (the first page without one)."""
        ...

    async def count_for_user(self, user_id: UUID) -> int:
        """How many avatars ``user_id`` owns."""
        ...

    async def ids_for_user(self, user_id: UUID) -> builtins.list[UUID]:
        """The ids of every avatar ``user_id`` owns, oldest first."""
        ...

    async def get_many(self, avatar_ids: Sequence[UUID]) -> builtins.list[Avatar]:
        """The avatars of these ids that exist, in no particular order (a bounded number of
        statements, whatever the number of ids: the DataLoaders of GraphQL)."""
        ...

    async def id_for_job(self, job_id: UUID) -> UUID | None:
        """The avatar whose current (or last) processing run is ``job_id``, or None."""
        ...

    async def name_taken(self, user_id: UUID, name: str, *, excluding: UUID | None = None) -> bool:
        """Whether ``user_id`` has another avatar called ``name``."""
        ...


class AvatarVersionRepository(Protocol):
    async def add(self, version: AvatarVersion) -> None:
        """Append a version; ``ConcurrentModification`` if that number already exists."""
        ...

    async def list_for_avatar(self, avatar_id: UUID) -> list[AvatarVersion]:
        """Every version of the avatar, oldest first."""
        ...

    async def get(self, avatar_id: UUID, version: int) -> AvatarVersion | None:
        """One version, or None."""
        ...


class PhotoRepository(Repository[PhotoUpload], Protocol):
    async def update(self, photo: PhotoUpload) -> None: ...
    async def list_for_avatar(self, avatar_id: UUID) -> list[PhotoUpload]:
        """The avatar's photos, oldest first, deleted ones included."""
        ...

    async def keys_in_use(self, candidates: Sequence[str]) -> set[str]:
        """Which of these object keys a photo row that is not deleted points to (original,
        processed, thumbnail, keypoints, mask)."""
        ...

    async def expired(self, now: datetime, limit: int) -> list[PhotoUpload]:
        """Photos not deleted yet whose ``auto_delete_at`` is at or before ``now``, the
        oldest deadline first, at most ``limit``."""
        ...

    async def save_hints(self, avatar_id: UUID, hints: BodyHints) -> None:
        """Keep (replace) what the user said about the body in the avatar's photos."""
        ...

    async def hints_for(self, avatar_id: UUID) -> BodyHints | None:
        """The avatar's body hints, or None if none were given."""
        ...


class ModelFileRepository(Repository[ModelFile], Protocol):
    async def delete(self, model_file_id: UUID) -> None: ...
    async def list_for_avatar(self, avatar_id: UUID) -> list[ModelFile]:
        """The avatar's model files, oldest first."""
        ...

    async def list_for_avatars(self, avatar_ids: Sequence[UUID]) -> dict[UUID, list[ModelFile]]:
        """The model files of each of these avatars (those with none left out), oldest first."""
        ...

    async def keys_in_use(self, candidates: Sequence[str]) -> set[str]:
        """Which of these object keys a model file row points to."""
        ...


class UnitOfWork(Protocol):
    """One transaction over every repository. Leaving the block without ``commit`` rolls back.

    The repositories remember every aggregate they hand out or are given; ``commit`` writes
    the events those aggregates recorded to the outbox, so a use case never publishes by hand.
    """

    avatars: AvatarRepository
    versions: AvatarVersionRepository
    photos: PhotoRepository
    model_files: ModelFileRepository
    outbox: Outbox
    processed: ProcessedMessages
    size_charts: SizeChartRepository
    fit: FitRepository
    consents: ConsentRepository
    data_keys: DataKeyRepository
    clear_rows: ClearRows

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def record(self, event: DomainEvent) -> None:
        """An event of no aggregate (``user.data_erased``): written at commit, after those of
        the aggregates."""
        ...

    async def commit(self) -> None:
        """Make every change of this unit durable at once, with the pending events of every
        aggregate seen (in the order first seen) and the recorded ones."""
        ...

    async def rollback(self) -> None:
        """Discard every change of this unit, and the events pending with them."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        """A new unit of work. A read-only one may skip the transaction (reads may then see
        commits made between its statements) and refuses ``commit``."""
        ...


class HealthCheck(Protocol):
    async def check(self) -> None:
        """Return if the backing service answers; raise with a reason otherwise."""
        ...
