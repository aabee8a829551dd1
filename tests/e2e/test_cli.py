"""End-to-end: the `avatar-service` console script, run in subprocesses as a user would."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from adapters.sqlalchemy.migrate import revisions
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.processes import free_port

SERVE_TIMEOUT_S = 30.0
COMMAND_TIMEOUT_S = 60.0


def console_script() -> str:
    """The installed `avatar-service` script, next to this interpreter or on the PATH."""
    beside = Path(sys.executable).with_name("avatar-service")
    if beside.exists():
        return str(beside)
    found = shutil.which("avatar-service")
    assert found, "avatar-service is not installed: run `pip install -e .`"
    return found


@dataclass(frozen=True)
class Workspace:
    """A folder to run the CLI in, with the environment a fresh user would have."""

    folder: Path
    env: dict[str, str]

    def run(
        self, *args: str, extra_env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [console_script(), *args],
            cwd=self.folder,
            env={**self.env, **(extra_env or {})},
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
            check=False,
        )


def workspace_in(folder: Path) -> Workspace:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AVATAR_")}
    env["AVATAR_DATA_DIR"] = str(folder / "data")
    env["PYTHONUNBUFFERED"] = "1"
    return Workspace(folder=folder, env=env)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return workspace_in(tmp_path_factory.mktemp("cli"))


@dataclass(frozen=True)
class Served:
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process we started: SIGINT (a clean shutdown), then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def served(workspace: Workspace) -> Iterator[Served]:
    """`avatar-service serve --port <free>` in a subprocess, up and answering /health."""
    port = free_port()
    log = workspace.folder / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [console_script(), "serve", "--port", str(port)],
            cwd=workspace.folder,
            env=workspace.env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVE_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"serve did not answer /health in {SERVE_TIMEOUT_S} s")
            time.sleep(0.1)
        yield Served(base_url=base_url, process=process, log=log)
    finally:
        stop(process)


def test_token_prints_a_jwt_for_the_given_user(workspace: Workspace) -> None:
    user_id = uuid.uuid4()
    result = workspace.run("token", "--user", str(user_id), "--role", "premium")
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert len(token.splitlines()) == 1, "only the token on stdout, so $(...) captures it"
    parts = token.split(".")
    assert len(parts) == 3 and all(parts), token


def test_a_cli_token_is_accepted_by_the_served_api(workspace: Workspace, served: Served) -> None:
    user_id = uuid.uuid4()
    token = workspace.run("token", "--user", str(user_id), "--role", "premium").stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=served.base_url, headers=headers, timeout=15) as client:
        assert client.get("/ready").json()["checks"]["database"] == "ok"
        response = client.post(
            "/api/v1/avatars",
            json={
                "name": "From the CLI",
                "avatarType": "measurement_based",
                "measurements": SPEC_MEASUREMENTS,
            },
        )
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["userId"] == str(user_id)
        assert created["status"] == "processing"
        deadline = time.monotonic() + 15
        while client.get(f"/api/v1/avatars/{created['id']}").json()["status"] != "completed":
            assert time.monotonic() < deadline, "the embedded worker did not process the avatar"
            time.sleep(0.1)
        listed = client.get("/api/v1/avatars").json()["items"]
        assert [item["id"] for item in listed] == [created["id"]]
    assert (workspace.folder / "data" / "avatars.db").exists(), "data lives in AVATAR_DATA_DIR"


def test_token_without_a_user_makes_one_up_and_says_which(
    workspace: Workspace, served: Served
) -> None:
    result = workspace.run("token")
    assert result.returncode == 0, result.stderr
    assert "user id:" in result.stderr
    user_id = result.stderr.split("user id:", 1)[1].split()[0]
    uuid.UUID(user_id)
    response = httpx.get(
        f"{served.base_url}/api/v1/avatars",
        headers={"Authorization": f"Bearer {result.stdout.strip()}"},
    )
    assert response.status_code == 200, response.text


def test_a_token_from_another_data_folder_is_refused(tmp_path: Path, served: Served) -> None:
    stranger = workspace_in(tmp_path)  # another folder: another development secret
    token = stranger.run("token", "--user", str(uuid.uuid4())).stdout.strip()
    response = httpx.get(
        f"{served.base_url}/api/v1/avatars", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def test_migrate_prints_the_revision(workspace: Workspace) -> None:
    result = workspace.run("migrate")
    assert result.returncode == 0, result.stderr
    head = revisions()[-1]
    assert f"at revision {head}" in result.stdout
    assert "avatars.db" in result.stdout
    again = workspace.run("migrate")
    assert again.returncode == 0 and f"at revision {head}" in again.stdout, "idempotent"


def test_token_with_a_user_that_is_not_a_uuid_fails_clearly(workspace: Workspace) -> None:
    result = workspace.run("token", "--user", "not-a-uuid")
    assert result.returncode != 0
    assert result.stdout == ""
    assert "not-a-uuid" in result.stderr and "UUID" in result.stderr
    assert "--user" in result.stderr
    assert "Traceback" not in result.stderr


def test_token_with_an_unknown_role_fails_clearly(workspace: Workspace) -> None:
    result = workspace.run("token", "--role", "superuser")
    assert result.returncode != 0
    assert "superuser" in result.stderr and "premium" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_profile_refuses_to_serve_naming_what_is_missing(
    workspace: Workspace,
) -> None:
    result = workspace.run(
        "serve", "--port", str(free_port()), extra_env={"AVATAR_PROFILE": "production"}
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "production" in result.stderr
    for missing in (
        "AVATAR_DATABASE_URL",
        "AVATAR_JWT_SECRET",
    ):
        assert missing in result.stderr, missing


def test_invalid_setting_fails_naming_the_variable(workspace: Workspace) -> None:
    result = workspace.run("migrate", extra_env={"AVATAR_PROFILE": "staging"})
    assert result.returncode != 0
    assert "AVATAR_PROFILE" in result.stderr
    assert "Traceback" not in result.stderr
