"""The geometry every body model adapter produces and every consumer reads.

Convention (shared with ``application.ports.BodyMesh``): metres, Z up, the body facing -Y,
its left side on +X, the soles on z = 0. Joints are named by ``LANDMARKS`` so the
anthropometry engine and the exporters work on any topology and any rig.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

# The joints every body model must name, with what they are anatomically. Left is the
# body's left (+X). A rig may have many more bones; these are the ones measurements use.
LANDMARKS: Mapping[str, str] = {
    "pelvis": "centre of the pelvis (root of the rig)",
    "spine_chest": "spine joint at chest level",
    "neck": "base of the neck (C7 level)",
    "head": "head joint (skull base, top of the neck)",
    "shoulder_l": "left glenohumeral joint",
    "shoulder_r": "right glenohumeral joint",
    "elbow_l": "left elbow joint",
    "elbow_r": "right elbow joint",
    "wrist_l": "left wrist joint",
    "wrist_r": "right wrist joint",
    "hip_l": "left hip joint",
    "hip_r": "right hip joint",
    "knee_l": "left knee joint",
    "knee_r": "right knee joint",
    "ankle_l": "left ankle joint",
    "ankle_r": "right ankle joint",
}

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class BodyGeometry:
    """One built body. Arrays are read-only by convention; copy before changing them."""

    model_name: str
    topology: str
    vertices: FloatArray  # (V, 3) metres
    faces: IntArray  # (F, 3) vertex indices, counter-clockwise seen from outside
    joints: FloatArray  # (J, 3) joint (bone head) positions, metres
    joint_names: tuple[str, ...]  # (J,)
    joint_parents: IntArray  # (J,) index of the parent joint, -1 for the root
    skin_indices: IntArray  # (V, K) joint indices
    skin_weights: FloatArray  # (V, K) weights, rows sum to 1
    landmarks: Mapping[str, int]  # LANDMARKS name -> joint index
    uvs: FloatArray | None = None  # (T, 2) texture coordinates, v = 0 at the bottom
    face_uvs: IntArray | None = None  # (F, 3) per-corner indices into ``uvs``
    bind_matrices: FloatArray | None = None  # (J, 4, 4) joint world transforms at bind
    extras: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = set(LANDMARKS) - set(self.landmarks)
        if missing:
            raise ValueError(f"body geometry lacks landmarks {sorted(missing)}")
        if self.skin_indices.shape != self.skin_weights.shape:
            raise ValueError("skin indices and weights differ in shape")
        if len(self.joint_names) != len(self.joints) or len(self.joint_parents) != len(self.joints):
            raise ValueError("joint names, parents and positions differ in length")

    @property
    def vertex_count(self) -> int:
        return int(self.vertices.shape[0])

    @property
    def face_count(self) -> int:
        return int(self.faces.shape[0])

    @property
    def bone_count(self) -> int:
        return int(self.joints.shape[0])

    def joint(self, landmark: str) -> FloatArray:
        """The position of a named landmark joint."""
        return self.joints[self.landmarks[landmark]]

    def dominant_joint(self) -> IntArray:
        """Per vertex, the joint with the largest skin weight."""
        rows = np.arange(self.skin_weights.shape[0])
        return self.skin_indices[rows, np.argmax(self.skin_weights, axis=1)]

    def descendants(self, joint: int) -> IntArray:
        """``joint`` and every joint below it in the rig."""
        inside = np.zeros(len(self.joint_parents), dtype=bool)
        inside[joint] = True
        changed = True
        while changed:
            parents = self.joint_parents
            grow = (parents >= 0) & inside[np.maximum(parents, 0)] & ~inside
            changed = bool(grow.any())
            inside |= grow
        return np.flatnonzero(inside)
