"""Ports and processes for tests and benchmarks that run real servers."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import sys
import time
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(host: str, port: int) -> bool:
    """Whether something accepts TCP connections there."""
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def service_command(*arguments: str) -> list[str]:
    """The `avatar-service` command line, preferring the script beside this interpreter (so a
    process id is the service's own, not a shim's)."""
    beside = Path(sys.executable).parent / "avatar-service"
    if beside.exists():
        return [str(beside), *arguments]
    found = shutil.which("avatar-service")
    return [found, *arguments] if found else [sys.executable, "-m", "entrypoints.cli", *arguments]


# Rate limits no test or benchmark reaches (each request is still counted); the tests of the
# limits set their own.
UNLIMITED = {
    "AVATAR_RATE_LIMIT_USER": "1000000000",
    "AVATAR_RATE_LIMIT_PREMIUM": "1000000000",
    "AVATAR_RATE_LIMIT_ANONYMOUS": "1000000000",
}


def service_environment(**settings: str) -> dict[str, str]:
    """This process's environment without any inherited ``AVATAR_*`` variable (they would
    change what a test or benchmark exercises), plus unreachable rate limits and
    ``settings``."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AVATAR_")}
    environment.update(UNLIMITED)
    environment.update(settings)
    return environment


async def logged(path: Path, text: str, timeout_s: float = 120) -> None:
    """Wait until the process writing the log at ``path`` has written ``text``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if text in path.read_text(errors="replace"):
            return
        await asyncio.sleep(0.1)
    tail = path.read_text(errors="replace")[-3000:]
    raise AssertionError(f"{path.name} never said {text!r} in {timeout_s} s:\n{tail}")
