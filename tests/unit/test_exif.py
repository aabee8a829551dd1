"""The lens's focal length from a photo's EXIF (adapters/imaging/exif.py, ADR 44)."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image

from adapters.imaging.exif import focal_length_35mm
from adapters.imaging.pillow_inspector import PillowImageInspector
from domain.photo_checks import ImageFormat, PhotoLimits
from tests.support import photos

EXIF_IFD = 0x8769
FOCAL_LENGTH, FOCAL_LENGTH_35MM = 0x920A, 0xA405
FOCAL_PLANE_X, FOCAL_PLANE_Y, FOCAL_PLANE_UNIT = 0xA20E, 0xA20F, 0xA210
PIXEL_X, PIXEL_Y = 0xA002, 0xA003
INCH, CENTIMETRE = 2, 3


def jpeg_with(
    details: dict[int, object], size: tuple[int, int] = (600, 400), image_format: str = "JPEG"
) -> bytes:
    """A small picture whose EXIF sub-IFD holds ``details`` (and a phone's make and model)."""
    exif = photos.camera_exif()
    sub = exif.get_ifd(EXIF_IFD)
    for tag, value in details.items():
        sub[tag] = value
    buffer = io.BytesIO()
    pixels = np.full((size[1], size[0], 3), 128, dtype=np.uint8)
    Image.fromarray(pixels).save(buffer, image_format, exif=exif)
    return buffer.getvalue()


def test_the_35mm_equivalent_a_phone_writes_is_read_as_is() -> None:
    assert focal_length_35mm(jpeg_with({FOCAL_LENGTH_35MM: 26, FOCAL_LENGTH: 6.9})) == 26.0


def test_a_png_and_a_webp_carry_exif_too() -> None:
    for image_format in ("PNG", "WEBP"):
        data = jpeg_with({FOCAL_LENGTH_35MM: 24}, image_format=image_format)
        assert focal_length_35mm(data) == 24.0


def test_a_full_frame_camera_without_the_35mm_value_is_read_from_its_sensor_size() -> None:
    # 50 mm on a 36 x 24 mm sensor of 6000 x 4000 pixels: 6000 / (36 / 25.4) pixels per inch.
    details = {
        FOCAL_LENGTH: 50.0,
        FOCAL_PLANE_X: 6000 / (36 / 25.4),
        FOCAL_PLANE_Y: 4000 / (24 / 25.4),
        FOCAL_PLANE_UNIT: INCH,
        PIXEL_X: 6000,
        PIXEL_Y: 4000,
    }
    # The file was reduced to 600 x 400 since: the pixel dimensions of the EXIF still hold.
    assert focal_length_35mm(jpeg_with(details)) == pytest.approx(50.0, abs=0.01)


def test_a_small_sensor_in_centimetres_gives_its_35mm_equivalent() -> None:
    # 5.1 mm on a 1/2.3" sensor (6.17 x 4.55 mm) of 600 x 400 pixels, resolution per cm;
    # no pixel dimensions in the EXIF: the picture's size is taken.
    details = {
        FOCAL_LENGTH: 5.1,
        FOCAL_PLANE_X: 600 / 0.617,
        FOCAL_PLANE_Y: 400 / 0.455,
        FOCAL_PLANE_UNIT: CENTIMETRE,
    }
    expected = 5.1 * math.hypot(36.0, 24.0) / math.hypot(6.17, 4.55)
    assert focal_length_35mm(jpeg_with(details)) == pytest.approx(expected, rel=1e-3)
    assert expected == pytest.approx(28.8, abs=0.1)


def test_without_a_usable_focal_length_the_answer_is_none() -> None:
    assert focal_length_35mm(jpeg_with({})) is None
    assert focal_length_35mm(jpeg_with({FOCAL_LENGTH: 4.2})) is None  # sensor size unknown
    assert focal_length_35mm(jpeg_with({FOCAL_LENGTH_35MM: 0})) is None
    assert focal_length_35mm(jpeg_with({FOCAL_LENGTH_35MM: 65535})) is None
    assert focal_length_35mm(photos.jpeg(photos.room(600, 400))) is None  # no EXIF at all
    assert focal_length_35mm(b"not an image at all") is None
    assert focal_length_35mm(b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00") is None


def test_the_intake_reads_it_before_the_clean_copy_drops_every_metadata() -> None:
    data = jpeg_with({FOCAL_LENGTH_35MM: 27}, size=(768, 1024))
    clean = PillowImageInspector().clean(data, ImageFormat.JPEG, PhotoLimits(), 512)
    assert clean.focal_length_35mm == 27.0
    assert focal_length_35mm(clean.data) is None
