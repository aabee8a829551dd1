"""The body as every exporter writes it: one level of detail, in the exchange frame.

The body models build in their own frame (metres, Z up, facing -Y, left on +X). Files leave
in glTF's frame, which FBX's Y-up default and most engines share: metres, **Y up, the body
facing +Z, its left on +X**. The change is a proper rotation (-90 degrees about X), so the
winding, the rig and the left/right sides stay as they are.

A ``LevelMesh`` is welded (one vertex per position, as the body model made it) with UVs per
face corner, which is what FBX and OBJ store; ``corners()`` splits it along the UV seams into
the one-attribute-set-per-vertex form glTF needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from adapters.body.geometry import BodyGeometry, FloatArray, IntArray

# Rows: the exchange frame's axes expressed in the body model's frame.
Z_UP_TO_Y_UP: FloatArray = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])
MAX_INFLUENCES = 4  # glTF's JOINTS_0/WEIGHTS_0, and what every engine skins with


@dataclass(frozen=True, eq=False)
class Skeleton:
    """The rig at bind time in the exchange frame; ``parents[j] < 0`` marks a root."""

    names: tuple[str, ...]
    parents: IntArray  # (J,)
    bind_matrices: FloatArray  # (J, 4, 4) world transform of each joint at bind

    @property
    def bone_count(self) -> int:
        return len(self.names)

    def local_matrices(self) -> FloatArray:
        """Each joint's transform relative to its parent (to the world for a root)."""
        local = self.bind_matrices.copy()
        has_parent = self.parents >= 0
        parents = self.bind_matrices[self.parents[has_parent]]
        local[has_parent] = np.linalg.inv(parents) @ self.bind_matrices[has_parent]
        return local

    def inverse_bind_matrices(self) -> FloatArray:
        inverse = np.linalg.inv(self.bind_matrices)
        inverse[:, 3] = (0.0, 0.0, 0.0, 1.0)  # exactly affine, as glTF validators demand
        return inverse

    def roots(self) -> IntArray:
        return np.flatnonzero(self.parents < 0)


@dataclass(frozen=True, eq=False)
class SplitMesh:
    """One vertex per distinct (position, UV) pair: what glTF's vertex attributes need."""

    positions: FloatArray  # (N, 3)
    normals: FloatArray  # (N, 3)
    uvs: FloatArray | None  # (N, 2), v = 0 at the bottom (OpenGL)
    joints: IntArray  # (N, 4)
    weights: FloatArray  # (N, 4)
    faces: IntArray  # (F, 3)


@dataclass(frozen=True, eq=False)
class LevelMesh:
    """One level of detail of the body, welded, with per-corner UVs and four influences."""

    positions: FloatArray  # (V, 3) metres, exchange frame
    normals: FloatArray  # (V, 3) unit
    faces: IntArray  # (F, 3) counter-clockwise seen from outside
    uvs: FloatArray | None  # (T, 2), v = 0 at the bottom
    face_uvs: IntArray | None  # (F, 3) indices into ``uvs``
    joints: IntArray  # (V, 4)
    weights: FloatArray  # (V, 4) rows sum to 1
    skeleton: Skeleton

    @property
    def vertex_count(self) -> int:
        return int(self.positions.shape[0])

    @property
    def face_count(self) -> int:
        return int(self.faces.shape[0])

    def corners(self) -> SplitMesh:
        """The mesh split along its UV seams (unchanged if it has no UVs)."""
        if self.uvs is None or self.face_uvs is None:
            return SplitMesh(
                self.positions, self.normals, None, self.joints, self.weights, self.faces
            )
        pairs = np.stack([self.faces.ravel(), self.face_uvs.ravel()], axis=1)
        unique, inverse = np.unique(pairs, axis=0, return_inverse=True)
        vertex, uv = unique[:, 0], unique[:, 1]
        return SplitMesh(
            positions=self.positions[vertex],
            normals=self.normals[vertex],
            uvs=self.uvs[uv],
            joints=self.joints[vertex],
            weights=self.weights[vertex],
            faces=inverse.reshape(-1, 3).astype(np.int64),
        )


