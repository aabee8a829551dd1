"""Objects as files under one root folder: the embedded profile's BlobStore.

Writes are atomic (a temporary file in the same folder, fsync, rename); keys are checked so
that no key can name a path outside the root.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from pathlib import Path

from application.ports import BlobInfo, BlobNotFound

_KEY_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
_META_SUFFIX = ".meta"


class InvalidKey(ValueError):
    """A key that is absolute, climbs out of the root, or has characters not allowed."""


class FilesystemBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)

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

    async def put(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        path = self.path_for(key)
        return await asyncio.to_thread(self._write, path, key, bytes(data), content_type)

    def _write(self, path: Path, key: str, data: bytes, content_type: str) -> BlobInfo:
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(data).hexdigest()
        _atomic_write(
            path.with_name(path.name + _META_SUFFIX), f"{content_type}\n{digest}\n".encode()
        )
        _atomic_write(path, data)
        return BlobInfo(key, len(data), content_type, digest)

    async def get(self, key: str) -> bytes:
        path = self.path_for(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            raise BlobNotFound(key) from None

    async def delete(self, key: str) -> None:
        path = self.path_for(key)
        for target in (path, path.with_name(path.name + _META_SUFFIX)):
            target.unlink(missing_ok=True)

    async def exists(self, key: str) -> bool:
        return self.path_for(key).is_file()

    async def list_keys(self, prefix: str) -> list[str]:
        def walk() -> list[str]:
            keys = []
            for path in self.root.rglob("*"):
                if (
                    path.is_file()
                    and not path.name.endswith(_META_SUFFIX)
                    and not path.name.startswith(".tmp-")
                ):
                    key = path.relative_to(self.root).as_posix()
                    if key.startswith(prefix):
                        keys.append(key)
            return sorted(keys)

        return await asyncio.to_thread(walk)


def _atomic_write(path: Path, data: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
