"""Objects as files under one root folder: the embedded profile's BlobStore.

Writes are atomic (a temporary file in the same folder, fsync, rename); the content type and
SHA-256 live in a ``.meta`` file beside each object and the digest is checked on every read;
keys are checked so that no key can name a path outside the root. Download and upload URLs
are signed and expiring, and served by the API (``adapters.filesystem.signed_urls``).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from collections.abc import AsyncIterable, AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.filesystem.signed_urls import UrlSigner
from application.ports import (
    BlobCorrupted,
    BlobInfo,
    BlobNotFound,
    BlobTooLarge,
    InvalidKey,
    PresignedUpload,
)

_KEY_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
_META_SUFFIX = ".meta"
_TEMPORARY_PREFIX = ".tmp-"


class FilesystemBlobStore:
    def __init__(self, root: Path, signer: UrlSigner | None = None) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self._signer = signer or UrlSigner(os.urandom(32))

    def path_for(self, key: str) -> Path:
        parts = key.split("/")
        if not key or key.startswith("/") or any(not _KEY_PART.match(p) for p in parts):
            raise InvalidKey(f"invalid object key {key!r}")
        if parts[-1].endswith(_META_SUFFIX):
            raise InvalidKey(f"object keys may not end with {_META_SUFFIX}")
        path = self.root.joinpath(*parts)
        if not path.resolve().is_relative_to(self.root):
            raise InvalidKey(f"object key {key!r} leaves the storage root")
        return path

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
        path = self.path_for(key)
        await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=_TEMPORARY_PREFIX)
        digest, size = hashlib.sha256(), 0
        try:
            with os.fdopen(descriptor, "wb") as handle:
                async for chunk in chunks:
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise BlobTooLarge(f"{key}: more than {max_bytes} bytes")
                    digest.update(chunk)
                    await asyncio.to_thread(handle.write, chunk)
                await asyncio.to_thread(_flush, handle)
            sha256 = digest.hexdigest()
            await asyncio.to_thread(
                _atomic_write, _meta_path(path), f"{content_type}\n{sha256}\n".encode()
            )
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return BlobInfo(key, size, content_type, sha256, _modified(path))

    async def check(self) -> None:
        """Return if the root folder is there and writable; raise otherwise."""
        if not self.root.is_dir() or not os.access(self.root, os.W_OK | os.X_OK):
            raise OSError(f"{self.root} is not a writable folder")

    # -- reading ------------------------------------------------------------------------------
    async def info(self, key: str) -> BlobInfo:
        path = self.path_for(key)
        try:
            content_type, sha256 = _meta_path(path).read_text().split("\n")[:2]
            size = path.stat().st_size
        except FileNotFoundError:
            raise BlobNotFound(key) from None
        return BlobInfo(key, size, content_type, sha256, _modified(path))

    async def get(self, key: str) -> bytes:
        return b"".join([chunk async for chunk in self.stream(key)])

    async def stream(self, key: str, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]:
        info = await self.info(key)
        digest = hashlib.sha256()
        try:
            handle = self.path_for(key).open("rb")
        except FileNotFoundError:
            raise BlobNotFound(key) from None
        with handle:
            while chunk := await asyncio.to_thread(handle.read, chunk_size):
                digest.update(chunk)
                yield chunk
        if digest.hexdigest() != info.sha256:
            raise BlobCorrupted(f"{key}: the content no longer matches its SHA-256")

    async def delete(self, key: str) -> None:
        path = self.path_for(key)
        path.unlink(missing_ok=True)
        _meta_path(path).unlink(missing_ok=True)

    async def exists(self, key: str) -> bool:
        return self.path_for(key).is_file()

    async def list_objects(self, prefix: str) -> list[BlobInfo]:
        def walk() -> list[str]:
            keys = []
            for path in self.root.rglob("*"):
                if (
                    path.is_file()
                    and not path.name.endswith(_META_SUFFIX)
                    and not path.name.startswith(_TEMPORARY_PREFIX)
                ):
                    key = path.relative_to(self.root).as_posix()
                    if key.startswith(prefix):
                        keys.append(key)
            return sorted(keys)

        found = []
        for key in await asyncio.to_thread(walk):
            try:
                found.append(await self.info(key))
            except BlobNotFound:  # deleted meanwhile, or a file without metadata
                continue
        return found

    # -- direct transfer ----------------------------------------------------------------------
    async def download_url(self, key: str, expires_s: int) -> str:
        self.path_for(key)
        expires = int((datetime.now(UTC) + timedelta(seconds=expires_s)).timestamp())
        return self._signer.url("GET", key, expires)

    async def upload_url(
        self, key: str, content_type: str, size_bytes: int, expires_s: int
    ) -> PresignedUpload:
        self.path_for(key)
        expires_at = datetime.now(UTC) + timedelta(seconds=expires_s)
        url = self._signer.url(
            "PUT", key, int(expires_at.timestamp()), size=size_bytes, type=content_type
        )
        return PresignedUpload(
            url,
            "PUT",
            {"Content-Type": content_type, "Content-Length": str(size_bytes)},
            expires_at,
        )

    @property
    def signer(self) -> UrlSigner:
        return self._signer


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + _META_SUFFIX)


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _flush(handle: object) -> None:
    handle.flush()  # type: ignore[attr-defined]
    os.fsync(handle.fileno())  # type: ignore[attr-defined]


def _atomic_write(path: Path, data: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=_TEMPORARY_PREFIX)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            _flush(handle)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
