"""The benchmark's held-out photos: posed by anny's own rig as asked, dressed as asked."""

from __future__ import annotations

import io
import math
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from tests.support import natural_photos
from tests.support.bodies import anny_space
from tests.support.photo_subjects import natural_photo_pair, photograph_subject

pytestmark = pytest.mark.slow

STILL = natural_photos.Stance(  # no turns: angles in the body's frame are the world's
    arm_abduction_deg=(20.0, 35.0),
    shoulder_flexion_deg=(0.0, 0.0),
    elbow_flexion_deg=(0.0, 30.0),
    forearm_inward_deg=(0.0, 0.0),
    feet_apart_share=0.5,
    knee_flexion_deg=0.0,
    foot_turnout_deg=(0.0, 0.0),
)


def _body() -> tuple[natural_photos.AnnyRig, natural_photos.RestBody]:
    space = anny_space()
    rig = natural_photos.AnnyRig(space)
    parameters = space.sample(np.random.default_rng(5), 1, None)[0]
    return rig, rig.rest(parameters)


def _angle_deg(a: np.ndarray, b: np.ndarray) -> float:
    cosine = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))
    return math.degrees(math.acos(float(np.clip(cosine, -1.0, 1.0))))


def test_the_rest_stance_is_anny_rest_pose_itself() -> None:
    rig, body = _body()
    transforms, joints = rig.pose(body, natural_photos.REST_STANCE)
    np.testing.assert_allclose(rig.skin(body.vertices, transforms), body.vertices, atol=1e-9)
    np.testing.assert_allclose(joints, body.bone_poses[:, :3, 3], atol=1e-9)


def test_arms_and_legs_take_the_angles_asked_for_about_their_joints() -> None:
    rig, body = _body()
    _, joints = rig.pose(body, STILL)
    rest = body.bone_poses[:, :3, 3]
    for index, side in enumerate("LR"):
        shoulder = joints[rig.bone(f"upperarm01.{side}")]
        elbow = joints[rig.bone(f"lowerarm01.{side}")]
        wrist = joints[rig.bone(f"wrist.{side}")]
        np.testing.assert_allclose(shoulder, rest[rig.bone(f"upperarm01.{side}")], atol=1e-9)
        hanging = _angle_deg(elbow - shoulder, np.array([0.0, 0.0, -1.0]))
        assert hanging == pytest.approx(STILL.arm_abduction_deg[index], abs=0.1)
        bent = _angle_deg(elbow - shoulder, wrist - elbow)
        assert bent == pytest.approx(STILL.elbow_flexion_deg[index], abs=0.1)
    shoulder_width = rest[rig.bone("upperarm01.L")][0] - rest[rig.bone("upperarm01.R")][0]
    together = 0.12 * shoulder_width / 0.37
    wanted = together + 0.5 * (0.9 * shoulder_width - together)
    ankles = joints[rig.bone("foot.L")] - joints[rig.bone("foot.R")]
    assert ankles[0] == pytest.approx(wanted, abs=0.005)


def test_clothes_lie_off_the_skin_by_the_outfit_and_leave_head_hands_and_feet_bare() -> None:
    rig, body = _body()
    outfit = natural_photos.Outfit(
        "regular", top_offset_m=0.015, sleeve="short", bottom_offset_m=0.01
    )
    clothes = natural_photos.garments(rig, body, outfit)
    assert clothes.offset_m.max() == pytest.approx(0.015)
    bare = rig.membership(("head", "eye", "wrist", "finger", "foot", "toe")) > 0.99
    assert np.abs(clothes.offset_m[bare]).max() < 1e-3
    assert (clothes.top > 0.5).sum() > 1000 and (clothes.bottom > 0.5).sum() > 1000


def test_a_skirt_and_long_hair_are_surfaces_around_the_body() -> None:
    rig, body = _body()
    geometry = anny_space().geometry(body.parameters)
    outfit = replace(
        natural_photos.Outfit("loose", top_offset_m=0.04, sleeve="elbow"), skirt=True, hair=True
    )
    style = natural_photos.random_style(np.random.default_rng(1), outfit)
    figure = natural_photos.dressed_figure(rig, body, STILL, outfit, style, geometry)
    assert len(figure.geometry.vertices) > len(body.vertices)
    assert len(figure.colours) == len(figure.geometry.vertices)
    assert figure.geometry.faces.max() < len(figure.geometry.vertices)
    assert figure.geometry.vertices[:, 2].min() == pytest.approx(0.0, abs=1e-9)


def test_the_end_to_end_pair_is_the_same_every_time_with_exif_and_a_typed_height() -> None:
    pair = natural_photo_pair()
    again = photograph_subject(
        anny_space(), 424_302, stance="natural", clothing="tight", exif_focal=True
    )
    assert again.photos == {"front": pair.front, "side": pair.side}
    for data in (pair.front, pair.side):
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG"
            assert min(image.size) >= 512 and max(image.size) <= 4096
            focal = image.getexif().get_ifd(natural_photos.EXIF_IFD)
            assert 24 <= focal[natural_photos.EXIF_FOCAL_35MM] <= 35
    assert pair.typed_height_cm == round(pair.typed_height_cm)
    assert abs(pair.typed_height_cm - pair.truth["height"]) <= 1.5
    assert pair.details["stances"]["front"]["arm_abduction_deg"] != (0.0, 0.0)
