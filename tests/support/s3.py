"""A real S3-protocol HTTP server for the tests: configured, or moto started for the session.

Order: AVATAR_TEST_S3_ENDPOINT (an external server such as MinIO, used as is and never
stopped; credentials from AVATAR_TEST_S3_ACCESS_KEY_ID / AVATAR_TEST_S3_SECRET_ACCESS_KEY, else
the default AWS chain; region from AVATAR_TEST_S3_REGION, else us-east-1); else moto's server
mode (``moto[server]``) on a free 127.0.0.1 port, in a thread of this process, or in a process
of its own when the test measures this process's memory. Moto accepts any credentials: the
tests give dummy ones to the adapter, the process environment is left alone.

What moto 5.2 does differently from S3, as seen from aiobotocore (tests in
tests/integration/test_s3_blob_store.py rely on none of it):

- it checks no signature and no expiry: presigned URLs work with any signature, for ever;
- it does not verify ``ChecksumSHA256``, neither on PutObject nor on UploadPart (a wrong one
  is accepted), does not keep it for a PutObject (no checksum back even with
  ``ChecksumMode=ENABLED``) and does not echo a part's checksum from UploadPart;
- GetObject returns a multipart object's composite checksum (``...=-N``, COMPOSITE) without
  being asked (``ChecksumMode``);
- SSE is recorded and reported, nothing is encrypted; any SSEKMSKeyId is accepted, existing
  in moto's KMS or not;
- every response carries ``Connection: close``: each request opens a new TCP connection, which
  weighs on small-object throughput (keep it in mind reading bench/storage.py's numbers);
- ListMultipartUploads reports every upload as initiated on 2010-11-10.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import aioboto3  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]

from adapters.s3.blob_store import S3BlobStore
from tests.support.processes import answers, free_port

ENDPOINT_ENV = "AVATAR_TEST_S3_ENDPOINT"
ACCESS_KEY_ENV = "AVATAR_TEST_S3_ACCESS_KEY_ID"
SECRET_KEY_ENV = "AVATAR_TEST_S3_SECRET_ACCESS_KEY"
REGION_ENV = "AVATAR_TEST_S3_REGION"
#: Moto accepts anything; S3BlobStore gets these as arguments, never through os.environ.
DUMMY_CREDENTIALS = {"access_key_id": "testing", "secret_access_key": "testing"}


def external_endpoint() -> str | None:
    return os.environ.get(ENDPOINT_ENV) or None


@contextmanager
def s3_server(*, own_process: bool = False) -> Iterator[str]:
    """The endpoint URL of an S3-protocol server, for the duration of the block.

    ``own_process`` runs moto in a child process, so that the objects it keeps in memory do
    not count in this process's (tracemalloc) measurements.
    """
    if external := external_endpoint():
        yield external
        return
    if own_process:
        with _moto_process() as url:
            yield url
        return
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@contextmanager
def _moto_process(timeout_s: float = 30.0) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + timeout_s
        while not answers("127.0.0.1", port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"moto server did not start on 127.0.0.1:{port}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def connection_options(endpoint_url: str) -> dict[str, Any]:
    """Region and credentials for ``endpoint_url``: the environment's for an external server,
    dummy ones for moto."""
    region = os.environ.get(REGION_ENV, "us-east-1")
    if endpoint_url == external_endpoint():
        return {
            "region": region,
            "access_key_id": os.environ.get(ACCESS_KEY_ENV),
            "secret_access_key": os.environ.get(SECRET_KEY_ENV),
        }
    return {"region": region, **DUMMY_CREDENTIALS}


@asynccontextmanager
async def s3_client(endpoint_url: str, service: str = "s3") -> AsyncIterator[Any]:
    """A raw aioboto3 client on the server, to look behind the adapter's back."""
    options = connection_options(endpoint_url)
    session = aioboto3.Session(
        aws_access_key_id=options["access_key_id"],
        aws_secret_access_key=options["secret_access_key"],
        region_name=options["region"],
    )
    config = Config(signature_version="s3v4", s3={"addressing_style": "path"})
    async with session.client(service, endpoint_url=endpoint_url, config=config) as client:
        yield client


@asynccontextmanager
async def s3_blob_store(
    endpoint_url: str, *, admin: Any = None, **options: Any
) -> AsyncIterator[S3BlobStore]:
    """A ready S3BlobStore (prefix ``avatars/``) on a fresh bucket, emptied and removed after.

    ``options`` go to S3BlobStore (sse, kms_key_id, multipart_threshold_bytes...); ``admin``,
    a raw client (``s3_client``) that outlives the block, saves opening one for the clean-up.
    """
    bucket = f"avatar-test-{uuid.uuid4().hex[:12]}"
    store = S3BlobStore(
        bucket,
        **{"prefix": "avatars/", "endpoint_url": endpoint_url}
        | connection_options(endpoint_url)
        | options,
    )
    await store.ensure_bucket()
    try:
        yield store
    finally:
        await store.close()
        if admin is not None:
            await remove_bucket(admin, bucket)
        else:
            async with s3_client(endpoint_url) as client:
                await remove_bucket(client, bucket)


async def remove_bucket(client: Any, bucket: str) -> None:
    """Delete the bucket with its objects and unfinished multipart uploads."""
    uploads = await client.list_multipart_uploads(Bucket=bucket)
    for upload in uploads.get("Uploads", []):
        await client.abort_multipart_upload(
            Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"]
        )
    paginator = client.get_paginator("list_objects_v2")
    async for page in paginator.paginate(Bucket=bucket):
        objects = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if objects:
            await client.delete_objects(Bucket=bucket, Delete={"Objects": objects})
    await client.delete_bucket(Bucket=bucket)
