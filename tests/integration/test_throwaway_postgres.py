"""On a machine without a PostgreSQL server the tests start their own: prove that path works."""

from __future__ import annotations

import pytest

from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.migrate import current_revision, revisions, upgrade
from tests.support.postgres import find_binary, fresh_database, throwaway_cluster
from tests.support.tools import missing_tool_reason

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.mark.skipif(
    find_binary("initdb") is None,
    reason=missing_tool_reason("initdb", "no cluster was made", "apt-get install postgresql"),
)
async def test_a_throwaway_cluster_starts_migrates_and_stops() -> None:
    with throwaway_cluster() as server, fresh_database(server) as url:
        engine = create_engine(url, pool_size=1)
        try:
            await upgrade(engine)
            assert await current_revision(engine) == revisions()[-1]
        finally:
            await engine.dispose()
