"""A query parameter that the document gives one value is refused when sent twice (issue 18):
Litestar would read one of the values and answer as if the other had not been sent."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from domain.access import Role
from entrypoints.http.auth import issue_token
from entrypoints.settings import load_settings
from tests.support.harness import TEST_JWT_SECRET, http_client_for_tests


@pytest.fixture
def admin(tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    for client in http_client_for_tests(tmp_path):
        settings = load_settings({"AVATAR_JWT_SECRET": TEST_JWT_SECRET})
        token = issue_token(settings, uuid.uuid4(), Role.ADMIN)
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


@pytest.mark.parametrize(
    "query",
    [
        "until=2026-01-01T00:00:00Z&until=2026-02-01T00:00:00Z",
        "limit=5&since=1&limit=6",
        "until=null&until=null",
    ],
)
def test_a_repeated_single_valued_parameter_is_a_400_naming_it(
    admin: TestClient,  # type: ignore[type-arg]
    query: str,
) -> None:
    response = admin.get(f"/api/v1/admin/audit-log?{query}")
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["title"] == "Invalid query"
    assert problem["field"] in ("until", "limit") and "one value" in problem["detail"]


def test_one_value_each_is_read_and_other_routes_are_untouched(
    admin: TestClient,  # type: ignore[type-arg]
) -> None:
    assert admin.get("/api/v1/admin/audit-log?since=1&until=null&limit=5").status_code == 200
    assert admin.get("/api/v1/avatars?limit=5&sort=name").status_code == 200
    assert admin.get("/api/v1/avatars?limit=5&limit=6").status_code == 400
    assert admin.get("/health?x=1&x=2").status_code == 200  # not a documented parameter
