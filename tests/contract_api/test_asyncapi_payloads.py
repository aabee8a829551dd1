"""The event payload models generated from docs/asyncapi.json (issue 18, ADR 53): Python msgspec
Structs (datamodel-code-generator, clients/python-events) and TypeScript types
(json-schema-to-typescript, clients/typescript/src/events.ts), both checked against the
messages that a real `avatar-service serve` and `avatar-service worker` put on a real broker."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import msgspec
import pytest

from adapters.contract.messages import Topics
from domain.access import Role
from entrypoints.http.auth import issue_token
from entrypoints.settings import load_settings
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.kafka import Broker, read_topic
from tests.support.processes import free_port, service_command, service_environment

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "docs" / "asyncapi.json"
PYTHON_EVENTS = ROOT / "clients" / "python-events" / "avatar_service_events.py"
# How clients/python-events/avatar_service_events.py is made, from the root (README, ADR 53).
GENERATE = [
    "--input-file-type", "asyncapi",
    "--output-model-type", "msgspec.Struct",
    "--target-python-version", "3.11",
    "--disable-timestamp",
    "--formatters", "builtin",
    "--snake-case-field",
]  # fmt: skip
SECRET = "asyncapi-payloads-test-secret-of-48-characters!!"


def generate_python_events() -> str:
    """The generator's module, written to stdout from the root (its formatter reads the line
    length from pyproject.toml there)."""
    return subprocess.run(
        [sys.executable, "-m", "datamodel_code_generator", "--input", str(DOCUMENT), *GENERATE],
        check=True, capture_output=True, cwd=ROOT, text=True,
    ).stdout  # fmt: skip


def test_the_python_event_models_are_generated_from_the_checked_in_document() -> None:
    assert generate_python_events() == PYTHON_EVENTS.read_text(), (
        "clients/python-events is stale: regenerate it (README, 'API contract and typed clients')"
    )


def python_events() -> ModuleType:
    spec = importlib.util.spec_from_file_location("avatar_service_events", PYTHON_EVENTS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # msgspec resolves the annotations through it
    spec.loader.exec_module(module)
    return module


# -- against the broker ---------------------------------------------------------------------------
@contextlib.contextmanager
def service(
    command: str, environment: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(
            service_command(*command.split()),
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(check: Any, what: str, timeout_s: float = 420) -> Any:
    """``check()`` until it is truthy (a bound for loaded shared cores, not a timing claim)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            found = check()
            if found:
                return found
        time.sleep(0.3)
    raise AssertionError(f"{what}: not within {timeout_s} s")


