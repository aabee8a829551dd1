"""REST clients see how far processing is: GET avatar carries ``processing`` while it runs and
``processingTime`` once done; creates and regenerations answer a job id that
GET /api/v1/jobs/{jobId} follows (the seed guide's polling)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.live_service import API, MEASURED, LiveService, live_service


@pytest.fixture
def service(tmp_path: Path) -> Iterator[LiveService]:
    yield from live_service(tmp_path)


def test_a_create_answers_its_job_and_the_avatar_shows_its_stage_until_it_completes(
    service: LiveService,
) -> None:
    owner = service.headers(uuid.uuid4())
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


def test_a_regeneration_answers_a_new_job_and_the_old_one_is_gone(service: LiveService) -> None:
    owner = service.headers(uuid.uuid4())
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


def test_a_copy_answers_its_job(service: LiveService) -> None:
    owner = service.headers(uuid.uuid4())
    body = service.client.post(API, json=MEASURED, headers=owner).json()
    copy = service.client.post(
        f"{API}/{body['id']}/duplicate", json={"name": "Copy"}, headers=owner
    )
    assert copy.status_code == 201
    assert copy.headers["location"] == f"/api/v1/jobs/{copy.json()['jobId']}"


def test_another_users_job_is_not_found_and_a_failed_job_says_why(service: LiveService) -> None:
    owner, stranger = service.headers(uuid.uuid4()), service.headers(uuid.uuid4())
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
