"""The measurement engine: tailor's measurements (ISO 8559-1 definitions) taken on a body mesh.

It works from the landmark joints and the geometry, so it serves any topology and any rig
(see ``adapters.body.geometry.LANDMARKS``); the definitions are written out, with a picture,
in docs/measurements.md. Every measurement also comes back as a ``Tape``: the same
measurement as a fixed function of the vertices and joints (which edges the tape crosses,
where, and in which hull order), so the fitter can evaluate it on thousands of nearby bodies
without re-slicing, and the exact engine re-measures whenever the body has moved.

Girths are taken as a tape would: the convex hull of the slice loop of the right body part
(never an arm inside a torso slice: vertices are assigned to body parts by their skin
weights, and a torso slice keeps only torso vertices).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import ConvexHull, QhullError

from adapters.body.geometry import BodyGeometry, FloatArray, IntArray
from domain.measurements import ChestGirth, Gender, chest_girth_for

BODY_DENSITY_KG_M3 = 985.0  # whole-body density, lungs included
UP = np.array([0.0, 0.0, 1.0])
# The chest girth is the fullest girth from the armpit level down to this share of the
# stature below it (7 cm at 175 cm): the chest muscles and shoulder blades, above the lower
# ribs and the belly.
CHEST_BAND = 0.04


class MeasurementFailed(ValueError):
    """The mesh does not allow a measurement (a missing body part, a broken surface)."""


# -- tapes: measurements as fixed functions of vertices and joints ------------------------------
@dataclass(frozen=True)
class Points:
    """Points as weighted sums of vertices (``source`` 'v') or joints ('j'): (N, M) indices."""

    source: str
    indices: IntArray  # (N, M)
    weights: FloatArray  # (N, M)

    def evaluate(self, vertices: FloatArray, joints: FloatArray) -> FloatArray:
        """(B, N, 3) positions for batched vertices (B, V, 3) and joints (B, J, 3)."""
        array = vertices if self.source == "v" else joints
        return np.einsum("bnmk,nm->bnk", array[:, self.indices], self.weights)


@dataclass(frozen=True)
class Tape:
    """One measurement as a function of a body's vertices and joints, with fixed combinatorics.

    kinds: ``loop`` (closed polygon perimeter), ``path`` (open polyline length), ``rise``
    (z of the last point minus z of the first), ``mass`` (volume of the closed surface times
    the body density). Results in centimetres or kilograms.
    """

    kind: str
    points: tuple[Points, ...] = ()
    faces: IntArray | None = None
    scale: float = 1.0  # averages of both sides use 0.5 on two paths

    def vertex_indices(self) -> IntArray | None:
        """The vertices the tape reads; None for all of them."""
        if self.kind == "mass":
            return None
        return _vertex_indices(self.points)

    def evaluate(self, vertices: FloatArray, joints: FloatArray) -> FloatArray:
        vertices = np.asarray(vertices)
        if vertices.ndim == 2:
            return self.evaluate(vertices[None], np.asarray(joints)[None])
        if self.kind == "mass":
            assert self.faces is not None
            return _volume(vertices, self.faces) * BODY_DENSITY_KG_M3
        total = np.zeros(vertices.shape[0])
        for part in self.points:
            xyz = part.evaluate(vertices, joints)
            if self.kind == "loop":
                steps = np.roll(xyz, -1, axis=1) - xyz
                total += np.linalg.norm(steps, axis=2).sum(axis=1)
            elif self.kind == "path":
                total += np.linalg.norm(np.diff(xyz, axis=1), axis=2).sum(axis=1)
            elif self.kind == "rise":
                total += xyz[:, -1, 2] - xyz[:, 0, 2]
            else:  # pragma: no cover - a programming error
                raise ValueError(f"unknown tape kind {self.kind}")
        return total * self.scale * 100.0


def _vertex_indices(points: Sequence[Points]) -> IntArray:
    found = [p.indices.ravel() for p in points if p.source == "v"]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def mass_gradient(vertices: FloatArray, faces: IntArray) -> FloatArray:
    """d mass / d vertices (V, 3), kg per metre, of a closed surface."""
    a, b, c = (vertices[faces[:, i]] for i in range(3))
    sign = np.sign(np.einsum("fk,fk->", a, np.cross(b, c))) or 1.0
    gradient = np.zeros_like(vertices)
    for corner, (p, q) in enumerate(((b, c), (c, a), (a, b))):
        contribution = np.cross(p, q)
        for axis in range(3):
            gradient[:, axis] += np.bincount(
                faces[:, corner], contribution[:, axis], minlength=len(vertices)
            )
    return gradient * sign * BODY_DENSITY_KG_M3 / 6.0


def _volume(vertices: FloatArray, faces: IntArray) -> FloatArray:
    a, b, c = (vertices[:, faces[:, i]] for i in range(3))
    return np.abs(np.einsum("bfk,bfk->b", a, np.cross(b, c)) / 6.0)


# -- the result ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SliceLoop:
    """A drawn girth: the hull polygon in world coordinates (for pictures and debugging)."""

    name: str
    polygon: FloatArray  # (N, 3)


@dataclass(frozen=True)
class BodyMeasurements:
    values: dict[str, float]  # cm, kg; names of domain.measurements
    tapes: dict[str, Tape]
    loops: tuple[SliceLoop, ...] = ()
    landmarks_cm: dict[str, float] = field(default_factory=dict)  # heights used, for docs
    # Both chest girths (cm); ``values["chest"]`` holds the one of the body's gender.
    chest_girths: dict[ChestGirth, float] = field(default_factory=dict)


# -- topology caches ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Topology:
    edges: IntArray  # (E, 2)
    face_edges: IntArray  # (F, 3): edge of (v0 v1), (v1 v2), (v2 v0)


@lru_cache(maxsize=8)
def _topology_of(faces_bytes: bytes, face_count: int) -> _Topology:
    faces = np.frombuffer(faces_bytes, dtype=np.int64).reshape(face_count, 3)
    pairs = np.stack([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]], axis=1)
    flat = np.sort(pairs.reshape(-1, 2), axis=1)
    edges, inverse = np.unique(flat, axis=0, return_inverse=True)
    return _Topology(edges=edges, face_edges=inverse.reshape(face_count, 3))


def topology(faces: IntArray) -> _Topology:
    faces = np.ascontiguousarray(faces, dtype=np.int64)
    return _topology_of(faces.tobytes(), faces.shape[0])


# -- regions: which body part each vertex belongs to -------------------------------------------
REGIONS = ("torso", "head", "arm_l", "arm_r", "leg_l", "leg_r")


def vertex_regions(geometry: BodyGeometry) -> IntArray:
    """Per vertex, the index in REGIONS of the body part its dominant joint belongs to."""
    joint_region = np.zeros(geometry.bone_count, dtype=np.int64)  # torso by default
    for region, landmark in (
        ("head", "head"),
        ("arm_l", "shoulder_l"),
        ("arm_r", "shoulder_r"),
        ("leg_l", "hip_l"),
        ("leg_r", "hip_r"),
    ):
        joint_region[geometry.descendants(geometry.landmarks[landmark])] = REGIONS.index(region)
    return joint_region[geometry.dominant_joint()]


# -- slicing ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Cut:
    e0: IntArray
    e1: IntArray
    t: FloatArray
    xyz: FloatArray


class _Slicer:
    def __init__(self, geometry: BodyGeometry) -> None:
        self.vertices = geometry.vertices
        self.faces = geometry.faces
        self.topology = topology(geometry.faces)
        self.regions = vertex_regions(geometry)

    def loops(self, origin: FloatArray, normal: FloatArray, allowed: Sequence[str]) -> list[_Cut]:
        """The connected slice loops through the allowed body parts."""
        normal = normal / np.linalg.norm(normal)
        distance = (self.vertices - origin) @ normal
        above = distance > 0
        first, second, third = (above[self.faces[:, i]] for i in range(3))
        crossing = np.flatnonzero((first != second) | (second != third))
        if crossing.size == 0:
            return []
        edges = self.topology.edges
        face_edges = self.topology.face_edges[crossing]  # (C, 3)
        cut = above[edges[face_edges, 0]] != above[edges[face_edges, 1]]  # two per face
        pairs = face_edges[cut].reshape(-1, 2)
        permitted = np.zeros(len(REGIONS), dtype=bool)
        permitted[[REGIONS.index(name) for name in allowed]] = True
        used, local = np.unique(pairs, return_inverse=True)
        a, b = edges[used, 0], edges[used, 1]
        keep = permitted[self.regions[a]] & permitted[self.regions[b]]
        local = local.reshape(-1, 2)
        kept_segments = local[keep[local].all(axis=1)]
        graph = coo_matrix(
            (np.ones(len(kept_segments)), (kept_segments[:, 0], kept_segments[:, 1])),
            shape=(used.size, used.size),
        )
        _, labels = connected_components(graph, directed=False)
        da, db = distance[a], distance[b]
        t = da / (da - db)
        xyz = self.vertices[a] * (1 - t)[:, None] + self.vertices[b] * t[:, None]
        members = np.flatnonzero(keep)
        members = members[np.argsort(labels[members], kind="stable")]
        groups = np.split(members, np.flatnonzero(np.diff(labels[members])) + 1)
        return [_Cut(a[g], b[g], t[g], xyz[g]) for g in groups if g.size >= 3]

    def girth(
        self,
        origin: FloatArray,
        normal: FloatArray,
        allowed: Sequence[str],
        around: FloatArray | None = None,
    ) -> tuple[float, Tape, FloatArray] | None:
        """The tape girth (convex hull perimeter) of the loop around ``around`` (or ``origin``)."""
        centre = origin if around is None else around
        normal = normal / np.linalg.norm(normal)
        u = np.cross(normal, [0.0, 1.0, 0.0] if abs(normal[1]) < 0.9 else [1.0, 0.0, 0.0])
        u /= np.linalg.norm(u)
        w = np.cross(normal, u)
        best: tuple[float, _Cut, IntArray] | None = None
        for cut in self.loops(origin, normal, allowed):
            plane = np.stack([(cut.xyz - centre) @ u, (cut.xyz - centre) @ w], axis=1)
            if (plane.min(axis=0) > 0).any() or (plane.max(axis=0) < 0).any():
                continue  # the loop's bounding box misses the centre
            try:
                hull = ConvexHull(plane)
            except QhullError:
                continue
            inside = bool(np.all(hull.equations[:, 2] <= 1e-9))  # the centre is the origin
            if not inside:
                continue
            order = hull.vertices
            if best is None or hull.area < best[0]:  # 2-D: area is the perimeter
                best = (float(hull.area), cut, order)
        if best is None:
            return None
        perimeter, cut, order = best
        points = Points(
            "v",
            np.stack([cut.e0[order], cut.e1[order]], axis=1),
            np.stack([1 - cut.t[order], cut.t[order]], axis=1),
        )
        return perimeter * 100.0, Tape("loop", (points,)), cut.xyz[order]


# -- the engine ---------------------------------------------------------------------------------
TORSO = ("torso",)
TORSO_AND_LEGS = ("torso", "leg_l", "leg_r")
NECK = ("torso", "head")


class _Engine:
    def __init__(self, geometry: BodyGeometry, chest: ChestGirth) -> None:
        self.g = geometry
        self.chest = chest
        self.chest_girths: dict[ChestGirth, float] = {}
        self.slicer = _Slicer(geometry)
        self.values: dict[str, float] = {}
        self.tapes: dict[str, Tape] = {}
        self.loops: list[SliceLoop] = []
        self.heights: dict[str, float] = {}

    def joint(self, name: str) -> FloatArray:
        return self.g.joint(name)

    def horizontal(
        self, z: float, allowed: Sequence[str], around: FloatArray
    ) -> tuple[float, Tape, FloatArray] | None:
        origin = np.array([around[0], around[1], z])
        return self.slicer.girth(origin, UP, allowed, origin)

    def extreme_horizontal(
        self,
        low: float,
        high: float,
        allowed: Sequence[str],
        around: FloatArray,
        largest: bool,
        prefer: float | None = None,
    ) -> tuple[float, Tape, FloatArray, float]:
        """The largest (or smallest) horizontal girth between two heights: grid, then refine.

        With ``prefer``, a flat girth profile (a waist on a round belly) settles near that
        height: each centimetre away from it costs 0.5 cm of girth in the comparison.
        """
        sign = 1.0 if largest else -1.0

        def score(z: float, girth: float) -> float:
            penalty = 0.0 if prefer is None else 50.0 * abs(z - prefer)
            return sign * girth - penalty

        found: list[tuple[float, float, Tape, FloatArray]] = []
        for z in np.linspace(low, high, 8):
            result = self.horizontal(float(z), allowed, around)
            if result is not None:
                found.append((float(z), *result))
        if not found:
            raise MeasurementFailed("no closed body slice in the searched band")
        best = max(range(len(found)), key=lambda i: score(found[i][0], found[i][1]))
        step = (high - low) / 7
        for z in (found[best][0] - step / 2, found[best][0] + step / 2):
            if not low <= z <= high:
                continue
            result = self.horizontal(float(z), allowed, around)
            if result is not None and score(z, result[0]) > score(found[best][0], found[best][1]):
                found.append((float(z), *result))
                best = len(found) - 1
        z, value, tape, polygon = found[best]
        return value, tape, polygon, z

    def limb(
        self,
        start: FloatArray,
        end: FloatArray,
        fractions: Sequence[float],
        allowed: Sequence[str],
        mode: str,
    ) -> tuple[float, Tape, FloatArray]:
        """Girth perpendicular to a limb axis at fractions from start to end (max, min or at)."""
        axis = end - start
        results = []
        for fraction in fractions:
            point = start + axis * fraction
            result = self.slicer.girth(point, axis, allowed, point)
            if result is not None:
                results.append(result)
        if not results:
            raise MeasurementFailed("no closed slice across the limb")
        if mode == "max":
            return max(results, key=lambda r: r[0])
        if mode == "min":
            return min(results, key=lambda r: r[0])
        return results[0]

    def record(
        self, name: str, value: float, tape: Tape, polygon: FloatArray | None = None
    ) -> None:
        self.values[name] = value
        self.tapes[name] = tape
        if polygon is not None:
            self.loops.append(SliceLoop(name, polygon))

    def both_sides(
        self, name: str, left: tuple[float, Tape, FloatArray], right: tuple[float, Tape, FloatArray]
    ) -> None:
        tape = Tape(left[1].kind, left[1].points + right[1].points, scale=0.5)
        self.values[name] = (left[0] + right[0]) / 2
        self.tapes[name] = tape
        self.loops.extend([SliceLoop(name, left[2]), SliceLoop(name, right[2])])

    # -- rays -----------------------------------------------------------------------------------
    def ray_hit(self, origin: FloatArray, direction: FloatArray) -> tuple[Points, FloatArray]:
        """The first surface point along a ray, as barycentric weights of a face."""
        v = self.g.vertices
        f = self.g.faces
        a, b, c = v[f[:, 0]], v[f[:, 1]], v[f[:, 2]]
        e1, e2 = b - a, c - a
        p = np.cross(direction, e2)
        det = np.einsum("ij,ij->i", e1, p)
        ok = np.abs(det) > 1e-12
        inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
        s = origin - a
        bu = np.einsum("ij,ij->i", s, p) * inv
        q = np.cross(s, e1)
        bv = (q @ direction) * inv
        t = np.einsum("ij,ij->i", e2, q) * inv
        hit = ok & (bu >= 0) & (bv >= 0) & (bu + bv <= 1) & (t > 0)
        if not hit.any():
            raise MeasurementFailed("a landmark ray missed the body surface")
        face = np.flatnonzero(hit)[np.argmin(t[hit])]
        weights = np.array([[1 - bu[face] - bv[face], bu[face], bv[face]]])
        points = Points("v", f[face][None, :], weights)
        return points, origin + direction * t[face]

    # -- the measurements -----------------------------------------------------------------------
    def run(self) -> None:
        g = self.g
        v = g.vertices
        top, bottom = int(np.argmax(v[:, 2])), int(np.argmin(v[:, 2]))
        stature = float(v[top, 2] - v[bottom, 2])
        self.record(
            "height",
            stature * 100,
            Tape("rise", (Points("v", np.array([[bottom], [top]]), np.ones((2, 1))),)),
        )
        self.record("weight", *self._mass())
        pelvis, neck, head = self.joint("pelvis"), self.joint("neck"), self.joint("head")
        axis_xy = pelvis.copy()

        # Crotch: the first surface point straight above the floor between the hip joints.
        between = (self.joint("hip_l") + self.joint("hip_r")) / 2
        crotch_points, crotch = self.ray_hit(np.array([between[0], between[1], 0.0]), UP)
        self.record("inseam", float(crotch[2] - v[bottom, 2]) * 100, _rise(bottom, crotch_points))

        armpit = self._armpit_height()
        self.heights.update(crotch=crotch[2], armpit=armpit)
        # Natural waist: the smallest torso girth between the iliac crest and the lower ribs.
        span = armpit - pelvis[2]
        waist, waist_tape, waist_polygon, waist_z = self.extreme_horizontal(
            pelvis[2] + 0.15 * span,
            pelvis[2] + 0.7 * span,
            TORSO,
            axis_xy,
            largest=False,
            prefer=pelvis[2] + 0.45 * span,
        )
        self.record("waist", waist, waist_tape, waist_polygon)
        # Chest (ADR 42): a woman's bust girth across the bust points; for everyone else
        # the chest girth, the fullest horizontal girth just under the armpits. Both are
        # taken on the torso alone (arms excluded) and kept, for the population statistics.
        bust, bust_z = self._bust(armpit, stature, axis_xy)
        under, under_z = self._chest_under_armpits(armpit, stature, axis_xy)
        self.chest_girths = {ChestGirth.BUST: bust[0], ChestGirth.UNDER_ARMPITS: under[0]}
        chest, chest_z = (bust, bust_z) if self.chest is ChestGirth.BUST else (under, under_z)
        self.record("chest", *chest)
        # Hips: horizontal, at the greatest protrusion of the buttocks (the most backward
        # point between the crotch and the waist), thighs included.
        hips_z = self._most_protruding(
            TORSO_AND_LEGS, crotch[2] + 0.01, waist_z - 0.03, axis=1, sign=1.0
        )
        hips_cut = self.horizontal(hips_z, TORSO_AND_LEGS, axis_xy)
        if hips_cut is None:  # a coarse mesh: the largest girth of the band instead
            *hips_cut, hips_z = self.extreme_horizontal(
                crotch[2] + 0.02, waist_z - 0.03, TORSO_AND_LEGS, axis_xy, largest=True
            )
        self.record("hips", hips_cut[0], hips_cut[1], hips_cut[2])
        self.heights.update(waist=waist_z, chest=chest_z, hips=hips_z)

        # Neck: perpendicular to the neck axis, a third of the way from its base to the skull.
        neck_girth = self.limb(neck, head, (0.35, 0.45, 0.55), NECK, "min")
        self.record("neckCircumference", neck_girth[0], neck_girth[1], neck_girth[2])

        # Shoulders: acromion to acromion, the top of the shoulder above each shoulder joint.
        acromion = {}
        for side in ("l", "r"):
            joint = self.joint(f"shoulder_{side}")
            points, hit = self.ray_hit(np.array([joint[0], joint[1], v[top, 2] + 0.1]), -UP)
            acromion[side] = (points, hit)
        self.record(
            "shoulderWidth",
            float(np.linalg.norm(acromion["l"][1] - acromion["r"][1])) * 100,
            Tape("path", (_concat(acromion["l"][0], acromion["r"][0]),)),
        )
        # Arm length: acromion, over the elbow, to the wrist; both arms averaged.
        arm_paths = []
        for side in ("l", "r"):
            joints = Points(
                "j",
                np.array([[g.landmarks[f"elbow_{side}"]], [g.landmarks[f"wrist_{side}"]]]),
                np.ones((2, 1)),
            )
            arm_paths.append((acromion[side][0], joints))
        arm_tape = _mixed_path(arm_paths)
        self.record(
            "armLength",
            float(arm_tape.evaluate(v[None], g.joints[None])[0]),
            arm_tape,
        )

        sides: dict[str, list[tuple[float, Tape, FloatArray]]] = {}
        for side in ("l", "r"):
            arm = (f"arm_{side}",)
            leg = (f"leg_{side}",)
            shoulder, elbow, wrist = (
                self.joint(f"{j}_{side}") for j in ("shoulder", "elbow", "wrist")
            )
            hip, knee, ankle = (self.joint(f"{j}_{side}") for j in ("hip", "knee", "ankle"))
            sides.setdefault("bicep", []).append(self.limb(shoulder, elbow, (0.5,), arm, "at"))
            sides.setdefault("forearm", []).append(
                self.limb(elbow, wrist, (0.15, 0.22, 0.3, 0.38), arm, "max")
            )
            sides.setdefault("wrist", []).append(self.limb(elbow, wrist, (0.96, 0.93), arm, "at"))
            # Thigh: just below the gluteal fold, perpendicular to the thigh.
            below = (crotch[2] - 0.02 - hip[2]) / (knee[2] - hip[2])
            sides.setdefault("thigh", []).append(
                self.limb(hip, knee, (below, below + 0.03, below + 0.06), leg, "max")
            )
            sides.setdefault("calf", []).append(
                self.limb(knee, ankle, (0.2, 0.28, 0.36, 0.44, 0.52), leg, "max")
            )
            sides.setdefault("ankle", []).append(
                self.limb(knee, ankle, (0.78, 0.82, 0.86, 0.9), leg, "min")
            )
        for name, (left, right) in sides.items():
            self.both_sides(name, left, right)

    def _bust(
        self, armpit: float, stature: float, axis_xy: FloatArray
    ) -> tuple[tuple[float, Tape, FloatArray], float]:
        """The bust girth: horizontal, across the bust points, torso only.

        The bust point is the most forward torso point between 9 % of the stature below the
        armpits and 1 cm below them, drawn towards 4 % below them where the chest is flat.
        """
        low, high = armpit - 0.09 * stature, armpit - 0.01
        z = self._most_protruding(
            TORSO, low, high, axis=1, sign=-1.0, prefer=armpit - 0.04 * stature
        )
        cut = self.horizontal(z, TORSO, axis_xy)
        if cut is None:  # a coarse mesh: the largest girth of the band instead
            *found, z = self.extreme_horizontal(low, high, TORSO, axis_xy, largest=True)
            return (found[0], found[1], found[2]), z
        return cut, z

    def _chest_under_armpits(
        self, armpit: float, stature: float, axis_xy: FloatArray
    ) -> tuple[tuple[float, Tape, FloatArray], float]:
        """The chest girth: the largest horizontal torso girth just under the armpits."""
        value, tape, polygon, z = self.extreme_horizontal(
            armpit - CHEST_BAND * stature, armpit, TORSO, axis_xy, largest=True
        )
        return (value, tape, polygon), z

    def _most_protruding(
        self,
        allowed: Sequence[str],
        low: float,
        high: float,
        *,
        axis: int,
        sign: float,
        prefer: float | None = None,
    ) -> float:
        """The height of the surface point of ``allowed`` body parts furthest along ``sign`` *
        ``axis`` in a band.

        With ``prefer``, each centimetre away from that height costs 0.3 cm of protrusion, so
        a flat profile (a flat chest above a round belly) settles near it. The point may lie
        anywhere on the surface: on a face the score is linear but for its kink at ``prefer``,
        so the best point is a vertex or lies at ``low``, ``high`` or ``prefer``, which are
        sliced. (Vertices alone would make the answer depend on where the mesh has them.)
        """
        v = self.g.vertices
        members = np.isin(self.slicer.regions, [REGIONS.index(name) for name in allowed])
        band = np.flatnonzero(members & (v[:, 2] >= low) & (v[:, 2] <= high))
        heights, reach = [v[band, 2]], [sign * v[band, axis]]
        levels = [low, high] + ([prefer] if prefer is not None and low <= prefer <= high else [])
        for z in levels:
            for cut in self.slicer.loops(np.array([0.0, 0.0, z]), UP, allowed):
                heights.append(np.full(len(cut.xyz), z))
                reach.append(sign * cut.xyz[:, axis])
        level, score = np.concatenate(heights), np.concatenate(reach)
        if level.size == 0:
            raise MeasurementFailed("no surface in the band of a landmark")
        if prefer is not None:
            score = score - 0.3 * np.abs(level - prefer)
        return float(level[np.argmax(score)])

    def _mass(self) -> tuple[float, Tape]:
        tape = Tape("mass", faces=self.g.faces)
        return float(tape.evaluate(self.g.vertices[None], self.g.joints[None])[0]), tape

    def _armpit_height(self) -> float:
        """The highest level where the slice around the spine holds no arm (bisection).

        Above the armpits the horizontal slice through the chest runs on through the
        shoulders into the arms; below them the arms are loops of their own (or, pressed
        against the body, separate loops overlapping it).
        """
        low = (self.joint("elbow_l")[2] + self.joint("elbow_r")[2]) / 2
        high = (self.joint("shoulder_l")[2] + self.joint("shoulder_r")[2]) / 2
        centre = self.joint("spine_chest")
        arm_ids = [REGIONS.index("arm_l"), REGIONS.index("arm_r")]
        regions = self.slicer.regions
        for _ in range(12):  # 0.1 mm: the chest girth of most men is taken at this level
            middle = (low + high) / 2
            origin = np.array([centre[0], centre[1], middle])
            joined = any(
                np.isin(regions[cut.e0], arm_ids).any() or np.isin(regions[cut.e1], arm_ids).any()
                for cut in self.slicer.loops(origin, UP, REGIONS)
                if _encloses(cut.xyz, origin)
            )
            if joined:
                high = middle
            else:
                low = middle
        return low


def _encloses(points: FloatArray, centre: FloatArray) -> bool:
    try:
        hull = ConvexHull(points[:, :2] - centre[:2])
    except QhullError:
        return False
    return bool(np.all(hull.equations[:, 2] <= 1e-9))


def _concat(first: Points, second: Points) -> Points:
    width = max(first.indices.shape[1], second.indices.shape[1])

    def pad(p: Points) -> tuple[IntArray, FloatArray]:
        extra = width - p.indices.shape[1]
        return (
            np.pad(p.indices, ((0, 0), (0, extra))),
            np.pad(p.weights, ((0, 0), (0, extra))),
        )

    (i1, w1), (i2, w2) = pad(first), pad(second)
    return Points(first.source, np.concatenate([i1, i2]), np.concatenate([w1, w2]))


@dataclass(frozen=True)
class _MixedPathTape(Tape):
    """Paths from a surface point through joints, averaged over the given sides."""

    paths: tuple[tuple[Points, Points], ...] = ()

    def vertex_indices(self) -> IntArray | None:
        return _vertex_indices([p for path in self.paths for p in path])

    def evaluate(self, vertices: FloatArray, joints: FloatArray) -> FloatArray:
        vertices = np.asarray(vertices)
        joints = np.asarray(joints)
        if vertices.ndim == 2:
            return self.evaluate(vertices[None], joints[None])
        total = np.zeros(vertices.shape[0])
        for surface, through in self.paths:
            xyz = np.concatenate(
                [surface.evaluate(vertices, joints), through.evaluate(vertices, joints)], axis=1
            )
            total += np.linalg.norm(np.diff(xyz, axis=1), axis=2).sum(axis=1)
        return total / len(self.paths) * 100.0


def _mixed_path(paths: list[tuple[Points, Points]]) -> Tape:
    return _MixedPathTape("path", paths=tuple(paths))


@dataclass(frozen=True)
class _RiseTape(Tape):
    bottom: int = 0
    top: Points | None = None

    def vertex_indices(self) -> IntArray | None:
        assert self.top is not None
        return np.union1d(_vertex_indices([self.top]), [self.bottom])

    def evaluate(self, vertices: FloatArray, joints: FloatArray) -> FloatArray:
        vertices = np.asarray(vertices)
        if vertices.ndim == 2:
            return self.evaluate(vertices[None], np.asarray(joints)[None])
        assert self.top is not None
        top = self.top.evaluate(vertices, np.asarray(joints))[:, 0, 2]
        return (top - vertices[:, self.bottom, 2]) * 100.0


def _rise(bottom: int, top: Points) -> Tape:
    return _RiseTape("rise", bottom=bottom, top=top)


def measure(geometry: BodyGeometry, gender: Gender | None = None) -> BodyMeasurements:
    """Every measurement of domain.measurements on ``geometry`` (cm, kg), with its tape.

    ``gender`` decides which girth ``chest`` is (``domain.measurements.chest_girth_for``): the
    bust girth of a woman, the chest girth under the armpits of a man or of a body without
    a gender.
    """
    engine = _Engine(geometry, chest_girth_for(gender))
    engine.run()
    return BodyMeasurements(
        values={name: round(value, 4) for name, value in engine.values.items()},
        tapes=dict(engine.tapes),
        loops=tuple(engine.loops),
        landmarks_cm={name: round(z * 100, 2) for name, z in engine.heights.items()},
        chest_girths={name: round(value, 4) for name, value in engine.chest_girths.items()},
    )


def evaluate_tapes(
    tapes: Mapping[str, Tape], vertices: FloatArray, joints: FloatArray, names: Sequence[str]
) -> FloatArray:
    """(B, len(names)) measurements of batched bodies through their tapes."""
    return np.stack([tapes[name].evaluate(vertices, joints) for name in names], axis=1)
