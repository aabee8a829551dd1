"""The TypeScript client generated from docs/openapi.json (openapi-typescript types, openapi-fetch
calls; clients/typescript, issue 18): its types are what the generator makes of the checked-in
document, it type-checks, and it works against a live server started as `avatar-service serve`.

The test installs the package's locked dependencies itself (`npm ci`, the only network use, to
the npm registry), once per package-lock.json; CI only installs Node.js (.ci/run)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
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
from tests.support.processes import free_port, service_command, service_environment
from tests.support.tools import missing_tool

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "clients" / "typescript"
INSTALLED = PACKAGE / "node_modules" / ".installed-from-lock"

pytestmark = pytest.mark.slow


def npm(*arguments: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """npm in clients/typescript; fails the test with npm's output when it fails."""
    result = subprocess.run(
        ["npm", *arguments], cwd=PACKAGE, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"npm {' '.join(arguments)}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def package() -> Path:
    """clients/typescript with its locked dependencies installed (`npm ci`, skipped when the
    lock has not changed since the last install) and compiled (`npm run build`: tsc, strict)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        missing_tool("node", "the TypeScript client was not checked", "apt-get install nodejs npm")
    lock = hashlib.sha256((PACKAGE / "package-lock.json").read_bytes()).hexdigest()
    if not INSTALLED.exists() or INSTALLED.read_text() != lock:
        npm("ci", "--no-audit", "--no-fund", "--ignore-scripts")
        INSTALLED.write_text(lock)
    npm("run", "build")
    return PACKAGE


def test_the_typescript_types_are_generated_from_the_checked_in_document(
    package: Path, tmp_path: Path
) -> None:
    generated = tmp_path / "schema.d.ts"
    script = json.loads((package / "package.json").read_text())["scripts"]["generate"]
    command = script.replace("src/schema.d.ts", str(generated)).split()
    npm("exec", "--offline", "--", *command)
    assert generated.read_text() == (package / "src" / "schema.d.ts").read_text(), (
        "clients/typescript/src/schema.d.ts is stale: run `npm run generate` there"
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
    package: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with served(data) as base:
        settings = load_settings({"AVATAR_DATA_DIR": str(data)})  # the server's JWT secret
        token = issue_token(settings, uuid.uuid4(), Role.USER)
        result = subprocess.run(
            ["node", "dist/test/live.js"],
            cwd=package,
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
