"""The BlobStore contract, run against every adapter (memory, filesystem; S3 against a real
S3-protocol server in tests/integration/test_s3_blob_store.py with these same tests)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from adapters.filesystem.blob_store import FilesystemBlobStore, InvalidKey
from adapters.filesystem.signed_urls import UrlSigner
from adapters.memory.blob_store import MemoryBlobStore
from application.ports import BlobCorrupted, BlobNotFound, BlobStore, BlobTooLarge

KEY = "users/u1/avatars/a1/models/high.glb"


@pytest.fixture(params=["memory", "filesystem"])
def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BlobStore]:
    if request.param == "memory":
        yield MemoryBlobStore()
    else:
        yield FilesystemBlobStore(tmp_path / "blobs", UrlSigner(b"secret"))


def expiry_of(url: str) -> float:
    """When a link expires (unix time): ``expires`` of our signed links, or the date and
    lifetime of an S3 presigned URL (SigV4)."""
    query = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
    if "expires" in query:
        return int(query["expires"])
    signed_at = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return signed_at.timestamp() + int(query["X-Amz-Expires"])


async def chunks_of(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def test_an_object_reads_back_with_its_size_type_and_checksum(blobs: BlobStore) -> None:
    data = bytes(range(256)) * 100
    info = await blobs.put(KEY, data, "model/gltf-binary")
    assert (info.size, info.content_type) == (len(data), "model/gltf-binary")
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert await blobs.get(KEY) == data
    assert await blobs.exists(KEY)
    stored = await blobs.info(KEY)
    assert (stored.size, stored.sha256, stored.content_type) == (
        info.size,
        info.sha256,
        info.content_type,
    )
    assert stored.modified_at is not None


async def test_a_stream_in_is_stored_whole_and_streams_out_in_chunks(blobs: BlobStore) -> None:
    data = bytes(range(256)) * 8192  # 2 MiB
    info = await blobs.put_stream(KEY, chunks_of(data), "application/octet-stream")
    assert info.size == len(data) and info.sha256 == hashlib.sha256(data).hexdigest()
    parts = [chunk async for chunk in blobs.stream(KEY, chunk_size=256 * 1024)]
    assert b"".join(parts) == data and len(parts) >= 8


async def test_a_stream_over_its_limit_is_refused_and_nothing_is_stored(blobs: BlobStore) -> None:
    with pytest.raises(BlobTooLarge):
        await blobs.put_stream(KEY, chunks_of(b"x" * 100_000), "image/jpeg", max_bytes=50_000)
    assert not await blobs.exists(KEY)
    assert await blobs.list_objects("users/") == []


async def test_putting_again_replaces_the_object(blobs: BlobStore) -> None:
    await blobs.put("k/one", b"first", "text/plain")
    await blobs.put("k/one", b"second", "text/plain")
    assert await blobs.get("k/one") == b"second"


async def test_a_missing_object_is_reported_and_deleting_it_is_harmless(
    blobs: BlobStore,
) -> None:
    with pytest.raises(BlobNotFound):
        await blobs.get("nothing/here")
    with pytest.raises(BlobNotFound):
        await blobs.info("nothing/here")
    with pytest.raises(BlobNotFound):
        [chunk async for chunk in blobs.stream("nothing/here")]
    await blobs.delete("nothing/here")
    assert not await blobs.exists("nothing/here")


async def test_listing_by_prefix(blobs: BlobStore) -> None:
    for key in ["users/a/x", "users/a/y/z", "users/b/x"]:
        await blobs.put(key, b"1", "application/octet-stream")
    assert [o.key for o in await blobs.list_objects("users/a/")] == ["users/a/x", "users/a/y/z"]
    await blobs.delete("users/a/x")
    assert [o.key for o in await blobs.list_objects("users/")] == ["users/a/y/z", "users/b/x"]


async def test_direct_transfer_urls_name_the_object_and_expire(blobs: BlobStore) -> None:
    await blobs.put(KEY, b"data", "model/gltf-binary")
    before = time.time()
    url = await blobs.download_url(KEY, expires_s=300)
    assert KEY.rsplit("/", 1)[-1] in url
    assert before + 299 <= expiry_of(url) <= time.time() + 301
    upload = await blobs.upload_url(
        "users/u1/avatars/a1/photos/front.jpg", "image/jpeg", 123_456, expires_s=60
    )
    assert upload.method == "PUT"
    assert upload.headers["Content-Type"] == "image/jpeg"
    assert upload.headers["Content-Length"] == "123456"
    assert 55 <= upload.expires_at.timestamp() - before <= 61


async def test_the_filesystem_store_notices_bytes_changed_behind_its_back(
    tmp_path: Path,
) -> None:
    store = FilesystemBlobStore(tmp_path)
    await store.put("a/b.bin", b"original bytes", "application/octet-stream")
    (tmp_path / "a" / "b.bin").write_bytes(b"tampered bytes")
    with pytest.raises(BlobCorrupted):
        await store.get("a/b.bin")


async def test_the_memory_store_notices_bytes_changed_behind_its_back() -> None:
    store = MemoryBlobStore()
    await store.put("a/b.bin", b"original bytes", "application/octet-stream")
    store.corrupt("a/b.bin")
    with pytest.raises(BlobCorrupted):
        await store.get("a/b.bin")


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
    with pytest.raises(BlobTooLarge):
        await store.put_stream("a/c.bin", chunks_of(b"x" * 10), "text/plain", max_bytes=5)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b.bin", "b.bin.meta"]


def test_signed_urls_check_method_key_parameters_and_expiry() -> None:
    signer = UrlSigner(b"secret")
    url = signer.url("PUT", "a/b.jpg", 2_000, size=10, type="image/jpeg")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    signature, expires = query.pop("signature"), query.pop("expires")
    assert signer.verify("PUT", "a/b.jpg", expires, signature, now=1_999, **query) is None
    assert signer.verify("PUT", "a/b.jpg", expires, signature, now=2_001, **query) == (
        "the link has expired"
    )
    assert signer.verify("GET", "a/b.jpg", expires, signature, now=1, **query) is not None
    assert signer.verify("PUT", "a/c.jpg", expires, signature, now=1, **query) is not None
    assert (
        signer.verify("PUT", "a/b.jpg", expires, signature, now=1, **{**query, "size": "11"})
        is not None
    )
    assert (
        UrlSigner(b"other").verify("PUT", "a/b.jpg", expires, signature, now=1, **query) is not None
    )
    assert signer.verify("PUT", "a/b.jpg", expires, "é€" + signature, now=1, **query) == (
        "the link's signature is invalid"
    )
