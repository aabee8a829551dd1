"""A small synthetic rigged figure: fast stand-in for a body model in unit and HTTP tests.

Six tubes (torso, head, arms, legs) in the body models' frame (metres, Z up, facing -Y, left
on +X, soles on z = 0), about 7,700 triangles, each tube its own UV island (with a seam where
its ring closes), skinned to a 16-joint rig (the ``LANDMARKS``) with six influences per
vertex, and bind matrices that are rotated (so exporters cannot get away with translations).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

import numpy as np

from adapters.body.geometry import LANDMARKS, BodyGeometry
from application.ports import (
    BodyShape,
    FitRequest,
    FittedBody,
    Gender,
    MeasurementAnomaly,
    ModelReadiness,
)

JOINTS: dict[str, tuple[str | None, tuple[float, float, float]]] = {
    "pelvis": (None, (0.0, 0.0, 0.95)),
    "spine_chest": ("pelvis", (0.0, 0.0, 1.25)),
    "neck": ("spine_chest", (0.0, 0.0, 1.48)),
    "head": ("neck", (0.0, 0.0, 1.58)),
    "shoulder_l": ("spine_chest", (0.2, 0.0, 1.42)),
    "elbow_l": ("shoulder_l", (0.47, 0.0, 1.42)),
    "wrist_l": ("elbow_l", (0.72, 0.0, 1.42)),
    "shoulder_r": ("spine_chest", (-0.2, 0.0, 1.42)),
    "elbow_r": ("shoulder_r", (-0.47, 0.0, 1.42)),
    "wrist_r": ("elbow_r", (-0.72, 0.0, 1.42)),
    "hip_l": ("pelvis", (0.1, 0.0, 0.92)),
    "knee_l": ("hip_l", (0.1, 0.0, 0.5)),
    "ankle_l": ("knee_l", (0.1, 0.0, 0.08)),
    "hip_r": ("pelvis", (-0.1, 0.0, 0.92)),
    "knee_r": ("hip_r", (-0.1, 0.0, 0.5)),
    "ankle_r": ("knee_r", (-0.1, 0.0, 0.08)),
}
# (joint chain along the tube, start, end, radius)
TUBES: tuple[tuple[tuple[str, ...], tuple[float, ...], tuple[float, ...], float], ...] = (
    (("pelvis", "spine_chest", "neck"), (0.0, 0.0, 0.85), (0.0, 0.0, 1.5), 0.15),
    (("neck", "head"), (0.0, 0.0, 1.5), (0.0, 0.0, 1.78), 0.09),
    (("shoulder_l", "elbow_l", "wrist_l"), (0.14, 0.0, 1.42), (0.8, 0.0, 1.42), 0.045),
    (("shoulder_r", "elbow_r", "wrist_r"), (-0.14, 0.0, 1.42), (-0.8, 0.0, 1.42), 0.045),
    (("hip_l", "knee_l", "ankle_l"), (0.1, 0.0, 0.95), (0.1, 0.0, 0.0), 0.065),
    (("hip_r", "knee_r", "ankle_r"), (-0.1, 0.0, 0.95), (-0.1, 0.0, 0.0), 0.065),
)
AROUND, ALONG = 32, 21
INFLUENCES = 6


def _rotation(angle: float, axis: int) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    i, j = [k for k in range(3) if k != axis]
    rotation = np.eye(3)
    rotation[i, i], rotation[i, j], rotation[j, i], rotation[j, j] = c, -s, s, c
    return rotation


@cache
def rigged_figure(scale: float = 1.0) -> BodyGeometry:
    """The figure, ``scale`` times its 1.78 m (scaled about the floor)."""
    names = tuple(JOINTS)
    index = {name: i for i, name in enumerate(names)}
    joints = np.array([position for _, position in JOINTS.values()]) * scale
    parents = np.array([index[p] if p else -1 for p, _ in JOINTS.values()])
    vertices, faces, uvs, face_uvs = [], [], [], []
    skin_indices, skin_weights = [], []
    offset = uv_offset = 0
    for island, (chain, start, end, radius) in enumerate(TUBES):
        start_point, end_point = np.array(start) * scale, np.array(end) * scale
        axis = end_point - start_point
        length = float(np.linalg.norm(axis))
        direction = axis / length
        helper = np.array([0.0, 0.0, 1.0]) if abs(direction[2]) < 0.9 else np.array([1, 0, 0])
        side = np.cross(direction, helper)
        side /= np.linalg.norm(side)
        up = np.cross(direction, side)
        angles = np.linspace(0.0, 2 * np.pi, AROUND, endpoint=False)
        along = np.linspace(0.0, 1.0, ALONG)
        ring = np.cos(angles)[:, None] * side + np.sin(angles)[:, None] * up
        points = start_point + along[:, None, None] * axis + radius * scale * ring[None]
        vertices.append(points.reshape(-1, 3))
        # skin: linear blend between the two chain joints around each point, plus a little
        # of the chain's root so every vertex has more than four influences to choose from
        chain_positions = np.array([joints[index[name]] for name in chain])
        projections = (chain_positions - start_point) @ direction / length
        for t in np.repeat(along, AROUND):
            k = int(np.clip(np.searchsorted(projections, t) - 1, 0, len(chain) - 2))
            span = max(projections[k + 1] - projections[k], 1e-9)
            blend = float(np.clip((t - projections[k]) / span, 0.0, 1.0))
            row = [index[chain[k]], index[chain[k + 1]], index[chain[0]], index["pelvis"]]
            weight = [0.9 * (1 - blend), 0.9 * blend, 0.06, 0.04]
            row += [index["head"], index["neck"]]
            weight += [0.0, 0.0]
            skin_indices.append(row[:INFLUENCES])
            skin_weights.append(weight[:INFLUENCES])
        # UVs: one island per tube in a 3 x 2 atlas; AROUND + 1 columns (a seam)
        cell_u, cell_v = (island % 3) / 3.0, (island // 3) / 2.0
        columns = np.linspace(0.0, 1.0, AROUND + 1)
        island_uv = np.stack(np.meshgrid(columns, along, indexing="xy"), axis=-1).reshape(-1, 2)
        uvs.append(np.array([cell_u, cell_v]) + island_uv * np.array([0.3, 0.45]))
        for row_index in range(ALONG - 1):
            for column in range(AROUND):
                a = offset + row_index * AROUND + column
                b = offset + row_index * AROUND + (column + 1) % AROUND
                c, d = a + AROUND, b + AROUND
                ta = uv_offset + row_index * (AROUND + 1) + column
                tb, tc, td = ta + 1, ta + AROUND + 1, ta + AROUND + 2
                faces += [(a, b, d), (a, d, c)]
                face_uvs += [(ta, tb, td), (ta, td, tc)]
        offset += ALONG * AROUND
        uv_offset += ALONG * (AROUND + 1)
    all_vertices = np.concatenate(vertices)
    all_faces = np.array(faces, dtype=np.int64)
    all_face_uvs = np.array(face_uvs, dtype=np.int64)
    # wind every triangle counter-clockwise seen from outside its tube
    corners = all_vertices[all_faces]
    normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    tube_of_face = np.repeat(np.arange(len(TUBES)), (ALONG - 1) * AROUND * 2)
    centres = corners.mean(axis=1)
    outward = np.empty_like(centres)
    for tube, (_, start, end, _) in enumerate(TUBES):
        start_point, end_point = np.array(start) * scale, np.array(end) * scale
        direction = (end_point - start_point) / np.linalg.norm(end_point - start_point)
        rel = centres[tube_of_face == tube] - start_point
        outward[tube_of_face == tube] = rel - (rel @ direction)[:, None] * direction
    inward = np.einsum("ij,ij->i", normals, outward) < 0
    all_faces[inward] = all_faces[inward][:, [0, 2, 1]]
    all_face_uvs[inward] = all_face_uvs[inward][:, [0, 2, 1]]
    bind = np.tile(np.eye(4), (len(names), 1, 1))
    for j in range(len(names)):
        bind[j, :3, :3] = _rotation(0.3 * j, j % 3)
        bind[j, :3, 3] = joints[j]
    return BodyGeometry(
        model_name="figure",
        topology="tubes",
        vertices=all_vertices,
        faces=all_faces,
        joints=joints,
        joint_names=names,
        joint_parents=parents,
        skin_indices=np.array(skin_indices, dtype=np.int64),
        skin_weights=np.array(skin_weights, dtype=np.float64),
        landmarks={name: index[name] for name in LANDMARKS},
        uvs=np.concatenate(uvs),
        face_uvs=all_face_uvs,
        bind_matrices=bind,
    )


class FigureBodyModel:
    """A ``BodyModel`` whose every body is the figure, scaled by the ``scale`` parameter."""

    name = "figure"
    version = "1"

    def readiness(self) -> ModelReadiness:
        return ModelReadiness(True, "the figure needs no data")

    async def fit(self, request: FitRequest) -> FittedBody:
        height = float(request.measurements.get("height", 178.0))
        shape = BodyShape(self.name, self.version, {"scale": round(height / 178.0, 6)})
        return FittedBody(
            shape=shape,
            measurements=dict(request.measurements),
            confidence={name: 1.0 for name in request.measurements},
            given=frozenset(request.measurements),
        )

    async def build(self, shape: BodyShape) -> BodyGeometry:
        return rigged_figure(float(shape.parameters.get("scale", 1.0)))

    async def measure(self, shape: BodyShape, gender: Gender | None = None) -> Mapping[str, float]:
        return {"height": 178.0 * float(shape.parameters.get("scale", 1.0))}

    async def anomalies(
        self, measurements: Mapping[str, float], gender: Gender | None = None
    ) -> Sequence[MeasurementAnomaly]:
        return []
