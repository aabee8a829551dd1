"""Posing a rest body (adapters/body/posing.py): the rest stance is left alone, turns agree
with anny's own forward pass, natural stances stay in their documented ranges, and the
forward-mode derivatives the refinement takes are right."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pytest
import torch

from adapters.body.geometry import BodyGeometry
from adapters.body.posing import (
    POSE_JOINTS,
    POSE_NAMES,
    POSE_SIZE,
    Rig,
    StanceRanges,
    group_transforms,
    natural_pose,
    pose_body,
    skin,
)
from tests.support import natural_photos
from tests.support.bodies import anny_space

pytestmark = pytest.mark.slow

# Turns in world-aligned axes (axis, degrees), each after its parents' turns.
TURNS = {
    "upperarm01.L": ((0.0, 1.0, 0.0), 30.0),
    "lowerarm01.L": ((1.0, 0.3, -0.5), 20.0),
    "lowerleg01.R": ((1.0, 0.0, 0.0), 10.0),
    "spine03": ((0.2, 1.0, 0.4), 4.0),
}
AGREEMENT_M = 1e-3  # measured: 2e-15 m (both are the same rigid transforms, blended alike)


@cache
def _parameters() -> np.ndarray:
    return np.asarray(anny_space().sample(np.random.default_rng(7), 1, None)[0])


@cache
def _geometry() -> BodyGeometry:
    return anny_space().geometry(_parameters())


@cache
def _rig() -> Rig:
    return Rig.of(_geometry())


def _pose_vector(turns: dict[str, tuple[tuple[float, float, float], float]]) -> np.ndarray:
    """Our pose (POSE_SIZE,): axis-angle per joint in POSE_JOINTS order."""
    bones = [bone for _, bone in POSE_JOINTS]
    pose = np.zeros((len(POSE_JOINTS), 3))
    for bone, (axis, degrees) in turns.items():
        unit = np.asarray(axis) / np.linalg.norm(axis)
        pose[bones.index(bone)] = unit * math.radians(degrees)
    return pose.ravel()


def _ours(pose: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Our posed vertices and joint heads, not put back on the floor (the rest body's frame)."""
    geometry, rig = _geometry(), _rig()
    with torch.no_grad():
        rotations, translations = group_transforms(
            rig, torch.as_tensor(geometry.joints[rig.pivot_bones]), torch.as_tensor(pose)
        )
        vertices = skin(
            torch.as_tensor(geometry.vertices),
            torch.as_tensor(rig.vertex_weights),
            rotations,
            translations,
        ).numpy()
        groups = [rig.joint_group(bone) for bone in range(geometry.bone_count)]
        heads = (rotations[groups] @ torch.as_tensor(geometry.joints)[..., None])[
            ..., 0
        ] + translations[groups]
    return vertices, heads.numpy()


def _annys(
    turns: dict[str, tuple[tuple[float, float, float], float]],
) -> tuple[np.ndarray, np.ndarray, natural_photos.RestBody]:
    """anny's own posed vertices and bone heads for the same turns (anny's frame)."""
    rig = natural_photos.AnnyRig(anny_space())
    body = rig.rest(_parameters())
    world = {
        rig.bone(bone): natural_photos.rotation(axis, degrees)
        for bone, (axis, degrees) in turns.items()
    }
    with torch.no_grad():
        transforms, poses = rig.model.get_bone_transforms(
            rig.deltas(body, world), torch.as_tensor(body.bone_poses[None])
        )
    heads = poses[0, :, :3, 3].numpy().astype(np.float64)
    return rig.skin(body.vertices, transforms), heads, body


def _angle_deg(a: np.ndarray, b: np.ndarray) -> float:
    cosine = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))
    return math.degrees(math.acos(float(np.clip(cosine, -1.0, 1.0))))


# -- the rest stance and anny's own skinning ------------------------------------------------------
def test_the_zero_pose_is_the_rest_body_exactly() -> None:
    geometry = _geometry()
    vertices, heads = pose_body(_rig(), geometry.vertices, geometry.joints, np.zeros(POSE_SIZE))
    np.testing.assert_allclose(vertices, geometry.vertices, rtol=0, atol=1e-12)
    np.testing.assert_allclose(heads, geometry.joints, rtol=0, atol=1e-12)


