"""A blob store that seals objects under their owner's data key before another store keeps
them (docs/privacy.md): every object of the filesystem store, the keypoints files of any.

An object is a header, then segments of up to 64 KiB each sealed on its own (AES-256-GCM
through the ``Envelope`` port) and bound to the object's key, its index and whether it is the
last: segments cannot be reordered, moved to another object or cut off. Streams stay
streams. Objects written before sealing (no header) are read as they are.

``info`` gives the size and SHA-256 of the content (what ETags promise): the digest is known
when the object is written and remembered by the digest of its sealed bytes, else computed
once by reading the object. ``list_objects`` gives stored sizes.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import AsyncIterable, AsyncIterator, Callable
from typing import Any
from uuid import UUID

from application.encryption import UserDataKeys
from application.ports import (
    BlobInfo,
    BlobNotFound,
    BlobStore,
    BlobTooLarge,
    PresignedUpload,
    SealBroken,
)

HEADER = b"\x00AVSEAL\x01"  # no photo, model or JSON file starts with a NUL byte
SEGMENT_BYTES = 64 * 1024
SEAL_OVERHEAD_BYTES = 29  # version byte, nonce, tag (adapters/aes_gcm/envelope.py)
SEALED_SEGMENT_BYTES = SEGMENT_BYTES + SEAL_OVERHEAD_BYTES
_OWNER = re.compile(r"^users/([0-9a-fA-F-]{36})/")


def every_user_object(key: str) -> bool:
    """The filesystem store's rule: every object under ``users/{id}/``."""
    return True


def keypoints_files(key: str) -> bool:
    """Any other store's rule: the photos' keypoints files (S3 keeps SSE for the rest)."""
    return key.endswith("-keypoints.json")


def owner_of(key: str) -> UUID | None:
    match = _OWNER.match(key)
    if match is None:
        return None
    try:
        return UUID(match.group(1))
    except ValueError:
        return None


def _context(key: str, index: int, final: bool) -> bytes:
    return b"blob:" + key.encode() + b":" + index.to_bytes(8, "big") + (b"F" if final else b"-")


def content_size(stored_size: int) -> int:
    """The size of the content of a sealed object of ``stored_size`` bytes."""
    body = stored_size - len(HEADER) - SEAL_OVERHEAD_BYTES
    full, rest = divmod(body, SEALED_SEGMENT_BYTES)
    return full * SEGMENT_BYTES + rest


