"""Files made to fail the photo intake, each with the status and the reason it must get.

Made by the tests themselves (no fixtures on disk): broken, disguised, oversized and
malicious files, and well-formed photos whose content is wrong for measuring a body.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from application.ports import Gender
from tests.support import photos

MAX_BYTES = 10 * 1024 * 1024
ACCEPTED = "not a JPEG, PNG or WebP image"


@dataclass(frozen=True)
class BadPhoto:
    name: str
    make: Callable[[], bytes]
    status: int
    reason: str  # the exact reason, or its start when ``prefix``
    view_type: str = "front"
    filename: str = "photo.jpg"
    prefix: bool = False

    def matches(self, reason: str) -> bool:
        return reason.startswith(self.reason) if self.prefix else reason == self.reason


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb() -> bytes:
    """100 000 x 100 000 pixels of 1-bit black: 1.25 GB when decoded, 1 KB as a file."""
    width = height = 100_000
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (width // 8 + 1)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", body)
        + _png_chunk(b"IEND", b"")
    )


def png_with_broken_header() -> bytes:
    good = photos.encoded(small_picture(), "PNG")
    # Flip one byte of the IHDR data: its checksum no longer matches.
    return good[:16] + bytes([good[16] ^ 0xFF]) + good[17:]


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a photo " * 50)
    return buffer.getvalue()


@cache
def small_picture() -> NDArray[np.uint8]:
    """600 x 800 pixels of a room: a valid image for the format and decoding cases."""
    return photos.room(600, 800, seed=3)


def _front() -> NDArray[np.uint8]:
    return photos.rendering(Gender.FEMALE, "front").image


def front_jpeg() -> bytes:
    return photos.photo(Gender.FEMALE, "front")


def over_the_limit() -> bytes:
    start = front_jpeg()
    return start + b"\x00" * (MAX_BYTES + 1 - len(start))


def animated(image_format: str) -> bytes:
    frames = [Image.fromarray(small_picture()), Image.fromarray(small_picture()[::-1].copy())]
    buffer = io.BytesIO()
    frames[0].save(buffer, image_format, save_all=True, append_images=frames[1:], duration=100)
    return buffer.getvalue()


def face_covered() -> bytes:
    """A front photo with a sticker over the face: the head is there, the face is not. It
    passes (ADR 44): measuring needs the head's outline, and people hide their faces."""
    rendering = photos.rendering(Gender.FEMALE, "front")
    picture = rendering.image.copy()
    x, y = rendering.joints["head"]
    picture[int(y) - 45 : int(y) + 14, int(x) - 24 : int(x) + 24] = (240, 200, 0)  # a sticker
    return photos.jpeg(picture)