def test_the_rig_has_the_ten_joints_and_every_vertex_weighs_one() -> None:
    rig = _rig()
    assert rig.group_count == len(POSE_JOINTS) + 1 == 11
    np.testing.assert_allclose(rig.vertex_weights.sum(axis=1), 1.0, atol=1e-9)
    names = _geometry().joint_names
    for (_, bone), pivot, parent in zip(
        POSE_JOINTS, rig.pivot_bones, rig.parent_group, strict=True
    ):
        assert names[pivot] == bone
        assert parent <= list(rig.pivot_bones).index(pivot)  # parents listed before children
    # an elbow moves with its shoulder, a knee with its hip, the shoulders with the spine
    group = {name: g + 1 for g, name in enumerate(POSE_NAMES)}
    assert rig.parent_group[POSE_NAMES.index("elbow_l")] == group["shoulder_l"]
    assert rig.parent_group[POSE_NAMES.index("knee_r")] == group["hip_r"]
    assert rig.parent_group[POSE_NAMES.index("shoulder_l")] == group["spine"]
    assert rig.parent_group[POSE_NAMES.index("hip_l")] == 0


def test_turned_joints_move_every_vertex_as_annys_own_skinning_does() -> None:
    ours, _ = _ours(_pose_vector(TURNS))
    annys, _, body = _annys(TURNS)
    # anny's frame is the geometry's shifted vertically (the geometry's soles are on z = 0):
    # compare what the pose moved.
    moved_ours = ours - _geometry().vertices
    moved_annys = annys - body.vertices
    assert np.linalg.norm(moved_annys, axis=1).max() > 0.2  # the turns do move the body
    difference = np.linalg.norm(moved_ours - moved_annys, axis=1)
    assert difference.max() < AGREEMENT_M, f"{difference.max() * 1000:.3f} mm"


def test_turned_joints_move_the_bone_heads_as_annys_forward_pass_does() -> None:
    _, heads = _ours(_pose_vector(TURNS))
    _, annys_heads, body = _annys(TURNS)
    moved_ours = heads - _geometry().joints
    moved_annys = annys_heads - body.bone_poses[:, :3, 3]
    difference = np.linalg.norm(moved_ours - moved_annys, axis=1)
    assert difference.max() < AGREEMENT_M, f"{difference.max() * 1000:.3f} mm"
    wrist = _geometry().joint_names.index("wrist.L")
    assert np.linalg.norm(moved_annys[wrist]) > 0.1


def test_all_ten_joints_turned_at_once_agree_with_anny_and_land_on_the_floor() -> None:
    rng = np.random.default_rng(11)
    turns = {
        bone: (tuple(rng.normal(size=3)), float(rng.uniform(5.0, 35.0))) for _, bone in POSE_JOINTS
    }
    pose = _pose_vector(turns)  # type: ignore[arg-type]
    annys, annys_heads, _ = _annys(turns)  # type: ignore[arg-type]
    geometry = _geometry()
    vertices, heads = pose_body(_rig(), geometry.vertices, geometry.joints, pose)
    floor = annys[:, 2].min()  # both put back on the floor
    annys[:, 2] -= floor
    annys_heads[:, 2] -= floor
    assert vertices[:, 2].min() == pytest.approx(0.0, abs=1e-12)
    assert np.linalg.norm(vertices - annys, axis=1).max() < AGREEMENT_M
    assert np.linalg.norm(heads - annys_heads, axis=1).max() < AGREEMENT_M


# -- natural stances -------------------------------------------------------------------------------
# natural_pose's ranges are against REST_ARM_DEG and REST_ELBOW_DEG, the population's rest
# stance; a body's own rest arm hangs 42-44 degrees from the vertical and its elbow is bent
# 36-44 degrees, so a stance lands up to that much off the nominal range.
REST_SPREAD_DEG = 5.0


