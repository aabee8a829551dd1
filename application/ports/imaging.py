"""Imaging: reading untrusted photos, finding the person in them, and the files made from them
(docs/adr/0020-photo-intake.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.photo_checks import ImageFormat, PersonFindings, PhotoLimits


@dataclass(frozen=True, slots=True)
class RgbImage:
    """Decoded pixels: ``height`` rows of ``width`` RGB triples (8 bits each), row-major."""

    width: int
    height: int
    pixels: bytes | bytearray | memoryview


@dataclass(frozen=True, slots=True)
class GrayImage:
    """One 8-bit channel, row-major (a person mask: 255 on the person, 0 elsewhere)."""

    width: int
    height: int
    pixels: bytes | bytearray | memoryview


@dataclass(frozen=True, slots=True)
class CleanImage:
    """A photo that decoded within bounds, re-encoded without any metadata, upright."""

    image_format: ImageFormat  # of ``data``, the bytes to store
    data: bytes
    width: int  # after the EXIF orientation
    height: int
    capture_date: datetime | None  # from EXIF; naive times are taken as UTC
    device_info: str | None  # make and model of the camera, from EXIF
    preview: RgbImage  # the same picture, longer side at most the analysis size
    focal_length_35mm: float | None = None  # the lens, 35 mm-equivalent, from EXIF


class ImageInspector(Protocol):
    """Reads untrusted image files. Every method is CPU-bound and synchronous: run it in a
    worker thread."""

    def sniff(self, head: bytes) -> ImageFormat:
        """The format of a file from its first bytes (magic numbers, never its name);
        ``PhotoRejected`` (format) naming what the file is when it is not an accepted image."""
        ...

    def clean(
        self, data: bytes, image_format: ImageFormat, limits: PhotoLimits, preview_side_px: int
    ) -> CleanImage:
        """Decode within bounds (no bombs, truncation, trailing payloads or broken headers),
        turn upright, check the resolution, read the capture date, device and focal length,
        and re-encode without metadata; ``PhotoRejected`` (decoding or resolution)
        otherwise."""
        ...

    def decode(self, data: bytes, max_side_px: int) -> RgbImage:
        """A photo this inspector cleaned, reduced so its longer side is at most
        ``max_side_px``."""
        ...


@dataclass(frozen=True, slots=True)
class PersonAnalysis:
    findings: PersonFindings
    mask: GrayImage | None  # the person's segmentation, same size as the analysed image


class PersonDetector(Protocol):
    """Finds people, their body landmarks and face, and segments the person."""

    @property
    def name(self) -> str:
        """The models and their version, as recorded with the keypoints."""
        ...

    def detect(self, image: RgbImage, *, with_mask: bool = False) -> PersonAnalysis:
        """People, faces and the main person's keypoints; the mask when asked. Synchronous
        and CPU-bound: run it in a worker thread."""
        ...


@dataclass(frozen=True, slots=True)
class PhotoRenditions:
    processed_png: bytes  # the person on a transparent background (RGBA)
    thumbnail_jpeg: bytes


class PhotoPreprocessor(Protocol):
    """Files made from a photo and its person mask. Synchronous and CPU-bound."""

    def renditions(
        self, image: RgbImage, mask: GrayImage, thumbnail_side_px: int
    ) -> PhotoRenditions:
        """The person cut out with ``mask`` (its background removed) and a thumbnail."""
        ...

    def mask_png(self, mask: GrayImage) -> bytes:
        """The mask as an 8-bit grey PNG (255 on the person)."""
        ...

    def mask_from_png(self, data: bytes) -> GrayImage:
        """A mask stored by ``mask_png``."""
        ...