def skeleton_of(geometry: BodyGeometry) -> Skeleton:
    """The body's rig in the exchange frame (joints without orientation when it has none)."""
    if geometry.bind_matrices is not None:
        world = np.array(geometry.bind_matrices, dtype=np.float64)
    else:
        world = np.tile(np.eye(4), (geometry.bone_count, 1, 1))
        world[:, :3, 3] = geometry.joints
    rotate = np.eye(4)
    rotate[:3, :3] = Z_UP_TO_Y_UP
    return Skeleton(
        names=tuple(geometry.joint_names),
        parents=np.asarray(geometry.joint_parents, dtype=np.int64),
        bind_matrices=rotate @ world,
    )


def strongest_influences(
    joint_indices: IntArray, joint_weights: FloatArray, bone_count: int
) -> tuple[IntArray, FloatArray]:
    """The ``MAX_INFLUENCES`` largest weights of each vertex, renormalised to sum to 1.

    ``joint_indices`` / ``joint_weights`` are (V, K) with any K; a joint listed twice for a
    vertex counts once with its weights added.
    """
    vertex_count = joint_indices.shape[0]
    dense = np.zeros((vertex_count, bone_count))
    rows = np.repeat(np.arange(vertex_count), joint_indices.shape[1])
    np.add.at(dense, (rows, joint_indices.ravel()), joint_weights.ravel())
    return top_influences(dense)


def top_influences(dense: FloatArray) -> tuple[IntArray, FloatArray]:
    count = min(MAX_INFLUENCES, dense.shape[1])
    top = np.argpartition(-dense, count - 1, axis=1)[:, :count]
    weights = np.take_along_axis(dense, top, axis=1)
    order = np.argsort(-weights, axis=1)  # strongest first: tidy, and what some importers expect
    top, weights = np.take_along_axis(top, order, axis=1), np.take_along_axis(weights, order, 1)
    weights = np.clip(weights, 0.0, None)
    total = weights.sum(axis=1, keepdims=True)
    unweighted = total[:, 0] <= 0.0
    weights[unweighted] = 0.0
    weights[unweighted, 0] = 1.0  # a vertex no joint moves follows its first listed joint
    total[unweighted] = 1.0
    weights = weights / total
    top[weights == 0.0] = 0  # unused slots point at joint 0 with weight 0, as glTF advises
    if count < MAX_INFLUENCES:
        pad = MAX_INFLUENCES - count
        top = np.pad(top, ((0, 0), (0, pad)))
        weights = np.pad(weights, ((0, 0), (0, pad)))
    return top.astype(np.int64), weights


def dense_weights(mapping: IntArray, geometry: BodyGeometry, vertex_count: int) -> FloatArray:
    """Skin weights of ``vertex_count`` new vertices, each the sum of the weights of the
    original vertices ``mapping`` sends to it (unnormalised, joints as columns)."""
    dense = np.zeros((vertex_count, geometry.bone_count))
    influences = geometry.skin_indices.shape[1]
    rows = np.repeat(mapping, influences)
    np.add.at(dense, (rows, geometry.skin_indices.ravel()), geometry.skin_weights.ravel())
    return dense


def vertex_normals(positions: FloatArray, faces: IntArray) -> FloatArray:
    """Area-weighted vertex normals (unit; +Y for a vertex on no face of any area)."""
    corners = positions[faces]
    face_normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    normals = np.zeros_like(positions)
    for corner in range(3):
        np.add.at(normals, faces[:, corner], face_normals)
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    flat = length[:, 0] <= 1e-20
    normals[flat] = (0.0, 1.0, 0.0)
    length[flat] = 1.0
    result: NDArray[np.float64] = normals / length
    return result


def full_level(geometry: BodyGeometry) -> LevelMesh:
    """The body at full resolution, in the exchange frame."""
    positions = np.asarray(geometry.vertices, dtype=np.float64) @ Z_UP_TO_Y_UP.T
    faces = np.asarray(geometry.faces, dtype=np.int64)
    joints, weights = strongest_influences(
        np.asarray(geometry.skin_indices, dtype=np.int64),
        np.asarray(geometry.skin_weights, dtype=np.float64),
        geometry.bone_count,
    )
    uvs, face_uvs = geometry.uvs, geometry.face_uvs
    return LevelMesh(
        positions=positions,
        normals=vertex_normals(positions, faces),
        faces=faces,
        uvs=None if uvs is None else np.asarray(uvs, dtype=np.float64),
        face_uvs=None if face_uvs is None else np.asarray(face_uvs, dtype=np.int64),
        joints=joints,
        weights=weights,
        skeleton=skeleton_of(geometry),
    )
