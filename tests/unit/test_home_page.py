"""The page at / is served with a policy that lets its own scripts run and nothing else, and
the development sign-in it uses exists in the embedded profile only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from entrypoints.http.auth import TokenVerifier
from entrypoints.http.home import home_routes, page_policy
from entrypoints.settings import load_settings
from tests.support.harness import TEST_JWT_SECRET, http_client_for_tests


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    yield from http_client_for_tests(tmp_path)


def test_the_page_and_its_script_are_served_with_the_pages_own_policy(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'id="dev-sign-in"' in page.text
    policy = page.headers["content-security-policy"]
    assert policy == page_policy()
    assert "script-src 'self' 'sha256-" in policy  # the inline import map, by hash
    assert "frame-ancestors 'none'" in policy
    script = client.get("/app/static/app.js")
    assert script.status_code == 200
    assert "new WebSocket" in script.text
    assert client.get("/app/static/body.js").status_code == 200


def test_a_development_token_signs_in_as_the_same_user_again(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    first = client.post("/dev/token", json={}).json()
    again = client.post("/dev/token", json={"userId": first["userId"]}).json()
    assert again["userId"] == first["userId"]
    verifier = TokenVerifier(load_settings({"AVATAR_JWT_SECRET": TEST_JWT_SECRET}))
    assert str(verifier.verify(again["token"]).user_id) == first["userId"]
    listed = client.get("/api/v1/avatars", headers={"Authorization": f"Bearer {again['token']}"})
    assert listed.status_code == 200
    refused = client.post("/dev/token", json={"userId": "nope"})
    assert refused.status_code == 422
    assert refused.json()["field"] == "userId"


def test_production_gives_no_development_token() -> None:
    settings = load_settings({"AVATAR_PROFILE": "production", "AVATAR_JWT_SECRET": "x" * 40})
    with TestClient(app=Litestar(route_handlers=home_routes(settings))) as client:
        answer = client.post("/dev/token", json={"userId": str(uuid.uuid4())})
    assert answer.status_code == 404
