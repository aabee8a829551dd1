"""The production profile end to end: PostgreSQL, S3 (moto's server), Kafka (Tansu), one
`avatar-service serve` and one `avatar-service worker`, as docker-compose.yml runs them."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest

from adapters.s3.blob_store import S3BlobStore
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from domain.access import Role
from entrypoints.http.auth import issue_token
from entrypoints.settings import load_settings
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.encryption import TEST_KEY_RING
from tests.support.kafka import Broker
from tests.support.processes import free_port, service_command, service_environment
from tests.support.s3 import connection_options, s3_server

pytestmark = [pytest.mark.slow, pytest.mark.kafka, pytest.mark.postgres, pytest.mark.s3]
SECRET = "production-profile-test-secret-of-48-characters"


async def test_serve_and_worker_in_the_production_profile_complete_an_avatar(
    postgres_factory: SqlUnitOfWorkFactory,
    postgres_url: str,
    kafka: Broker,
    tmp_path: Path,
) -> None:
    prefix = f"p{uuid.uuid4().hex[:8]}."
    with s3_server(own_process=True) as endpoint:
        options = connection_options(endpoint)
        bucket = f"prod-{uuid.uuid4().hex[:10]}"
        store = S3BlobStore(bucket, endpoint_url=endpoint, **options)
        await store.ensure_bucket()
        await store.close()
        environment = service_environment(
            AVATAR_PROFILE="production",
            AVATAR_DATABASE_URL=postgres_url,
            AVATAR_JWT_SECRET=SECRET,
            AVATAR_KEY_RING=TEST_KEY_RING,
            AVATAR_S3_BUCKET=bucket,
            AVATAR_S3_ENDPOINT_URL=endpoint,
            AVATAR_S3_REGION=options["region"],
            AWS_ACCESS_KEY_ID=options["access_key_id"],
            AWS_SECRET_ACCESS_KEY=options["secret_access_key"],
            AVATAR_KAFKA_BOOTSTRAP=kafka.bootstrap,
            AVATAR_KAFKA_TOPIC_PREFIX=prefix,
            AVATAR_KAFKA_GROUP_ID=f"g-{uuid.uuid4().hex}",
            AVATAR_DATA_DIR=str(tmp_path),
            AVATAR_KAFKA_SESSION_TIMEOUT_MS=str(kafka.group_timing()["session_timeout_ms"]),
            AVATAR_KAFKA_HEARTBEAT_INTERVAL_MS=str(kafka.group_timing()["heartbeat_interval_ms"]),
            AVATAR_LOG_LEVEL="WARNING",
        )
        port = free_port()
        logs = [tmp_path / "serve.log", tmp_path / "worker.log"]
        with logs[0].open("wb") as serve_log:
            server = subprocess.Popen(
                service_command("serve", "--port", str(port)),
                env=environment,
                stdout=serve_log,
                stderr=subprocess.STDOUT,
            )
        worker: subprocess.Popen[bytes] | None = None
        try:
            base = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient(base_url=base, timeout=10) as client:
                for _ in range(300):
                    try:
                        if (await client.get("/ready")).status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    await asyncio.sleep(0.1)
                with logs[1].open("wb") as worker_log:  # after serve has migrated
                    worker = subprocess.Popen(
                        service_command("worker"),
                        env=environment,
                        stdout=worker_log,
                        stderr=subprocess.STDOUT,
                    )
                token = issue_token(
                    load_settings({"AVATAR_JWT_SECRET": SECRET}), uuid.uuid4(), Role.USER
                )
                client.headers["Authorization"] = f"Bearer {token}"
                ready = (await client.get("/ready")).json()
                assert ready["checks"] == {"database": "ok", "blobStore": "ok", "bodyModel": "ok"}
                created = await client.post(
                    "/api/v1/avatars",
                    json={
                        "name": "production",
                        "avatarType": "measurement_based",
                        "measurements": SPEC_MEASUREMENTS,
                    },
                )
                assert created.status_code == 201, created.text
                url = f"/api/v1/avatars/{created.json()['id']}"
                status = None
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    status = (await client.get(url)).json()["status"]
                    if status == "completed":
                        break
                    await asyncio.sleep(0.2)
                assert status == "completed", [p.read_text()[-2000:] for p in logs]
        finally:
            for process in (worker, server):
                if process is not None:
                    process.send_signal(signal.SIGTERM)
            for process in (worker, server):
                if process is not None:
                    code = process.wait(timeout=60)
                    # uvicorn re-raises SIGTERM after its graceful shutdown: -15 is clean too.
                    assert code in (0, -signal.SIGTERM), [p.read_text()[-3000:] for p in logs]
