"""Job polling, as the seed guide's clients expect it: GET /api/v1/jobs/{jobId}."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get
from litestar.params import FromPath

from application.job_status import GetJob
from domain.access import Viewer
from entrypoints.http import schemas
from entrypoints.http.injection import Injected


def job_location(job_id: UUID) -> str:
    """Where a client polls a processing run (the ``Location`` of what started it)."""
    return f"/api/v1/jobs/{job_id}"


class JobController(Controller):
    path = "/api/v1/jobs"
    tags = ["jobs"]
    security = [{"BearerToken": []}]

    @get(
        "/{job_id:uuid}",
        summary="Where a processing run is (job polling)",
        description=(
            "Every create and every regeneration of an avatar answers a jobId (and a Location "
            "header naming this path). 404 when no avatar you may read runs that job, or a "
            "newer run of its avatar replaced it (then GET the avatar). Live updates: the "
            "WebSocket at /api/v1/ws."
        ),
    )
    async def get_job(
        self, job_id: FromPath[UUID], viewer: Injected[Viewer], get_job: Injected[GetJob]
    ) -> schemas.JobBody:
        return schemas.job_body(await get_job(viewer, job_id))
