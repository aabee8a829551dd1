"""Real servers for the end-to-end tests: uvicorn in a background thread, one per module.

Each server runs the app exactly as ``avatar-service serve`` builds it (settings -> container ->
Litestar app, migrations on start, job worker in-process), bound to a free 127.0.0.1 port.
Tests talk to it over HTTP with httpx and use fresh user ids, so they never see each other.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import httpx
import pytest
import uvicorn

from domain.access import Role
from entrypoints.container import Container, build_container
from entrypoints.http.app import create_app
from entrypoints.http.auth import issue_token
from entrypoints.settings import Settings, load_settings
from tests.support.processes import UNLIMITED

STARTUP_TIMEOUT_S = 20.0


@dataclass
class LiveServer:
    """A running API: its address, its settings, and authenticated clients for any user."""

    base_url: str
    settings: Settings
    _clients: list[httpx.Client] = field(default_factory=list)

    def token(self, user_id: UUID, role: Role = Role.USER, ttl_s: int = 3600) -> str:
        return issue_token(self.settings, user_id, role, ttl_s)

    def client(self, user_id: UUID | None = None, role: Role = Role.USER) -> httpx.Client:
        """A client sending a bearer token for ``user_id`` (none when ``user_id`` is None)."""
        headers = {}
        if user_id is not None:
            headers["Authorization"] = f"Bearer {self.token(user_id, role)}"
        client = httpx.Client(base_url=self.base_url, headers=headers, timeout=15.0)
        self._clients.append(client)
        return client

    def user(self, role: Role = Role.USER) -> tuple[UUID, httpx.Client]:
        """A brand-new user and a client acting as them."""
        user_id = uuid.uuid4()
        return user_id, self.client(user_id, role)

    def close_clients(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()


@contextlib.contextmanager
def running_server(
    settings: Settings, configure: Callable[[Container], None] | None = None
) -> Iterator[LiveServer]:
    """The app for ``settings`` served by uvicorn on a free port until the block ends;
    ``configure`` may override the container's providers first."""
    container = build_container(settings)
    if configure is not None:
        configure(container)
    app = create_app(container)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app=app, log_level="warning", access_log=False, lifespan="on")
    )
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"uvicorn-{port}", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive():
            sock.close()
            raise RuntimeError("the server thread stopped before the server started")
        if time.monotonic() > deadline:
            server.should_exit = True
            thread.join(timeout=5)
            sock.close()
            raise RuntimeError(f"the server did not start within {STARTUP_TIMEOUT_S} s")
        time.sleep(0.01)
    live = LiveServer(base_url=f"http://127.0.0.1:{port}", settings=settings)
    try:
        yield live
    finally:
        live.close_clients()
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def embedded_settings(data_dir: Path, **extra: str) -> Settings:
    """Embedded-profile settings (SQLite file, local blobs) with the data in ``data_dir``, and
    rate limits no test reaches (tests/privacy/test_rate_limits.py tests them)."""
    return load_settings(
        {"AVATAR_DATA_DIR": str(data_dir), "AVATAR_LOG_LEVEL": "WARNING", **UNLIMITED, **extra}
    )


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The API on the embedded default: a SQLite file in a temporary data folder."""
    with running_server(embedded_settings(tmp_path_factory.mktemp("e2e-sqlite"))) as server:
        yield server


@pytest.fixture(scope="module")
def live_postgres(
    tmp_path_factory: pytest.TempPathFactory, postgres_url: str
) -> Iterator[LiveServer]:
    """The API with a real PostgreSQL database behind it."""
    settings = embedded_settings(
        tmp_path_factory.mktemp("e2e-postgres"),
        AVATAR_DATABASE_URL=postgres_url,
        AVATAR_DB_POOL_SIZE="5",
    )
    with running_server(settings) as server:
        yield server


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_live(request: pytest.FixtureRequest) -> LiveServer:
    """The API on each database adapter in turn."""
    name = "live" if request.param == "sqlite" else "live_postgres"
    server: LiveServer = request.getfixturevalue(name)
    return server
