"""Signed, expiring download and upload links of the filesystem blob store (the embedded
profile's stand-in for S3 presigned URLs; spec 6.2). The signature is the authorisation."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import Any, Protocol

from litestar import Controller, Request, Response, Router, get, put
from litestar.exceptions import (
    HTTPException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.params import FromPath, FromQuery
from litestar.response import Stream
from litestar.status_codes import HTTP_201_CREATED, HTTP_413_REQUEST_ENTITY_TOO_LARGE

from application.ports import BlobInfo, BlobNotFound, BlobTooLarge, InvalidKey
from entrypoints.http.injection import Injected


class LinkSigner(Protocol):
    base_path: str  # the route the links point to

    def verify(
        self,
        method: str,
        key: str,
        expires: str,
        signature: str,
        now: float | None = None,
        **extra: str,
    ) -> str | None:
        """None if the link is valid now; otherwise why it is not."""
        ...


class SelfServedLinkStore(Protocol):
    """A blob store whose signed links the API serves itself (the filesystem store; S3 serves
    its presigned links itself). ``entrypoints/container.py`` says which store is one."""

    @property
    def signer(self) -> LinkSigner: ...

    async def info(self, key: str) -> BlobInfo: ...

    def stream(self, key: str, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]: ...

    async def put_stream(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        content_type: str,
        *,
        max_bytes: int | None = None,
    ) -> BlobInfo: ...

    async def delete(self, key: str) -> None: ...


def _checked_key(key: str) -> str:
    return key.lstrip("/")


class BlobLinkController(Controller):
    path = "/"
    tags = ["direct transfer"]

    @get("/{key:path}", summary="Download through a signed link", include_in_schema=True)
    async def download(
        self,
        key: FromPath[str],
        expires: FromQuery[str],
        signature: FromQuery[str],
        filesystem_blobs: Injected[SelfServedLinkStore],
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
        filesystem_blobs: Injected[SelfServedLinkStore],
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


def blob_link_routes(store: SelfServedLinkStore) -> Router:
    """The download and upload routes of ``store``'s signed links, where its signer points."""
    return Router(path=store.signer.base_path, route_handlers=[BlobLinkController])
