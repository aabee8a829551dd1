"""Levels of detail by quadric edge-collapse decimation (fast-simplification).

Budgets, in triangles (docs/adr/0030-mesh-export.md):

========  =====================  ==========================================
level     triangles              meant for
========  =====================  ==========================================
high      the model's own (anny: 27,420)  close-ups, offline rendering, editing
medium    10,000                 desktop real time
low       3,000                  crowds, distant views
mobile    1,000                  phones and the web (GLB under 150 KB)
========  =====================  ==========================================

Edge collapse keeps every surviving triangle as one of the original triangles with its
corners moved, and fast-simplification can replay the collapses to tell which decimated
vertex each original vertex became. So the attributes carry over exactly, with no search:

- UVs: a surviving triangle keeps the UV island of the original triangle it is, so the
  seams stay seams; a decimated vertex takes, in each island it touches, the texture
  coordinate of the nearest original vertex that collapsed into it (one UV per vertex and
  island, so the mesh splits only along the real seams);
- skin weights: a decimated vertex gets the summed weights of the original vertices that
  collapsed into it (they are neighbours along the surface, never across a gap such as arm
  and torso), keeping its four strongest joints, renormalised;
- normals are recomputed from the decimated surface.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

import fast_simplification
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from adapters.body.geometry import BodyGeometry, FloatArray, IntArray
from adapters.export.mesh import (
    Z_UP_TO_Y_UP,
    LevelMesh,
    dense_weights,
    full_level,
    skeleton_of,
    top_influences,
    vertex_normals,
)
from domain.model_file import LodLevel

TRIANGLE_BUDGETS: Mapping[LodLevel, int | None] = {
    LodLevel.HIGH: None,  # the body model's own mesh
    LodLevel.MEDIUM: 10_000,
    LodLevel.LOW: 3_000,
    LodLevel.MOBILE: 1_000,
}
# fast-simplification keeps the mesh being simplified in module-level C++ state.
_SIMPLIFIER = threading.Lock()


def level_of_detail(geometry: BodyGeometry, level: LodLevel) -> LevelMesh:
    """The body at ``level``: its own mesh for ``high``, else decimated to the budget."""
    budget = TRIANGLE_BUDGETS[level]
    if budget is None or budget >= geometry.face_count:
        return full_level(geometry)
    return decimate(geometry, budget)


def decimate(geometry: BodyGeometry, triangles: int) -> LevelMesh:
    """The body with about ``triangles`` triangles, UVs and skin weights carried over."""
    vertices = np.asarray(geometry.vertices, dtype=np.float64)
    faces = np.ascontiguousarray(geometry.faces, dtype=np.int32)
    with _SIMPLIFIER:
        points, new_faces, collapses = fast_simplification.simplify(
            vertices, faces, target_count=triangles, return_collapses=True
        )
        _, replayed, mapping = fast_simplification.replay_simplification(
            vertices.astype(np.float32), faces, collapses
        )
    new_faces = np.asarray(new_faces, dtype=np.int64)
    mapping = np.asarray(mapping, dtype=np.int64)
    if not np.array_equal(replayed, new_faces):  # the replay is what ties attributes to faces
        raise RuntimeError("fast-simplification replayed a different decimation")
    positions = np.asarray(points, dtype=np.float64) @ Z_UP_TO_Y_UP.T
    uvs, face_uvs = None, None
    if geometry.uvs is not None and geometry.face_uvs is not None:
        original_faces = np.asarray(geometry.faces, np.int64)
        source = _source_faces(original_faces, mapping, new_faces)
        corner_uvs = _one_uv_per_island(
            new_faces,
            original_faces[source],
            np.asarray(geometry.face_uvs, np.int64)[source],
            _uv_islands(np.asarray(geometry.face_uvs, np.int64), len(geometry.uvs)),
            vertices,
            np.asarray(points, dtype=np.float64),
        )
        used, face_uvs = np.unique(corner_uvs, return_inverse=True)
        uvs = np.asarray(geometry.uvs, dtype=np.float64)[used]
        face_uvs = face_uvs.reshape(-1, 3)
    joints, weights = top_influences(dense_weights(mapping, geometry, len(points)))
    return LevelMesh(
        positions=positions,
        normals=vertex_normals(positions, new_faces),
        faces=new_faces,
        uvs=uvs,
        face_uvs=face_uvs,
        joints=joints,
        weights=weights,
        skeleton=skeleton_of(geometry),
    )


def _uv_islands(face_uvs: IntArray, uv_count: int) -> IntArray:
    """The island (connected part of the UV layout) of each texture coordinate."""
    rows = face_uvs[:, [0, 1, 2]].ravel()
    columns = face_uvs[:, [1, 2, 0]].ravel()
    graph = coo_matrix((np.ones(len(rows)), (rows, columns)), shape=(uv_count, uv_count))
    _, islands = connected_components(graph, directed=False)
    return np.asarray(islands, dtype=np.int64)


def _one_uv_per_island(
    new_faces: IntArray,
    source_corners: IntArray,
    source_uvs: IntArray,
    islands: IntArray,
    original_positions: FloatArray,
    new_positions: FloatArray,
) -> IntArray:
    """Per corner of the decimated faces, one texture coordinate per (vertex, island).

    A decimated vertex stands for several original vertices, each with its own UV; its
    corners in one island take the UV of the original vertex closest to it, so the mesh
    splits only along the real seams (a vertex keeps one UV per island it touches).
    """
    vertex = new_faces.ravel()
    uv = source_uvs.ravel()
    island = islands[uv]
    offset = original_positions[source_corners.ravel()] - new_positions[vertex]
    distance = np.einsum("ij,ij->i", offset, offset)
    key = vertex * (int(islands.max()) + 1) + island
    order = np.lexsort((distance, key))  # by key, nearest first
    keys, first = np.unique(key[order], return_index=True)
    chosen = uv[order[first]]
    result: IntArray = chosen[np.searchsorted(keys, key)].reshape(-1, 3)
    return result


def _source_faces(faces: IntArray, mapping: IntArray, new_faces: IntArray) -> IntArray:
    """For each decimated triangle, the original triangle it is (corners in the same order)."""
    count = int(mapping.max()) + 1

    def keys(triangles: IntArray) -> IntArray:
        result: IntArray = (triangles[:, 0] * count + triangles[:, 1]) * count + triangles[:, 2]
        return result

    original = keys(mapping[faces])
    order = np.argsort(original, kind="stable")
    wanted = keys(new_faces)
    found = np.searchsorted(original, wanted, sorter=order)
    found = np.minimum(found, len(order) - 1)
    source: IntArray = order[found]
    if not np.array_equal(original[source], wanted):
        raise RuntimeError("a decimated triangle matches no original triangle")
    return source
