"""Objects kept in a dict: the BlobStore fake."""

from __future__ import annotations

import hashlib

from application.ports import BlobInfo, BlobNotFound


class MemoryBlobStore:
    def __init__(self) -> None:
        self._objects: dict[str, tuple[bytes, str]] = {}

    async def put(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        self._objects[key] = (bytes(data), content_type)
        return BlobInfo(key, len(data), content_type, hashlib.sha256(data).hexdigest())

    async def get(self, key: str) -> bytes:
        try:
            return self._objects[key][0]
        except KeyError:
            raise BlobNotFound(key) from None

    async def delete(self, key: str) -> None:
        self._objects.pop(key, None)

    async def exists(self, key: str) -> bool:
        return key in self._objects

    async def list_keys(self, prefix: str) -> list[str]:
        return sorted(k for k in self._objects if k.startswith(prefix))
