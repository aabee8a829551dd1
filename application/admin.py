"""What admins do beyond reading every avatar (spec 8.1): list any user's avatars, process an
avatar again, read and replay the jobs that failed every attempt."""

from __future__ import annotations

import logging
from uuid import UUID

from application.errors import AvatarNotFound, DeadLetterNotFound, NotAllowed
from application.ports import (
    AvatarQuery,
    Clock,
    DeadLetter,
    DeadLetterQueue,
    IdGenerator,
    ProcessAvatarJob,
    UnitOfWorkFactory,
)
from application.query_avatars import AvatarListPage, ListAvatars
from domain.access import Role, Viewer
from domain.avatar import AvatarStatus
from domain.errors import InvalidValue

log = logging.getLogger(__name__)
REPROCESS_REASON = "regeneration"


def require_admin(viewer: Viewer, what: str) -> None:
    if viewer.role is not Role.ADMIN:
        raise NotAllowed(f"only admins {what}", field="role")


class ListUserAvatars:
    def __init__(self, list_avatars: ListAvatars) -> None:
        self._list_avatars = list_avatars

    async def __call__(
        self, viewer: Viewer, user_id: UUID, query: AvatarQuery, *, cursor: str | None = None
    ) -> AvatarListPage:
        """One page of ``user_id``'s avatars, as that user lists them; admins only."""
        require_admin(viewer, "list another user's avatars")
        return await self._list_avatars(Viewer(user_id), query, cursor=cursor)


class ReprocessAvatar:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, ids: IdGenerator) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> ProcessAvatarJob:
        """Process the avatar again from its measurements; admins only. A completed or failed
        avatar starts a new run (a new job id to poll); one stuck in processing gets its
        current job sent again (done once in effect: jobs are idempotent by id)."""
        require_admin(viewer, "reprocess avatars")
        now = self._clock.now()
        async with self._uow_factory() as uow:
            avatar = await uow.avatars.get(avatar_id, for_update=True)
            if avatar is None:
                raise AvatarNotFound(f"avatar {avatar_id} not found", field="avatarId")
            if avatar.measurements is None:
                raise InvalidValue(
                    "the avatar has no measurements to process (a photo avatar is processed "
                    "from its photos: POST .../photos/process)",
                    field="measurements",
                )
            if avatar.status is AvatarStatus.PROCESSING and avatar.processing_job_id:
                job = ProcessAvatarJob(avatar.processing_job_id, avatar.id, REPROCESS_REASON)
            else:
                job = ProcessAvatarJob(self._ids.new_id(), avatar.id, REPROCESS_REASON)
                avatar.start_processing(now, stage="queued", progress=0, job_id=job.id)
                await uow.avatars.update(avatar)
            await uow.outbox.add_job(job, now)
            await uow.commit()
        log.info("admin %s reprocesses avatar %s (job %s)", viewer.user_id, avatar_id, job.id)
        return job


class ListDeadLetters:
    def __init__(self, queue: DeadLetterQueue) -> None:
        self._queue = queue

    async def __call__(self, viewer: Viewer, limit: int) -> list[DeadLetter]:
        """The jobs that failed every attempt, oldest first; admins only."""
        require_admin(viewer, "read the dead letters")
        return await self._queue.list(limit)


class ReplayDeadLetter:
    def __init__(self, queue: DeadLetterQueue) -> None:
        self._queue = queue

    async def __call__(self, viewer: Viewer, letter_id: str) -> DeadLetter:
        """Send a dead letter's job to the workers again; admins only."""
        require_admin(viewer, "replay dead letters")
        try:
            letter = await self._queue.replay(letter_id)
        except LookupError:
            raise DeadLetterNotFound(f"no dead letter {letter_id}", field="letterId") from None
        log.info(
            "admin %s replays dead letter %s (job %s)", viewer.user_id, letter_id, letter.job.id
        )
        return letter
