"""One job queue, several kinds of background work: each job goes to the use case of its reason."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from application.ports import ProcessAvatarJob

JobHandler = Callable[[ProcessAvatarJob], Awaitable[None]]


class JobRouter:
    def __init__(self, default: JobHandler, by_reason: Mapping[str, JobHandler]) -> None:
        self._default, self._by_reason = default, dict(by_reason)

    async def __call__(self, job: ProcessAvatarJob) -> None:
        """Run the handler registered for ``job.reason``, else the default one."""
        await self._by_reason.get(job.reason, self._default)(job)
