"""Objects kept in a dict: the BlobStore fake."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, AsyncIterator
from datetime import UTC, datetime, timedelta

from application.ports import (
    BlobCorrupted,
    BlobInfo,
    BlobNotFound,
    BlobTooLarge,
    Clock,
    PresignedUpload,
)


class MemoryBlobStore:
    def __init__(self, clock: Clock | None = None) -> None:
        self._objects: dict[str, tuple[bytes, BlobInfo]] = {}
        self._now = clock.now if clock else lambda: datetime.now(UTC)

    async def put(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        info = BlobInfo(key, len(data), content_type, hashlib.sha256(data).hexdigest(), self._now())
        self._objects[key] = (bytes(data), info)
        return info

    async def put_stream(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        content_type: str,
        *,
        max_bytes: int | None = None,
    ) -> BlobInfo:
        parts, size = [], 0
        async for chunk in chunks:
            size += len(chunk)
            if max_bytes is not None and size > max_bytes:
                raise BlobTooLarge(f"{key}: more than {max_bytes} bytes")
            parts.append(chunk)
        return await self.put(key, b"".join(parts), content_type)

    def _found(self, key: str) -> tuple[bytes, BlobInfo]:
        try:
            return self._objects[key]
        except KeyError:
            raise BlobNotFound(key) from None

    async def get(self, key: str) -> bytes:
        data, info = self._found(key)
        if hashlib.sha256(data).hexdigest() != info.sha256:
            raise BlobCorrupted(key)
        return data

    async def stream(self, key: str, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]:
        data = await self.get(key)
        for start in range(0, len(data), chunk_size):
            yield data[start : start + chunk_size]

    async def info(self, key: str) -> BlobInfo:
        return self._found(key)[1]

    async def delete(self, key: str) -> None:
        self._objects.pop(key, None)

    async def check(self) -> None:
        return None

    async def exists(self, key: str) -> bool:
        return key in self._objects

    async def list_objects(self, prefix: str) -> list[BlobInfo]:
        return [info for key, (_, info) in sorted(self._objects.items()) if key.startswith(prefix)]

    async def download_url(self, key: str, expires_s: int) -> str:
        expires = int((datetime.now(UTC) + timedelta(seconds=expires_s)).timestamp())
        return f"memory:///{key}?expires={expires}"

    async def upload_url(
        self, key: str, content_type: str, size_bytes: int, expires_s: int
    ) -> PresignedUpload:
        expires_at = datetime.now(UTC) + timedelta(seconds=expires_s)
        return PresignedUpload(
            f"memory:///{key}?expires={int(expires_at.timestamp())}",
            "PUT",
            {"Content-Type": content_type, "Content-Length": str(size_bytes)},
            expires_at,
        )

    def corrupt(self, key: str) -> None:
        """Flip the stored bytes behind the store's back (tests of checksum verification)."""
        data, info = self._objects[key]
        self._objects[key] = (bytes([data[0] ^ 0xFF]) + data[1:], info)
