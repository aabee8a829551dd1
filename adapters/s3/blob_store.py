"""Objects in an S3-protocol bucket (AWS S3, MinIO) through aioboto3: the production BlobStore.

Every object is written under ``prefix`` with server-side encryption (SSE-S3 ``AES256`` by
default, SSE-KMS with a key id when configured), its Content-Type and the SHA-256 of its bytes,
which every read checks again (``BlobCorrupted``).

Where the SHA-256 lives:

- ``put`` and small ``put_stream`` uploads (one PutObject): user metadata ``x-amz-meta-sha256``,
  and the same digest as ``ChecksumSHA256`` so that S3 itself refuses bytes damaged in transit.
- multipart ``put_stream`` uploads: the object tag ``sha256``, written right after
  CompleteMultipartUpload. Metadata can only be given to CreateMultipartUpload, before the
  digest is known, and changing it later means copying the whole object (CopyObject, and
  UploadPartCopy above 5 GiB). A tag belongs to the object version: a later write of the key
  drops it, deleting the object deletes it, and listings never see it. A sidecar object
  (``<key>.sha256``) would need all of that done by hand (a stale sidecar after an overwrite
  reports a good object as corrupted), cost a reserved key suffix and leave orphans. Each part
  carries its own ``ChecksumSHA256``, so S3 verifies the parts on arrival. The cost: one
  GetObjectTagging per read of such objects, and the s3:GetObjectTagging / s3:PutObjectTagging
  permissions. Between CompleteMultipartUpload and PutObjectTagging (one request) a reader
  finds no digest and gets the bytes unverified; if the tagging fails the object is deleted.
  Two writers of one key at the same moment could leave one's tag on the other's bytes (read
  as corrupted): the service writes each key once.
- objects a client uploaded itself with ``upload_url`` have no digest: they read back
  unverified and ``info`` reports ``sha256=""``, until the service stores them again.

Multipart uploads that fail are aborted; a bucket lifecycle rule (AbortIncompleteMultipartUpload
after a day) removes the parts of a process that died in the middle of one.

Permissions: s3:GetObject, PutObject, DeleteObject, GetObjectTagging, PutObjectTagging,
AbortMultipartUpload and ListBucket (without it S3 answers 403, not 404, for a missing key);
with SSE-KMS also kms:GenerateDataKey and kms:Decrypt on the key.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import io
import re
from collections.abc import AsyncGenerator, AsyncIterable, Mapping
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import aioboto3  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.exceptions import ClientError  # type: ignore[import-untyped]

from application.ports import (
    BlobCorrupted,
    BlobInfo,
    BlobNotFound,
    BlobTooLarge,
    InvalidKey,
    PresignedUpload,
)

MiB = 1 << 20
MIN_PART_BYTES = 5 * MiB  # S3's smallest part, except the last one
MAX_PART_BYTES = 5 * 1024 * MiB  # also the largest single PutObject
MAX_PARTS = 10_000
MAX_URL_EXPIRY_S = 7 * 24 * 3600  # SigV4 presigned URLs live at most a week
SSE_ALGORITHMS = ("AES256", "aws:kms")

_KEY_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
_PREFIX = re.compile(r"^[A-Za-z0-9._/-]*$")
_MAX_KEY_BYTES = 1024  # S3's limit, the store's prefix included
_DIGEST = "sha256"  # the metadata key and the tag key that hold the hex digest
_NOT_FOUND = {"404", "NoSuchKey", "NotFound"}
_HEAD_CONCURRENCY = 16  # list_objects reads each object's metadata, this many at a time


class S3BlobStore:
    """One bucket, every key under ``prefix``; one long-lived client, opened on first use.

    ``access_key_id`` / ``secret_access_key`` None means the default credential chain
    (environment, profile, instance role). Streams over ``multipart_threshold_bytes`` go up as
    multipart uploads of ``part_size_bytes`` parts; a stream holds at most
    max(threshold, part size) in memory.
    """

    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        sse: str = "AES256",
        kms_key_id: str | None = None,
        multipart_threshold_bytes: int = 8 * MiB,
        part_size_bytes: int = 8 * MiB,
        list_page_size: int = 1000,
    ) -> None:
        if sse not in SSE_ALGORITHMS:
            raise ValueError(f"sse must be one of {SSE_ALGORITHMS}, not {sse!r}")
        if kms_key_id and sse != "aws:kms":
            raise ValueError("kms_key_id needs sse='aws:kms'")
        if not MIN_PART_BYTES <= part_size_bytes <= MAX_PART_BYTES:
            raise ValueError(f"part_size_bytes must be within [{MIN_PART_BYTES}, {MAX_PART_BYTES}]")
        if not 0 <= multipart_threshold_bytes <= MAX_PART_BYTES:
            raise ValueError(f"multipart_threshold_bytes must be within [0, {MAX_PART_BYTES}]")
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        if prefix:
            _check_key(prefix.removesuffix("/"))
        self.bucket, self.prefix, self.region = bucket, prefix, region
        self.sse, self.kms_key_id = sse, kms_key_id
        self.multipart_threshold_bytes = multipart_threshold_bytes
        self.part_size_bytes = part_size_bytes
        self._endpoint_url = endpoint_url
        self._list_page_size = list_page_size
        self._session = aioboto3.Session(
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            region_name=region,
        )
        self._config = Config(signature_version="s3v4", s3={"addressing_style": "path"})
        self._stack = AsyncExitStack()
        self._client: Any = None
        self._lock = asyncio.Lock()

    # -- the client ---------------------------------------------------------------------------
    async def _s3(self) -> Any:
        async with self._lock:
            if self._client is None:
                self._client = await self._stack.enter_async_context(
                    self._session.client(
                        "s3",
                        endpoint_url=self._endpoint_url,
                        region_name=self.region,
                        config=self._config,
                    )
                )
            return self._client

    async def close(self) -> None:
        """Close the client and its connections; the next call opens a new one."""
        async with self._lock:
            self._client = None
            stack, self._stack = self._stack, AsyncExitStack()
            await stack.aclose()

    async def __aenter__(self) -> S3BlobStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def check(self) -> None:
        """Return if the bucket answers (HeadBucket); raise with the reason otherwise."""
        client = await self._s3()
        await client.head_bucket(Bucket=self.bucket)

    async def ensure_bucket(self) -> None:
        """Create the bucket unless it exists (tests, and the CLI's setup command)."""
        client = await self._s3()
        try:
            await client.head_bucket(Bucket=self.bucket)
            return
        except ClientError as error:
            if _code(error) not in {"404", "NoSuchBucket", "NotFound"}:
                raise
        options: dict[str, Any] = {}
        if self.region != "us-east-1":  # us-east-1 refuses its own name as a constraint
            options["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
        try:
            await client.create_bucket(Bucket=self.bucket, **options)
        except ClientError as error:
            if _code(error) not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                raise

    # -- keys -----------------------------------------------------------------------------------
    def object_name(self, key: str) -> str:
        """The S3 key of ``key``: the store's prefix and the validated key."""
        _check_key(key)
        name = self.prefix + key
        if len(name.encode()) > _MAX_KEY_BYTES:
            raise InvalidKey(f"object key {key!r} is longer than S3 allows")
        return name

    def _key_of(self, name: str) -> str:
        return name.removeprefix(self.prefix)

    def _encryption(self) -> dict[str, str]:
        params = {"ServerSideEncryption": self.sse}
        if self.kms_key_id:
            params["SSEKMSKeyId"] = self.kms_key_id
        return params

    # -- writes ---------------------------------------------------------------------------------
    async def put(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        name = self.object_name(key)
        return await self._put_object(
            key, name, data, hashlib.sha256(data).digest(), len(data), content_type
        )

    async def _put_object(
        self,
        key: str,
        name: str,
        body: bytes | io.BytesIO,
        digest: bytes,
        size: int,
        content_type: str,
    ) -> BlobInfo:
        client = await self._s3()
        response = await client.put_object(
            Bucket=self.bucket,
            Key=name,
            Body=body,
            ContentType=content_type,
            Metadata={_DIGEST: digest.hex()},
            ChecksumSHA256=_base64(digest),
            **self._encryption(),
        )
        return BlobInfo(key, size, content_type, digest.hex(), _server_time(response))

    async def put_stream(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        content_type: str,
        *,
        max_bytes: int | None = None,
    ) -> BlobInfo:
        """Below the threshold one PutObject; above it a multipart upload, one part in memory.

        The buffer is a file object, not bytes: aiohttp then sends it in 64 KiB reads, where
        bytes would be copied whole on the way to the socket (slice, join, transport buffer).
        """
        name = self.object_name(key)
        digest = hashlib.sha256()
        size = 0
        buffer, buffered = io.BytesIO(), 0  # never more than one part (or the threshold)
        limit = self.multipart_threshold_bytes
        upload: _MultipartUpload | None = None
        try:
            async for chunk in chunks:
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise BlobTooLarge(f"{key}: more than {max_bytes} bytes")
                digest.update(chunk)
                rest = memoryview(chunk)
                while rest:
                    if buffered >= limit:  # full, and more is coming: a multipart object
                        if upload is None:
                            upload = await self._start_multipart(name, content_type)
                        if buffered >= MIN_PART_BYTES:
                            await upload.add_part(buffer)
                            buffer, buffered = io.BytesIO(), 0
                        limit = self.part_size_bytes
                    taken = buffer.write(rest[: limit - buffered])
                    buffered += taken
                    rest = rest[taken:]
            if upload is None:
                buffer.seek(0)
                return await self._put_object(
                    key, name, buffer, digest.digest(), size, content_type
                )
            await upload.add_part(buffer)
            del buffer
            response = await upload.complete()
        except BaseException:
            if upload is not None:
                await upload.abort()
            raise
        await self._tag_digest(name, digest.hexdigest())
        return BlobInfo(key, size, content_type, digest.hexdigest(), _server_time(response))

    async def _start_multipart(self, name: str, content_type: str) -> _MultipartUpload:
        client = await self._s3()
        response = await client.create_multipart_upload(
            Bucket=self.bucket,
            Key=name,
            ContentType=content_type,
            ChecksumAlgorithm="SHA256",
            **self._encryption(),
        )
        return _MultipartUpload(client, self.bucket, name, response["UploadId"])

    async def _tag_digest(self, name: str, hexdigest: str) -> None:
        client = await self._s3()
        try:
            await client.put_object_tagging(
                Bucket=self.bucket,
                Key=name,
                Tagging={"TagSet": [{"Key": _DIGEST, "Value": hexdigest}]},
            )
        except BaseException:
            # An object whose digest is not recorded could never be verified: store nothing.
            with contextlib.suppress(Exception):
                await client.delete_object(Bucket=self.bucket, Key=name)
            raise

    async def delete(self, key: str) -> None:
        client = await self._s3()
        await client.delete_object(Bucket=self.bucket, Key=self.object_name(key))

    # -- reads ----------------------------------------------------------------------------------
    async def _open(self, key: str) -> tuple[Any, str]:
        """The GetObject body of ``key`` and the digest recorded for it ("" if none)."""
        name = self.object_name(key)
        client = await self._s3()
        try:
            response = await client.get_object(Bucket=self.bucket, Key=name)
        except ClientError as error:
            raise _not_found_or(error, key) from None
        try:
            expected = await self._recorded_digest(key, name, response)
        except BaseException:
            response["Body"].close()
            raise
        return response["Body"], expected

    async def _recorded_digest(self, key: str, name: str, response: Mapping[str, Any]) -> str:
        recorded = response.get("Metadata", {}).get(_DIGEST)
        if recorded:
            return str(recorded)
        client = await self._s3()  # a multipart upload: the digest is a tag
        try:
            tagging = await client.get_object_tagging(Bucket=self.bucket, Key=name)
        except ClientError as error:
            raise _not_found_or(error, key) from None
        tags = {tag["Key"]: tag["Value"] for tag in tagging.get("TagSet", [])}
        return str(tags.get(_DIGEST, ""))

    async def get(self, key: str) -> bytes:
        body, expected = await self._open(key)
        try:
            data: bytes = await body.read()
        finally:
            body.close()
        _verify(key, expected, hashlib.sha256(data).hexdigest())
        return data

    async def stream(self, key: str, chunk_size: int = 1 << 20) -> AsyncGenerator[bytes, None]:
        body, expected = await self._open(key)
        digest = hashlib.sha256()
        try:
            async for chunk in body.iter_chunks(chunk_size):
                digest.update(chunk)
                yield chunk
        finally:
            body.close()  # a consumer that stops early must not leave the connection open
        _verify(key, expected, digest.hexdigest())

    async def info(self, key: str) -> BlobInfo:
        name = self.object_name(key)
        client = await self._s3()
        try:
            head = await client.head_object(Bucket=self.bucket, Key=name)
        except ClientError as error:
            raise _not_found_or(error, key) from None
        return BlobInfo(
            key,
            int(head["ContentLength"]),
            str(head.get("ContentType", "application/octet-stream")),
            await self._recorded_digest(key, name, head),
            head["LastModified"].astimezone(UTC),
        )

    async def exists(self, key: str) -> bool:
        name = self.object_name(key)
        client = await self._s3()
        try:
            await client.head_object(Bucket=self.bucket, Key=name)
        except ClientError as error:
            if _code(error) in _NOT_FOUND:
                return False
            raise
        return True

    async def list_objects(self, prefix: str) -> list[BlobInfo]:
        """One ListObjectsV2 call per page, then one HeadObject per object (content type and
        digest are not in listings), ``_HEAD_CONCURRENCY`` at a time."""
        if prefix.startswith("/") or not _PREFIX.match(prefix) or ".." in prefix.split("/"):
            raise InvalidKey(f"invalid key prefix {prefix!r}")
        client = await self._s3()
        paginator = client.get_paginator("list_objects_v2")
        names: list[str] = []
        async for page in paginator.paginate(
            Bucket=self.bucket,
            Prefix=self.prefix + prefix,
            PaginationConfig={"PageSize": self._list_page_size},
        ):
            names.extend(item["Key"] for item in page.get("Contents", []))
        slots = asyncio.Semaphore(_HEAD_CONCURRENCY)

        async def info_or_none(name: str) -> BlobInfo | None:
            async with slots:
                try:
                    return await self.info(self._key_of(name))
                except (BlobNotFound, InvalidKey):  # deleted since, or not written by a store
                    return None

        infos = await asyncio.gather(*(info_or_none(name) for name in names))
        return sorted((info for info in infos if info is not None), key=lambda info: info.key)

    # -- presigned URLs -------------------------------------------------------------------------
    async def download_url(self, key: str, expires_s: int) -> str:
        name = self.object_name(key)
        client = await self._s3()
        url: str = await client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": name},
            ExpiresIn=_checked_expiry(expires_s),
        )
        return url

    async def upload_url(
        self, key: str, content_type: str, size_bytes: int, expires_s: int
    ) -> PresignedUpload:
        """A presigned PUT whose signature covers Content-Type, Content-Length and the
        encryption headers: S3 refuses the upload if the client sends anything else."""
        name = self.object_name(key)
        if not 0 <= size_bytes <= MAX_PART_BYTES:
            raise ValueError(f"size_bytes must be within [0, {MAX_PART_BYTES}]")
        expires_at = datetime.now(UTC) + timedelta(seconds=_checked_expiry(expires_s))
        client = await self._s3()
        url = await client.generate_presigned_url(
            "put_object",
            Params={
                "Bucket": self.bucket,
                "Key": name,
                "ContentType": content_type,
                "ContentLength": size_bytes,
                **self._encryption(),
            },
            ExpiresIn=expires_s,
        )
        headers = {
            "Content-Type": content_type,
            "Content-Length": str(size_bytes),
            "x-amz-server-side-encryption": self.sse,
        }
        if self.kms_key_id:
            headers["x-amz-server-side-encryption-aws-kms-key-id"] = self.kms_key_id
        return PresignedUpload(url, "PUT", headers, expires_at)


class _MultipartUpload:
    """One CreateMultipartUpload in progress: its parts, each checked by S3 on arrival."""

    def __init__(self, client: Any, bucket: str, name: str, upload_id: str) -> None:
        self._client, self._bucket, self._name, self._upload_id = client, bucket, name, upload_id
        self._parts: list[dict[str, Any]] = []

    async def add_part(self, body: io.BytesIO) -> None:
        if len(self._parts) == MAX_PARTS:
            raise BlobTooLarge(f"{self._name}: more than {MAX_PARTS} parts")
        number = len(self._parts) + 1
        with body.getbuffer() as view:
            checksum = _base64(hashlib.sha256(view).digest())
        body.seek(0)
        response = await self._client.upload_part(
            Bucket=self._bucket,
            Key=self._name,
            UploadId=self._upload_id,
            PartNumber=number,
            Body=body,
            ChecksumSHA256=checksum,
        )
        self._parts.append(
            {"PartNumber": number, "ETag": response["ETag"], "ChecksumSHA256": checksum}
        )

    async def complete(self) -> Mapping[str, Any]:
        response: Mapping[str, Any] = await self._client.complete_multipart_upload(
            Bucket=self._bucket,
            Key=self._name,
            UploadId=self._upload_id,
            MultipartUpload={"Parts": self._parts},
        )
        self._upload_id = ""  # nothing left to abort
        return response

    async def abort(self) -> None:
        if self._upload_id:
            # The original error matters more; a lifecycle rule collects what this leaves.
            with contextlib.suppress(Exception):
                await self._client.abort_multipart_upload(
                    Bucket=self._bucket, Key=self._name, UploadId=self._upload_id
                )


def _check_key(key: str) -> None:
    parts = key.split("/")
    if not key or key.startswith("/") or any(not _KEY_PART.match(part) for part in parts):
        raise InvalidKey(f"invalid object key {key!r}")


def _checked_expiry(expires_s: int) -> int:
    if not 1 <= expires_s <= MAX_URL_EXPIRY_S:
        raise ValueError(f"expires_s must be within [1, {MAX_URL_EXPIRY_S}]")
    return expires_s


def _verify(key: str, expected: str, actual: str) -> None:
    if expected and expected != actual:
        raise BlobCorrupted(f"{key}: sha256 {actual} differs from the recorded {expected}")


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _not_found_or(error: ClientError, key: str) -> Exception:
    return BlobNotFound(key) if _code(error) in _NOT_FOUND else error


def _base64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


def _server_time(response: Mapping[str, Any]) -> datetime | None:
    """When S3 answered the write (its Date header): the object's time, to the second."""
    date = response.get("ResponseMetadata", {}).get("HTTPHeaders", {}).get("date")
    return parsedate_to_datetime(date).astimezone(UTC) if date else None
