"""The HTTP app over the test container, in this process, with its job queue worked by hand
and a body model whose fits wait at a gate: processing held mid-stage, for the job polling,
WebSocket and GraphQL tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from pathlib import Path

from litestar.testing import TestClient

from domain.access import Role
from entrypoints.container import Container
from entrypoints.http.app import create_app
from entrypoints.http.auth import issue_token
from tests.support.gated import GatedBodyModel
from tests.support.harness import TEST_JWT_SECRET, container_for_tests, settings_for_tests

API = "/api/v1/avatars"
MEASURED = {
    "name": "Polled",
    "avatarType": "measurement_based",
    "measurements": {
        "height": 175,
        "weight": 70,
        "chest": 95,
        "waist": 80,
        "hips": 100,
        "shoulderWidth": 45,
        "armLength": 60,
        "inseam": 78,
        "neckCircumference": 38,
    },
}


class LiveService:
    def __init__(self, client: TestClient, container: Container, body_model: GatedBodyModel):  # type: ignore[type-arg]
        self.client, self.container, self.body_model = client, container, body_model

    def token(self, user: uuid.UUID, ttl_s: int = 3600) -> str:
        return issue_token(self.container.settings(), user, Role.USER, ttl_s=ttl_s)

    def headers(self, user: uuid.UUID) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user)}"}

    def start_next_job(self) -> Future[None]:
        """Relay the outbox and start the next queued job; returns its future."""

        async def run() -> None:
            while await self.container.relay()():
                pass
            job = await self.container.job_queue().next_job()
            await self.container.process_avatar()(job)

        return self.client.blocking_portal.start_task_soon(run)


def live_service(
    tmp_path: Path, environ: Mapping[str, str] | None = None, **overrides: object
) -> Iterator[LiveService]:
    settings = settings_for_tests(
        {
            "AVATAR_DATA_DIR": str(tmp_path),
            "AVATAR_RUN_WORKERS": "false",
            "AVATAR_JWT_SECRET": TEST_JWT_SECRET,
            "AVATAR_LOG_LEVEL": "WARNING",
            "AVATAR_RELAY_INTERVAL_S": "0.01",
            **(environ or {}),
        }
    )
    body_model = GatedBodyModel()
    container = container_for_tests(settings=settings, body_model=body_model, **overrides)  # type: ignore[arg-type]
    with TestClient(app=create_app(container, migrate_on_start=False)) as client:
        try:
            yield LiveService(client, container, body_model)
        finally:
            body_model.gate.set()
