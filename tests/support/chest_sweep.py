"""A second chest tape, written apart from the engine to check it (issue 19, ADR 42).

It shares no code with ``adapters.body.anthropometry``: the arms are cut off the mesh (every
face touching a vertex that moves mostly with a bone of an arm), and what is left is cut by
horizontal planes with trimesh, a millimetre apart. Each cut's pieces are chained by their
end points, and the piece around the spine is taped with a convex hull written here.

- The armpit level is the highest level at which the cut around the spine is a closed loop
  (above it the tape would run into the hole where an arm was cut off).
- The chest girth is the largest taped girth from the armpit level down to 4 % of the
  stature below it.
- The bust girth is the girth at the bust point: the level whose cut reaches furthest
  forward between 9 % of the stature and 1 cm below the armpit level, each centimetre away
  from 4 % below it counting 0.3 cm against its reach.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh
from numpy.typing import NDArray
from trimesh import intersections

from adapters.body.geometry import BodyGeometry

Array = NDArray[np.float64]
STEP_M = 0.001


def arm_joints(geometry: BodyGeometry) -> set[int]:
    """The joints of both arms: each shoulder joint and every joint hanging from it."""
    arms = {geometry.landmarks["shoulder_l"], geometry.landmarks["shoulder_r"]}
    grew = True
    while grew:
        children = {j for j, parent in enumerate(geometry.joint_parents) if parent in arms}
        grew = not children <= arms
        arms |= children
    return arms


def hull(points: Array) -> Array:
    """The convex hull of 2-D points, counter-clockwise (Andrew's monotone chain)."""
    ordered = sorted({(float(x), float(y)) for x, y in points})
    if len(ordered) < 3:
        return np.array(ordered)

    def turn(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    chains: list[list[tuple[float, float]]] = []
    for sequence in (ordered, ordered[::-1]):
        chain: list[tuple[float, float]] = []
        for point in sequence:
            while len(chain) >= 2 and turn(chain[-2], chain[-1], point) <= 0:
                chain.pop()
            chain.append(point)
        chains.append(chain[:-1])
    return np.array(chains[0] + chains[1])


def perimeter(polygon: Array) -> float:
    return float(np.linalg.norm(np.roll(polygon, -1, axis=0) - polygon, axis=1).sum())


def contains(polygon: Array, point: Array) -> bool:
    """Whether a counter-clockwise convex polygon holds ``point``."""
    start, end = polygon, np.roll(polygon, -1, axis=0)
    side = (end[:, 0] - start[:, 0]) * (point[1] - start[:, 1]) - (end[:, 1] - start[:, 1]) * (
        point[0] - start[:, 0]
    )
    return len(polygon) >= 3 and bool((side >= 0).all())


@dataclass(frozen=True)
class Cut:
    points: Array  # (N, 2) the cut's points around the spine
    closed: bool
    outline: Array  # its convex hull

    @property
    def girth_cm(self) -> float:
        return perimeter(self.outline) * 100.0


class TorsoSweep:
    """Horizontal cuts of one body with its arms cut off."""

    def __init__(self, geometry: BodyGeometry) -> None:
        dominant = geometry.skin_indices[
            np.arange(len(geometry.skin_indices)), geometry.skin_weights.argmax(axis=1)
        ]
        arm = np.isin(dominant, sorted(arm_joints(geometry)))
        faces = geometry.faces[~arm[geometry.faces].any(axis=1)]
        self.mesh = trimesh.Trimesh(geometry.vertices, faces, process=False)
        heights = geometry.vertices[faces, 2]
        self.face_low, self.face_high = heights.min(axis=1), heights.max(axis=1)
        self.spine = geometry.joint("spine_chest")[:2]
        self.stature = float(np.ptp(geometry.vertices[:, 2]))
        self.elbows = (geometry.joint("elbow_l")[2] + geometry.joint("elbow_r")[2]) / 2
        self.shoulders = (geometry.joint("shoulder_l")[2] + geometry.joint("shoulder_r")[2]) / 2

    def cut(self, z: float) -> Cut | None:
        """The piece of the cut at height ``z`` whose hull holds the spine, if any."""
        nearby = np.flatnonzero((self.face_low <= z) & (self.face_high >= z))
        segments = intersections.mesh_plane(self.mesh, [0, 0, 1], [0, 0, z], local_faces=nearby)
        if len(segments) == 0:
            return None
        ends = np.round(segments[:, :, :2].reshape(-1, 2), 9)
        points, index = np.unique(ends, axis=0, return_inverse=True)
        index = index.reshape(-1, 2)
        owner = list(range(len(points)))

        def root(i: int) -> int:
            while owner[i] != i:
                owner[i] = owner[owner[i]]
                i = owner[i]
            return i

        for a, b in index:
            owner[root(a)] = root(b)
        roots = np.array([root(i) for i in range(len(points))])
        degree = np.bincount(index.ravel(), minlength=len(points))
        for piece in np.unique(roots):
            members = roots == piece
            outline = hull(points[members])
            if contains(outline, self.spine):
                closed = bool((degree[members] == 2).all())
                return Cut(points[members], closed, outline)
        return None

    def armpit(self) -> float:
        """The highest level whose cut around the spine is closed (bisection to 0.01 mm)."""
        low, high = self.elbows, self.shoulders
        while high - low > 1e-5:
            middle = (low + high) / 2
            found = self.cut(middle)
            if found is not None and found.closed:
                low = middle
            else:
                high = middle
        return low

    def chest_girth(self) -> tuple[float, float]:
        """(girth cm, height m): the largest girth from the armpits to 4 % of the stature below."""
        top = self.armpit()
        bottom = top - 0.04 * self.stature
        levels = np.append(np.arange(top, bottom, -STEP_M), bottom)
        girths = [(found.girth_cm, float(z)) for z in levels if (found := self.cut(z))]
        return max(girths)

    def bust_girth(self) -> tuple[float, float]:
        """(girth cm, height m) at the bust point."""
        top = self.armpit()
        prefer = top - 0.04 * self.stature

        def reach(z: float) -> float:
            found = self.cut(z)
            if found is None:
                return -np.inf
            return -float(found.points[:, 1].min()) - 0.3 * abs(z - prefer)

        high, low = top - 0.01, top - 0.09 * self.stature
        coarse = [(reach(z), z) for z in np.append(np.arange(high, low, -STEP_M), low)]
        # Every peak of the coarse sweep that comes within a millimetre of the best is refined.
        leading = max(coarse)[0]
        peaks = [
            z
            for i, (score, z) in enumerate(coarse)
            if score >= leading - 0.001
            and score >= max(coarse[max(i - 1, 0)][0], coarse[min(i + 1, len(coarse) - 1)][0])
        ]
        best = max(
            (reach(z), z)
            for peak in peaks
            for z in np.clip(np.linspace(peak - STEP_M, peak + STEP_M, 21), low, high)
        )[1]
        found = self.cut(float(best))
        assert found is not None
        return found.girth_cm, float(best)
