"""Job polling (the seed guide's ``GET /jobs/{id}``): where an avatar's processing run is."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.access import load_readable
from application.errors import AvatarNotFound, JobNotFound
from application.ports import UnitOfWorkFactory
from domain.access import Viewer
from domain.avatar import Avatar, AvatarStatus
from domain.processing import JobStatus, job_status_of


@dataclass(frozen=True, slots=True)
class JobView:
    job_id: UUID
    avatar_id: UUID
    status: JobStatus
    stage: str | None
    progress_percent: int
    error: str | None
    retryable: bool | None


def job_view(avatar: Avatar) -> JobView:
    """The avatar's current processing run as a job; its avatar must have one."""
    assert avatar.processing_job_id is not None
    status = job_status_of(avatar)
    return JobView(
        job_id=avatar.processing_job_id,
        avatar_id=avatar.id,
        status=status,
        stage=None if status is JobStatus.COMPLETED else avatar.processing_stage,
        progress_percent=100
        if avatar.status is AvatarStatus.COMPLETED
        else avatar.processing_progress or 0,
        error=avatar.processing_error if status is JobStatus.FAILED else None,
        retryable=avatar.processing_retryable if status is JobStatus.FAILED else None,
    )


class GetJob:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer, job_id: UUID) -> JobView:
        """The job's state; ``JobNotFound`` if no avatar the viewer may read runs it now (a
        newer run of the same avatar replaces the older one)."""
        async with self._uow_factory(read_only=True) as uow:
            avatar_id = await uow.avatars.id_for_job(job_id)
            if avatar_id is None:
                raise JobNotFound(f"job {job_id} not found", field="jobId")
            try:
                avatar = await load_readable(uow, avatar_id, viewer)
            except AvatarNotFound:
                raise JobNotFound(f"job {job_id} not found", field="jobId") from None
        return job_view(avatar)
