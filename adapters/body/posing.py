"""Posing a body of the rest (measurement) stance: the main joints, by linear blend skinning.

The photo estimator must see people standing naturally (arms hanging closer to the body,
elbows less bent, feet closer, knees a little bent, small turns) while it measures the body
in its rest pose. This module poses a rest-stance body with ten joints: the spine, the neck,
both shoulders, elbows, hips and knees. Each joint turns by an axis-angle vector expressed
in the rest body's frame (metres, Z up, the body facing -Y, its left on +X), about the
joint's rest position; a child joint's turn is applied before its parent's, so a bent elbow
follows the shoulder. A vertex moves with the joints its skin weights name (every bone of
the rig belongs to the nearest posed joint above it, or to none).

Differentiable (torch, forward and reverse mode), and cheap: the rig collapses to eleven
rigid transforms (ten joints and the unposed rest), so posing N vertices is one (N, 11)
weighted sum. The same code poses the synthetic training bodies and the body the refinement
fits, so the two agree by construction; the benchmark poses its bodies with anny's own rig.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from adapters.body.geometry import BodyGeometry, FloatArray, IntArray

# (name, the anny bone whose head is the pivot), parents before children.
POSE_JOINTS: tuple[tuple[str, str], ...] = (
    ("spine", "spine03"),
    ("neck", "neck01"),
    ("shoulder_l", "upperarm01.L"),
    ("elbow_l", "lowerarm01.L"),
    ("shoulder_r", "upperarm01.R"),
    ("elbow_r", "lowerarm01.R"),
    ("hip_l", "upperleg01.L"),
    ("knee_l", "lowerleg01.L"),
    ("hip_r", "upperleg01.R"),
    ("knee_r", "lowerleg01.R"),
)
POSE_NAMES: tuple[str, ...] = tuple(name for name, _ in POSE_JOINTS)
POSE_SIZE = 3 * len(POSE_JOINTS)  # axis-angle per joint


@dataclass(frozen=True)
class Rig:
    """The collapsed rig: which posed joint moves each bone, and the skin weights per joint.

    Group 0 is the unposed rest (pelvis and whatever no posed joint is above); group g + 1 is
    ``POSE_JOINTS[g]``.
    """

    pivot_bones: IntArray  # (G,) bone index of each posed joint
    parent_group: IntArray  # (G,) group of the bone above each posed joint (0: rest)
    bone_group: IntArray  # (J,) group of every bone of the rig
    vertex_weights: FloatArray  # (V, G + 1) each vertex's skin weight per group

    @classmethod
    def of(cls, geometry: BodyGeometry) -> Rig:
        names = list(geometry.joint_names)
        parents = np.asarray(geometry.joint_parents)
        pivots = np.array([names.index(bone) for _, bone in POSE_JOINTS], dtype=np.int64)
        group_of_pivot = {int(bone): g + 1 for g, bone in enumerate(pivots)}
        bone_group = np.zeros(len(names), dtype=np.int64)
        for bone in range(len(names)):
            walk = bone
            while walk >= 0 and walk not in group_of_pivot:
                walk = int(parents[walk])
            bone_group[bone] = group_of_pivot.get(walk, 0)
        parent_group = np.array([bone_group[parents[p]] for p in pivots], dtype=np.int64)
        if any(parent_group[g] > g + 1 for g in range(len(pivots))):
            raise ValueError("POSE_JOINTS must list parents before children")
        groups = bone_group[np.asarray(geometry.skin_indices)]  # (V, K)
        weights = np.zeros((geometry.vertex_count, len(pivots) + 1))
        rows = np.repeat(np.arange(geometry.vertex_count), groups.shape[1])
        np.add.at(weights, (rows, groups.ravel()), np.asarray(geometry.skin_weights).ravel())
        return cls(pivots, parent_group, bone_group, weights)

    @property
    def group_count(self) -> int:
        return len(self.pivot_bones) + 1

    def joint_group(self, bone: int) -> int:
        """The group that carries a bone's head (its rotation pivots there, so the head
        moves with the joint above it)."""
        return (
            int(self.bone_group[bone])
            if bone not in self.pivot_bones
            else int(self.parent_group[list(self.pivot_bones).index(bone)])
        )


def rotation_matrices(axis_angles: Any) -> Any:
    """(..., 3) axis-angle vectors to (..., 3, 3) rotation matrices (Rodrigues; torch, smooth
    at zero so forward-mode derivatives exist there)."""
    import torch

    theta = torch.sqrt((axis_angles * axis_angles).sum(-1, keepdim=True) + 1e-16)
    k = axis_angles / theta
    kx, ky, kz = k[..., 0], k[..., 1], k[..., 2]
    zero = torch.zeros_like(kx)
    skew = torch.stack(
        [
            torch.stack([zero, -kz, ky], -1),
            torch.stack([kz, zero, -kx], -1),
            torch.stack([-ky, kx, zero], -1),
        ],
        -2,
    )
    sin, cos = torch.sin(theta)[..., None], torch.cos(theta)[..., None]
    eye = torch.eye(3, dtype=axis_angles.dtype).expand(skew.shape)
    return eye + sin * skew + (1.0 - cos) * (skew @ skew)


def group_transforms(rig: Rig, pivots: Any, pose: Any) -> tuple[Any, Any]:
    """Rotations (G + 1, 3, 3) and translations (G + 1, 3) of every group, for the posed
    joints' rest positions ``pivots`` (G, 3) and ``pose`` (G, 3) axis-angles (torch)."""
    import torch

    local = rotation_matrices(pose.reshape(-1, 3))
    rotations = [torch.eye(3, dtype=pose.dtype)]
    translations = [torch.zeros(3, dtype=pose.dtype)]
    for g in range(len(rig.pivot_bones)):
        parent = int(rig.parent_group[g])
        r_parent, t_parent = rotations[parent], translations[parent]
        pivot = pivots[g]
        rotations.append(r_parent @ local[g])
        translations.append(r_parent @ (pivot - local[g] @ pivot) + t_parent)
    return torch.stack(rotations), torch.stack(translations)