def _head_erased() -> bytes:
    """A front photo of a body without its head: everything of the person above the neck
    painted over with the room behind (the pose model still places head landmarks there)."""
    rendering = photos.rendering(Gender.FEMALE, "front")
    picture = rendering.image.copy()
    camera = rendering.camera
    room = photos.room(camera.width_px, camera.height_px)
    _, neck_y = rendering.joints["neck"]
    above_neck = np.arange(picture.shape[0])[:, None] < int(neck_y)
    edge = cv2.dilate(rendering.mask.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    erased = edge & above_neck
    picture[erased] = room[erased]
    return photos.jpeg(picture)


def _head_cut_off() -> bytes:
    """The top of the head outside the picture (cut at the forehead)."""
    rendering = photos.rendering(Gender.FEMALE, "front")
    _, head_y = rendering.joints["head"]
    return photos.jpeg(np.ascontiguousarray(rendering.image[int(head_y) - 20 :]))


def _wrong_orientation_tag() -> bytes:
    """Upright pixels with an EXIF tag saying they are stored upside down."""
    return photos.jpeg(_front(), exif=photos.camera_exif(orientation=3))


def _sized_jpeg(width: int, height: int) -> bytes:
    return photos.jpeg(photos.room(width, height, seed=4))


def corpus() -> list[BadPhoto]:
    bad = BadPhoto
    return [
        bad("zero_bytes", lambda: b"", 422, "the file is empty"),
        bad(
            "ten_megabytes_and_one_byte",
            over_the_limit,
            413,
            f"the file is larger than the limit of {MAX_BYTES} bytes",
        ),
        bad("zip_renamed_jpg", zip_archive, 415, f"the file is a ZIP archive, {ACCEPTED}"),
        bad(
            "svg",
            lambda: (
                b'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="900">'
                b"<script>alert(1)</script></svg>"
            ),
            415,
            f"the file is an SVG drawing, {ACCEPTED}",
            filename="photo.svg",
        ),
        bad(
            "svg_with_xml_prolog",
            lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
            415,
            f"the file is an SVG drawing, {ACCEPTED}",
        ),
        bad(
            "gif",
            lambda: photos.encoded(small_picture(), "GIF"),
            415,
            f"the file is a GIF image, {ACCEPTED}",
        ),
        bad(
            "pdf",
            lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
            415,
            f"the file is a PDF document, {ACCEPTED}",
        ),
        bad(
            "html",
            lambda: b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>",
            415,
            f"the file is an HTML page, {ACCEPTED}",
        ),
        bad(
            "bmp",
            lambda: photos.encoded(small_picture(), "BMP"),
            415,
            f"the file is a BMP image, {ACCEPTED}",
        ),
        bad(
            "tiff",
            lambda: photos.encoded(small_picture(), "TIFF"),
            415,
            f"the file is a TIFF image, {ACCEPTED}",
        ),
        bad(
            "windows_program",
            lambda: b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120,
            415,
            f"the file is a Windows program, {ACCEPTED}",
        ),
        bad(
            "random_bytes",
            lambda: b"\x13\x37" + np.random.default_rng(5).bytes(4096),
            415,
            f"the file is of an unknown kind, {ACCEPTED}",
        ),
        bad(
            "heic",
            lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
            415,
            "HEIC photos are not accepted by this server; send JPEG, PNG or WebP",
            filename="photo.heic",
        ),
        bad(
            "avif",
            lambda: b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 64,
            415,
            f"the file is an AVIF image, {ACCEPTED}",
        ),
        bad(
            "truncated_jpeg",
            lambda: front_jpeg()[: len(front_jpeg()) // 2],
            422,
            "the image is truncated: the file ends inside it",
        ),
        bad(
            "truncated_png",
            lambda: photos.encoded(small_picture(), "PNG")[:-4000],
            422,
            "the image is truncated: the file ends inside it",
        ),
        bad(
            "truncated_webp",
            lambda: photos.encoded(small_picture(), "WEBP", quality=80)[:-500],
            422,
            "the image is truncated: the file ends inside it",
        ),
        bad(
            "corrupted_jpeg_header",
            lambda: (
                b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                + b"\x00" * 64
            ),
            422,
            "the image is corrupted: expected a marker at byte 20",
        ),
        bad(
            "png_with_broken_header_checksum",
            png_with_broken_header,
            422,
            "the file is not a valid PNG image (corrupted header",
            prefix=True,
        ),
        bad(
            "jpeg_zip_polyglot",
            lambda: front_jpeg() + zip_archive(),
            422,
            f"the file carries {len(zip_archive())} bytes of other data after the image "
            "(a polyglot file)",
        ),
        bad(
            "png_html_polyglot",
            lambda: photos.encoded(small_picture(), "PNG") + b"<html><script>x()</script></html>",
            422,
            "the file carries 33 bytes of other data after the image (a polyglot file)",
        ),
        bad(
            "png_bomb",
            png_bomb,
            422,
            "the image has far more pixels than 4096x4096, the most accepted",
        ),
        bad(
            "huge_dimensions",
            lambda: _sized_jpeg(4200, 800),
            422,
            "the image is 4200x800 pixels; at most 4096x4096 is accepted",
        ),
        bad(
            "too_small",
            lambda: _sized_jpeg(400, 600),
            422,
            "the image is 400x600 pixels; at least 512x512 is needed",
        ),
        bad("animated_png", lambda: animated("PNG"), 422, "animated images are not accepted"),
        bad("animated_webp", lambda: animated("WEBP"), 422, "animated images are not accepted"),
        bad(
            "wrong_exif_orientation",
            _wrong_orientation_tag,
            422,
            "the person is not upright (is the photo rotated?)",
        ),
        bad(
            "rotated_without_exif",
            lambda: photos.jpeg(np.ascontiguousarray(np.rot90(_front()))),
            422,
            "the person is not upright (is the photo rotated?)",
        ),
        bad("two_people", lambda: photos.jpeg(photos.two_people()), 422, "2 people found"),
        bad(
            "cropped_person",
            lambda: photos.jpeg(photos.cropped_at_the_knees()),
            422,
            "feet not visible",
        ),
        bad(
            "cropped_person_side_view",
            lambda: photos.jpeg(photos.cropped_at_the_knees()),
            422,
            "feet not visible",
            view_type="side",
        ),
        bad("head_cut_off", _head_cut_off, 422, "head not visible"),
        bad("no_person", lambda: photos.jpeg(photos.empty_room()), 422, "no person found"),
        bad("head_erased", _head_erased, 422, "head not visible"),
    ]


def eicar_jpeg() -> bytes:
    """A good photo carrying the EICAR anti-virus test string (what ClamAV must find)."""
    return front_jpeg() + EICAR


EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
