"""Reading a photo upload's body as it streams in, within limits.

Litestar's own form parsing reads the whole body first; photo uploads read the ASGI messages
themselves so that each limit holds while the bytes arrive: a body whose Content-Length says
it is too large is refused before one byte is read, a file part is dropped the moment it
passes the photo size limit, and parts whose first bytes say they are not an image are only
counted (not kept) to the end. Nothing is written to disk; memory holds at most the photos
being accepted.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, cast

from litestar import Request
from litestar.exceptions import ClientException, HTTPException
from litestar.status_codes import HTTP_413_REQUEST_ENTITY_TOO_LARGE
from multipart import MultipartError, MultipartSegment, ParserLimitReached, PushMultipartParser

from application.photo_intake import SNIFF_BYTES
from domain.photo_checks import Check, PhotoRejected

FIELD_BYTES = 64 * 1024  # a text field (name, preferences JSON...)
MAX_TEXT_FIELDS = 32
_BOUNDARY = re.compile(r'boundary="?([^";,]+)"?', re.IGNORECASE)


class BodyTooLarge(HTTPException):
    status_code = HTTP_413_REQUEST_ENTITY_TOO_LARGE


@dataclass
class FormFile:
    name: str
    filename: str
    content_type: str
    data: bytes = b""
    size: int = 0  # bytes received, kept or not
    sniffed: bool = False
    rejection: PhotoRejected | None = None  # the format check failed on the first bytes


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[FormFile] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    files: int
    body_bytes: int


class FileTooLarge(Exception):
    def __init__(self, part: FormFile, limit: int, fields: dict[str, str]) -> None:
        super().__init__(part.name)
        self.part, self.limit, self.fields = part, limit, fields  # the fields read so far


def is_multipart(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("content-type", "").lower().startswith("multipart/form-data")


async def body_chunks(request: Request[Any, Any, Any], limit: int) -> AsyncIterator[bytes]:
    """The raw body, refused with 413 as soon as it is known to pass ``limit`` bytes."""
    announced = request.headers.get("content-length")
    if announced is not None and announced.isdigit() and int(announced) > limit:
        raise BodyTooLarge(detail=f"the request body is larger than the limit of {limit} bytes")
    received = 0
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            raise ClientException("the client disconnected before the end of the body")
        chunk = cast(bytes, message.get("body", b""))
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge(detail=f"the request body is larger than the limit of {limit} bytes")
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            return


async def read_body(request: Request[Any, Any, Any], limit: int) -> bytes:
    return b"".join([chunk async for chunk in body_chunks(request, limit)])


async def read_form(
    request: Request[Any, Any, Any],
    limits: Limits,
    sniff: Callable[[bytes], object],
) -> Form:
    """The text fields and files of a multipart/form-data body.

    ``sniff`` looks at the first bytes of each file and raises ``PhotoRejected`` when they
    are not an accepted image; such a file is then only counted (its size limit still
    comes first, as in the order of the checks). ``FileTooLarge`` stops reading at once.
    """
    content_type = request.headers.get("content-type", "")
    found = _BOUNDARY.search(content_type)
    if found is None:
        raise ClientException("a multipart/form-data body needs a boundary in its Content-Type")
    form = Form()
    part: FormFile | None = None
    text: bytearray | None = None
    buffer = bytearray()
    try:
        parser = PushMultipartParser(
            found.group(1),
            max_header_size=4096,
            max_segment_count=limits.files + MAX_TEXT_FIELDS,
        )
        async for chunk in body_chunks(request, limits.body_bytes):
            for event in parser.parse(chunk):
                if isinstance(event, MultipartSegment):
                    if event.filename is not None:
                        if len(form.files) >= limits.files:
                            raise BodyTooLarge(
                                detail=f"a request carries at most {limits.files} photos"
                            )
                        part = FormFile(event.name, event.filename, event.content_type or "")
                        buffer, text = bytearray(), None
                    else:
                        part, text = None, bytearray()
                    current_name = event.name
                elif event is None:  # end of the part
                    if part is not None:
                        if not part.sniffed:
                            _sniff(part, bytes(buffer), sniff)
                        part.data = bytes(buffer) if part.rejection is None else b""
                        form.files.append(part)
                        part, buffer = None, bytearray()
                    elif text is not None:
                        form.fields[current_name] = text.decode("utf-8", "replace")
                        text = None
                elif part is not None:
                    part.size += len(event)
                    if part.size > limits.file_bytes:
                        raise FileTooLarge(part, limits.file_bytes, form.fields)
                    if part.rejection is None:
                        buffer += event
                        if not part.sniffed and len(buffer) >= SNIFF_BYTES:
                            _sniff(part, bytes(buffer[:SNIFF_BYTES]), sniff)
                            if part.rejection is not None:
                                buffer = bytearray()  # counted from now on, not kept
                elif text is not None:
                    text += event
                    if len(text) > FIELD_BYTES:
                        raise BodyTooLarge(
                            detail=f"the form field '{current_name}' is longer than "
                            f"{FIELD_BYTES} bytes"
                        )
        parser.close()
    except ParserLimitReached as error:
        raise BodyTooLarge(detail=f"the multipart body passes a limit: {error}") from None
    except MultipartError as error:
        raise ClientException(f"the multipart/form-data body is malformed: {error}") from None
    return form


def _sniff(part: FormFile, head: bytes, sniff: Callable[[bytes], object]) -> None:
    part.sniffed = True
    if not head:
        return  # an empty file: the size check names it
    try:
        sniff(head)
    except PhotoRejected as rejection:
        part.rejection = rejection


def size_rejection(limit: int) -> PhotoRejected:
    return PhotoRejected(Check.SIZE, f"the file is larger than the limit of {limit} bytes")