def skin(points: Any, weights: Any, rotations: Any, translations: Any) -> Any:
    """Posed points (N, 3): each point moved by its groups' transforms, blended by
    ``weights`` (N, G + 1)."""
    # Blend the transforms first (one small matrix product), then move each point once.
    matrices = (weights @ rotations.reshape(-1, 9)).reshape(-1, 3, 3)
    offsets = weights @ translations
    return (matrices @ points[..., None])[..., 0] + offsets


def pose_body(
    rig: Rig, vertices: FloatArray, joints: FloatArray, pose: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Numpy convenience: posed vertices (V, 3) and joint heads (J, 3) of a rest body (soles
    put back on z = 0)."""
    import torch

    with torch.no_grad():
        pivots = torch.as_tensor(joints[rig.pivot_bones], dtype=torch.float64)
        rotations, translations = group_transforms(
            rig, pivots, torch.as_tensor(np.asarray(pose, dtype=np.float64))
        )
        posed = skin(
            torch.as_tensor(vertices, dtype=torch.float64),
            torch.as_tensor(rig.vertex_weights),
            rotations,
            translations,
        ).numpy()
        heads = np.stack(
            [
                (rotations[rig.joint_group(b)] @ torch.as_tensor(joints[b])).numpy()
                + translations[rig.joint_group(b)].numpy()
                for b in range(len(joints))
            ]
        )
    floor = posed[:, 2].min()
    posed[:, 2] -= floor
    heads[:, 2] -= floor
    return posed, heads


# -- natural standing ----------------------------------------------------------------------
@dataclass(frozen=True)
class StanceRanges:
    """How people stand for a photo when told "arms a little away from the body" (degrees).

    Angles are measured against the rest stance's own: anny's rest arm hangs about 42 degrees
    from the vertical with the elbow bent about 41 degrees; its feet stand about 5 degrees
    apart per leg.
    """

    arm_from_body: tuple[float, float] = (0.0, 50.0)
    elbow_bent: tuple[float, float] = (0.0, 40.0)
    shoulder_flexion: float = 10.0  # +- forward/back swing
    arm_twist: float = 15.0
    leg_apart: tuple[float, float] = (-5.0, 4.0)  # against the rest stance, per leg
    knee_bent: tuple[float, float] = (0.0, 8.0)
    spine: float = 4.0  # +- lean and twist
    neck: float = 10.0


REST_ARM_DEG = 42.0
REST_ELBOW_DEG = 41.0


def natural_pose(
    rng: np.random.Generator,
    joints: FloatArray,
    landmarks: Mapping[str, int],
    ranges: StanceRanges = StanceRanges(),
) -> FloatArray:
    """A random natural standing pose (POSE_SIZE,) for a rest body whose joint heads are
    ``joints`` (J, 3), named by ``landmarks`` (``BodyGeometry.landmarks``)."""
    pose = np.zeros((len(POSE_JOINTS), 3))
    index = {name: i for i, name in enumerate(POSE_NAMES)}
    for side, sign in (("l", 1.0), ("r", -1.0)):
        shoulder = joints[landmarks[f"shoulder_{side}"]]
        elbow = joints[landmarks[f"elbow_{side}"]]
        wrist = joints[landmarks[f"wrist_{side}"]]
        upper = (elbow - shoulder) / np.linalg.norm(elbow - shoulder)
        fore = (wrist - elbow) / np.linalg.norm(wrist - elbow)
        abduction = math.radians(REST_ARM_DEG - rng.uniform(*ranges.arm_from_body))
        flexion = math.radians(rng.normal(0.0, ranges.shoulder_flexion / 2.0))
        twist = math.radians(rng.normal(0.0, ranges.arm_twist / 2.0))
        # About +Y a positive angle brings the left arm down; mirrored for the right.
        shoulder_turn = _compose(
            np.array([0.0, sign * abduction, 0.0]),
            np.array([-flexion, 0.0, 0.0]),
            upper * twist,
        )
        pose[index[f"shoulder_{side}"]] = shoulder_turn
        bend_axis = np.cross(upper, fore)
        bend_axis /= np.linalg.norm(bend_axis)
        extension = math.radians(REST_ELBOW_DEG - rng.uniform(*ranges.elbow_bent))
        pose[index[f"elbow_{side}"]] = -bend_axis * extension
        apart = math.radians(rng.uniform(*ranges.leg_apart))
        knee = math.radians(rng.uniform(*ranges.knee_bent))
        hip_turn = _compose(
            np.array([0.0, -sign * apart, 0.0]),
            np.array([-knee / 2.0, 0.0, 0.0]),
            np.array([0.0, 0.0, math.radians(rng.normal(0.0, 4.0))]),
        )
        pose[index[f"hip_{side}"]] = hip_turn
        pose[index[f"knee_{side}"]] = np.array([knee, 0.0, 0.0])
    pose[index["spine"]] = np.radians(rng.normal(0.0, ranges.spine / 2.0, size=3))
    pose[index["neck"]] = np.radians(rng.normal(0.0, ranges.neck / 2.0, size=3))
    return pose.ravel()


def _compose(*axis_angles: FloatArray) -> FloatArray:
    """The axis-angle of applying the given turns one after the other (first listed first)."""
    from scipy.spatial.transform import Rotation

    total = Rotation.identity()
    for turn in axis_angles:
        total = Rotation.from_rotvec(turn) * total
    return np.asarray(total.as_rotvec())


def pose_of_names(values: Sequence[float]) -> dict[str, list[float]]:
    """A pose vector as {joint name: axis-angle} (for metadata and debugging)."""
    array = np.asarray(values, dtype=np.float64).reshape(-1, 3)
    return {
        name: [round(float(v), 4) for v in row] for name, row in zip(POSE_NAMES, array, strict=True)
    }
