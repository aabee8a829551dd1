"""GraphQL's DataLoaders on SQL: a page of 100 avatars with their measurements, body analysis
and model files costs a bounded number of statements, not one or more per avatar."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from litestar.testing import TestClient

from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from application.create_avatar import CreateAvatarCommand
from domain.access import Role, Viewer
from domain.avatar import AvatarType
from domain.model_file import GenerationMethod, LodLevel, ModelFile, ModelFormat
from entrypoints.http.app import create_app
from entrypoints.http.auth import issue_token
from tests.support.encryption import envelope_for_tests
from tests.support.harness import TEST_JWT_SECRET, container_for_tests, settings_for_tests

AVATARS = 100
MEASUREMENTS = {
    "height": 175.0,
    "weight": 70.0,
    "chest": 95.0,
    "waist": 80.0,
    "hips": 100.0,
    "shoulderWidth": 45.0,
    "armLength": 60.0,
    "inseam": 78.0,
    "neckCircumference": 38.0,
}
PAGE = """{ avatars(pagination: {limit: 100}) { items {
  id name
  measurements { height waist hips confidenceScores }
  bodyAnalysis { bodyType bodyTypeConfidence waistToHipRatio }
  models { format lodLevel fileSize downloadUrl }
} pageInfo { hasNextPage } } }"""


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, *args: Any) -> None:
        statement = " ".join(str(args[2]).split())
        # Reads and writes of the query; the relay polls the outbox on its own beside it, and
        # transaction statements (BEGIN) are SQLite's, counted by neither.
        if "outbox" not in statement and statement.split(" ")[0] not in ("BEGIN", "COMMIT"):
            self.statements.append(statement[:120])


@pytest.fixture
async def factory(tmp_path: Path) -> AsyncIterator[SqlUnitOfWorkFactory]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'graphql.db'}")
    await upgrade(engine)
    yield SqlUnitOfWorkFactory(engine, envelope_for_tests())
    await engine.dispose()


@pytest.fixture
def client(factory: SqlUnitOfWorkFactory, tmp_path: Path) -> Iterator[tuple[TestClient, Any]]:  # type: ignore[type-arg]
    settings = settings_for_tests(
        {
            "AVATAR_DATA_DIR": str(tmp_path),
            "AVATAR_RUN_WORKERS": "false",
            "AVATAR_JWT_SECRET": TEST_JWT_SECRET,
            "AVATAR_LOG_LEVEL": "WARNING",
            # The sweep and the photo expiry would read the same database at any moment
            # (once failed this test with a SELECT of photo_uploads): only the query counts.
            "AVATAR_PHOTO_EXPIRY_INTERVAL_S": "0",
            "AVATAR_BLOB_SWEEP_INTERVAL_S": "0",
        }
    )
    container = container_for_tests(settings=settings, uow_factory=factory)
    with TestClient(app=create_app(container, migrate_on_start=False)) as test_client:
        yield test_client, container


async def test_a_page_of_100_avatars_with_everything_costs_a_bounded_number_of_statements(
    client: tuple[TestClient, Any],  # type: ignore[type-arg]
    factory: SqlUnitOfWorkFactory,
) -> None:
    test_client, container = client
    owner = Viewer(user_id=uuid.uuid4(), role=Role.ADMIN)
    create = container.create_avatar()
    now = datetime(2026, 12, 5, tzinfo=UTC)
    for number in range(AVATARS):
        avatar = await create(
            CreateAvatarCommand(
                viewer=owner,
                name=f"avatar {number}",
                avatar_type=AvatarType.MEASUREMENT_BASED,
                measurements=MEASUREMENTS,
                auto_process=False,
            )
        )
        async with factory() as uow:
            await uow.model_files.add(
                ModelFile(
                    id=uuid.uuid4(),
                    avatar_id=avatar.id,
                    format=ModelFormat.GLB,
                    lod_level=LodLevel.MOBILE,
                    file_size=1000 + number,
                    storage_key=f"models/{avatar.id}.glb",
                    storage_bucket="memory",
                    vertex_count=500,
                    face_count=1000,
                    texture_count=0,
                    generation_method=GenerationMethod.PARAMETRIC,
                    created_at=now,
                )
            )
            await uow.commit()

    counter = StatementCounter()
    sa.event.listen(factory.engine.sync_engine, "before_cursor_execute", counter)
    token = issue_token(container.settings(), owner.user_id, Role.ADMIN)
    answer = test_client.post(
        "/graphql", json={"query": PAGE}, headers={"Authorization": f"Bearer {token}"}
    )
    sa.event.remove(factory.engine.sync_engine, "before_cursor_execute", counter)

    body = answer.json()
    assert "errors" not in body, body
    items = body["data"]["avatars"]["items"]
    assert len(items) == AVATARS
    assert all(i["measurements"]["height"] == 175 and i["bodyAnalysis"] for i in items)
    assert sorted(i["models"][0]["fileSize"] for i in items) == list(range(1000, 1100))
    # The page, then one read of the avatars (with profiles and analyses) and one of their
    # model files. Read one by one, it would be 200 more.
    assert len(counter.statements) == 3, counter.statements
