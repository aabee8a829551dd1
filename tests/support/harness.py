"""Every use case wired to the given ports: what the container does, for tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.memory.blob_store import MemoryBlobStore
from adapters.memory.clock_and_ids import ManualClock, SequentialIds
from adapters.memory.messaging import InProcessEventBus, InProcessJobQueue
from application.create_avatar import CreateAvatar
from application.manage_avatar import DeleteAvatar, DuplicateAvatar, UpdateAvatar
from application.measurements import GetMeasurements, UpdateMeasurements
from application.ports import UnitOfWorkFactory
from application.process_avatar import ProcessAvatar
from application.query_avatars import GetAvatar, ListAvatars
from application.versions import CompareAvatars, ExportAvatar, ListVersions


@dataclass
class Harness:
    uow_factory: UnitOfWorkFactory
    clock: ManualClock = field(default_factory=ManualClock)
    ids: SequentialIds = field(default_factory=SequentialIds)
    events: InProcessEventBus = field(default_factory=InProcessEventBus)
    jobs: InProcessJobQueue = field(default_factory=InProcessJobQueue)
    blobs: MemoryBlobStore = field(default_factory=MemoryBlobStore)

    def __post_init__(self) -> None:
        u, c, i, e, j = self.uow_factory, self.clock, self.ids, self.events, self.jobs
        self.create_avatar = CreateAvatar(u, c, i, e, j)
        self.get_avatar = GetAvatar(u)
        self.list_avatars = ListAvatars(u)
        self.update_avatar = UpdateAvatar(u, c, e)
        self.delete_avatar = DeleteAvatar(u, c, e, self.blobs)
        self.duplicate_avatar = DuplicateAvatar(u, c, i, e, j)
        self.get_measurements = GetMeasurements(u)
        self.update_measurements = UpdateMeasurements(u, c, i, e, j)
        self.list_versions = ListVersions(u)
        self.compare_avatars = CompareAvatars(u)
        self.export_avatar = ExportAvatar(u)
        self.process_avatar = ProcessAvatar(u, c, i, e)

    async def run_jobs(self) -> int:
        """Process every queued job now; returns how many ran."""
        count = 0
        while self.jobs.pending():
            await self.process_avatar(await self.jobs.next_job())
            count += 1
        return count
