"""A broker outage under load: the API keeps answering, the outbox grows, then drains in order."""

from __future__ import annotations

import asyncio
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from adapters.contract.messages import Topics
from adapters.kafka.cloudevents import header
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from domain.access import Role
from entrypoints.http.auth import issue_token
from entrypoints.settings import load_settings
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.kafka import Broker, read_topic
from tests.support.processes import free_port, service_command, service_environment

pytestmark = [pytest.mark.slow, pytest.mark.kafka, pytest.mark.postgres]


@pytest.fixture
def served(
    postgres_factory: SqlUnitOfWorkFactory, postgres_url: str, kafka: Broker, tmp_path: Path
) -> Iterator[tuple[str, dict[str, str], Topics]]:
    prefix = f"o{uuid.uuid4().hex[:8]}."
    topics = Topics.with_prefix(prefix)
    kafka.create_topics([topics.events, topics.jobs], partitions=3)
    port = free_port()
    environment = service_environment(
        AVATAR_DATABASE_URL=postgres_url,
        AVATAR_EVENT_BUS="kafka",
        AVATAR_KAFKA_BOOTSTRAP=kafka.bootstrap,
        AVATAR_KAFKA_TOPIC_PREFIX=prefix,
        AVATAR_DATA_DIR=str(tmp_path),
        AVATAR_JWT_SECRET="outage-test-secret",
        AVATAR_LOG_LEVEL="WARNING",
    )
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            service_command("serve", "--port", str(port)),
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        settings = load_settings({"AVATAR_JWT_SECRET": "outage-test-secret"})
        token = issue_token(settings, uuid.uuid4(), Role.PREMIUM)
        yield base, {"Authorization": f"Bearer {token}"}, topics
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not kafka.running:
            kafka.start()


async def test_the_api_answers_while_the_broker_is_down_and_the_outbox_drains_after(
    served: tuple[str, dict[str, str], Topics],
    kafka: Broker,
) -> None:
    if kafka.external:
        pytest.skip("an external broker is not stopped by the tests")
    base, headers, topics = served
    kafka.stop()
    ids: list[str] = []
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=10) as client:
        for number in range(10):
            response = await client.post(
                "/api/v1/avatars",
                json={
                    "name": f"outage {number}",
                    "avatarType": "measurement_based",
                    "measurements": SPEC_MEASUREMENTS,
                },
            )
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        listed = await client.get("/api/v1/avatars?limit=100")
        assert listed.status_code == 200 and len(listed.json()["items"]) == 10
        ready = (await client.get("/ready")).json()
        assert ready["status"] == "ready" and ready["outboxPending"] >= 30
        kafka.start()
        for _ in range(300):
            if (await client.get("/ready")).json()["outboxPending"] == 0:
                break
            await asyncio.sleep(0.2)
        assert (await client.get("/ready")).json()["outboxPending"] == 0
    by_avatar: dict[str, list[str | None]] = {}
    for record in await read_topic(kafka.bootstrap, topics.events, expected=30):
        key = (record.key or b"").decode()
        by_avatar.setdefault(key, []).append(header(list(record.headers), "ce_type"))
    for avatar_id in ids:
        assert by_avatar[avatar_id] == [
            "com.perfit.avatar.created.v1",
            "com.perfit.avatar.analysis_updated.v1",
            "com.perfit.avatar.processing.v1",
        ]
