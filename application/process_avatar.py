"""Background processing of an avatar: analysis now; model generation when its issue lands."""

from __future__ import annotations

import logging

from application.ports import (
    Clock,
    EventPublisher,
    IdGenerator,
    ProcessAvatarJob,
    UnitOfWorkFactory,
)
from domain.avatar import AvatarStatus
from domain.body_analysis import analyse_body

log = logging.getLogger(__name__)


class ProcessAvatar:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, ids: IdGenerator, events: EventPublisher
    ) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids
        self._events = events

    async def __call__(self, job: ProcessAvatarJob) -> None:
        """Complete an avatar in processing: compute its body analysis, then mark it completed.

        A job for an avatar that is gone or no longer processing is ignored, so a redelivered
        job changes nothing twice. A failure marks the avatar failed (retryable).
        """
        async with self._uow_factory() as uow:
            avatar = await uow.avatars.get(job.avatar_id, for_update=True)
            if avatar is None or avatar.status is not AvatarStatus.PROCESSING:
                log.info("skipping job %s: avatar gone or not processing", job)
                return
            now = self._clock.now()
            try:
                if avatar.measurements is None:
                    raise ValueError("the avatar has no measurements to build a body from")
                avatar.report_progress(now, stage="body_analysis", progress=50)
                analysis = analyse_body(avatar.measurements, self._ids.new_id(), now)
                avatar.complete(self._clock.now(), body_analysis=analysis)
            except Exception as error:  # any failure of a stage fails this avatar only
                log.exception("processing avatar %s failed", avatar.id)
                avatar.fail(self._clock.now(), error=str(error), retryable=True)
            await uow.avatars.update(avatar)
            await uow.commit()
        await self._events.publish(avatar.pull_events())
