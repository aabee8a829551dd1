"""REST clients see how far processing is: GET avatar carries ``processing`` while it runs and
``processingTime`` once done; creates and regenerations answer a job id that
GET /api/v1/jobs/{jobId} follows (the seed guide's polling)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
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


class Service:
    """The HTTP app over the test container, with its job queue worked by hand."""

    def __init__(self, client: TestClient, container: Container, body_model: GatedBodyModel):  # type: ignore[type-arg]
        self.client, self.container, self.body_model = client, container, body_model

    def token(self, user: uuid.UUID) -> dict[str, str]:
        token = issue_token(self.container.settings(), user, Role.USER)
        return {"Authorization": f"Bearer {token}"}

    def start_next_job(self) -> Future[None]:
        """Relay the outbox and start the next queued job; returns its future."""

        async def run() -> None:
            while await self.container.relay()():
                pass
            job = await self.container.job_queue().next_job()
            await self.container.process_avatar()(job)

        return self.client.blocking_portal.start_task_soon(run)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    settings = settings_for_tests(
        {
            "AVATAR_DATA_DIR": str(tmp_path),
            "AVATAR_RUN_WORKERS": "false",
            "AVATAR_JWT_SECRET": TEST_JWT_SECRET,
            "AVATAR_LOG_LEVEL": "WARNING",
        }
    )
    body_model = GatedBodyModel()
    container = container_for_tests(settings=settings, body_model=body_model)
    with TestClient(app=create_app(container, migrate_on_start=False)) as client:
        yield Service(client, container, body_model)
        body_model.gate.set()


def test_a_create_answers_its_job_and_the_avatar_shows_its_stage_until_it_completes(
    service: Service,
) -> None:
    owner = service.token(uuid.uuid4())
    created = service.client.post(API, json=MEASURED, headers=owner)
    assert created.status_code == 201, created.text
    body = created.json()
    job_id = body["jobId"]
    assert created.headers["location"] == f"/api/v1/jobs/{job_id}"
    assert body["processing"]["stage"] == "queued"
    assert body["processing"]["progress"] == 0

    job = service.client.get(f"/api/v1/jobs/{job_id}", headers=owner).json()
    assert job == {
        "jobId": job_id,
        "avatarId": body["id"],
        "status": "pending",
        "stage": "queued",
        "progressPercent": 0,
        "error": None,
        "retryable": None,
    }

    running = service.start_next_job()
    assert service.body_model.fitting.wait(10)
    avatar = service.client.get(f"{API}/{body['id']}", headers=owner).json()
    assert avatar["status"] == "processing"
    processing: dict[str, Any] = avatar["processing"]
    assert processing["stage"] == "measurement_fitting"
    assert processing["progress"] == 10
    assert processing["message"] == "Fitting the body model to the measurements..."
    assert processing["startedAt"] == body["processingStartedAt"]
    assert "processingTime" not in avatar or avatar["processingTime"] is None
    job = service.client.get(f"/api/v1/jobs/{job_id}", headers=owner).json()
    assert (job["status"], job["stage"], job["progressPercent"]) == (
        "processing",
        "measurement_fitting",
        10,
    )

    service.body_model.gate.set()
    running.result(timeout=30)
    avatar = service.client.get(f"{API}/{body['id']}", headers=owner).json()
    assert avatar["status"] == "completed"
    assert avatar["processing"] is None
    assert avatar["processingTime"] > 0
    job = service.client.get(f"/api/v1/jobs/{job_id}", headers=owner).json()
    assert (job["status"], job["stage"], job["progressPercent"]) == ("completed", None, 100)


def test_a_regeneration_answers_a_new_job_and_the_old_one_is_gone(service: Service) -> None:
    owner = service.token(uuid.uuid4())
    service.body_model.gate.set()
    body = service.client.post(API, json=MEASURED, headers=owner).json()
    service.start_next_job().result(timeout=30)

    updated = service.client.put(
        f"{API}/{body['id']}/measurements",
        json={"measurements": {"waist": 78}, "regenerateModel": True},
        headers=owner,
    )
    assert updated.status_code == 200, updated.text
    new_job = updated.json()["jobId"]
    assert new_job != body["jobId"]
    assert updated.headers["location"] == f"/api/v1/jobs/{new_job}"
    assert service.client.get(f"/api/v1/jobs/{new_job}", headers=owner).json()["status"] == (
        "pending"
    )
    gone = service.client.get(f"/api/v1/jobs/{body['jobId']}", headers=owner)
    assert gone.status_code == 404
    assert gone.headers["content-type"].startswith("application/problem+json")

    kept = service.client.put(
        f"{API}/{body['id']}/measurements",
        json={"measurements": {"waist": 79}, "regenerateModel": False},
        headers=owner,
    )
    assert kept.json()["jobId"] is None
    assert "location" not in kept.headers


def test_a_copy_answers_its_job(service: Service) -> None:
    owner = service.token(uuid.uuid4())
    body = service.client.post(API, json=MEASURED, headers=owner).json()
    copy = service.client.post(
        f"{API}/{body['id']}/duplicate", json={"name": "Copy"}, headers=owner
    )
    assert copy.status_code == 201
    assert copy.headers["location"] == f"/api/v1/jobs/{copy.json()['jobId']}"


def test_another_users_job_is_not_found_and_a_failed_job_says_why(service: Service) -> None:
    owner, stranger = service.token(uuid.uuid4()), service.token(uuid.uuid4())
    body = service.client.post(API, json=MEASURED, headers=owner).json()
    refused = service.client.get(f"/api/v1/jobs/{body['jobId']}", headers=stranger)
    assert refused.status_code == 404
    assert refused.json()["detail"] == f"job {body['jobId']} not found"
    unknown = service.client.get(f"/api/v1/jobs/{uuid.uuid4()}", headers=owner)
    assert unknown.status_code == 404
    assert service.client.get("/api/v1/jobs/not-a-uuid", headers=owner).status_code == 404
    assert service.client.get(f"/api/v1/jobs/{body['jobId']}").status_code == 401

    async def fail() -> None:
        async with service.container.uow_factory()() as uow:
            avatar = await uow.avatars.get(uuid.UUID(body["id"]), for_update=True)
            assert avatar is not None
            avatar.fail(service.container.clock().now(), error="no body", retryable=True)
            await uow.avatars.update(avatar)
            await uow.commit()

    service.client.blocking_portal.call(fail)
    job = service.client.get(f"/api/v1/jobs/{body['jobId']}", headers=owner).json()
    assert (job["status"], job["error"], job["retryable"]) == ("failed", "no body", True)
