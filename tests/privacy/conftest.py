"""The real app over the test profile's container (memory adapters), with tokens per user."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from domain.access import Role
from entrypoints.container import Container
from entrypoints.http.app import create_app
from entrypoints.http.auth import issue_token
from tests.support.harness import container_for_tests, settings_for_tests

API = "/api/v1/avatars"
MEASUREMENTS = {"height": 175, "weight": 70, "chest": 95, "waist": 80, "hips": 100}


@dataclass
class Api:
    client: TestClient  # type: ignore[type-arg]
    container: Container
    tokens: dict[uuid.UUID, str] = field(default_factory=dict)

    def token(self, user_id: uuid.UUID, role: Role = Role.USER) -> str:
        return issue_token(self.container.settings(), user_id, role)

    def call(
        self, method: str, path: str, user_id: uuid.UUID | None, role: Role = Role.USER, **kw: Any
    ) -> Any:
        headers = dict(kw.pop("headers", {}))
        if user_id is not None:
            headers["Authorization"] = f"Bearer {self.token(user_id, role)}"
        return self.client.request(method, path, headers=headers, **kw)

    def create_avatar(self, user_id: uuid.UUID, name: str = "mine", **preferences: Any) -> str:
        response = self.call(
            "POST",
            API,
            user_id,
            json={
                "name": name,
                "avatarType": "measurement_based",
                "measurements": MEASUREMENTS,
                "preferences": preferences,
            },
            headers={"X-Client-Id": "ios-app/3.2"},
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])


def make_api(tmp_path: Path, **overrides: object) -> Iterator[Api]:
    settings = settings_for_tests(
        {
            "AVATAR_DATA_DIR": str(tmp_path),
            "AVATAR_RUN_WORKERS": "false",
            "AVATAR_JWT_SECRET": "privacy-tests-secret-of-at-least-32-bytes",
            "AVATAR_LOG_LEVEL": "WARNING",
        }
    )
    container = container_for_tests(settings=settings, **overrides)  # type: ignore[arg-type]
    with TestClient(app=create_app(container, migrate_on_start=False)) as client:
        yield Api(client, container)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from make_api(tmp_path)
