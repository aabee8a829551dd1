"""The software rasteriser: exact silhouettes, depth order, projection and the body's look."""

from __future__ import annotations

import math

import numpy as np
import pytest

from adapters.body.geometry import LANDMARKS, BodyGeometry
from adapters.body.render import SPORTSWEAR, Camera, Style, render
from application.ports import Gender
from tests.support.bodies import anny_geometry


def quads(*squares: tuple[float, float, float]) -> BodyGeometry:
    """Squares of side 1 m facing -Y (towards a front camera), centred at (x, y, z)."""
    vertices, faces = [], []
    for x, y, z in squares:
        start = len(vertices)
        vertices += [
            (x - 0.5, y, z - 0.5),
            (x + 0.5, y, z - 0.5),
            (x + 0.5, y, z + 0.5),
            (x - 0.5, y, z + 0.5),
        ]
        faces += [(start, start + 1, start + 2), (start, start + 2, start + 3)]
    joints = np.zeros((len(LANDMARKS), 3))
    joints[:, 2] = np.linspace(0.0, 1.0, len(LANDMARKS))
    count = len(vertices)
    return BodyGeometry(
        model_name="test",
        topology="quads",
        vertices=np.asarray(vertices, dtype=np.float64),
        faces=np.asarray(faces, dtype=np.int64),
        joints=joints,
        joint_names=tuple(LANDMARKS),
        joint_parents=np.array([-1] + [0] * (len(LANDMARKS) - 1)),
        skin_indices=np.zeros((count, 1), dtype=np.int64),
        skin_weights=np.ones((count, 1)),
        landmarks={name: index for index, name in enumerate(LANDMARKS)},
    )


FLAT = Style(face_cues=False, ambient=1.0, diffuse=0.0)
CAMERA = Camera(width_px=400, height_px=300, distance_m=4.0, height_m=1.0, focal_length_mm=50)


def test_the_silhouette_is_the_projected_square_to_the_pixel() -> None:
    rendering = render(quads((0.0, 0.0, 1.0)), CAMERA, style=FLAT)
    side_px = CAMERA.focal_px * 1.0 / 4.0  # 1 m at 4 m
    assert rendering.mask.sum() == pytest.approx(side_px**2, rel=0.02)
    rows, columns = np.nonzero(rendering.mask)
    assert (columns.min() + columns.max() + 1) / 2 == pytest.approx(200, abs=1)
    assert (rows.min() + rows.max() + 1) / 2 == pytest.approx(150, abs=1)


def test_the_nearer_surface_hides_the_farther_whatever_the_drawing_order() -> None:
    near_first = quads((0.0, -1.0, 1.0), (0.3, 0.0, 1.0))
    colours = np.zeros((8, 3))
    colours[:4] = (1.0, 0.0, 0.0)  # the near square: red
    colours[4:] = (0.0, 0.0, 1.0)  # the far one: blue
    for order in (slice(None), slice(None, None, -1)):
        geometry = near_first
        if order.step == -1:  # the far square's triangles first
            geometry = quads((0.3, 0.0, 1.0), (0.0, -1.0, 1.0))
            colours = colours[::-1].copy()
        image = render(geometry, CAMERA, style=FLAT, colours=colours).image
        assert tuple(image[150, 200]) == (255, 0, 0)


def test_the_background_shows_outside_the_silhouette() -> None:
    background = np.full((300, 400, 3), 17, dtype=np.uint8)
    rendering = render(quads((0.0, 0.0, 1.0)), CAMERA, style=FLAT, background=background)
    assert (rendering.image[~rendering.mask] == 17).all()
    assert (rendering.depth[~rendering.mask] == np.inf).all()


def test_joints_project_with_the_pinhole_model() -> None:
    rendering = render(quads((0.0, 0.0, 1.0)), CAMERA, style=FLAT)
    x, y = rendering.joints["pelvis"]  # the joint at the floor, on the axis
    assert x == pytest.approx(200)
    assert y == pytest.approx(150 + CAMERA.focal_px * 1.0 / 4.0)


def test_a_camera_turned_by_90_degrees_sees_the_left_side() -> None:
    rotation, centre = Camera(azimuth_deg=90, distance_m=3.0, height_m=1.2).pose()
    assert centre == pytest.approx([3.0, 0.0, 1.2])
    assert rotation[2] == pytest.approx([-1.0, 0.0, 0.0])  # looking towards -X
    rotation, _ = Camera(tilt_deg=10).pose()
    assert math.degrees(math.asin(-rotation[2][2])) == pytest.approx(10)


@pytest.mark.anny
@pytest.mark.parametrize("view", [0.0, 90.0])
def test_a_body_is_drawn_head_to_feet_with_its_joints(view: float) -> None:
    geometry = anny_geometry(Gender.FEMALE)
    camera = Camera(azimuth_deg=view)
    rendering = render(geometry, camera, style=Style(clothing=SPORTSWEAR))
    rows, _ = np.nonzero(rendering.mask)
    head_x, head_y = rendering.joints["head"]
    _, ankle_y = rendering.joints["ankle_l"]
    assert rows.min() < head_y < ankle_y < rows.max()
    assert rendering.mask[int(head_y), int(head_x)]
    clothed = rendering.image[rendering.mask]
    assert (np.abs(clothed.astype(int) - (180, 40, 50)).sum(axis=1) < 120).any()  # the top
    assert rendering.image.shape == (1024, 768, 3)