def _natural_stances(seed: int, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``count`` natural poses of the test body with its spine left straight (so angles in
    the chest's frame are the world's), and the posed joint heads of each."""
    geometry, rig = _geometry(), _rig()
    rng = np.random.default_rng(seed)
    spine = slice(3 * POSE_NAMES.index("spine"), 3 * POSE_NAMES.index("spine") + 3)
    stances = []
    for _ in range(count):
        pose = natural_pose(rng, geometry.joints, geometry.landmarks)
        pose[spine] = 0.0
        _, heads = pose_body(rig, geometry.vertices, geometry.joints, pose)
        stances.append((pose, heads))
    return stances


def test_natural_stances_are_seeded() -> None:
    geometry = _geometry()

    def draw(seed: int) -> np.ndarray:
        return natural_pose(np.random.default_rng(seed), geometry.joints, geometry.landmarks)

    np.testing.assert_array_equal(draw(3), draw(3))
    assert not np.allclose(draw(3), draw(4))
    assert draw(3).shape == (POSE_SIZE,)


def test_natural_stances_keep_arms_elbows_and_knees_in_their_documented_ranges() -> None:
    geometry = _geometry()
    landmarks = geometry.landmarks
    joints = geometry.joints
    ranges = StanceRanges()
    arms, elbows, knees = [], [], []
    for _, heads in _natural_stances(seed=1, count=60):
        for side, sign in (("l", 1.0), ("r", -1.0)):
            shoulder, elbow, wrist = (
                heads[landmarks[f"{j}_{side}"]] for j in ("shoulder", "elbow", "wrist")
            )
            upper = elbow - shoulder
            # the arm from the body: the upper arm's angle from the vertical, seen from the front
            arms.append(math.degrees(math.atan2(sign * upper[0], -upper[2])))
            elbows.append(_angle_deg(upper, wrist - elbow))
            hip, knee, ankle = (heads[landmarks[f"{j}_{side}"]] for j in ("hip", "knee", "ankle"))
            rest_knee = _angle_deg(
                joints[landmarks[f"knee_{side}"]] - joints[landmarks[f"hip_{side}"]],
                joints[landmarks[f"ankle_{side}"]] - joints[landmarks[f"knee_{side}"]],
            )
            knees.append(_angle_deg(knee - hip, ankle - knee) - rest_knee)
    low, high = ranges.arm_from_body
    assert low - REST_SPREAD_DEG <= min(arms) and max(arms) <= high + REST_SPREAD_DEG
    assert min(arms) < low + 10.0 and max(arms) > high - 10.0  # the whole range is used
    low, high = ranges.elbow_bent
    assert max(elbows) <= high + REST_SPREAD_DEG
    assert min(elbows) < low + 10.0 and max(elbows) > high - 10.0
    low, high = ranges.knee_bent
    assert low - 0.5 <= min(knees) and max(knees) <= high + 0.5
    assert max(knees) > high - 2.0


# -- derivatives -----------------------------------------------------------------------------------
def test_forward_mode_derivatives_of_posing_match_finite_differences() -> None:
    from adapters.estimation.forward_mode import jacfwd  # the refinement's

    geometry, rig = _geometry(), _rig()
    landmarks = geometry.landmarks
    # vertices on the arms, legs, torso and head: the ones the joints move
    chosen = [
        int(np.argmin(np.linalg.norm(geometry.vertices - geometry.joints[landmarks[name]], axis=1)))
        for name in ("wrist_l", "elbow_r", "knee_l", "ankle_r", "spine_chest", "head")
    ]
    points = torch.as_tensor(geometry.vertices[chosen])
    weights = torch.as_tensor(rig.vertex_weights[chosen])
    pivots = torch.as_tensor(geometry.joints[rig.pivot_bones])

    def posed(pose: torch.Tensor, pivots: torch.Tensor, points: torch.Tensor) -> torch.Tensor:
        rotations, translations = group_transforms(rig, pivots, pose)
        return skin(points, weights, rotations, translations)

    natural = natural_pose(np.random.default_rng(2), geometry.joints, landmarks)
    for pose in (torch.zeros(POSE_SIZE, dtype=torch.float64), torch.as_tensor(natural)):
        jacobians = jacfwd(posed, argnums=(0, 1, 2))(pose, pivots, points)
        arguments = [pose, pivots, points]
        for argument, jacobian in enumerate(jacobians):
            flat = arguments[argument].reshape(-1)
            numeric = torch.zeros(points.numel(), flat.numel(), dtype=torch.float64)
            step = 1e-6
            for column in range(flat.numel()):
                plus = [a.clone() for a in arguments]
                minus = [a.clone() for a in arguments]
                plus[argument].view(-1)[column] += step
                minus[argument].view(-1)[column] -= step
                numeric[:, column] = (posed(*plus) - posed(*minus)).reshape(-1) / (2 * step)
            analytic = jacobian.reshape(points.numel(), flat.numel())
            if argument != 1 or pose.any():  # at the rest stance the pivots move nothing
                assert analytic.abs().max() > 0.1
            torch.testing.assert_close(analytic, numeric, rtol=0, atol=1e-6)
