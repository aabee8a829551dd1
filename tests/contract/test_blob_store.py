"""The BlobStore contract, run against every adapter (memory, filesystem)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.filesystem.blob_store import FilesystemBlobStore, InvalidKey
from adapters.memory.blob_store import MemoryBlobStore
from application.ports import BlobNotFound, BlobStore


@pytest.fixture(params=["memory", "filesystem"])
def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BlobStore]:
    if request.param == "memory":
        yield MemoryBlobStore()
    else:
        yield FilesystemBlobStore(tmp_path / "blobs")


async def test_an_object_reads_back_with_its_size_and_checksum(blobs: BlobStore) -> None:
    data = bytes(range(256)) * 100
    info = await blobs.put("users/u1/avatars/a1/models/high.glb", data, "model/gltf-binary")
    assert (info.size, info.content_type) == (len(data), "model/gltf-binary")
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert await blobs.get("users/u1/avatars/a1/models/high.glb") == data
    assert await blobs.exists("users/u1/avatars/a1/models/high.glb")


async def test_putting_again_replaces_the_object(blobs: BlobStore) -> None:
    await blobs.put("k/one", b"first", "text/plain")
    await blobs.put("k/one", b"second", "text/plain")
    assert await blobs.get("k/one") == b"second"


async def test_a_missing_object_is_reported_and_deleting_it_is_harmless(
    blobs: BlobStore,
) -> None:
    with pytest.raises(BlobNotFound):
        await blobs.get("nothing/here")
    await blobs.delete("nothing/here")
    assert not await blobs.exists("nothing/here")


async def test_listing_by_prefix(blobs: BlobStore) -> None:
    for key in ["users/a/x", "users/a/y/z", "users/b/x"]:
        await blobs.put(key, b"1", "application/octet-stream")
    assert await blobs.list_keys("users/a/") == ["users/a/x", "users/a/y/z"]
    await blobs.delete("users/a/x")
    assert await blobs.list_keys("users/") == ["users/a/y/z", "users/b/x"]


@pytest.mark.parametrize("key", ["../escape", "/etc/passwd", "a/../../b", "a//b", "", "a/.hidden"])
async def test_the_filesystem_store_refuses_keys_that_could_leave_its_root(
    tmp_path: Path, key: str
) -> None:
    store = FilesystemBlobStore(tmp_path / "root")
    with pytest.raises(InvalidKey):
        await store.put(key, b"x", "text/plain")
    assert not (tmp_path / "escape").exists()


async def test_the_filesystem_store_leaves_no_temporary_files(tmp_path: Path) -> None:
    store = FilesystemBlobStore(tmp_path)
    await store.put("a/b.bin", b"data", "application/octet-stream")
    leftovers = [p.name for p in (tmp_path / "a").iterdir() if p.name.startswith(".tmp-")]
    assert leftovers == []
