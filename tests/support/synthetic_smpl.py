"""A small SMPL-format model file made of boxes, for tests that cannot ship the real one.

Same layout and frame as SMPL (24 joints in SMPL's order and kinematic tree, metres, Y up,
facing +Z, the body's left on +X): ``v_template``, ``shapedirs`` (10 components: 0 makes
the body taller, 1 wider, the others small smooth changes), ``posedirs`` (zero), a
``J_regressor`` that puts each joint where it is meant to be, rigid ``weights`` (each box
follows one joint), ``kintree_table``, ``f``, and texture coordinates ``vt``/``ft``.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import trimesh
from scipy.optimize import nnls

PARENTS = (-1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19, 20, 21)
# SMPL joint order; x is the body's left.
JOINTS = np.array(
    [
        (0.0, 0.0, 0.0),  # pelvis
        (0.09, -0.08, 0.0),  # left hip
        (-0.09, -0.08, 0.0),
        (0.0, 0.1, 0.0),  # spine1
        (0.1, -0.48, 0.0),  # left knee
        (-0.1, -0.48, 0.0),
        (0.0, 0.22, 0.0),  # spine2
        (0.1, -0.86, 0.0),  # left ankle
        (-0.1, -0.86, 0.0),
        (0.0, 0.34, 0.0),  # spine3
        (0.1, -0.91, 0.13),  # left foot (toes, forward)
        (-0.1, -0.91, 0.13),
        (0.0, 0.48, 0.0),  # neck
        (0.07, 0.42, 0.0),  # left collar
        (-0.07, 0.42, 0.0),
        (0.0, 0.6, 0.0),  # head
        (0.18, 0.43, 0.0),  # left shoulder
        (-0.18, 0.43, 0.0),
        (0.45, 0.43, 0.0),  # left elbow
        (-0.45, 0.43, 0.0),
        (0.7, 0.43, 0.0),  # left wrist
        (-0.7, 0.43, 0.0),
        (0.78, 0.43, 0.0),  # left hand
        (-0.78, 0.43, 0.0),
    ]
)
# (joint that moves the box, box centre, box size) in SMPL's frame.
BOXES = [
    (0, (0.0, -0.03, 0.0), (0.32, 0.16, 0.2)),
    (3, (0.0, 0.11, 0.0), (0.3, 0.12, 0.19)),
    (6, (0.0, 0.23, 0.0), (0.32, 0.12, 0.2)),
    (9, (0.0, 0.36, 0.0), (0.34, 0.12, 0.21)),
    (13, (0.11, 0.44, 0.0), (0.1, 0.06, 0.1)),
    (14, (-0.11, 0.44, 0.0), (0.1, 0.06, 0.1)),
    (12, (0.0, 0.5, 0.0), (0.1, 0.08, 0.1)),
    (15, (0.0, 0.64, 0.01), (0.16, 0.22, 0.19)),
    (16, (0.315, 0.43, 0.0), (0.27, 0.08, 0.08)),
    (17, (-0.315, 0.43, 0.0), (0.27, 0.08, 0.08)),
    (18, (0.575, 0.43, 0.0), (0.25, 0.07, 0.07)),
    (19, (-0.575, 0.43, 0.0), (0.25, 0.07, 0.07)),
    (20, (0.76, 0.43, 0.0), (0.12, 0.03, 0.08)),
    (21, (-0.76, 0.43, 0.0), (0.12, 0.03, 0.08)),
    (1, (0.095, -0.28, 0.0), (0.13, 0.4, 0.15)),
    (2, (-0.095, -0.28, 0.0), (0.13, 0.4, 0.15)),
    (4, (0.1, -0.67, 0.0), (0.11, 0.38, 0.11)),
    (5, (-0.1, -0.67, 0.0), (0.11, 0.38, 0.11)),
    (7, (0.1, -0.92, 0.05), (0.09, 0.06, 0.24)),
    (8, (-0.1, -0.92, 0.05), (0.09, 0.06, 0.24)),
]


def synthetic_smpl_data(seed: int = 0, max_edge_m: float = 0.05) -> dict[str, object]:
    vertices, faces, owners = [], [], []
    offset = 0
    for joint, centre, size in BOXES:
        box = trimesh.creation.box(extents=size)
        box_vertices, box_faces = trimesh.remesh.subdivide_to_size(
            box.vertices, box.faces, max_edge=max_edge_m
        )
        vertices.append(np.asarray(box_vertices) + np.asarray(centre))
        faces.append(np.asarray(box_faces) + offset)
        owners.append(np.full(len(box_vertices), joint))
        offset += len(box_vertices)
    v_template = np.concatenate(vertices)
    f = np.concatenate(faces).astype(np.uint32)
    owner = np.concatenate(owners)
    count = len(v_template)

    weights = np.zeros((count, 24))
    weights[np.arange(count), owner] = 1.0

    lowest = v_template[:, 1].min()
    centres = np.array([BOXES[[b[0] for b in BOXES].index(j)][1] for j in owner])
    rng = np.random.default_rng(seed)
    shapedirs = np.zeros((count, 3, 10))
    shapedirs[:, 1, 0] = 0.06 * (v_template[:, 1] - lowest)  # taller
    shapedirs[:, 0, 1] = 0.08 * (v_template[:, 0] - centres[:, 0])  # wider
    shapedirs[:, 2, 1] = 0.08 * (v_template[:, 2] - centres[:, 2])
    for component in range(2, 10):
        frequency = rng.uniform(2.0, 6.0, size=3)
        shapedirs[:, :, component] = 0.004 * np.sin(v_template * frequency)

    return {
        "v_template": v_template,
        "shapedirs": shapedirs,
        "posedirs": np.zeros((count, 3, 207)),
        "J_regressor": _joint_regressor(v_template, JOINTS),
        "weights": weights,
        "kintree_table": np.array(
            [[4294967295 if p < 0 else p for p in PARENTS], list(range(24))], dtype=np.int64
        ),
        "f": f,
        # A planar projection: enough to tell that the file's texture coordinates are kept.
        "vt": (v_template[:, :2] - v_template[:, :2].min(0)) / np.ptp(v_template[:, :2], 0),
        "ft": f.astype(np.int64),
    }


def _joint_regressor(vertices: np.ndarray, joints: np.ndarray, nearest: int = 48) -> np.ndarray:
    """Convex weights of nearby vertices whose average is each joint (as SMPL's regressor)."""
    regressor = np.zeros((len(joints), len(vertices)))
    for index, joint in enumerate(joints):
        close = np.argsort(np.linalg.norm(vertices - joint, axis=1))[:nearest]
        # Rows: x, y, z, and the weights summing to one (weighted heavily).
        system = np.vstack([vertices[close].T, 10.0 * np.ones(nearest)])
        target = np.concatenate([joint, [10.0]])
        weights, _ = nnls(system, target)
        regressor[index, close] = weights / weights.sum()
    return regressor


def write_synthetic_smpl(path: Path, *, with_uvs: bool = True) -> Path:
    """Write the model as SMPL's .pkl or as an .npz (by ``path``'s suffix)."""
    data = synthetic_smpl_data()
    if not with_uvs:
        data = {key: value for key, value in data.items() if key not in ("vt", "ft")}
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".npz":
        np.savez(path, **data)  # type: ignore[arg-type]
    else:
        with path.open("wb") as handle:
            pickle.dump(data, handle)
    return path
