"""schemathesis over the whole OpenAPI document of a live server, every phase (issue 18).

What must hold: no server error for any input, every answer documented (status, media type,
body), no schema-valid request refused and no invalid one accepted. The last two are not all
true yet; ``NOT_YET`` lists what the run still reports, and the test fails when anything else
appears (docs/adr/0050-api-contract.md).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.access import Role
from tests.contract_api import schemathesis_run
from tests.contract_api.operations import operation_settings
from tests.e2e.conftest import LiveServer, embedded_settings, running_server

pytestmark = pytest.mark.slow

# Failure codes still reported, and by which operations (see the ADR's "Not yet").
NOT_YET = {
    # a repeated since/until is read as its last value, not refused
    "ST201": {"GET /api/v1/admin/audit-log"},
    # per-operation expected answers are not applied by schemathesis to every phase here
    "ST202": {
        "GET /api/v1/avatars/{avatar_id}/analysis",
        "GET /api/v1/avatars/{avatar_id}/size-recommendations",
        "POST /api/v1/avatars",
        "Stateful tests",
    },
}


@pytest.fixture(scope="module")
def quiet_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The API with no background jobs, so the run measures the HTTP edge alone."""
    settings = embedded_settings(
        tmp_path_factory.mktemp("contract-api"), AVATAR_RUN_WORKERS="false"
    )
    with running_server(settings) as server:
        yield server


def test_schemathesis_finds_no_server_error_and_no_undocumented_answer(
    quiet_live: LiveServer, tmp_path: Path
) -> None:
    admin = quiet_live.client(uuid.uuid4(), Role.ADMIN)
    document = admin.get("/schema/openapi.json").json()
    (tmp_path / "openapi.json").write_text(json.dumps(document))
    operations = operation_settings(
        document, admin, quiet_live.settings, quiet_live.token(uuid.uuid4())
    )
    config = schemathesis_run.write_config(tmp_path, operations)
    token = admin.headers["Authorization"].removeprefix("Bearer ")
    report = schemathesis_run.run(
        tmp_path / "openapi.json", quiet_live.base_url, token, config, tmp_path
    )
    print(
        f"schemathesis: {report.cases} cases, {len(report.failures)} kinds of failure, "
        f"{report.warning_count} warnings, {report.seconds:.1f} s"
    )
    assert report.cases > 1000
    assert not report.errors, report.output[-4000:]
    unexpected = {
        failure["code"]: set(failure["operations"]) - NOT_YET.get(failure["code"], set())
        for failure in report.failures
    }
    assert not any(unexpected.values()), report.output[-8000:]