def exercise(base: str, user: uuid.UUID) -> None:
    """What makes every avatar and user event that needs no photo: create (and the worker's
    processing, analysis, model files, completion), update, new measurements, duplicate, delete,
    erase the user."""
    token = issue_token(load_settings({"AVATAR_JWT_SECRET": SECRET}), user, Role.PREMIUM)
    with httpx.Client(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as client:
        created = client.post(
            "/api/v1/avatars",
            json={
                "name": "Events",
                "avatarType": "measurement_based",
                "measurements": SPEC_MEASUREMENTS,
            },
        )
        assert created.status_code == 201, created.text
        avatar_id = created.json()["id"]

        def completed() -> bool:
            status = client.get(f"/api/v1/avatars/{avatar_id}").json()["status"]
            assert status != "failed"
            return bool(status == "completed")

        wait_for(completed, "the avatar completed")
        renamed = client.put(f"/api/v1/avatars/{avatar_id}", json={"name": "Events renamed"})
        assert renamed.status_code == 200, renamed.text
        changed = client.put(
            f"/api/v1/avatars/{avatar_id}/measurements",
            json={"measurements": {"weight": SPEC_MEASUREMENTS["weight"] + 1}},
        )
        assert changed.status_code == 200, changed.text
        copy = client.post(f"/api/v1/avatars/{avatar_id}/duplicate", json={"name": "Events copy"})
        assert copy.status_code == 201, copy.text
        deleted = client.delete(f"/api/v1/avatars/{copy.json()['id']}")
        assert deleted.status_code == 204, deleted.text
        erased = client.delete("/api/v1/users/me")
        assert erased.status_code == 200, erased.text


@pytest.mark.slow
@pytest.mark.kafka
@pytest.mark.anny
async def test_the_generated_models_read_every_message_the_service_puts_on_the_broker(
    kafka: Broker, typescript_package: Path, tmp_path: Path
) -> None:
    prefix = f"a{uuid.uuid4().hex[:8]}."
    topics = Topics.with_prefix(prefix)
    timing = kafka.group_timing()
    environment = service_environment(
        AVATAR_EVENT_BUS="kafka",
        AVATAR_KAFKA_BOOTSTRAP=kafka.bootstrap,
        AVATAR_KAFKA_TOPIC_PREFIX=prefix,
        AVATAR_KAFKA_GROUP_ID=f"g-{uuid.uuid4().hex}",
        AVATAR_KAFKA_SESSION_TIMEOUT_MS=str(timing["session_timeout_ms"]),
        AVATAR_KAFKA_HEARTBEAT_INTERVAL_MS=str(timing["heartbeat_interval_ms"]),
        AVATAR_DATA_DIR=str(tmp_path / "data"),
        AVATAR_JWT_SECRET=SECRET,
        AVATAR_LOG_LEVEL="WARNING",
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with service(f"serve --port {port}", environment, tmp_path / "serve.log") as server:
        wait_for(
            lambda: server.poll() is None and httpx.get(f"{base}/health", timeout=1).is_success,
            "serve answered",
            timeout_s=120,
        )
        with service("worker", environment, tmp_path / "worker.log"):
            exercise(base, uuid.uuid4())
    events = await read_topic(kafka.bootstrap, topics.events, timeout_s=30, idle_polls=10)
    jobs = await read_topic(kafka.bootstrap, topics.jobs, timeout_s=30, idle_polls=10)

    document = json.loads(DOCUMENT.read_text())
    messages = document["components"]["messages"]
    schemas = document["components"]["schemas"]
    by_type = {message["name"]: name for name, message in messages.items()}
    models = python_events()
    seen: dict[str, list[Any]] = {}
    for record in [*events, *jobs]:
        headers = {key: value.decode() for key, value in record.headers}
        msgspec.convert(headers, models.CloudEventsHeaders)  # required, constant, known
        ce_type = headers["ce_type"]
        assert ce_type in by_type, f"{ce_type} is not in docs/asyncapi.json"
        message = by_type[ce_type]
        payload_model = getattr(models, message[0].upper() + message[1:] + "Payload")
        msgspec.json.decode(record.value, type=payload_model)  # types and required fields
        payload = json.loads(record.value)
        schema = schemas[messages[message]["payload"]["$ref"].rsplit("/", 1)[-1]]
        undeclared = set(payload) - set(schema["properties"])
        assert not undeclared, f"{ce_type} carries {undeclared}, which the document does not name"
        seen.setdefault(ce_type, []).append(payload)

    # The same messages, type-checked against the TypeScript types: object literals that
    # `satisfies` the generated types (missing, mistyped and undeclared fields are errors).
    checked = typescript_package / "dist" / "seen-events.ts"
    checked.write_text(
        'import type { PayloadByType } from "../src/events.js";\n'
        f"export const seen = {json.dumps(seen, indent=1)} satisfies "
        "{ [T in keyof PayloadByType]?: PayloadByType[T][] };\n"
    )
    compiled = subprocess.run(
        [
            "npx", "--offline", "tsc", "--noEmit", "--strict", "--module", "nodenext",
            "--target", "es2022", "--skipLibCheck", str(checked),
        ],
        cwd=typescript_package, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr

    expected = {
        "com.perfit.avatar.created.v1",
        "com.perfit.avatar.processing.v1",
        "com.perfit.avatar.analysis_updated.v1",
        "com.perfit.avatar.model_generated.v1",
        "com.perfit.avatar.completed.v1",
        "com.perfit.avatar.updated.v1",
        "com.perfit.avatar.measurements_updated.v1",
        "com.perfit.avatar.duplicated.v1",
        "com.perfit.avatar.deleted.v1",
        "com.perfit.user.data_erased.v1",
        "com.perfit.avatar.job.process.v1",
    }
    assert expected <= set(seen), f"not seen: {expected - set(seen)}; seen: {sorted(seen)}"
