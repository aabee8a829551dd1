"""PostgreSQL-specific guarantees: concurrent writers and the constraints of the schema."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.tables import avatars
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from adapters.system.clock_and_ids import SystemClock, UuidGenerator
from application.create_avatar import CreateAvatarCommand
from domain.access import Viewer
from domain.avatar import AvatarType
from domain.errors import AvatarNameTaken
from tests.support.bodies import anny_body_model
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.encryption import envelope_for_tests
from tests.support.harness import container_for_tests

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture
async def factory(postgres_url: str) -> AsyncIterator[SqlUnitOfWorkFactory]:
    engine = create_engine(postgres_url, pool_size=10)
    await upgrade(engine)
    yield SqlUnitOfWorkFactory(engine, envelope_for_tests())
    await engine.dispose()


async def test_concurrent_creates_with_one_name_store_exactly_one(
    factory: SqlUnitOfWorkFactory,
) -> None:
    create = container_for_tests(
        uow_factory=factory, clock=SystemClock(), ids=UuidGenerator(), body_model=anny_body_model()
    ).create_avatar()
    viewer = Viewer(uuid.uuid4())
    command = CreateAvatarCommand(
        viewer=viewer,
        name="Race",
        measurements=SPEC_MEASUREMENTS,
        avatar_type=AvatarType.MEASUREMENT_BASED,
    )
    results = await asyncio.gather(*(create(command) for _ in range(8)), return_exceptions=True)
    failures = [r for r in results if isinstance(r, Exception)]
    assert len(results) - len(failures) == 1
    assert all(isinstance(f, AvatarNameTaken) for f in failures)
    async with factory() as uow:
        assert await uow.avatars.count_for_user(viewer.user_id) == 1


async def test_the_database_refuses_values_the_domain_would_refuse(
    factory: SqlUnitOfWorkFactory,
) -> None:
    row = {
        "id": uuid.uuid4(),
        "user_id": uuid.uuid4(),
        "name": "x",
        "avatar_type": "robot",
        "status": "draft",
        "created_at": sa.func.now(),
        "updated_at": sa.func.now(),
        "visibility": "private",
        "shared_with": [],
        "tags": [],
    }
    with pytest.raises(IntegrityError, match="avatar_type"):
        async with factory.engine.begin() as connection:
            await connection.execute(avatars.insert().values(row))
