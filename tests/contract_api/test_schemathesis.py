"""schemathesis over the whole OpenAPI document of a live server, every phase (issue 18).

What must hold: no server error for any input, every answer documented (status, media type,
body), no schema-valid request refused and no invalid one accepted: the run reports no failure
at all. Rules that need state or cross fields (an unfitted avatar, a photo's content, a signed
link's size) are the answers tests/contract_api/operations.py expects for schema-valid data
(docs/adr/0050-api-contract.md). Warnings (operations without test data) are printed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.access import Role
from tests.contract_api import schemathesis_run
from tests.contract_api.operations import (
    FITTED_OPERATIONS,
    Fitted,
    fitted_avatars,
    operation_settings,
)
from tests.e2e.conftest import LiveServer, embedded_settings, running_server

pytestmark = pytest.mark.slow


ADMIN = uuid.UUID("18181818-1818-4818-8818-181818181818")
NO_LIMITS = {f"AVATAR_RATE_LIMIT_{role}": "1000000" for role in ("USER", "PREMIUM", "ANONYMOUS")}


@pytest.fixture(scope="module")
def quiet_live(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, list[Fitted]]]:
    """The API with no background jobs and no effective rate limit, so the run measures the
    HTTP edge alone (the run checks the contract, not the limits, whose 429 is documented all
    the same); and fitted avatars with their model files, made first by the same data folder
    served with its worker, for the operations that need a fitted body."""
    data = tmp_path_factory.mktemp("contract-api")
    with running_server(embedded_settings(data, **NO_LIMITS)) as fitting:
        fitted = fitted_avatars(fitting.client(ADMIN, Role.ADMIN), len(FITTED_OPERATIONS))
    settings = embedded_settings(data, AVATAR_RUN_WORKERS="false", **NO_LIMITS)
    with running_server(settings) as server:
        yield server, fitted


@pytest.mark.anny
def test_schemathesis_finds_no_server_error_and_no_undocumented_answer(
    quiet_live: tuple[LiveServer, list[Fitted]], tmp_path: Path
) -> None:
    server, fitted = quiet_live
    admin = server.client(ADMIN, Role.ADMIN)
    document = admin.get("/schema/openapi.json").json()
    (tmp_path / "openapi.json").write_text(json.dumps(document))
    operations = operation_settings(
        document, admin, server.settings, server.token(uuid.uuid4()), fitted
    )
    config = schemathesis_run.write_config(tmp_path, operations)
    token = admin.headers["Authorization"].removeprefix("Bearer ")
    report = schemathesis_run.run(
        tmp_path / "openapi.json", server.base_url, token, config, tmp_path
    )
    print(
        f"schemathesis: {report.cases} cases, {len(report.failures)} kinds of failure, "
        f"{report.warning_count} warnings, {report.seconds:.1f} s; {report.warnings}"
    )
    assert report.cases > 1000
    assert not report.errors, report.output[-4000:]
    assert report.failures == [], report.output[-8000:]
