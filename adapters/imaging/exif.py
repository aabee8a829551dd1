"""The camera's focal length from a photo's EXIF, as a 35 mm-equivalent (ADR 44).

The measurement step uses it to know the field of view instead of solving for it. Read in
this order, from the EXIF sub-IFD:

1. ``FocalLengthIn35mmFilm`` (0xA405), which phones write;
2. ``FocalLength`` (0x920A) scaled by the sensor's size, when the file says it: the
   ``FocalPlaneXResolution`` / ``FocalPlaneYResolution`` (pixels per unit on the sensor,
   0xA20E / 0xA20F) with ``FocalPlaneResolutionUnit`` (0xA210) and the picture's pixel
   dimensions (``PixelXDimension`` / ``PixelYDimension``, else the image's size), as
   cameras with interchangeable lenses write them.

There is no table of camera models: every phone we know writes the 35 mm value, and a
table of sensor sizes would be a second source of truth to keep up to date. Without
either, or with a value no camera has, the answer is None (the estimator then solves for
the field of view). Metadata is untrusted: nothing here raises on a malformed file. The
measurement step turns the value into pixels of the picture it analyses
(``application.photo_measurement.focal_length_px``).
"""

from __future__ import annotations

import io
import math
import struct

from PIL import Image, UnidentifiedImageError

EXIF_IFD = 0x8769
FOCAL_LENGTH, FOCAL_LENGTH_35MM = 0x920A, 0xA405
FOCAL_PLANE_X_RESOLUTION, FOCAL_PLANE_Y_RESOLUTION = 0xA20E, 0xA20F
FOCAL_PLANE_RESOLUTION_UNIT = 0xA210
PIXEL_X_DIMENSION, PIXEL_Y_DIMENSION = 0xA002, 0xA003
FULL_FRAME_DIAGONAL_MM = math.hypot(36.0, 24.0)
# FocalPlaneResolutionUnit: 2 inch (the default), 3 centimetre; 4 and 5 (mm, um) occur too.
UNIT_MM = {2: 25.4, 3: 10.0, 4: 1.0, 5: 0.001}
# 35 mm-equivalent focal lengths outside these are not a camera's (a 0, a 65535).
PLAUSIBLE_35MM = (8.0, 800.0)


def focal_length_35mm(data: bytes) -> float | None:
    """The 35 mm-equivalent focal length (mm) the photo's EXIF gives, or None."""
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header, decodes nothing
            return focal_length_35mm_of(image.getexif(), image.size)
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, struct.error):
        return None


def focal_length_35mm_of(exif: Image.Exif, size: tuple[int, int]) -> float | None:
    """The same from EXIF already read; ``size`` is the picture as stored (before the EXIF
    orientation turns it: the focal plane's X is the stored width)."""
    try:
        details = exif.get_ifd(EXIF_IFD)
    except (OSError, ValueError, SyntaxError, struct.error, KeyError, TypeError):
        return None
    equivalent = _number(details.get(FOCAL_LENGTH_35MM))
    if equivalent is None:
        equivalent = _from_sensor(details, size)
    if equivalent is None or not PLAUSIBLE_35MM[0] <= equivalent <= PLAUSIBLE_35MM[1]:
        return None
    return equivalent


def _from_sensor(details: dict[int, object], size: tuple[int, int]) -> float | None:
    focal = _number(details.get(FOCAL_LENGTH))
    x_resolution = _number(details.get(FOCAL_PLANE_X_RESOLUTION))
    if focal is None or x_resolution is None:
        return None
    y_resolution = _number(details.get(FOCAL_PLANE_Y_RESOLUTION)) or x_resolution
    unit = details.get(FOCAL_PLANE_RESOLUTION_UNIT, 2)
    unit_mm = UNIT_MM.get(unit) if isinstance(unit, int) else None
    if unit_mm is None:
        return None
    width = _number(details.get(PIXEL_X_DIMENSION)) or float(size[0])
    height = _number(details.get(PIXEL_Y_DIMENSION)) or float(size[1])
    sensor_diagonal_mm = math.hypot(width / x_resolution, height / y_resolution) * unit_mm
    if sensor_diagonal_mm <= 0:
        return None
    return focal * FULL_FRAME_DIAGONAL_MM / sensor_diagonal_mm


def _number(value: object) -> float | None:
    """A positive finite number from an EXIF value (int, IFDRational, a one-item tuple)."""
    if isinstance(value, tuple) and len(value) == 1:
        value = value[0]
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) and number > 0 else None
