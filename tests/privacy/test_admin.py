"""The admin API (issue 16, item 7): any user's avatars, processing an avatar again, the
dead-letter queue read and replayed (in process, and on a Kafka-protocol broker)."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from litestar.testing import TestClient

from adapters.contract.messages import Topics, job_message
from adapters.kafka.dead_letters import KafkaDeadLetters
from adapters.memory.messaging import DeadLetter as QueuedDeadLetter
from application.ports import ProcessAvatarJob
from domain.access import Role
from entrypoints.container import Container
from entrypoints.http.app import create_app
from entrypoints.http.auth import issue_token
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.harness import container_for_tests, settings_for_tests
from tests.support.kafka import Broker

SECRET = "admin-tests-secret-of-at-least-32-bytes!!"
ALICE, ADMIN = uuid.uuid4(), uuid.uuid4()


class Api:
    def __init__(self, client: TestClient, container: Container) -> None:  # type: ignore[type-arg]
        self.client, self.container = client, container
        settings = container.settings()
        self.alice = {"Authorization": f"Bearer {issue_token(settings, ALICE, Role.USER)}"}
        self.admin = {"Authorization": f"Bearer {issue_token(settings, ADMIN, Role.ADMIN)}"}

    def completed_avatar(self, name: str) -> dict[str, Any]:
        body = {"name": name, "avatarType": "measurement_based", "measurements": SPEC_MEASUREMENTS}
        created = self.client.post("/api/v1/avatars", json=body, headers=self.alice).json()
        return self.wait(created["id"], "completed")

    def wait(self, avatar_id: str, status: str) -> dict[str, Any]:
        for _ in range(400):
            avatar = self.client.get(f"/api/v1/avatars/{avatar_id}", headers=self.alice).json()
            if avatar["status"] == status:
                return dict(avatar)
            time.sleep(0.025)
        raise AssertionError(f"avatar {avatar_id} never became {status}: {avatar}")


def _api(tmp_path: Path, run_workers: bool) -> Iterator[Api]:
    settings = settings_for_tests(
        {
            "AVATAR_DATA_DIR": str(tmp_path),
            "AVATAR_RUN_WORKERS": "true" if run_workers else "false",
            "AVATAR_JWT_SECRET": SECRET,
            "AVATAR_LOG_LEVEL": "CRITICAL",
        }
    )
    container = container_for_tests(settings=settings)
    with TestClient(app=create_app(container, migrate_on_start=False)) as client:
        yield Api(client, container)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from _api(tmp_path, run_workers=True)


def test_an_admin_lists_any_users_avatars_and_no_one_else_may(api: Api) -> None:
    mine = [api.completed_avatar(f"mine {n}")["id"] for n in range(3)]
    path = f"/api/v1/admin/users/{ALICE}/avatars"
    first = api.client.get(path, params={"limit": 2, "sort": "name"}, headers=api.admin).json()
    rest = api.client.get(
        path, params={"limit": 2, "sort": "name", "cursor": first["nextCursor"]}, headers=api.admin
    ).json()
    assert [a["name"] for a in first["items"] + rest["items"]] == ["mine 0", "mine 1", "mine 2"]
    assert sorted(a["id"] for a in first["items"] + rest["items"]) == sorted(mine)
    assert api.client.get(path, headers=api.alice).status_code == 403
    assert (
        api.client.get(f"/api/v1/admin/users/{uuid.uuid4()}/avatars", headers=api.admin).json()[
            "items"
        ]
        == []
    )


def test_an_admin_processes_an_avatar_again_and_its_job_can_be_polled(api: Api) -> None:
    avatar = api.completed_avatar("again")
    versions = len(
        api.client.get(f"/api/v1/avatars/{avatar['id']}/versions", headers=api.alice).json()
    )
    path = f"/api/v1/admin/avatars/{avatar['id']}/reprocess"
    assert api.client.post(path, headers=api.alice).status_code == 403
    started = api.client.post(path, headers=api.admin)
    assert started.status_code == 202, started.text
    job_id = started.json()["jobId"]
    assert started.headers["location"] == f"/api/v1/jobs/{job_id}"
    assert job_id != avatar.get("jobId")
    api.wait(avatar["id"], "completed")
    job = api.client.get(f"/api/v1/jobs/{job_id}", headers=api.alice).json()
    assert (job["status"], job["avatarId"]) == ("completed", avatar["id"])
    after = api.client.get(f"/api/v1/avatars/{avatar['id']}/versions", headers=api.alice).json()
    assert len(after) > versions  # the run recorded its fit as a version
    missing = api.client.post(f"/api/v1/admin/avatars/{uuid.uuid4()}/reprocess", headers=api.admin)
    assert missing.status_code == 404


def test_reprocessing_a_run_still_waiting_sends_its_job_once(tmp_path: Path) -> None:
    """No worker runs: the avatar stays processing with its job in the outbox. Asking again
    (twice) answers that job, and the outbox holds it once (it was a 500 found by schemathesis:
    the job's message stored a second time under its own id)."""
    for api in _api(tmp_path, run_workers=False):
        body = {
            "name": "stuck",
            "avatarType": "measurement_based",
            "measurements": SPEC_MEASUREMENTS,
        }
        created = api.client.post("/api/v1/avatars", json=body, headers=api.alice)
        assert created.status_code == 201, created.text
        avatar = created.json()
        path = f"/api/v1/admin/avatars/{avatar['id']}/reprocess"
        answers = [api.client.post(path, headers=api.admin) for _ in range(2)]
        assert [a.status_code for a in answers] == [202, 202], answers[-1].text
        assert {a.json()["jobId"] for a in answers} == {avatar["jobId"]}

        async def waiting(api: Api = api) -> list[str]:
            async with api.container.uow_factory()() as uow:
                return [str(m.id) for m in await uow.outbox.unsent(100)]

        assert asyncio.run(waiting()).count(avatar["jobId"]) == 1


def test_dead_letters_in_process_are_read_and_replayed_by_admins(tmp_path: Path) -> None:
    for api in _api(tmp_path, run_workers=False):
        queue = api.container.job_queue()
        job = ProcessAvatarJob(uuid.uuid4(), uuid.uuid4(), "created")
        queue.dead_letters.append(QueuedDeadLetter(job, 3, "RuntimeError('the GPU fell over')"))
        listed = api.client.get("/api/v1/admin/dead-letters", headers=api.admin).json()["items"]
        assert [(d["id"], d["jobId"], d["attempts"]) for d in listed] == [("0", str(job.id), 3)]
        assert "GPU" in listed[0]["error"]
        assert api.client.get("/api/v1/admin/dead-letters", headers=api.alice).status_code == 403
        replayed = api.client.post("/api/v1/admin/dead-letters/0/replay", headers=api.admin)
        assert replayed.status_code == 202 and replayed.json()["jobId"] == str(job.id)
        assert queue.pending() == 1
        for letter_id in ("1", "x"):
            missing = api.client.post(
                f"/api/v1/admin/dead-letters/{letter_id}/replay", headers=api.admin
            )
            assert missing.status_code == 404


@pytest.mark.kafka
async def test_the_dead_letter_topic_is_read_and_a_letter_replayed_as_a_first_attempt(
    kafka: Broker,
) -> None:
    topics = Topics.with_prefix(f"dlq-{uuid.uuid4().hex[:6]}.")
    kafka.create_topics([topics.jobs, topics.jobs_dead_letter], partitions=1)
    jobs = [ProcessAvatarJob(uuid.uuid4(), uuid.uuid4(), "created") for _ in range(3)]
    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap)
    await producer.start()
    try:
        for number, job in enumerate(jobs):
            message = job_message(job, _now())
            await producer.send_and_wait(
                topics.jobs_dead_letter,
                value=message.payload,
                key=str(job.avatar_id).encode(),
                headers=[
                    ("ce_id", str(job.id).encode()),
                    ("x-attempt", b"3"),
                    ("x-error", f"ValueError: failure {number}".encode()),
                    ("x-original-topic", topics.jobs_retry.encode()),
                ],
            )
    finally:
        await producer.stop()
    letters = KafkaDeadLetters(kafka.bootstrap, topics)
    listed = await letters.list(10)
    assert [(d.id, d.job, d.attempts) for d in listed] == [
        (f"0-{n}", job, 3) for n, job in enumerate(jobs)
    ]
    assert listed[2].error == "ValueError: failure 2" and listed[0].failed_at is not None
    assert [d.id for d in await letters.list(2)] == ["0-0", "0-1"]

    replayed = await letters.replay("0-1")
    assert replayed.job == jobs[1]
    consumer = AIOKafkaConsumer(
        topics.jobs, bootstrap_servers=kafka.bootstrap, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        record = await asyncio.wait_for(consumer.getone(), timeout=30)
    finally:
        await consumer.stop()
    headers = dict(record.headers)
    assert "x-attempt" not in headers and "x-error" not in headers
    assert headers["ce_id"] == str(jobs[1].id).encode()
    assert json.loads(record.value or b"{}")["avatarId"] == str(jobs[1].avatar_id)
    for unknown in ("0-99", "7-0", "nonsense"):
        with pytest.raises(LookupError):
            await letters.replay(unknown)
    assert len(await letters.list(10)) == 3  # a replayed letter stays in the topic


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)
