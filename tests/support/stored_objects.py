"""Objects as the service stores them, read by a test beside a running server: through the
service's own blob store (which opens what the filesystem store keeps sealed, ADR 52)."""

from __future__ import annotations

import asyncio

from entrypoints.container import Container
from entrypoints.settings import Settings


def read_object(settings: Settings, key: str) -> bytes:
    """The content of the object ``key`` of the server running with ``settings``."""

    async def read() -> bytes:
        container = Container(settings=settings)
        try:
            data: bytes = await container.blobs().get(key)
            return data
        finally:
            await container.engine().dispose()

    return asyncio.run(read())
