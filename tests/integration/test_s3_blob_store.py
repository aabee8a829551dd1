"""S3BlobStore against a real S3-protocol HTTP server (moto's server mode, or
AVATAR_TEST_S3_ENDPOINT): the BlobStore contract, then what only S3 does.

The first section runs the tests of tests/contract/test_blob_store.py on this adapter; once
that suite is parametrised over "s3" too (its fixture entering ``s3_blob_store(s3_endpoint)``),
the section can go.
Moto checks no signature and no expiry (see tests/support/s3.py): the presigned URLs are
checked for what they sign, expiry is tested on the filesystem adapter.
"""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from adapters.s3.blob_store import InvalidKey, MiB, S3BlobStore
from application.ports import BlobCorrupted, BlobTooLarge
from tests.contract import test_blob_store as contract
from tests.support.s3 import (
    connection_options,
    external_endpoint,
    s3_blob_store,
    s3_client,
    s3_server,
)

pytestmark = [pytest.mark.slow, pytest.mark.s3]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    with s3_server() as url:
        yield url


@pytest.fixture(scope="session")
async def raw(s3_endpoint: str) -> AsyncIterator[Any]:
    """An aioboto3 client on the same server, to look behind the adapter's back."""
    async with s3_client(s3_endpoint) as client:
        yield client


@pytest.fixture
async def store(s3_endpoint: str, raw: Any) -> AsyncIterator[S3BlobStore]:
    async with s3_blob_store(s3_endpoint, admin=raw) as ready:
        yield ready


