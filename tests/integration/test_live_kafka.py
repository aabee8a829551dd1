"""Live updates across processes, on the real broker: a WebSocket client of API process A sees
the progress of a job that the worker runs and that was started through API process B (each
API process reads the events topic in a consumer group of its own)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from adapters.contract.messages import Topics
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from domain.access import Role
from entrypoints.http.auth import issue_token
from entrypoints.settings import load_settings
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.kafka import Broker
from tests.support.processes import free_port, logged, service_command, service_environment

pytestmark = [pytest.mark.slow, pytest.mark.kafka, pytest.mark.postgres, pytest.mark.anny]
SECRET = "live-updates-test-secret-of-at-least-32-bytes"


@contextlib.contextmanager
def process(arguments: list[str], environment: dict[str, str], log: Path) -> Iterator[None]:
    with log.open("wb") as output:
        running = subprocess.Popen(
            service_command(*arguments), env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield
    finally:
        running.terminate()
        try:
            running.wait(timeout=30)
        except subprocess.TimeoutExpired:
            running.kill()


async def healthy(base: str, timeout_s: float = 120, path: str = "/health") -> None:
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(base_url=base, timeout=2) as client:
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(path)).status_code == 200:
                    return
            await asyncio.sleep(0.2)
    raise AssertionError(f"{base} did not answer {path} within {timeout_s} s")


async def test_a_client_on_one_api_process_sees_a_job_started_on_another_and_run_by_the_worker(
    postgres_factory: SqlUnitOfWorkFactory,
    postgres_url: str,
    kafka: Broker,
    tmp_path: Path,
) -> None:
    prefix = f"l{uuid.uuid4().hex[:8]}."
    topics = Topics.with_prefix(prefix)
    kafka.create_topics(
        [
            topics.events,
            topics.jobs,
            topics.jobs_retry,
            topics.jobs_dead_letter,
            topics.photo_jobs,
            topics.photo_jobs_retry,
        ],
        partitions=3,
    )
    environment = service_environment(
        AVATAR_DATABASE_URL=postgres_url,
        AVATAR_EVENT_BUS="kafka",
        AVATAR_KAFKA_BOOTSTRAP=kafka.bootstrap,
        AVATAR_KAFKA_TOPIC_PREFIX=prefix,
        AVATAR_KAFKA_GROUP_ID=f"g-{uuid.uuid4().hex}",
        AVATAR_KAFKA_SESSION_TIMEOUT_MS=str(kafka.group_timing()["session_timeout_ms"]),
        AVATAR_KAFKA_HEARTBEAT_INTERVAL_MS=str(kafka.group_timing()["heartbeat_interval_ms"]),
        AVATAR_DATA_DIR=str(tmp_path),
        AVATAR_JWT_SECRET=SECRET,
        AVATAR_AUTO_MODEL_FORMATS="glb",
        AVATAR_AUTO_MODEL_LEVELS="mobile",
        AVATAR_LOG_LEVEL="INFO",
    )
    port_a, port_b, port_worker = free_port(), free_port(), free_port()
    environment["AVATAR_WORKER_METRICS_PORT"] = str(port_worker)
    log_a, log_b, log_worker = (tmp_path / f"{n}.log" for n in ("a", "b", "worker"))
    token = issue_token(load_settings({"AVATAR_JWT_SECRET": SECRET}), uuid.uuid4(), Role.USER)
    with process(["serve", "--port", str(port_a)], environment, log_a):
        await healthy(f"http://127.0.0.1:{port_a}")  # A has migrated the database
        with (
            process(["serve", "--port", str(port_b)], environment, log_b),
            process(["worker"], environment, log_worker),
        ):
            await healthy(f"http://127.0.0.1:{port_b}")
            # The worker's readiness probe (deploy/k8s): its consumers run, its body model fits.
            await healthy(f"http://127.0.0.1:{port_worker}", timeout_s=240, path="/ready")
            await logged(log_a, "live feed: reading")
            async with websockets.connect(
                f"ws://127.0.0.1:{port_a}/api/v1/ws",
                subprotocols=[
                    websockets.Subprotocol("avatar-events.v1"),
                    websockets.Subprotocol(f"bearer.{token}"),
                ],
            ) as socket:
                assert socket.subprotocol == "avatar-events.v1"
                assert json.loads(await socket.recv())["type"] == "ready"
                async with httpx.AsyncClient(
                    base_url=f"http://127.0.0.1:{port_b}",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=30,
                ) as client_b:
                    created = await client_b.post(
                        "/api/v1/avatars",
                        json={
                            "name": "Seen on A",
                            "avatarType": "measurement_based",
                            "measurements": SPEC_MEASUREMENTS,
                        },
                    )
                    assert created.status_code == 201, created.text
                avatar_id = created.json()["id"]
                await socket.send(json.dumps({"type": "subscribe", "avatarId": avatar_id}))
                frames: list[dict[str, Any]] = []
                async with asyncio.timeout(240):
                    while not frames or frames[-1]["type"] != "avatar:completed":
                        frame = json.loads(await socket.recv())
                        if frame["type"] != "heartbeat":
                            frames.append(frame)
    types = [f["type"] for f in frames]
    assert types[0] == "subscribed", frames
    stages = [f["data"]["stage"] for f in frames if f["type"] == "avatar:processing"]
    assert "model_generation" in stages, frames
    completed = frames[-1]["data"]
    assert completed["avatarId"] == avatar_id
    assert completed["avatar"]["status"] == "completed"
    assert completed["avatar"]["models"], "the GLB the worker wrote"
    assert token not in log_a.read_text(errors="replace")
