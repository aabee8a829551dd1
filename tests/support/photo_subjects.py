"""Held-out subjects for photo measurement: rendered photos through the whole intake.

Each subject is an anny body of the population (seeds apart from the training ones), photographed
front and side by cameras from other ranges than training's, shaded and dressed (random
skin tone, tight clothing colours) on varied backgrounds, saved as JPEG, then read like an
upload: ``PillowImageInspector`` (clean, decode to the analysis size) and the MediaPipe
person detector (keypoints and the person mask). What the estimator gets is exactly what the
photo intake stores for a real photo.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adapters.body.anthropometry import measure
from adapters.body.geometry import BodyGeometry
from adapters.body.render import SKIN_TONES, ClothingBand, Style, render
from adapters.estimation.synthetic import CameraRanges, random_camera
from adapters.imaging.pillow_inspector import PillowImageInspector
from application.ports import ProcessedView, RgbImage
from domain.photo import ViewType
from domain.photo_checks import ImageFormat, PhotoLimits
from tests.support.photos import jpeg, room

# Other ranges than training's (adapters.estimation.synthetic.TRAINING_CAMERAS).
VALIDATION_CAMERAS = CameraRanges(
    fill=(0.5, 0.8),
    camera_height_m=(0.9, 1.5),
    aim_noise_deg=3.0,
    azimuth_noise_deg=4.0,
    focal_length_mm=(24.0, 32.0),
    offset_m=0.2,
)
ANALYSIS_SIDE_PX = 1024


@dataclass(frozen=True)
class Subject:
    seed: int
    parameters: NDArray[np.float64]
    geometry: BodyGeometry
    truth: dict[str, float]  # the anthropometry engine on the true body
    views: list[ProcessedView]
    photos: dict[str, bytes]  # view -> the JPEG as uploaded


def background(rng: np.random.Generator, width: int, height: int) -> NDArray[np.uint8]:
    kind = int(rng.integers(3))
    if kind == 0:
        base = room(width, height, seed=int(rng.integers(1 << 30))).astype(np.float32)
        base *= rng.uniform(0.8, 1.1, size=3).astype(np.float32)
        return np.clip(base, 0, 255).astype(np.uint8)
    top = rng.uniform(120, 250, size=3)
    bottom = rng.uniform(60, 200, size=3)
    rows = np.linspace(0.0, 1.0, height)[:, None, None]
    image = np.broadcast_to(top * (1 - rows) + bottom * rows, (height, width, 3)).copy()
    if kind == 2:  # a textured wall
        image += (
            rng.normal(0.0, 12.0, (height // 8 + 1, width // 8 + 1, 1))
            .repeat(8, 0)
            .repeat(8, 1)[:height, :width]
        )
    image += rng.normal(0.0, 3.0, image.shape)
    return np.clip(image, 0, 255).astype(np.uint8)


def style(rng: np.random.Generator) -> Style:
    tones = list(SKIN_TONES.values())
    skin = tones[int(rng.integers(len(tones)))]
    top_colour = tuple(int(v) for v in rng.integers(20, 230, size=3))
    bottom_colour = tuple(int(v) for v in rng.integers(20, 230, size=3))
    return Style(
        skin=skin,  # type: ignore[arg-type]
        clothing=(
            ClothingBand(0.42, float(rng.uniform(0.52, 0.58)), bottom_colour),  # type: ignore[arg-type]
            ClothingBand(0.62, float(rng.uniform(0.78, 0.81)), top_colour),  # type: ignore[arg-type]
        ),
        light_direction=(float(rng.uniform(-0.6, 0.6)), -1.0, float(rng.uniform(0.3, 0.9))),
    )


def make_subject(space: Any, detector: Any, seed: int, *, exif_focal: bool = True) -> Subject:
    rng = np.random.default_rng(seed)
    parameters = space.sample(rng, 1, None)[0]
    geometry = space.geometry(parameters)
    truth = measure(geometry).values
    body_height = float(geometry.vertices[:, 2].max())
    inspector = PillowImageInspector()
    look = style(rng)
    views: list[ProcessedView] = []
    photos: dict[str, bytes] = {}
    for view, azimuth in (("front", 0.0), ("side", 90.0 if rng.random() < 0.5 else -90.0)):
        for _ in range(20):
            camera = random_camera(rng, body_height, azimuth, VALIDATION_CAMERAS)
            pixels, _ = camera.project(geometry.vertices)
            inside = pixels[:, 0].max() < camera.width_px - 2
            if pixels.min() > 2 and inside and pixels[:, 1].max() < camera.height_px - 2:
                break
        rendering = render(
            geometry,
            camera,
            style=look,
            background=background(rng, camera.width_px, camera.height_px),
        )
        data = jpeg(rendering.image, quality=int(rng.integers(80, 95)))
        photos[view] = data
        clean = inspector.clean(data, ImageFormat.JPEG, PhotoLimits(), ANALYSIS_SIDE_PX)
        image: RgbImage = inspector.decode(clean.data, ANALYSIS_SIDE_PX)
        analysis = detector.detect(image, with_mask=True)
        assert analysis.mask is not None
        scale = image.width / camera.width_px
        views.append(
            ProcessedView(
                view_type=ViewType(view),
                mask=analysis.mask,
                keypoints=analysis.findings.keypoints,
                focal_length_px=camera.focal_px * scale if exif_focal else None,
            )
        )
    return Subject(seed, parameters, geometry, truth, views, photos)


def vertex_error_mm(space: Any, fitted: NDArray[np.float64], truth: NDArray[np.float64]) -> float:
    """Mean distance between corresponding vertices of two anny bodies (same topology)."""
    vertices, _ = space.surface(np.stack([fitted, truth]))
    return float(np.linalg.norm(vertices[0] - vertices[1], axis=1).mean() * 1000.0)


def interval_share(confidence: float) -> float:
    return (1.0 - confidence) * 0.2


__all__ = ["Subject", "make_subject", "math"]
