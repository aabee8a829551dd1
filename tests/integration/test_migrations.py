"""Migrations: every revision goes up and down cleanly, and head matches the code's schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.migrate import current_revision, downgrade, revisions, upgrade
from adapters.sqlalchemy.tables import metadata
from tests.support.postgres import fresh_database, postgres_server

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def empty_engine(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[AsyncEngine]:
    if request.param == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'stairs.db'}")
        yield engine
        await engine.dispose()
        return
    with postgres_server() as server, fresh_database(server) as url:
        engine = create_engine(url, pool_size=2)
        yield engine
        await engine.dispose()


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: sa.inspect(sync).get_table_names()))


async def test_the_stairway_up_and_down_every_revision(empty_engine: AsyncEngine) -> None:
    steps = revisions()
    assert steps[0] == "0001"
    previous = "base"
    for revision in steps:
        await upgrade(empty_engine, revision)
        assert await current_revision(empty_engine) == revision
        await downgrade(empty_engine, previous)
        await upgrade(empty_engine, revision)
        previous = revision
    await downgrade(empty_engine, "base")
    assert await _tables(empty_engine) <= {"alembic_version"}


async def test_the_migrated_schema_matches_the_tables_of_the_code(
    empty_engine: AsyncEngine,
) -> None:
    await upgrade(empty_engine)

    def differences(sync: sa.Connection) -> list[object]:
        context = MigrationContext.configure(sync, opts={"compare_type": False})
        return list(compare_metadata(context, metadata))

    async with empty_engine.connect() as connection:
        diff = await connection.run_sync(differences)
    assert diff == []
    assert {t.name for t in metadata.sorted_tables} <= await _tables(empty_engine)
