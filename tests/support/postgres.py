"""A real PostgreSQL server for the tests: configured, found, or started for the session.

Order: AVATAR_TEST_DATABASE_URL; else a server answering on 127.0.0.1:5432 (user postgres);
else a throwaway cluster made with the machine's initdb/pg_ctl (as the ``postgres`` user when
the tests run as root, since initdb refuses root). Each test session gets its own database.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.support.processes import answers, free_port


def find_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def _as_postgres_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runner = shutil.which("runuser")
    if runner:
        return [runner, "-u", "postgres", "--", *command]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]


@contextlib.contextmanager
def throwaway_cluster(options: str = "", files: Mapping[str, bytes] | None = None) -> Iterator[str]:
    """A cluster of its own on a free port; ``options`` are more ``-c name=value`` server
    settings, ``files`` are written into its folder first (owned by the server's user, 0600)
    and named in ``options`` as ``{folder}/name``."""
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if not (initdb and pg_ctl):
        raise RuntimeError(
            "no PostgreSQL: set AVATAR_TEST_DATABASE_URL, run a server on "
            "127.0.0.1:5432, or install PostgreSQL (initdb, pg_ctl)"
        )
    folder = Path(tempfile.mkdtemp(prefix="avatar-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    port = free_port()
    subprocess.run(
        _as_postgres_user([initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync"]),
        check=True,
        capture_output=True,
    )
    for name, content in (files or {}).items():
        (folder / name).write_bytes(content)
        (folder / name).chmod(0o600)
        if os.geteuid() == 0:
            shutil.chown(folder / name, "postgres", "postgres")
    extra = options.replace("{folder}", str(folder))
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off {extra}"
    subprocess.run(
        _as_postgres_user(
            [pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """The async URL of a maintenance database on a running server."""
    configured = os.environ.get("AVATAR_TEST_DATABASE_URL")
    if configured:
        yield configured
    elif answers("127.0.0.1", 5432):
        yield "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    else:
        with throwaway_cluster() as url:
            yield url


def _admin(url: str, statement: str) -> None:
    """Run one statement; in a thread of its own, so it works inside or outside an event loop."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _admin_async(url, statement)).result()


async def _admin_async(url: str, statement: str) -> None:
    import asyncpg

    parsed = make_url(url)
    connection = await asyncpg.connect(
        user=parsed.username,
        password=parsed.password,
        host=parsed.host,
        port=parsed.port or 5432,
        database=parsed.database or "postgres",
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server, dropped afterwards."""
    name = f"avatar_test_{uuid.uuid4().hex[:12]}"
    _admin(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        for _ in range(20):
            try:
                _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                break
            except Exception:
                time.sleep(0.2)
