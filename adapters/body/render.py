"""A small software rasteriser for body geometry: photos for tests, synthetic training data, docs.

Numpy and OpenCV only: a perspective pinhole camera, a z-buffer (perspective-correct depth and
barycentrics, per-pixel smooth normals), Lambert shading over an ambient term, per-vertex
colours (skin, simple clothing bands, face cues), a background colour or image. Besides the
picture it returns the exact silhouette (the pixels whose centre a body triangle covers) and
the landmark joints projected into the image.

Frame of the geometry (``adapters.body.geometry``): metres, Z up, the body facing -Y, its left
side on +X, soles on z = 0. The camera looks at the body's vertical axis from ``distance_m``
away, at ``height_m`` above the floor, from the direction ``azimuth_deg`` (0: in front of the
body, 90: on the body's left side, 180: behind it), pitched down by ``tilt_deg``.

Rasterisation is vectorised: each triangle's bounding box is enumerated as a padded grid (one
grid size per power-of-two bucket of box sizes), the candidate pixels are tested with edge
functions and the nearest candidate per pixel wins (``np.minimum.at`` on the depth buffer).
A 1024 x 768 picture of a 27k-triangle body takes about 0.1-0.2 s on one core.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

from adapters.body.geometry import BodyGeometry, FloatArray

Colour = tuple[int, int, int]  # sRGB, 0-255
SKIN_TONES: Mapping[str, Colour] = {
    "light": (233, 196, 170),
    "medium": (200, 150, 115),
    "tan": (170, 120, 85),
    "dark": (110, 72, 50),
}
NEAR_M = 0.05


@dataclass(frozen=True, slots=True)
class Camera:
    """A pinhole camera; ``focal_length_mm`` is 35 mm-equivalent (on the image diagonal)."""

    width_px: int = 768
    height_px: int = 1024
    distance_m: float = 3.0  # from the camera to the body's vertical axis, horizontally
    height_m: float = 1.0  # of the camera above the floor
    tilt_deg: float = 0.0  # pitch, positive looks down
    azimuth_deg: float = 0.0  # 0 front, 90 the body's left side, 180 back
    focal_length_mm: float = 28.0
    target_x_m: float = 0.0  # the point of the floor plane the camera turns around
    target_y_m: float = 0.0

    @property
    def focal_px(self) -> float:
        diagonal_px = math.hypot(self.width_px, self.height_px)
        return self.focal_length_mm * diagonal_px / math.hypot(36.0, 24.0)

    def intrinsics(self) -> FloatArray:
        """The 3 x 3 matrix K (pixels; principal point at the centre)."""
        f = self.focal_px
        return np.array(
            [[f, 0.0, self.width_px / 2.0], [0.0, f, self.height_px / 2.0], [0.0, 0.0, 1.0]]
        )

    def pose(self) -> tuple[FloatArray, FloatArray]:
        """Rotation R (world -> camera, rows: right, down, forward) and the camera centre C."""
        azimuth, tilt = math.radians(self.azimuth_deg), math.radians(self.tilt_deg)
        turn = np.array(
            [
                [math.cos(azimuth), -math.sin(azimuth), 0.0],
                [math.sin(azimuth), math.cos(azimuth), 0.0],
                [0.0, 0.0, 1.0],
            ]
        )
        target = np.array([self.target_x_m, self.target_y_m, 0.0])
        centre = target + turn @ np.array([0.0, -self.distance_m, self.height_m])
        forward = turn @ np.array([0.0, math.cos(tilt), -math.sin(tilt)])
        right = np.cross(forward, [0.0, 0.0, 1.0])
        right /= np.linalg.norm(right)
        down = np.cross(forward, right)
        return np.stack([right, down, forward]), centre

    def project(self, points: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Pixel coordinates (N, 2) and depths along the optical axis (N,) of world points."""
        rotation, centre = self.pose()
        local = (np.asarray(points, dtype=np.float64) - centre) @ rotation.T
        depth = local[:, 2]
        safe = np.where(np.abs(depth) < 1e-9, 1e-9, depth)
        f = self.focal_px
        pixels = np.stack(
            [
                f * local[:, 0] / safe + self.width_px / 2.0,
                f * local[:, 1] / safe + self.height_px / 2.0,
            ],
            axis=1,
        )
        return pixels, depth


