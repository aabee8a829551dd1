"""The TypeScript client generated from docs/openapi.json (openapi-typescript types, openapi-fetch
calls; clients/typescript, issue 18): its types are what the generators make of the checked-in
documents (events.ts from docs/asyncapi.json), it type-checks, and it works against a live
server started as `avatar-service serve`.

The `typescript_package` fixture (conftest.py) installs the package's locked dependencies
(`npm ci`) and compiles it; CI only installs Node.js (.ci/run)."""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from domain.access import Role
from entrypoints.http.auth import issue_token
from entrypoints.settings import load_settings
from tests.contract_api.conftest import generate_command, npm
from tests.support.processes import free_port, service_command, service_environment

pytestmark = pytest.mark.slow


def test_the_typescript_types_are_generated_from_the_checked_in_documents(
    typescript_package: Path, tmp_path: Path
) -> None:
    for script, checked_in in (("generate", "schema.d.ts"), ("generate:events", "events.ts")):
        generated = tmp_path / checked_in
        npm("exec", "--offline", "--", *generate_command(typescript_package, script, generated))
        assert generated.read_text() == (typescript_package / "src" / checked_in).read_text(), (
            f"clients/typescript/src/{checked_in} is stale: run `npm run {script}` there"
        )


@contextlib.contextmanager
def served(data: Path) -> Iterator[str]:
    """`avatar-service serve` on the embedded profile (SQLite, local blobs, in-process worker)
    on a free port, until the block ends; yields its base URL."""
    port = free_port()
    environment = service_environment(AVATAR_DATA_DIR=str(data), AVATAR_LOG_LEVEL="WARNING")
    server = subprocess.Popen(
        service_command("serve", "--port", str(port)),
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # up to two minutes on loaded cores; not a timing assertion
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        yield base
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.anny
def test_the_typescript_client_creates_polls_reads_and_downloads(
    typescript_package: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with served(data) as base:
        settings = load_settings({"AVATAR_DATA_DIR": str(data)})  # the server's JWT secret
        token = issue_token(settings, uuid.uuid4(), Role.USER)
        result = subprocess.run(
            ["node", "dist/test/live.js"],
            cwd=typescript_package,
            env={**service_environment(), "AVATAR_BASE_URL": base, "AVATAR_TOKEN": token},
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == "completed"
    assert seen["height"] == 172
    assert seen["magic"] == "glTF" and seen["downloadedBytes"] > 1000
    assert seen["contentType"] == "model/gltf-binary"
