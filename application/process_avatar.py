"""Background processing of an avatar: analysis now; model generation when its issue lands."""

from __future__ import annotations

import logging

from application.ports import Clock, IdGenerator, ProcessAvatarJob, UnitOfWorkFactory
from domain.avatar import AvatarStatus
from domain.body_analysis import analyse_body
from domain.errors import DomainError

log = logging.getLogger(__name__)


class ProcessAvatar:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, ids: IdGenerator) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids

    async def __call__(self, job: ProcessAvatarJob) -> None:
        """Complete an avatar in processing: compute its body analysis, then mark it completed.

        Done once in effect: the job's id is recorded in the same transaction as its result,
        so a redelivered job changes nothing; a job for an avatar that is gone or no longer
        processing is recorded and ignored. A failure of a processing stage marks the avatar
        failed (retryable); an error of the infrastructure (database down) propagates, and
        the job is retried by whoever delivered it.
        """
        async with self._uow_factory() as uow:
            if not await uow.processed.first_time(job.id, self._clock.now()):
                log.info("job %s was done already; skipping the redelivery", job.id)
                return
            avatar = await uow.avatars.get(job.avatar_id, for_update=True)
            if avatar is None or avatar.status is not AvatarStatus.PROCESSING:
                log.info("skipping job %s: avatar gone or not processing", job.id)
                await uow.commit()
                return
            now = self._clock.now()
            try:
                if avatar.measurements is None:
                    raise ValueError("the avatar has no measurements to build a body from")
                avatar.report_progress(now, stage="body_analysis", progress=50)
                analysis = analyse_body(avatar.measurements, self._ids.new_id(), now)
                avatar.complete(self._clock.now(), body_analysis=analysis)
            except (DomainError, ValueError, ArithmeticError) as error:  # failed on this avatar
                log.warning("processing avatar %s failed: %s", avatar.id, error)
                avatar.fail(self._clock.now(), error=str(error), retryable=True)
            await uow.avatars.update(avatar)
            await uow.outbox.add_events(avatar.pull_events())
            await uow.commit()