@dataclass(frozen=True, slots=True)
class ClothingBand:
    """A colour for the vertices between two heights (fractions of the body's height)."""

    bottom: float
    top: float
    colour: Colour
    arms: bool = False  # paint the arms in the band too (sleeves)


@dataclass(frozen=True, slots=True)
class Style:
    """How the body looks: skin, clothing, face cues and light."""

    skin: Colour = SKIN_TONES["medium"]
    clothing: tuple[ClothingBand, ...] = ()
    face_cues: bool = True  # dark eyes, brows, lips and hair, so face detectors find a face
    hair: Colour = (45, 30, 20)
    light_direction: tuple[float, float, float] = (-0.3, -1.0, 0.6)  # towards the light
    ambient: float = 0.35
    diffuse: float = 0.75


# Clothes that leave the silhouette of the body as it is: a tight top and shorts.
SPORTSWEAR = (
    ClothingBand(0.42, 0.55, (40, 55, 120)),
    ClothingBand(0.62, 0.80, (180, 40, 50)),
)


@dataclass(frozen=True, slots=True)
class Rendering:
    image: NDArray[np.uint8]  # (H, W, 3) RGB
    mask: NDArray[np.bool_]  # (H, W) the body's exact silhouette
    joints: Mapping[str, tuple[float, float]]  # landmark -> (x, y) pixel, may lie outside
    joint_depths_m: Mapping[str, float]
    camera: Camera
    depth: FloatArray = field(repr=False, default_factory=lambda: np.zeros((0, 0)))


def vertex_colours(geometry: BodyGeometry, style: Style) -> FloatArray:
    """Per-vertex albedo (V, 3) in [0, 1] for ``style``."""
    vertices = geometry.vertices
    colours = np.tile(np.asarray(style.skin, dtype=np.float64) / 255.0, (len(vertices), 1))
    height = float(vertices[:, 2].max()) or 1.0
    relative = vertices[:, 2] / height
    on_arm = _arm_vertices(geometry)
    for band in style.clothing:
        inside = (relative >= band.bottom) & (relative <= band.top)
        if not band.arms:
            inside &= ~on_arm
        colours[inside] = np.asarray(band.colour, dtype=np.float64) / 255.0
    if style.face_cues:
        _paint_face(geometry, colours, np.asarray(style.hair, dtype=np.float64) / 255.0)
    return colours


def _arm_vertices(geometry: BodyGeometry) -> NDArray[np.bool_]:
    dominant = geometry.dominant_joint()
    arm_joints = np.concatenate(
        [geometry.descendants(geometry.landmarks[name]) for name in ("shoulder_l", "shoulder_r")]
    )
    return np.isin(dominant, arm_joints)


def _paint_face(geometry: BodyGeometry, colours: FloatArray, hair: FloatArray) -> None:
    """Eyes, brows, lips and hair placed from the head and neck joints (any topology)."""
    vertices = geometry.vertices
    head, neck = geometry.joint("head"), geometry.joint("neck")
    head_size = max(float(np.linalg.norm(head - neck)), 0.05)  # about 0.1 m on an adult
    near_head = vertices[:, 2] > head[2] - 0.6 * head_size
    if not near_head.any():
        return
    top = float(vertices[near_head, 2].max())
    front = float(vertices[near_head, 1].min())  # the face looks to -Y
    x, y, z = vertices[:, 0] - head[0], vertices[:, 1], vertices[:, 2]
    facing = y < front + 0.35 * head_size
    eye_z = head[2] + 0.28 * (top - head[2])
    eye_half_width = 0.16 * head_size
    for side in (-1.0, 1.0):
        eye = (
            facing
            & (np.abs(x - side * 0.33 * head_size) < eye_half_width)
            & (np.abs(z - eye_z) < 0.07 * head_size)
        )
        colours[eye] = (0.15, 0.10, 0.08)
        brow = (
            facing
            & (np.abs(x - side * 0.33 * head_size) < 1.15 * eye_half_width)
            & (np.abs(z - (eye_z + 0.2 * head_size)) < 0.045 * head_size)
        )
        colours[brow] = hair * 0.8
    lips = (
        facing
        & (np.abs(x) < 0.22 * head_size)
        & (np.abs(z - (head[2] - 0.05 * head_size)) < 0.06 * head_size)
    )
    colours[lips] = (0.62, 0.25, 0.25)
    # Hair: the top and back of the skull.
    behind = y > front + 0.55 * head_size
    cap = (z > eye_z + 0.38 * head_size) | (behind & (z > head[2] - 0.1 * head_size))
    colours[near_head & cap] = hair


