"""Photos for the photo intake tests and benchmark: rendered bodies and files made to fail.

Good photos are renders of the anny body model (``adapters.body.render``) in a plain room,
front and side, as a phone would take them (portrait, about 3 m away, camera at hip height).
"""

from __future__ import annotations

import io
from dataclasses import replace
from functools import cache

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from adapters.body.geometry import BodyGeometry
from adapters.body.render import SPORTSWEAR, Camera, Rendering, Style, render
from application.ports import Gender
from tests.support.bodies import anny_geometry

VIEW_AZIMUTH = {"front": 0.0, "side": 90.0, "back": 180.0, "other": 45.0}
PORTRAIT = Camera(width_px=768, height_px=1024, distance_m=3.0, height_m=1.0)
EXIF_ORIENTATION, EXIF_MAKE, EXIF_MODEL, EXIF_DATE_TIME = 0x0112, 0x010F, 0x0110, 0x0132
EXIF_IFD, EXIF_DATE_TIME_ORIGINAL, EXIF_OFFSET_TIME_ORIGINAL = 0x8769, 0x9003, 0x9011
GPS_IFD = 0x8825


def room(width: int, height: int, seed: int = 0) -> NDArray[np.uint8]:
    """A wall over a floor, with a little sensor noise."""
    rng = np.random.default_rng(seed)
    image = np.empty((height, width, 3), dtype=np.float32)
    horizon = int(height * 0.70)  # the wall's foot, 4 m away, seen from 1 m up
    rows = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    image[:] = np.array([228, 224, 214], dtype=np.float32) - 25 * rows
    image[horizon:] = np.array([150, 128, 104], dtype=np.float32)
    image += rng.normal(0.0, 3.0, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def body_rendering(
    geometry: BodyGeometry,
    view: str = "front",
    camera: Camera = PORTRAIT,
    *,
    target_x_m: float = 0.0,
    style: Style | None = None,
    background: NDArray[np.uint8] | None = None,
) -> Rendering:
    camera = replace(camera, azimuth_deg=VIEW_AZIMUTH[view], target_x_m=target_x_m)
    if background is None:
        background = room(camera.width_px, camera.height_px)
    return render(
        geometry, camera, style=style or Style(clothing=SPORTSWEAR), background=background
    )


def jpeg(
    pixels: NDArray[np.uint8],
    *,
    quality: int = 92,
    exif: Image.Exif | None = None,
    icc_profile: bytes | None = None,
) -> bytes:
    buffer = io.BytesIO()
    options: dict[str, object] = {"quality": quality}
    if exif is not None:
        options["exif"] = exif
    if icc_profile is not None:
        options["icc_profile"] = icc_profile
    Image.fromarray(pixels).save(buffer, "JPEG", **options)
    return buffer.getvalue()


def encoded(pixels: NDArray[np.uint8], image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, image_format, **options)
    return buffer.getvalue()


def camera_exif(
    *,
    orientation: int | None = None,
    gps: bool = False,
    taken: str = "2026:05:17 10:30:00",
    offset: str | None = "+02:00",
    make: str = "Google",
    model: str = "Pixel 9",
) -> Image.Exif:
    """EXIF as a phone writes it: device, capture time, optionally orientation and GPS."""
    exif = Image.Exif()
    exif[EXIF_MAKE] = make
    exif[EXIF_MODEL] = model
    exif[EXIF_DATE_TIME] = taken
    details = exif.get_ifd(EXIF_IFD)
    details[EXIF_DATE_TIME_ORIGINAL] = taken
    if offset:
        details[EXIF_OFFSET_TIME_ORIGINAL] = offset
    if orientation is not None:
        exif[EXIF_ORIENTATION] = orientation
    if gps:
        location = exif.get_ifd(GPS_IFD)
        location[1] = "N"
        location[2] = (48.0, 51.0, 29.0)
        location[3] = "E"
        location[4] = (2.0, 17.0, 40.0)
    return exif


@cache
def rendering(gender: Gender, view: str) -> Rendering:
    """One body, one view, rendered once per session."""
    return body_rendering(anny_geometry(gender), view)


@cache
def photo(gender: Gender = Gender.FEMALE, view: str = "front") -> bytes:
    """A good photo: the body seen from ``view``, as a JPEG with a phone's EXIF."""
    return jpeg(rendering(gender, view).image, exif=camera_exif())


@cache
def two_people() -> NDArray[np.uint8]:
    """A woman and a man side by side, in front view."""
    camera = replace(PORTRAIT, width_px=1024, distance_m=3.6)
    background = room(camera.width_px, camera.height_px, seed=1)
    woman = body_rendering(
        anny_geometry(Gender.FEMALE), camera=camera, target_x_m=0.55, background=background
    )
    man = body_rendering(
        anny_geometry(Gender.MALE), camera=camera, target_x_m=-0.6, background=background
    )
    nearer = man.depth < woman.depth
    picture = woman.image.copy()
    picture[nearer] = man.image[nearer]
    return picture


@cache
def cropped_at_the_knees() -> NDArray[np.uint8]:
    """A front photo that ends at the knees: the camera is nearer and looks up."""
    camera = replace(PORTRAIT, distance_m=1.7, height_m=1.3, tilt_deg=-5.0)
    return body_rendering(anny_geometry(Gender.FEMALE), camera=camera).image


@cache
def empty_room() -> NDArray[np.uint8]:
    return room(PORTRAIT.width_px, PORTRAIT.height_px, seed=2)
