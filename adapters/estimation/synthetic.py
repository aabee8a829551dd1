"""Synthetic training data: bodies of the anny population seen by random phone cameras.

Each sample is one body (``AnnySpace.sample``: adults of the model's population, both
genders) standing naturally (``adapters.body.posing.natural_pose``, a stance of its own per
view) or in the rest stance, dressed tight, regular or loose (``dress``: the mask's outline
pushed out, skirts joining the legs, long hair), photographed from the front and from one
side (either side) by a perspective camera at a random distance, height, tilt, focal length and aim,
rasterised as a silhouette only (fast: no shading), then spoiled like a real person
segmenter's mask (soft, slightly eroded or dilated edges, coarse resolution, small holes
and specks). The features are ``adapters.estimation.features`` of those masks: the same
code that reads a real photo's mask.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from adapters.body.render import Camera
from adapters.estimation.features import (
    FEATURE_COUNT,
    SilhouetteUnusable,
    body_features,
    silhouette,
)

FloatArray = NDArray[np.float64]
IMAGE_SIZES = ((768, 1024), (576, 1024), (720, 960))  # portrait, as analysed (<= 1024)
SUBPIXEL_BITS = 2
SUPERSAMPLE = 2
# The filled outline runs about a third of a pixel wide (edges are drawn inclusively): a
# pixel is inside when this much of it is covered, which matches the exact silhouette.
INSIDE_COVERAGE = 0.65


@dataclass(frozen=True)
class CameraRanges:
    """What the random cameras vary over; the validation set uses other ranges."""

    fill: tuple[float, float] = (0.45, 0.85)  # person height / picture height
    camera_height_m: tuple[float, float] = (0.7, 1.6)
    aim_noise_deg: float = 4.0  # tilt around the one that centres the body
    azimuth_noise_deg: float = 16.0  # the body turned from the camera: about +-15 degrees
    focal_length_mm: tuple[float, float] = (22.0, 36.0)
    offset_m: float = 0.25  # the person off the picture's centre, sideways


TRAINING_CAMERAS = CameraRanges()


def random_camera(
    rng: np.random.Generator,
    body_height_m: float,
    azimuth_deg: float,
    ranges: CameraRanges = TRAINING_CAMERAS,
) -> Camera:
    width, height = IMAGE_SIZES[int(rng.integers(len(IMAGE_SIZES)))]
    focal_mm = float(rng.uniform(*ranges.focal_length_mm))
    probe = Camera(width_px=width, height_px=height, focal_length_mm=focal_mm)
    fill = float(rng.uniform(*ranges.fill))
    distance = body_height_m * probe.focal_px / (fill * height)
    camera_height = float(rng.uniform(*ranges.camera_height_m))
    aim = math.degrees(math.atan2(camera_height - body_height_m / 2.0, distance))
    return Camera(
        width_px=width,
        height_px=height,
        distance_m=distance,
        height_m=camera_height,
        tilt_deg=aim + float(rng.normal(0.0, ranges.aim_noise_deg / 2.0)),
        azimuth_deg=azimuth_deg + float(rng.normal(0.0, ranges.azimuth_noise_deg / 2.0)),
        focal_length_mm=focal_mm,
        target_x_m=float(rng.uniform(-ranges.offset_m, ranges.offset_m)),
    )


def silhouette_coverage(
    vertices: FloatArray,
    faces: NDArray[np.int64],
    camera: Camera,
    margin_px: int = 12,
    *,
    with_origin: bool = False,
) -> Any:
    """The share of each pixel the body covers (H x W, float), cropped to the body's box
    plus ``margin_px`` (features do not depend on where the crop lies in the picture); None
    when the body does not fit in ``camera``'s picture. With ``with_origin``, the pair
    (coverage, the crop's top-left corner in the picture's pixels).

    Front-facing triangles only (the back-facing ones lie inside the same outline), filled
    at twice the resolution and averaged down, so the outline is accurate to about a
    quarter of a pixel.
    """
    pixels, depth = camera.project(vertices)
    low, high = pixels.min(axis=0), pixels.max(axis=0)
    if (depth <= 0.05).any() or low.min() < 1 or high[0] > camera.width_px - 1:
        return None
    if high[1] > camera.height_px - 1:
        return None
    origin = np.floor(low) - margin_px
    size = (np.ceil(high) - origin + margin_px).astype(int)
    corners = (pixels - origin)[faces]
    area = (corners[:, 1, 0] - corners[:, 0, 0]) * (corners[:, 2, 1] - corners[:, 0, 1]) - (
        corners[:, 2, 0] - corners[:, 0, 0]
    ) * (corners[:, 1, 1] - corners[:, 0, 1])
    scale = 1 << SUBPIXEL_BITS
    # Supersampled pixel (i, j) has its centre at (i + 0.5) / 2 in picture pixels.
    fixed = np.round((corners[area < 0] * SUPERSAMPLE - 0.5) * scale).astype(np.int32)
    image = np.zeros((size[1] * SUPERSAMPLE, size[0] * SUPERSAMPLE), dtype=np.uint8)
    for triangle in fixed:
        cv2.fillConvexPoly(image, triangle, 1, lineType=cv2.LINE_8, shift=SUBPIXEL_BITS)
    coverage = cv2.resize(
        image.astype(np.float32), (int(size[0]), int(size[1])), interpolation=cv2.INTER_AREA
    )
    coverage = np.asarray(coverage, dtype=np.float32)
    return (coverage, origin) if with_origin else coverage


def segmenter_noise(mask: NDArray[np.float32], rng: np.random.Generator) -> NDArray[np.bool_]:
    """``mask`` as a person segmenter might return it: computed at a coarser resolution,
    soft-edged and cut at a threshold (edges eroded or dilated by a pixel or two), with a
    few small holes and specks."""
    height, width = mask.shape
    soft = np.asarray(mask, dtype=np.float32)
    factor = float(rng.uniform(0.3, 1.0))
    if factor < 0.95:
        small = cv2.resize(
            soft,
            (max(8, int(width * factor)), max(8, int(height * factor))),
            interpolation=cv2.INTER_AREA,
        )
        soft = cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)
    sigma = float(rng.uniform(0.3, 2.0))
    soft = cv2.GaussianBlur(soft, (0, 0), sigma)
    noisy = (soft > INSIDE_COVERAGE + float(rng.uniform(-0.15, 0.15))).astype(np.uint8)
    for _ in range(int(rng.integers(0, 4))):
        ys, xs = np.nonzero(noisy)
        if ys.size == 0:
            break
        pick = int(rng.integers(ys.size))
        radius = int(rng.integers(1, 4))
        cv2.circle(noisy, (int(xs[pick]), int(ys[pick])), radius, int(rng.random() < 0.5), -1)
    return noisy.astype(bool)


CLOTHING_CODES = ("tight", "regular", "loose")  # index = the code in ``Dataset.clothing``
CLOTHING_SHARES = (0.4, 0.35, 0.25)
NATURAL_SHARE = 0.8  # the rest are in the rest stance
# Outline offsets of clothes, cm: a fitted T-shirt and jeans, loose tops and trousers.
CLOTHING_OFFSET_CM = {"tight": (0.0, 0.3), "regular": (0.5, 2.0), "loose": (3.0, 6.0)}
SKIRT_SHARE = 0.5  # of loosely dressed women
HAIR_SHARE = 0.3  # long hair (about half the women, a few men): over the skull and neck
HAIR_CAP_CM = (0.5, 2.5)  # how far long hair stands off the skull


@dataclass(frozen=True)
class Dataset:
    features: FloatArray  # (N, FEATURE_COUNT)
    parameters: FloatArray  # (N, P) the bodies' parameters
    heights_cm: FloatArray  # (N,) soles to the top of the head (rest stance)
    clothing: NDArray[np.int64]  # (N,) index into CLOTHING_CODES


def dress(
    mask: NDArray[np.bool_],
    points: dict[str, FloatArray],
    px_per_cm: float,
    clothing: str,
    rng: np.random.Generator,
    *,
    skirt: bool,
    hair: FloatArray | None,
) -> NDArray[np.bool_]:
    """``mask`` as clothes change it: the outline pushed out over the torso and arms (top)
    and over the hips and legs (trousers), the legs joined down to the knees or lower
    (skirt), long hair (a layer over the skull and an ellipse over the neck). ``points`` are
    projected joints (x, y in the mask's pixels): neck, hips, knees, ankles; ``hair`` the
    ellipse (x, y, rx, ry)."""
    out = mask.astype(np.uint8)
    height, _ = mask.shape
    neck_y = points["neck"][1]
    hip_y = (points["hip_l"][1] + points["hip_r"][1]) / 2.0
    knee_y = (points["knee_l"][1] + points["knee_r"][1]) / 2.0
    ankle_y = (points["ankle_l"][1] + points["ankle_r"][1]) / 2.0
    rows = np.arange(height)[:, None]
    low, high = CLOTHING_OFFSET_CM[clothing]
    for first, last in (
        (neck_y + 0.02 * (ankle_y - neck_y), hip_y + 0.15 * (knee_y - hip_y)),  # top
        (hip_y - 0.1 * (knee_y - hip_y), ankle_y - 0.08 * (ankle_y - knee_y)),  # trousers
    ):
        radius = float(rng.uniform(low, high)) * px_per_cm
        if radius < 0.5:
            continue
        size = 2 * int(np.ceil(radius)) + 1
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
        grown = cv2.dilate(mask.astype(np.uint8), kernel)
        band = (rows >= first) & (rows <= last)
        out |= grown & band.astype(np.uint8)
    if skirt:
        hem = knee_y + float(rng.uniform(-0.2, 0.6)) * (ankle_y - knee_y)
        flare = float(rng.uniform(0.0, 0.15))
        for row in range(max(int(hip_y), 0), min(int(hem), height)):
            xs = np.flatnonzero(out[row])
            if xs.size:
                spread = flare * (row - hip_y)
                left, right = int(xs[0] - spread), int(xs[-1] + spread + 1)
                out[row, max(left, 0) : right] = 1
    if hair is not None:
        # Long hair lies over the whole skull (the top of the head higher, its sides wider)
        # and falls over the neck and shoulders.
        cap = float(rng.uniform(*HAIR_CAP_CM)) * px_per_cm
        size = 2 * int(np.ceil(cap)) + 1
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
        grown = cv2.dilate(mask.astype(np.uint8), kernel)
        out |= grown & (rows < neck_y).astype(np.uint8)
        x, y, rx, ry = (round(float(v)) for v in hair)
        cv2.ellipse(out, (x, y), (max(rx, 1), max(ry, 1)), 0.0, 0.0, 360.0, 1, -1)
    return out.astype(bool)


def generate(
    space: object,
    count: int,
    seed: int,
    *,
    ranges: CameraRanges = TRAINING_CAMERAS,
    noise: bool = True,
    batch: int = 32,
) -> Dataset:
    """``count`` samples (bodies whose silhouettes were unusable are drawn again): each body
    in a natural stance of its own per view (``NATURAL_SHARE``) or the rest stance, dressed
    tight, regular or loose."""
    from adapters.body.anny_space import AnnySpace
    from adapters.body.posing import Rig, natural_pose, pose_body

    assert isinstance(space, AnnySpace)
    rng = np.random.default_rng(seed)
    faces = np.asarray(space.faces)
    reference = space.geometry(space.default(None))
    rig = Rig.of(reference)
    landmarks = reference.landmarks
    features: list[FloatArray] = []
    parameters: list[FloatArray] = []
    heights: list[float] = []
    clothing_codes: list[int] = []
    while len(features) < count:
        params = space.sample(rng, batch, None)
        vertices, joints = space.surface(params)
        for body, heads, values in zip(vertices, joints, params, strict=True):
            if len(features) >= count:
                break
            body_height = float(body[:, 2].max())
            side_azimuth = 90.0 if rng.random() < 0.5 else -90.0
            code = int(rng.choice(len(CLOTHING_CODES), p=CLOTHING_SHARES))
            clothing = CLOTHING_CODES[code]
            skirt = clothing == "loose" and values[0] > 0.5 and rng.random() < SKIRT_SHARE
            hair = rng.random() < HAIR_SHARE
            natural = rng.random() < NATURAL_SHARE
            masks = []
            for azimuth in (0.0, side_azimuth):
                pose = natural_pose(rng, heads, landmarks) if natural else np.zeros(30)
                posed, posed_heads = pose_body(rig, body, heads, pose)
                camera = random_camera(rng, body_height, azimuth, ranges)
                drawn = silhouette_coverage(posed, faces, camera, with_origin=True)
                if drawn is None:
                    break
                coverage, origin = drawn
                mask = segmenter_noise(coverage, rng) if noise else coverage >= INSIDE_COVERAGE
                projected, _ = camera.project(posed_heads)
                projected -= origin
                points = {name: projected[landmarks[name]] for name in _DRESS_POINTS}
                px_per_cm = camera.focal_px / (camera.distance_m * 100.0)
                ellipse = None
                if hair:
                    head = posed_heads[landmarks["head"]]
                    centre, _ = camera.project((head + np.array([0.0, 0.05, -0.06]))[None])
                    centre = centre[0] - origin
                    ellipse = np.array([centre[0], centre[1], 9.0 * px_per_cm, 15 * px_per_cm])
                masks.append(
                    dress(mask, points, px_per_cm, clothing, rng, skirt=skirt, hair=ellipse)
                )
            if len(masks) < 2:
                continue
            try:
                # Seen from -90 deg (the body's right side) the person faces +x: mirror.
                front = silhouette(masks[0])
                side = silhouette(masks[1], flip=side_azimuth < 0)
            except SilhouetteUnusable:
                continue
            features.append(body_features(front, side))
            parameters.append(values)
            heights.append(body_height * 100.0)
            clothing_codes.append(code)
    result = Dataset(
        np.stack(features),
        np.stack(parameters),
        np.asarray(heights),
        np.asarray(clothing_codes, dtype=np.int64),
    )
    assert result.features.shape[1] == FEATURE_COUNT
    return result


_DRESS_POINTS = ("neck", "hip_l", "hip_r", "knee_l", "knee_r", "ankle_l", "ankle_r")
