"""Signed, expiring download and upload links of the filesystem blob store (the embedded
profile's stand-in for S3 presigned URLs; spec 6.2). The signature is the authorisation."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, put
from litestar.exceptions import (
    HTTPException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.params import FromPath, FromQuery
from litestar.response import Stream
from litestar.status_codes import HTTP_201_CREATED, HTTP_413_REQUEST_ENTITY_TOO_LARGE

from adapters.filesystem.blob_store import FilesystemBlobStore, InvalidKey
from adapters.filesystem.signed_urls import BLOB_ROUTE
from application.ports import BlobNotFound, BlobTooLarge
from entrypoints.http.injection import Injected


def _checked_key(key: str) -> str:
    return key.lstrip("/")


class BlobLinkController(Controller):
    path = BLOB_ROUTE
    tags = ["direct transfer"]

    @get("/{key:path}", summary="Download through a signed link", include_in_schema=True)
    async def download(
        self,
        key: FromPath[str],
        expires: FromQuery[str],
        signature: FromQuery[str],
        filesystem_blobs: Injected[FilesystemBlobStore],
    ) -> Stream:
        key = _checked_key(key)
        problem = filesystem_blobs.signer.verify("GET", key, expires, signature)
        if problem:
            raise PermissionDeniedException(problem)
        try:
            info = await filesystem_blobs.info(key)
        except (BlobNotFound, InvalidKey):
            raise NotFoundException(f"no object {key}") from None
        return Stream(
            filesystem_blobs.stream(key),
            media_type=info.content_type,
            headers={
                "ETag": f'"{info.sha256}"',
                "Content-Length": str(info.size),
                "Cache-Control": "private, no-store",
            },
        )

    @put(
        "/{key:path}",
        summary="Upload through a signed link",
        status_code=HTTP_201_CREATED,
        request_max_body_size=None,
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        key: FromPath[str],
        expires: FromQuery[str],
        signature: FromQuery[str],
        size: FromQuery[str],
        type: FromQuery[str],
        filesystem_blobs: Injected[FilesystemBlobStore],
    ) -> Response[dict[str, Any]]:
        key = _checked_key(key)
        problem = filesystem_blobs.signer.verify(
            "PUT", key, expires, signature, size=size, type=type
        )
        if problem:
            raise PermissionDeniedException(problem)
        sent_type = request.headers.get("content-type", "")
        if sent_type != type:
            raise ValidationException(
                "wrong content type",
                extra=[
                    {
                        "key": "Content-Type",
                        "source": "header",
                        "message": f"this link takes {type}, not {sent_type or 'nothing'}",
                    }
                ],
            )
        expected = int(size)
        try:
            info = await filesystem_blobs.put_stream(
                key, request.stream(), type, max_bytes=expected
            )
        except BlobTooLarge:
            raise HTTPException(
                status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                detail=f"this link takes exactly {expected} bytes",
            ) from None
        if info.size != expected:
            await filesystem_blobs.delete(key)
            raise ValidationException(
                "incomplete",
                extra=[
                    {
                        "key": "body",
                        "source": "body",
                        "message": f"got {info.size} of {expected} bytes",
                    }
                ],
            )
        return Response(
            {"key": key, "size": info.size, "sha256": info.sha256},
            status_code=HTTP_201_CREATED,
            headers={"ETag": f'"{info.sha256}"'},
        )