class SealedBlobStore:
    """Wraps ``inner``, sealing the objects ``sealed`` says (keys under ``users/{id}/``)."""

    def __init__(
        self,
        inner: BlobStore,
        keys: UserDataKeys,
        sealed: Callable[[str], bool] = every_user_object,
    ) -> None:
        self.inner, self._keys, self._sealed = inner, keys, sealed
        # The content's SHA-256 by the SHA-256 of its sealed bytes (which the inner store keeps).
        self._digests: OrderedDict[str, str] = OrderedDict()

    def _remember(self, sealed_sha256: str, content_sha256: str) -> None:
        self._digests[sealed_sha256] = content_sha256
        self._digests.move_to_end(sealed_sha256)
        if len(self._digests) > 10_000:
            self._digests.popitem(last=False)

    def _owner(self, key: str) -> UUID | None:
        return owner_of(key) if self._sealed(key) else None

    # -- writing ------------------------------------------------------------------------------
    async def put(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        async def once() -> AsyncIterator[bytes]:
            yield data

        return await self.put_stream(key, once(), content_type)

    async def put_stream(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        content_type: str,
        *,
        max_bytes: int | None = None,
    ) -> BlobInfo:
        owner = self._owner(key)
        if owner is None:
            return await self.inner.put_stream(key, chunks, content_type, max_bytes=max_bytes)
        data_key = await self._keys.for_writing(owner)
        envelope = self._keys.envelope
        digest, size = hashlib.sha256(), 0

        async def sealed_chunks() -> AsyncIterator[bytes]:
            nonlocal size
            yield HEADER
            buffer, index = bytearray(), 0
            async for chunk in chunks:
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise BlobTooLarge(f"{key}: more than {max_bytes} bytes")
                digest.update(chunk)
                buffer += chunk
                while len(buffer) > SEGMENT_BYTES:  # the last segment is sealed as the last
                    segment = bytes(buffer[:SEGMENT_BYTES])
                    del buffer[:SEGMENT_BYTES]
                    yield envelope.seal(owner, data_key, segment, _context(key, index, False))
                    index += 1
            yield envelope.seal(owner, data_key, bytes(buffer), _context(key, index, True))

        stored = await self.inner.put_stream(key, sealed_chunks(), content_type)
        self._remember(stored.sha256, digest.hexdigest())
        return BlobInfo(key, size, content_type, digest.hexdigest(), stored.modified_at)

    # -- reading ------------------------------------------------------------------------------
    async def get(self, key: str) -> bytes:
        return b"".join([chunk async for chunk in self.stream(key)])

    async def stream(self, key: str, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]:
        owner = self._owner(key)
        stored = self.inner.stream(key, chunk_size)
        if owner is None:
            async for chunk in stored:
                yield chunk
            return
        buffer = bytearray()
        async for chunk in stored:
            buffer += chunk
            if len(buffer) >= len(HEADER):
                break
        if bytes(buffer[: len(HEADER)]) != HEADER:  # written before sealing: as it is
            yield bytes(buffer)
            async for chunk in stored:
                yield chunk
            return
        del buffer[: len(HEADER)]
        data_key = await self._keys.for_reading(owner)
        if data_key is None:
            raise BlobNotFound(f"{key}: its owner's data key is erased")
        envelope, index = self._keys.envelope, 0
        more = True
        while more:
            while len(buffer) > SEALED_SEGMENT_BYTES:  # a segment followed by more is not last
                segment = bytes(buffer[:SEALED_SEGMENT_BYTES])
                del buffer[:SEALED_SEGMENT_BYTES]
                yield envelope.open(owner, data_key, segment, _context(key, index, False))
                index += 1
            try:
                buffer += await anext(stored)
            except StopAsyncIteration:
                more = False
        if len(buffer) < SEAL_OVERHEAD_BYTES:
            raise SealBroken(f"{key}: the sealed object is cut short")
        yield envelope.open(owner, data_key, bytes(buffer), _context(key, index, True))

    async def info(self, key: str) -> BlobInfo:
        stored = await self.inner.info(key)
        known = self._digests.get(stored.sha256)
        if known is None:
            if self._owner(key) is None or not await self._starts_sealed(key):
                return stored
            digest = hashlib.sha256()
            async for chunk in self.stream(key):
                digest.update(chunk)
            known = digest.hexdigest()
            self._remember(stored.sha256, known)
        size = content_size(stored.size)
        return BlobInfo(key, size, stored.content_type, known, stored.modified_at)

    async def _starts_sealed(self, key: str) -> bool:
        head = b""
        stream = self.inner.stream(key, len(HEADER))
        try:
            async for chunk in stream:
                head += chunk
                if len(head) >= len(HEADER):
                    break
        finally:
            await stream.aclose()  # type: ignore[attr-defined]
        return head[: len(HEADER)] == HEADER

    async def delete(self, key: str) -> None:
        await self.inner.delete(key)

    async def exists(self, key: str) -> bool:
        return await self.inner.exists(key)

    async def list_objects(self, prefix: str) -> list[BlobInfo]:
        return await self.inner.list_objects(prefix)

    # -- direct transfer: the filesystem store's links are served by the API through this
    # store (entrypoints/container.py); S3 links are not given for sealed objects.
    async def download_url(self, key: str, expires_s: int) -> str:
        return await self.inner.download_url(key, expires_s)

    async def upload_url(
        self, key: str, content_type: str, size_bytes: int, expires_s: int
    ) -> PresignedUpload:
        return await self.inner.upload_url(key, content_type, size_bytes, expires_s)

    async def check(self) -> None:
        check = getattr(self.inner, "check", None)
        if check is not None:
            await check()

    @property
    def signer(self) -> Any:
        """The inner store's link signer (the filesystem store's)."""
        return self.inner.signer  # type: ignore[attr-defined]
