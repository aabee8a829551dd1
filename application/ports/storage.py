"""Storage: objects (photos, model files, exports) under keys (docs/storage.md)."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class BlobInfo:
    key: str
    size: int
    content_type: str
    sha256: str  # hex digest of the content, checked again on every read
    modified_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PresignedUpload:
    """Where and how a client uploads one object directly (spec 6.2)."""

    url: str
    method: str  # "PUT"
    headers: Mapping[str, str]  # to send exactly as given (Content-Type, Content-Length...)
    expires_at: datetime


class BlobNotFound(Exception):
    """No object under that key."""


class BlobCorrupted(Exception):
    """The stored bytes do not match the checksum recorded when they were written."""


class BlobTooLarge(Exception):
    """A streamed upload went over its size limit; nothing was stored."""


class InvalidKey(ValueError):
    """A key that is empty, absolute, climbs (``..``), or has characters the store does not
    allow."""


class BlobStore(Protocol):
    """Objects (photos, model files, exports) under '/'-separated keys.

    Layout (docs/storage.md): ``users/{user}/avatars/{avatar}/{photos|processed|models|
    exports}/{name}``. Keys that are absolute or climb (``..``) are refused with ``InvalidKey``.
    """

    async def put(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        """Store ``data`` under ``key`` atomically, replacing what was there."""
        ...

    async def put_stream(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        content_type: str,
        *,
        max_bytes: int | None = None,
    ) -> BlobInfo:
        """Store a stream without holding it in memory; ``BlobTooLarge`` (and nothing stored)
        once it passes ``max_bytes``."""
        ...

    async def get(self, key: str) -> bytes:
        """The object's bytes; ``BlobNotFound``, or ``BlobCorrupted`` if they changed."""
        ...

    def stream(self, key: str, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]:
        """The object in chunks; the checksum is verified at the end (``BlobCorrupted``)."""
        ...

    async def info(self, key: str) -> BlobInfo:
        """Size, type, checksum and time of the object; ``BlobNotFound``."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; removing a missing key is not an error."""
        ...

    async def exists(self, key: str) -> bool: ...

    async def list_objects(self, prefix: str) -> list[BlobInfo]:
        """The objects whose keys start with ``prefix``, sorted by key."""
        ...

    async def download_url(self, key: str, expires_s: int) -> str:
        """A URL that serves the object to anyone holding it, until it expires."""
        ...

    async def upload_url(
        self, key: str, content_type: str, size_bytes: int, expires_s: int
    ) -> PresignedUpload:
        """A signed direct upload of exactly ``size_bytes`` of ``content_type``."""
        ...
