"""The application as ``serve`` builds it, for tests: the same container
(entrypoints/container.py) with the test profile's adapters swapped in.

The profile: memory persistence and blobs, a manual clock, sequential ids, the in-process
broker, no model files on processing, no photo measurement, and a light body model (the
synthetic figure) unless a test passes anny. Any other provider is swapped by name:
``container_for_tests(person_detector=detector)``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dependency_injector import providers
from litestar.testing import TestClient

from adapters.memory.blob_store import MemoryBlobStore
from adapters.memory.clock_and_ids import ManualClock, SequentialIds
from adapters.memory.messaging import InProcessEventBus, InProcessJobQueue
from adapters.memory.state import MemoryUnitOfWorkFactory
from application.ports import BlobStore, BodyModel, Clock, IdGenerator, UnitOfWorkFactory
from application.process_avatar import NoShapeEstimator
from entrypoints.container import Container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings, load_settings
from tests.support.encryption import TEST_KEY_RING
from tests.support.figure import FigureBodyModel
from tests.support.processes import UNLIMITED

EVENT = "com.perfit.avatar.{}.v1"
TEST_JWT_SECRET = "the-test-profile-secret-of-at-least-32-bytes"

TEST_ENVIRONMENT = {
    "AVATAR_BLOB_STORE": "memory",
    "AVATAR_EVENT_BUS": "inprocess",
    "AVATAR_MALWARE_SCANNER": "none",
    "AVATAR_AUTO_MODEL_FORMATS": "",  # processing completes without files (NoModelFiles)
    "AVATAR_KEY_RING": TEST_KEY_RING,  # the key ring of the SQL fixtures (tests/conftest.py)
    **UNLIMITED,  # tests of the rate limits set their own (tests/privacy/test_rate_limits.py)
    # Tests write through units of work of their own, as another process would, but no event
    # follows to make a read cache forget: tests/unit/test_read_cache.py turns it on.
    "AVATAR_READ_CACHE": "off",
}


def settings_for_tests(environ: Mapping[str, str] | None = None) -> Settings:
    """The test profile's settings, with ``environ`` on top."""
    return load_settings({**TEST_ENVIRONMENT, **(environ or {})})


def container_for_tests(
    *,
    uow_factory: UnitOfWorkFactory | None = None,
    clock: Clock | None = None,
    ids: IdGenerator | None = None,
    blobs: BlobStore | None = None,
    body_model: BodyModel | None = None,
    settings: Settings | None = None,
    **overrides: object,
) -> Container:
    """The service's container with the test profile's adapters and ``overrides`` (provider
    name -> the object it then provides)."""
    clock = clock or ManualClock()
    container = Container(settings=settings or settings_for_tests())
    swapped: dict[str, object] = {
        # The stored units of work: the container's uow_factory wraps them (read cache).
        "stored_uow_factory": uow_factory or MemoryUnitOfWorkFactory(),
        "clock": clock,
        "ids": ids or SequentialIds(),
        "blobs": blobs or MemoryBlobStore(clock),
        "body_model": body_model or FigureBodyModel(),
        "shape_estimator": NoShapeEstimator(),
        **overrides,
    }
    for name, value in swapped.items():
        getattr(container, name).override(providers.Object(value))
    return container


def http_client_for_tests(data_dir: Path, **overrides: object) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """The HTTP app over ``container_for_tests(**overrides)`` in this process, no background
    workers; tokens are signed with ``TEST_JWT_SECRET``."""
    settings = settings_for_tests(
        {
            "AVATAR_DATA_DIR": str(data_dir),
            "AVATAR_RUN_WORKERS": "false",
            "AVATAR_JWT_SECRET": TEST_JWT_SECRET,
            "AVATAR_LOG_LEVEL": "WARNING",
        }
    )
    container = container_for_tests(settings=settings, **overrides)  # type: ignore[arg-type]
    with TestClient(app=create_app(container, migrate_on_start=False)) as client:
        yield client


@dataclass
class Harness:
    """The measurement lifecycle's use cases from ``container_for_tests``, and the broker's queue
    and bus to run jobs and read events."""

    uow_factory: UnitOfWorkFactory
    clock: ManualClock = field(default_factory=ManualClock)
    ids: SequentialIds = field(default_factory=SequentialIds)
    blobs: MemoryBlobStore | None = None
    body_model: BodyModel | None = None

    def __post_init__(self) -> None:
        self.container = container_for_tests(
            uow_factory=self.uow_factory,
            clock=self.clock,
            ids=self.ids,
            blobs=self.blobs,
            body_model=self.body_model,
        )
        c = self.container
        self.blobs = c.blobs()
        self.body_model = c.body_model()
        self.events: InProcessEventBus = c.event_bus()
        self.jobs: InProcessJobQueue = c.job_queue()
        self.check_measurements = c.check_measurements()
        self.create_avatar = c.create_avatar()
        self.get_avatar = c.get_avatar()
        self.list_avatars = c.list_avatars()
        self.update_avatar = c.update_avatar()
        self.delete_avatar = c.delete_avatar()
        self.duplicate_avatar = c.duplicate_avatar()
        self.get_measurements = c.get_measurements()
        self.update_measurements = c.update_measurements()
        self.list_versions = c.list_versions()
        self.compare_avatars = c.compare_avatars()
        self.export_avatar = c.export_avatar()
        self.export_user_data = c.export_user_data()
        self.erase_user_data = c.erase_user_data()
        self.process_avatar = c.process_avatar()
        self.relay = c.relay()

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
