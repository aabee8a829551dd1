"""Every use case wired to the given ports, with the embedded messaging: what the container
does, for tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.memory.blob_store import MemoryBlobStore
from adapters.memory.clock_and_ids import ManualClock, SequentialIds
from adapters.memory.messaging import InProcessEventBus, InProcessJobQueue, InProcessPublisher
from application.create_avatar import CreateAvatar
from application.manage_avatar import DeleteAvatar, DuplicateAvatar, UpdateAvatar
from application.measurements import CheckMeasurements, GetMeasurements, UpdateMeasurements
from application.model_files import GenerateModelFiles
from application.ports import BodyModel, UnitOfWorkFactory
from application.process_avatar import ProcessAvatar
from application.query_avatars import GetAvatar, ListAvatars
from application.relay import RelayOutbox
from application.versions import CompareAvatars, ExportAvatar, ListVersions

EVENT = "com.perfit.avatar.{}.v1"


@dataclass
class Harness:
    uow_factory: UnitOfWorkFactory
    clock: ManualClock = field(default_factory=ManualClock)
    ids: SequentialIds = field(default_factory=SequentialIds)
    events: InProcessEventBus = field(default_factory=InProcessEventBus)
    jobs: InProcessJobQueue = field(default_factory=InProcessJobQueue)
    blobs: MemoryBlobStore = field(default_factory=MemoryBlobStore)
    # The real anny body model (built once per session); model files only when asked for.
    body_model: BodyModel | None = None
    generate_models: GenerateModelFiles | None = None

    def __post_init__(self) -> None:
        u, c, i = self.uow_factory, self.clock, self.ids
        if self.body_model is None:
            from tests.support.bodies import anny_body_model

            self.body_model = anny_body_model()
        self.check_measurements = CheckMeasurements(self.body_model)
        self.create_avatar = CreateAvatar(u, c, i, self.check_measurements)
        self.get_avatar = GetAvatar(u)
        self.list_avatars = ListAvatars(u)
        self.update_avatar = UpdateAvatar(u, c)
        self.delete_avatar = DeleteAvatar(u, c, self.blobs)
        self.duplicate_avatar = DuplicateAvatar(u, c, i)
        self.get_measurements = GetMeasurements(u)
        self.update_measurements = UpdateMeasurements(u, c, i, self.check_measurements)
        self.list_versions = ListVersions(u)
        self.compare_avatars = CompareAvatars(u)
        self.export_avatar = ExportAvatar(u)
        self.process_avatar = ProcessAvatar(u, c, i, self.body_model, self.generate_models)
        self.relay = RelayOutbox(u, InProcessPublisher(self.events, self.jobs), c)

    async def flush(self) -> None:
        """Relay every committed outbox message to the bus and the job queue."""
        while await self.relay():
            pass

    async def pending_jobs(self) -> int:
        await self.flush()
        return self.jobs.pending()

    async def run_jobs(self) -> int:
        """Process every committed job now (and the jobs they cause); returns how many ran."""
        count = 0
        while await self.pending_jobs():
            await self.process_avatar(await self.jobs.next_job())
            count += 1
        await self.flush()
        return count

    async def event_names(self) -> list[str]:
        """The short names (``created``, ``completed``...) of the events published so far."""
        await self.flush()
        return [
            m.type.removeprefix("com.perfit.avatar.").removesuffix(".v1")
            for m in self.events.published
        ]
