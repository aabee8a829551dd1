"""Where an image file ends: walks JPEG segments, PNG chunks and the RIFF header of WebP.

A file that carries other data after its image (a ZIP, an HTML page, a script: a polyglot)
or that ends before its image does (truncated) is refused before any pixel is decoded.
JPEG files may be followed by further JPEG images (the MPF secondary images and gain maps
phones append); those are walked too and dropped later with the rest of the metadata.
"""

from __future__ import annotations

import re
import struct

from domain.photo_checks import Check, ImageFormat, PhotoRejected

# In entropy-coded JPEG data 0xFF is followed by 0x00 (stuffing) or a restart marker; any
# other byte after 0xFF starts a marker segment.
_NEXT_MARKER = re.compile(rb"\xff(?=[^\x00\xd0-\xd7\xff])")
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _truncated() -> PhotoRejected:
    return PhotoRejected(Check.DECODING, "the image is truncated: the file ends inside it")


def _corrupted(what: str) -> PhotoRejected:
    return PhotoRejected(Check.DECODING, f"the image is corrupted: {what}")


def _trailing(count: int) -> PhotoRejected:
    return PhotoRejected(
        Check.DECODING,
        f"the file carries {count} bytes of other data after the image (a polyglot file)",
    )


def jpeg_end(data: bytes, start: int = 0) -> int:
    """The offset just past the EOI marker of the JPEG image starting at ``start``."""
    if data[start : start + 2] != b"\xff\xd8":
        raise _corrupted("no JPEG start marker")
    position, size = start + 2, len(data)
    while True:
        if position + 2 > size:
            raise _truncated()
        if data[position] != 0xFF:
            raise _corrupted(f"expected a marker at byte {position}")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            return position + 2
        if marker in _STANDALONE:
            position += 2
            continue
        if position + 4 > size:
            raise _truncated()
        (length,) = struct.unpack_from(">H", data, position + 2)
        if length < 2:
            raise _corrupted(f"a segment of length {length} at byte {position}")
        position += 2 + length
        if position > size:
            raise _truncated()
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker
            found = _NEXT_MARKER.search(data, position)
            if found is None:
                raise _truncated()
            position = found.start()


def png_end(data: bytes) -> int:
    """The offset just past the IEND chunk."""
    if not data.startswith(PNG_SIGNATURE):
        raise _corrupted("no PNG signature")
    position, size = len(PNG_SIGNATURE), len(data)
    while True:
        if position + 8 > size:
            raise _truncated()
        length, kind = struct.unpack_from(">I4s", data, position)
        if length > 0x7FFFFFFF:
            raise _corrupted(f"a chunk of length {length}")
        position += 12 + length
        if position > size:
            raise _truncated()
        if kind == b"IEND":
            return position


def webp_end(data: bytes) -> int:
    """The offset just past the RIFF container (with its pad byte)."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise _corrupted("no RIFF/WEBP header")
    (length,) = struct.unpack_from("<I", data, 4)
    end = 8 + length + (length & 1)
    if end > len(data) and 8 + length == len(data):
        end = len(data)  # an odd final chunk without its pad byte: common and harmless
    if end > len(data):
        raise _truncated()
    return end


def check_structure(data: bytes, image_format: ImageFormat) -> None:
    """Refuse truncated files and files with anything but padding after the image."""
    if image_format is ImageFormat.JPEG:
        end = jpeg_end(data)
        while data.startswith(b"\xff\xd8", end):  # MPF secondary images, gain maps
            end = jpeg_end(data, end)
    elif image_format is ImageFormat.PNG:
        end = png_end(data)
    elif image_format is ImageFormat.WEBP:
        end = webp_end(data)
    else:
        return  # HEIC: ISO boxes; the decoder checks them
    rest = data[end:]
    if rest.strip(b"\x00") and rest.strip(b"\xff"):
        raise _trailing(len(rest))