def vertex_normals(vertices: FloatArray, faces: NDArray[np.int64]) -> FloatArray:
    """Area-weighted unit vertex normals (V, 3) of a counter-clockwise mesh."""
    corners = vertices[faces]
    face_normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    normals = np.zeros_like(vertices)
    for corner in range(3):
        np.add.at(normals, faces[:, corner], face_normals)
    lengths = np.linalg.norm(normals, axis=1, keepdims=True)
    return normals / np.maximum(lengths, 1e-12)


def render(
    geometry: BodyGeometry,
    camera: Camera | None = None,
    *,
    style: Style | None = None,
    background: Colour | NDArray[np.uint8] = (235, 235, 230),
    colours: FloatArray | None = None,
) -> Rendering:
    """The body as seen by ``camera``: picture, silhouette and projected landmark joints.

    ``background`` is a colour or an RGB image (resized to the camera's size); ``colours``
    overrides the per-vertex albedo (V, 3) in [0, 1] that ``style`` would give.
    """
    camera = camera or Camera()
    style = style or Style()
    height, width = camera.height_px, camera.width_px
    albedo = vertex_colours(geometry, style) if colours is None else np.asarray(colours)
    pixels, depth = camera.project(geometry.vertices)
    normals = vertex_normals(geometry.vertices, geometry.faces)
    _, centre = camera.pose()

    zbuffer, triangle, weights = rasterise(pixels, depth, geometry.faces, width, height)
    covered = np.flatnonzero(np.isfinite(zbuffer))
    image = _background(background, width, height).reshape(-1, 3).astype(np.float32)
    if covered.size:
        faces = geometry.faces[triangle[covered]]
        w = weights[covered]
        normal = np.einsum("nk,nkc->nc", w, normals[faces])
        normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-12)
        light = np.asarray(style.light_direction, dtype=np.float64)
        light = light / np.linalg.norm(light)
        # Faces seen from behind (inside of the mouth, eyelids) get the ambient term only.
        toward_camera = centre - np.einsum("nk,nkc->nc", w, geometry.vertices[faces])
        normal *= np.sign(np.einsum("nc,nc->n", normal, toward_camera))[:, None]
        lambert = np.clip(normal @ light, 0.0, 1.0)
        shade = style.ambient + style.diffuse * lambert
        colour = np.einsum("nk,nkc->nc", w, albedo[faces]) * shade[:, None]
        image[covered] = np.clip(colour * 255.0, 0.0, 255.0).astype(np.float32)
    joints_px, joints_depth = camera.project(geometry.joints)
    names = {index: name for name, index in geometry.landmarks.items()}
    return Rendering(
        image=image.reshape(height, width, 3).round().astype(np.uint8),
        mask=np.isfinite(zbuffer).reshape(height, width),
        joints={n: (float(joints_px[i, 0]), float(joints_px[i, 1])) for i, n in names.items()},
        joint_depths_m={n: float(joints_depth[i]) for i, n in names.items()},
        camera=camera,
        depth=zbuffer.reshape(height, width),
    )


def _background(
    background: Colour | NDArray[np.uint8], width: int, height: int
) -> NDArray[np.uint8]:
    if isinstance(background, np.ndarray):
        if background.shape[:2] != (height, width):
            return cv2.resize(background, (width, height), interpolation=cv2.INTER_AREA)[..., :3]
        return background[..., :3].copy()
    return np.broadcast_to(np.asarray(background, dtype=np.uint8), (height, width, 3)).copy()