async def _chunks(size: int, chunk_size: int = 256 * 1024) -> AsyncIterator[bytes]:
    """``size`` bytes of a fixed pattern, made one chunk at a time."""
    pattern = bytes(range(251)) * (chunk_size // 251 + 2)
    sent = 0
    while sent < size:
        step = min(chunk_size, size - sent)
        yield pattern[(sent % 251) : (sent % 251) + step]
        sent += step


def _pattern(size: int) -> bytes:
    return (bytes(range(251)) * (size // 251 + 1))[:size]


async def _drain(stream: AsyncIterator[bytes]) -> bytes:
    return b"".join([chunk async for chunk in stream])


# -- the BlobStore contract ------------------------------------------------------------------
# The adapter-neutral tests of tests/contract/test_blob_store.py, run here on ``blobs`` = S3.
# Its URL test reads an ``expires`` query parameter that presigned S3 URLs do not have
# (X-Amz-Date + X-Amz-Expires): the presigned URL tests below check the same for S3.
@pytest.fixture
def blobs(store: S3BlobStore) -> S3BlobStore:
    return store


test_an_object_reads_back_with_its_size_type_and_checksum = (
    contract.test_an_object_reads_back_with_its_size_type_and_checksum
)
test_a_stream_in_is_stored_whole_and_streams_out_in_chunks = (
    contract.test_a_stream_in_is_stored_whole_and_streams_out_in_chunks
)
test_a_stream_over_its_limit_is_refused_and_nothing_is_stored = (
    contract.test_a_stream_over_its_limit_is_refused_and_nothing_is_stored
)
test_putting_again_replaces_the_object = contract.test_putting_again_replaces_the_object
test_a_missing_object_is_reported_and_deleting_it_is_harmless = (
    contract.test_a_missing_object_is_reported_and_deleting_it_is_harmless
)
test_listing_by_prefix = contract.test_listing_by_prefix
test_direct_transfer_urls_name_the_object_and_expire = (
    contract.test_direct_transfer_urls_name_the_object_and_expire
)


@pytest.mark.parametrize(
    "key", ["../escape", "/etc/passwd", "a/../../b", "a//b", "", "a/.hidden", "a/./b", "a b", "ü"]
)
async def test_keys_that_are_absolute_climb_or_have_odd_characters_are_refused(
    store: S3BlobStore, raw: Any, key: str
) -> None:
    calls = [
        store.put(key, b"x", "text/plain"),
        store.put_stream(key, _chunks(10), "text/plain"),
        store.get(key),
        _drain(store.stream(key)),
        store.info(key),
        store.delete(key),
        store.exists(key),
        store.download_url(key, 60),
        store.upload_url(key, "text/plain", 1, 60),
    ]
    for call in calls:
        with pytest.raises(InvalidKey):
            await call
    assert issubclass(InvalidKey, ValueError)
    assert "Contents" not in await raw.list_objects_v2(Bucket=store.bucket)


# -- what S3 stores ---------------------------------------------------------------------------
async def test_objects_live_under_the_prefix_and_are_listed_without_it(
    store: S3BlobStore, raw: Any
) -> None:
    before = datetime.now(UTC) - timedelta(seconds=2)
    await store.put("users/u1/photo.jpg", b"jpeg", "image/jpeg")
    await raw.put_object(Bucket=store.bucket, Key="elsewhere/users/u1/x", Body=b"not ours")
    head = await raw.head_object(Bucket=store.bucket, Key="avatars/users/u1/photo.jpg")
    assert head["Metadata"] == {"sha256": hashlib.sha256(b"jpeg").hexdigest()}
    [listed] = await store.list_objects("")
    with pytest.raises(InvalidKey):
        await store.list_objects("../")
    info = await store.info("users/u1/photo.jpg")
    assert listed == info
    assert (info.key, info.size, info.content_type) == ("users/u1/photo.jpg", 4, "image/jpeg")
    assert info.sha256 == hashlib.sha256(b"jpeg").hexdigest()
    assert info.modified_at is not None and info.modified_at.tzinfo is not None
    assert info.modified_at.utcoffset() == timedelta(0)
    assert before <= info.modified_at <= datetime.now(UTC) + timedelta(seconds=2)


async def test_listing_follows_every_page(s3_endpoint: str, raw: Any) -> None:
    async with s3_blob_store(s3_endpoint, admin=raw, list_page_size=3) as store:
        keys = [f"users/u/{n:02d}" for n in range(8)]
        for key in keys:
            await store.put(key, key.encode(), "text/plain")
        listed = await store.list_objects("users/")
    assert [info.key for info in listed] == keys
    assert [info.size for info in listed] == [len(key) for key in keys]


async def test_every_object_is_encrypted_with_sse_s3(store: S3BlobStore, raw: Any) -> None:
    small = store.multipart_threshold_bytes // 2
    await store.put("k/put", b"x", "text/plain")
    await store.put_stream("k/small", _chunks(small), "text/plain")
    await store.put_stream("k/large", _chunks(store.multipart_threshold_bytes + 1), "text/plain")
    upload = await store.upload_url("k/direct", "text/plain", 3, 60)
    assert httpx.put(upload.url, content=b"abc", headers=dict(upload.headers)).status_code == 200
    for key in ["k/put", "k/small", "k/large", "k/direct"]:
        head = await raw.head_object(Bucket=store.bucket, Key=store.object_name(key))
        assert head["ServerSideEncryption"] == "AES256", key
        assert "SSEKMSKeyId" not in head


@pytest.mark.skipif(
    external_endpoint() is not None and not os.environ.get("AVATAR_TEST_S3_KMS_KEY_ID"),
    reason="an external S3 server needs AVATAR_TEST_S3_KMS_KEY_ID for SSE-KMS",
)
async def test_a_kms_key_encrypts_every_object_when_configured(s3_endpoint: str, raw: Any) -> None:
    key_id = os.environ.get("AVATAR_TEST_S3_KMS_KEY_ID")
    if key_id is None:
        async with s3_client(s3_endpoint, "kms") as kms:
            key_id = (await kms.create_key(Description="avatar tests"))["KeyMetadata"]["Arn"]
    async with s3_blob_store(s3_endpoint, admin=raw, sse="aws:kms", kms_key_id=key_id) as store:
        await store.put("k/put", b"x", "text/plain")
        await store.put_stream("k/large", _chunks(store.part_size_bytes + 1), "text/plain")
        upload = await store.upload_url("k/direct", "text/plain", 3, 60)
        assert upload.headers["x-amz-server-side-encryption"] == "aws:kms"
        assert upload.headers["x-amz-server-side-encryption-aws-kms-key-id"] == key_id
        response = httpx.put(upload.url, content=b"abc", headers=dict(upload.headers))
        assert response.status_code == 200
        for key in ["k/put", "k/large", "k/direct"]:
            head = await raw.head_object(Bucket=store.bucket, Key=store.object_name(key))
            assert (head["ServerSideEncryption"], head["SSEKMSKeyId"]) == ("aws:kms", key_id)
        assert await store.get("k/large") == _pattern(store.part_size_bytes + 1)


async def test_a_small_stream_is_one_put_with_its_checksum_in_metadata(
    store: S3BlobStore, raw: Any
) -> None:
    info = await store.put_stream("k/small", _chunks(1000, chunk_size=100), "text/csv")
    head = await raw.head_object(Bucket=store.bucket, Key=store.object_name("k/small"))
    assert "-" not in head["ETag"]  # a multipart ETag ends with -<parts>
    assert head["Metadata"]["sha256"] == info.sha256 == hashlib.sha256(_pattern(1000)).hexdigest()
    assert (head["ContentType"], info.size) == ("text/csv", 1000)


async def test_twenty_megabytes_go_up_in_parts_and_read_back_verified(
    store: S3BlobStore, raw: Any
) -> None:
    size = 20 * 1000 * 1000
    info = await store.put_stream("users/u/models/big.glb", _chunks(size), "model/gltf-binary")
    name = store.object_name("users/u/models/big.glb")
    expected = _pattern(size)
    assert (info.size, info.sha256) == (size, hashlib.sha256(expected).hexdigest())
    head = await raw.head_object(Bucket=store.bucket, Key=name, PartNumber=1)
    assert head["PartsCount"] == 3  # 8 MiB, 8 MiB, the rest
    head = await raw.head_object(Bucket=store.bucket, Key=name)
    assert head["ETag"].endswith('-3"')
    assert (head["ContentLength"], head["ContentType"]) == (size, "model/gltf-binary")
    tags = (await raw.get_object_tagging(Bucket=store.bucket, Key=name))["TagSet"]
    assert tags == [{"Key": "sha256", "Value": info.sha256}]
    assert (
        await store.info("users/u/models/big.glb")
        == (await store.list_objects("users/u/models/"))[0]
    )
    assert (await store.info("users/u/models/big.glb")).sha256 == info.sha256
    assert await store.get("users/u/models/big.glb") == expected
    streamed = [chunk async for chunk in store.stream("users/u/models/big.glb", 4 * MiB)]
    assert max(len(chunk) for chunk in streamed) <= 4 * MiB
    assert b"".join(streamed) == expected


async def test_a_stream_of_exactly_the_threshold_is_one_put_and_one_more_byte_is_multipart(
    store: S3BlobStore, raw: Any
) -> None:
    threshold = store.multipart_threshold_bytes
    await store.put_stream("k/at", _chunks(threshold), "application/octet-stream")
    await store.put_stream("k/over", _chunks(threshold + 1), "application/octet-stream")
    at = await raw.head_object(Bucket=store.bucket, Key=store.object_name("k/at"))
    over = await raw.head_object(Bucket=store.bucket, Key=store.object_name("k/over"))
    assert "-" not in at["ETag"] and over["ETag"].endswith('-2"')
    assert await store.get("k/over") == _pattern(threshold + 1)


@pytest.mark.parametrize("size", [1000, 20 * 1000 * 1000], ids=["one-put", "multipart"])
async def test_a_stream_over_its_limit_leaves_no_object_and_no_upload(
    store: S3BlobStore, raw: Any, size: int
) -> None:
    await store.put("k/limited", b"previous", "text/plain")
    with pytest.raises(BlobTooLarge):
        await store.put_stream("k/limited", _chunks(size), "text/plain", max_bytes=size - 1)
    assert (await raw.list_multipart_uploads(Bucket=store.bucket)).get("Uploads", []) == []
    assert await store.get("k/limited") == b"previous"  # a failed write changes nothing
    await store.delete("k/limited")
    with pytest.raises(BlobTooLarge):
        await store.put_stream("k/limited", _chunks(size), "text/plain", max_bytes=size - 1)
    assert not await store.exists("k/limited")
    assert "Contents" not in await raw.list_objects_v2(Bucket=store.bucket)
    info = await store.put_stream("k/limited", _chunks(size), "text/plain", max_bytes=size)
    assert info.size == size


async def test_a_failing_source_aborts_the_multipart_upload(store: S3BlobStore, raw: Any) -> None:
    async def broken() -> AsyncIterator[bytes]:
        async for chunk in _chunks(store.part_size_bytes * 2):
            yield chunk
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        await store.put_stream("k/broken", broken(), "text/plain")
    assert (await raw.list_multipart_uploads(Bucket=store.bucket)).get("Uploads", []) == []
    assert not await store.exists("k/broken")


async def test_bytes_changed_behind_the_store_are_reported_on_get_and_at_the_end_of_a_stream(
    store: S3BlobStore, raw: Any
) -> None:
    data = _pattern(3 * MiB)
    info = await store.put("users/u/photo.jpg", data, "image/jpeg")
    tampered = bytes([data[0] ^ 0xFF]) + data[1:]
    await raw.put_object(  # new bytes, the old metadata
        Bucket=store.bucket,
        Key=store.object_name("users/u/photo.jpg"),
        Body=tampered,
        ContentType="image/jpeg",
        Metadata={"sha256": info.sha256},
    )
    with pytest.raises(BlobCorrupted):
        await store.get("users/u/photo.jpg")
    received = []
    with pytest.raises(BlobCorrupted):
        async for chunk in store.stream("users/u/photo.jpg", 256 * 1024):
            received.append(chunk)
    assert b"".join(received) == tampered  # every byte came through; the error came last
    assert (await store.info("users/u/photo.jpg")).sha256 == info.sha256


async def test_a_multipart_object_is_checked_against_its_tag(store: S3BlobStore, raw: Any) -> None:
    info = await store.put_stream("k/large", _chunks(store.part_size_bytes + 10), "text/plain")
    await raw.put_object(  # what a multipart upload leaves, with other bytes
        Bucket=store.bucket,
        Key=store.object_name("k/large"),
        Body=b"other bytes",
        Tagging=f"sha256={info.sha256}",
    )
    with pytest.raises(BlobCorrupted):
        await store.get("k/large")
    with pytest.raises(BlobCorrupted):
        await _drain(store.stream("k/large"))


async def test_a_reader_that_stops_early_leaves_the_store_usable(store: S3BlobStore) -> None:
    await store.put("k/long", _pattern(4 * MiB), "application/octet-stream")
    stream = store.stream("k/long", 64 * 1024)
    assert len(await anext(stream)) <= 64 * 1024
    await stream.aclose()
    for _ in range(20):  # more than the client's connection pool
        partial = store.stream("k/long", 64 * 1024)
        await anext(partial)
        await partial.aclose()
    assert await store.get("k/long") == _pattern(4 * MiB)


# -- presigned URLs ---------------------------------------------------------------------------
async def test_a_download_url_serves_the_object_and_says_how_long(store: S3BlobStore) -> None:
    await store.put("users/u/exports/a.glb", b"glTF binary", "model/gltf-binary")
    url = await store.download_url("users/u/exports/a.glb", 300)
    response = httpx.get(url)
    assert response.status_code == 200
    assert response.content == b"glTF binary"
    assert response.headers["content-type"] == "model/gltf-binary"
    query = parse_qs(urlsplit(url).query)
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(signed_at - datetime.now(UTC)) < timedelta(seconds=5)
    assert query["X-Amz-Expires"] == ["300"]  # valid until X-Amz-Date + 300 s
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert len(query["X-Amz-Signature"][0]) == 64
    assert urlsplit(url).path == f"/{store.bucket}/avatars/users/u/exports/a.glb"
    with pytest.raises(ValueError):
        await store.download_url("users/u/exports/a.glb", 8 * 24 * 3600)


async def test_an_upload_url_signs_type_length_and_encryption(store: S3BlobStore) -> None:
    data = b"\xff\xd8\xff\xe0 a jpeg"
    before = datetime.now(UTC)
    upload = await store.upload_url("users/u/photos/p.jpg", "image/jpeg", len(data), 600)
    assert upload.method == "PUT"
    assert dict(upload.headers) == {
        "Content-Type": "image/jpeg",
        "Content-Length": str(len(data)),
        "x-amz-server-side-encryption": "AES256",
    }
    assert before + timedelta(seconds=600) <= upload.expires_at
    assert upload.expires_at <= datetime.now(UTC) + timedelta(seconds=600)
    query = parse_qs(urlsplit(upload.url).query)
    assert query["X-Amz-Expires"] == ["600"]
    signed = query["X-Amz-SignedHeaders"][0].split(";")
    assert {"content-type", "content-length", "x-amz-server-side-encryption"} <= set(signed)
    assert len(query["X-Amz-Signature"][0]) == 64

    response = httpx.put(upload.url, content=data, headers=dict(upload.headers))
    assert response.status_code == 200, response.text
    # A direct upload carries no recorded digest: it reads back unverified until stored again.
    assert await store.get("users/u/photos/p.jpg") == data
    info = await store.info("users/u/photos/p.jpg")
    assert (info.size, info.content_type, info.sha256) == (len(data), "image/jpeg", "")


# -- the client and the bucket ----------------------------------------------------------------
async def test_the_store_reopens_its_client_after_close_and_ensure_bucket_is_idempotent(
    store: S3BlobStore,
) -> None:
    await store.put("k/a", b"a", "text/plain")
    await store.close()
    await store.ensure_bucket()
    assert await store.get("k/a") == b"a"
    await store.close()
    await store.close()


# -- memory ---------------------------------------------------------------------------------
async def test_streaming_ten_megabytes_up_and_down_holds_about_one_part_in_memory() -> None:
    size = 10 * 1000 * 1000
    # moto in a process of its own: the objects it keeps must not count here
    with s3_server(own_process=True) as endpoint:
        async with s3_blob_store(endpoint) as store:
            part_size = store.part_size_bytes
            await store.put("warm/up", b"x", "text/plain")  # the client and its pools
            await store.get("warm/up")
            tracemalloc.start()
            try:
                start, _ = tracemalloc.get_traced_memory()
                info = await store.put_stream("k/big", _chunks(size, 64 * 1024), "text/plain")
                digest = hashlib.sha256()
                async for chunk in store.stream("k/big", 256 * 1024):
                    digest.update(chunk)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    assert digest.hexdigest() == info.sha256
    above_start = peak - start
    assert above_start < 30_000_000, f"peak {above_start / MiB:.1f} MiB above the start"
    assert above_start < 2 * part_size, "a part was copied on its way out"


async def test_the_health_check_passes_for_the_bucket_and_fails_without_one(
    store: S3BlobStore, s3_endpoint: str
) -> None:
    await store.check()
    missing = S3BlobStore(
        "no-such-bucket-here", endpoint_url=s3_endpoint, **connection_options(s3_endpoint)
    )
    try:
        with pytest.raises(Exception):  # noqa: B017 - botocore's 404 error
            await missing.check()
    finally:
        await missing.close()
