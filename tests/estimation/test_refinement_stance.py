"""The refinement's first stage (ADR 61): each photo's stance and camera found from the
keypoints alone, before the shape is fitted, from the rest stance and a rough camera."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pytest
import torch

from adapters.body.posing import POSE_NAMES, POSE_SIZE
from adapters.estimation.features import ROW_COUNT
from adapters.estimation.refinement import (
    KEYPOINT_BONES,
    ObservedView,
    Refiner,
    _observed_tensors,
)
from tests.support.bodies import anny_space

pytestmark = [pytest.mark.slow, pytest.mark.anny]

WIDTH, HEIGHT, FOCAL = 1080, 1440, 1300.0
# Arms hanging close to the body (the rest stance holds them out), elbows a little bent,
# knees a little bent, turned towards the camera a little.
TRUE_TURNS = {
    "shoulder_l": (0.0, -0.75, 0.0),
    "shoulder_r": (0.0, 0.75, 0.0),
    "elbow_l": (0.25, 0.0, 0.0),
    "elbow_r": (0.2, 0.0, 0.0),
    "knee_l": (0.08, 0.0, 0.0),
    "knee_r": (0.08, 0.0, 0.0),
}
# distance (m), height (m), tilt, turn (rad), sideways offset (m)
TRUE_CAMERAS = np.array([[3.0, 1.1, 0.05, 0.08, 0.05], [3.3, 0.95, -0.02, -0.1, -0.08]])


@cache
def _refiner() -> Refiner:
    return Refiner(anny_space())


@cache
def _parameters() -> np.ndarray:
    return np.asarray(anny_space().sample(np.random.default_rng(11), 1, None)[0])


def _pose() -> np.ndarray:
    pose = np.zeros((len(POSE_NAMES), 3))
    for name, turn in TRUE_TURNS.items():
        pose[POSE_NAMES.index(name)] = turn
    return pose.ravel()


def _photographed(azimuth: float, camera: np.ndarray) -> ObservedView:
    """A view whose keypoints and top and bottom are the posed body's own, exactly."""
    refiner = _refiner()
    blank = ObservedView(
        azimuth_deg=azimuth,
        width_px=WIDTH,
        height_px=HEIGHT,
        focal_px=FOCAL,
        top_px=0.0,
        bottom_px=1.0,
        left_px=np.zeros(ROW_COUNT),
        right_px=np.zeros(ROW_COUNT),
        valid=np.zeros(ROW_COUNT, dtype=bool),
        focal_known=True,
    )
    with torch.no_grad():
        (kx, ky), (top, bottom) = refiner.project_skeleton(
            refiner.skeleton(_parameters()),
            torch.as_tensor(_pose()),
            torch.as_tensor(camera),
            blank,
            torch.tensor(1.0, dtype=torch.float64),
        )
    return ObservedView(
        **{
            **blank.__dict__,
            "top_px": float(top),
            "bottom_px": float(bottom),
            "keypoints_px": np.stack([kx.numpy(), ky.numpy()], axis=1),
            "keypoint_weights": np.ones(len(KEYPOINT_BONES)),
        }
    )


def _keypoint_error_px(views: list[ObservedView], poses: np.ndarray, cameras: np.ndarray) -> float:
    refiner = _refiner()
    skeleton = refiner.skeleton(_parameters())
    errors = []
    with torch.no_grad():
        for view, pose, camera in zip(views, poses, cameras, strict=True):
            (kx, ky), _ = refiner.project_skeleton(
                skeleton,
                torch.as_tensor(pose),
                torch.as_tensor(camera),
                view,
                torch.tensor(1.0, dtype=torch.float64),
            )
            errors.append(
                np.hypot(kx.numpy() - view.keypoints_px[:, 0], ky.numpy() - view.keypoints_px[:, 1])
            )
    return float(np.sqrt(np.mean(np.concatenate(errors) ** 2)))


def test_the_stance_and_cameras_are_found_from_the_keypoints_before_the_shape() -> None:
    refiner = _refiner()
    views = [_photographed(0.0, TRUE_CAMERAS[0]), _photographed(90.0, TRUE_CAMERAS[1])]
    height_m = 1.7
    cameras = np.stack([refiner._initial_camera(view, height_m) for view in views])
    rest = np.zeros((2, POSE_SIZE))
    before = _keypoint_error_px(views, rest, cameras)

    poses, found_cameras, focal_log = refiner._settle_stance(
        _parameters(),
        rest,
        cameras,
        np.zeros(1),
        views,
        [_observed_tensors(view, 0.0) for view in views],
        True,
    )

    after = _keypoint_error_px(views, poses, found_cameras)
    assert before > 40.0  # the rest stance holds the arms far out
    assert after < 2.0, f"keypoints {after:.1f} px off after settling ({before:.0f} before)"
    assert abs(focal_log[0]) < 1e-2  # a known focal length stays put
    # The arms hang as in the photos (both views), within a few degrees of the truth.
    for name in ("shoulder_l", "shoulder_r"):
        joint = POSE_NAMES.index(name)
        for pose in poses.reshape(2, -1, 3):
            true = np.asarray(TRUE_TURNS[name])
            angle = math.degrees(np.linalg.norm(pose[joint] - true))
            assert angle < 8.0, f"{name} {angle:.1f} degrees off"
    assert np.allclose(found_cameras[:, 0], TRUE_CAMERAS[:, 0], atol=0.15)