def rasterise(
    pixels: FloatArray,
    depth: FloatArray,
    faces: NDArray[np.int64],
    width: int,
    height: int,
) -> tuple[FloatArray, NDArray[np.int64], FloatArray]:
    """Z-buffer the triangles: per pixel (H * W,) its depth (inf where empty), the index of
    the visible triangle, and the perspective-correct barycentric weights (H * W, 3).

    Pixels are sampled at their centres; both windings are drawn (backs hidden by depth).
    """
    count = width * height
    zbuffer = np.full(count, np.inf)
    owner = np.full(count, -1, dtype=np.int64)
    weights = np.zeros((count, 3))
    corners = pixels[faces]  # (F, 3, 2)
    corner_depth = depth[faces]  # (F, 3)
    visible = (corner_depth > NEAR_M).all(axis=1)
    x0, y0 = corners[:, 0, 0], corners[:, 0, 1]
    x1, y1 = corners[:, 1, 0], corners[:, 1, 1]
    x2, y2 = corners[:, 2, 0], corners[:, 2, 1]
    area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)
    visible &= np.abs(area) > 1e-12
    left = np.floor(corners[:, :, 0].min(axis=1) - 0.5).clip(0, width)
    right = np.ceil(corners[:, :, 0].max(axis=1) - 0.5).clip(-1, width - 1)
    top = np.floor(corners[:, :, 1].min(axis=1) - 0.5).clip(0, height)
    bottom = np.ceil(corners[:, :, 1].max(axis=1) - 0.5).clip(-1, height - 1)
    visible &= (right >= left) & (bottom >= top)
    box = np.maximum(right - left, bottom - top) + 1
    chosen = np.flatnonzero(visible)
    if chosen.size == 0:
        return zbuffer, owner, weights
    buckets = np.ceil(np.log2(np.maximum(box[chosen], 1))).astype(np.int64)
    inverse_depth = 1.0 / np.where(visible[:, None], corner_depth, 1.0)
    candidates: list[tuple[NDArray[np.int64], FloatArray, NDArray[np.int64], FloatArray]] = []
    for bucket in np.unique(buckets):
        tri = chosen[buckets == bucket]
        size = 1 << int(bucket)
        offsets = np.arange(size, dtype=np.float64)
        # Enumerate in chunks so a bucket of large triangles never builds a huge grid.
        per_chunk = max(1, 400_000 // (size * size))
        for start in range(0, tri.size, per_chunk):
            t = tri[start : start + per_chunk]
            px = left[t][:, None, None] + offsets[None, None, :]
            py = top[t][:, None, None] + offsets[None, :, None]
            inside_box = (px <= right[t][:, None, None]) & (py <= bottom[t][:, None, None])
            cx, cy = px + 0.5, py + 0.5
            e0 = (x2[t, None, None] - x1[t, None, None]) * (cy - y1[t, None, None]) - (
                y2[t, None, None] - y1[t, None, None]
            ) * (cx - x1[t, None, None])
            e1 = (x0[t, None, None] - x2[t, None, None]) * (cy - y2[t, None, None]) - (
                y0[t, None, None] - y2[t, None, None]
            ) * (cx - x2[t, None, None])
            a = area[t, None, None]
            b0, b1 = e0 / a, e1 / a
            b2 = 1.0 - b0 - b1
            hit = inside_box & (b0 >= 0) & (b1 >= 0) & (b2 >= 0)
            which, row, column = np.nonzero(hit)
            if which.size == 0:
                continue
            bary = np.stack([b0[hit], b1[hit], b2[hit]], axis=1)
            tris = t[which]
            inv = bary * inverse_depth[tris]
            inv_sum = inv.sum(axis=1)
            index = (py[which, row, 0] * width + px[which, 0, column]).astype(np.int64)
            candidates.append((index, 1.0 / inv_sum, tris, inv / inv_sum[:, None]))
    if not candidates:
        return zbuffer, owner, weights
    index = np.concatenate([c[0] for c in candidates])
    z = np.concatenate([c[1] for c in candidates])
    tris = np.concatenate([c[2] for c in candidates])
    bary = np.concatenate([c[3] for c in candidates])
    np.minimum.at(zbuffer, index, z)
    won = z <= zbuffer[index]
    owner[index[won]] = tris[won]
    weights[index[won]] = bary[won]
    return zbuffer, owner, weights


def project_landmarks(
    geometry: BodyGeometry, camera: Camera, names: Sequence[str] | None = None
) -> dict[str, tuple[float, float]]:
    """Pixel positions of the named landmark joints (all of them by default)."""
    chosen = list(names) if names is not None else list(geometry.landmarks)
    pixels, _ = camera.project(np.stack([geometry.joint(n) for n in chosen]))
    return {n: (float(p[0]), float(p[1])) for n, p in zip(chosen, pixels, strict=True)}
