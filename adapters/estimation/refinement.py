"""Refinement: body shape, stance and cameras that make the projected body match the photos.

Started from the regressor's shape and the rest stance, it minimises (Levenberg-Marquardt;
Jacobians by torch forward-mode autodiff on the CPU), over the body's parameters, the pose
of each photo (``adapters.body.posing``: spine, neck, shoulders, elbows, hips, knees; each
photo has its own, people never stand twice the same), both cameras and, without EXIF, the
lens's field of view (one for both photos, within a phone's range):

- per view and per row (``ROW_COUNT`` rows from the top of the head to the soles), the
  distance between the outer left and right edges of the observed silhouette and those of
  the posed body projected through that view's camera (the edges of the projected body are
  where its mesh edges cross the row: exact and differentiable), under a Cauchy loss so rows
  a segmenter got wrong (fingers, hair, blobs) weigh little; clothes are allowed for by
  the clothing hint (the outline lies that far outside the skin, with that much slack);
- in the front view, between chest and hips where the arms hang apart, the torso's own
  edges (the mask's run holding the body's axis against the arm-less mesh's outline);
- the detector's keypoints of both views (shoulders, elbows, wrists, hips, knees, ankles;
  weighted by their visibility, Cauchy loss) against the posed body's joints: they fix the
  stance where outlines are ambiguous (an arm in front of the torso in the side view);
- the top and bottom of the silhouette in the picture (they fix each camera's distance,
  height and tilt, given the body's size);
- the height the user gave (a few millimetres of slack, on the rest stance) and the weight,
  through the mesh's volume (1 kg);
- a prior that keeps the parameters near the regressor's answer (its validation spread) and
  the stance near a natural one.

The body is measured afterwards in its rest stance (``photo_estimator``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adapters.body.anthropometry import BODY_DENSITY_KG_M3
from adapters.body.anthropometry import mass_gradient as _mass_gradient
from adapters.body.posing import POSE_NAMES, POSE_SIZE, Rig, group_transforms, skin
from adapters.estimation.features import ROW_COUNT, ROW_FRACTIONS, Silhouette
from adapters.estimation.forward_mode import jacfwd

FloatArray = NDArray[np.float64]
DEFAULT_FOCAL_MM = 28.0  # 35 mm equivalent of a phone's main camera
EDGE_SIGMA_PX = 1.5  # how far a segmenter's edge may lie from the true one
END_SIGMA_PX = 2.0  # the same for the silhouette's top and bottom
HEIGHT_SIGMA_CM = 0.2  # the fitted body keeps the given height to a few millimetres
WEIGHT_SIGMA_KG = 1.0
ROBUST_SCALE = 3.0  # outline residuals (in EDGE_SIGMA_PX) past this count less and less
CONVERGED = 2e-3  # stop when a round lowers the cost by less than this share
TORSO_ROWS = (0.2, 0.5)  # fractions from the top where the torso's own edges are read
# Where the photo shows an arm against the torso (no background between them), the posed
# body may not show a gap there either: read from the top of this band down to a little
# above the detector's wrist.
ARM_CONTACT_ROWS = (0.2, 0.55)
WRIST_MARGIN = 0.03  # of the silhouette's height, above the wrist keypoint
HAND_LENGTH = 0.11  # of the height: the fingertips below the wrist
HANDS_END = 0.6  # of the height from the top: below a typical body's fingertips
ELBOWS_AT = 0.35  # of the height from the top: a typical body's elbows
FEET_FROM = 0.94  # of the height from the top: the bare feet below the trousers
# The same between the thighs where the photo shows them touching, from this share of the
# way from the hips' keypoints to the knees' (well below the crotch) down to the knees.
THIGH_CONTACT_FROM = 0.4
# Rows (fractions from the top) where hair may widen the outline though no long hair is
# seen: over the neck and shoulders on both sides of a front view, down the back of a side
# view.
HAIR_FRONT_ROWS = (0.08, 0.2)
HAIR_BACK_ROWS = (0.08, 0.25)
HAIR_WEIGHT = 0.3  # of an outline row's weight, where the body lies inside such an outline
# Long hair seen in the photos (ADR 63): in a front view the neck's narrowest row as wide as
# the head (hair falling on both sides), or in a side view a nape that does not lie in front
# of the back of the head (hair falling down the back). Then the outline down to the end of
# the longest hair says only that the body lies inside it.
HEAD_ROWS = (0.02, 0.06)
NECK_ROWS = (0.08, 0.14)
HAIR_NECK_WIDTH = 0.9  # of the head's widest row
HAIR_NAPE_DEPTH = 0.004  # of the silhouette's height: how far a bare nape lies in front
LONG_HAIR_FRONT_ROWS = (0.0, 0.22)
LONG_HAIR_BACK_ROWS = (0.0, 0.32)
HAIR_PRIOR_SCALE = 1.25  # the shape prior's width where long hair is seen
OUTLINE_MARGIN_PX = 8.0  # candidate mesh edges: this close to a row's outermost one
END_VERTICES = 150  # candidates for the top of the head and for the soles
# Before the fit, the stances and cameras alone, from the keypoints (ADR 61): 6 rounds
# measured as good as 10, and the fit after them as good in 6 rounds as in 8.
SETTLE_ROUNDS = 6
ROUNDS = 6  # Gauss-Newton rounds of the fit
CLOTH_SIZE = 2  # the fit's clothing offsets: the top's and the trousers'
# A detector's joint vs the model's, as a share of the body's height: the detector's
# shoulders and hips lie a few centimetres off anatomical joints, its elbows, wrists, knees
# and ankles close to them.
KEYPOINT_SIGMA = {
    "shoulder": 0.03,
    "hip": 0.03,
    "elbow": 0.012,
    "wrist": 0.012,
    "knee": 0.012,
    "ankle": 0.012,
}
FOCAL_LOG_SIGMA = 0.25  # without EXIF: the lens's focal length around a phone's 28 mm
FOCAL_LOG_RANGE = (math.log(22.0 / 28.0), math.log(70.0 / 28.0))
# How far clothes hold the outline off the skin (cm): the typical offset, how far one
# person's top or trousers differ from it (the fit solves for that, one offset for the top
# and one for the trousers, ADR 67) and how much the outline wanders row by row around it.
CLOTHED_FROM = 0.16  # rows from this fraction of the height down wear the clothes (shoulders)
TROUSERS_FROM = 0.45  # rows from this fraction down wear the trousers (the hips)
# Between a typical trousers' waistband and a typical top's hem the top hangs over the
# trousers: the outline lies off the skin by the larger of the two offsets there (ADR 72).
BOTH_GARMENTS_ROWS = (0.42, 0.5)
SMOOTH_MAX_CM = 0.05  # the larger offset is rounded over this much, for its derivatives
CLOTHING_OUTLINE_CM = {
    "tight": (0.1, 1e-3, 0.3),  # with the masks snapped to the photos' edges (ADR 69)
    "regular": (1.4, 0.35, 0.8),
    "loose": (4.5, 1e-3, 2.5),
}
# How far each joint may turn from the rest stance (radians, one sigma per component).
POSE_SIGMA_RAD = {
    "spine": 0.1,
    "neck": 0.3,
    "shoulder_l": 0.6,
    "elbow_l": 0.6,
    "shoulder_r": 0.6,
    "elbow_r": 0.6,
    "hip_l": 0.15,
    "knee_l": 0.15,
    "hip_r": 0.15,
    "knee_r": 0.15,
}
# The detector's (BlazePose) landmarks and the anny bones whose heads they stand for.
KEYPOINT_BONES: Mapping[str, str] = {
    "left_shoulder": "upperarm01.L",
    "right_shoulder": "upperarm01.R",
    "left_elbow": "lowerarm01.L",
    "right_elbow": "lowerarm01.R",
    "left_wrist": "wrist.L",
    "right_wrist": "wrist.R",
    "left_hip": "upperleg01.L",
    "right_hip": "upperleg01.R",
    "left_knee": "lowerleg01.L",
    "right_knee": "lowerleg01.R",
    "left_ankle": "foot.L",
    "right_ankle": "foot.R",
}


@dataclass(frozen=True)
class ObservedView:
    """What refinement reads of one photo: the silhouette's outline per row, in pixels."""

    azimuth_deg: float  # 0 front, 90 the body's left side (the person faces -x)
    width_px: int
    height_px: int
    focal_px: float
    top_px: float
    bottom_px: float
    left_px: FloatArray  # (ROW_COUNT,) outer left edge per row
    right_px: FloatArray  # (ROW_COUNT,) outer right edge per row
    valid: NDArray[np.bool_]  # rows where the silhouette has pixels
    # The torso's own edges where an arm hangs clear of it (front view, chest to hips, per
    # side): outer extents there are the arm's, and the girths need the torso's width.
    inner_left_px: FloatArray = field(default_factory=lambda: np.zeros(ROW_COUNT))
    inner_right_px: FloatArray = field(default_factory=lambda: np.zeros(ROW_COUNT))
    inner_left_valid: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(ROW_COUNT, bool))
    inner_right_valid: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(ROW_COUNT, bool))
    # Rows (front view, shoulders to above the wrists) where the photo shows no background
    # between the body's axis and its outer edge on that side: an arm there lies against
    # the torso, and the posed body may not hold it apart.
    merged_left: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(ROW_COUNT, bool))
    merged_right: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(ROW_COUNT, bool))
    # Rows (front view, hips to knees) where the photo shows the thighs touching: the posed
    # body's thighs may not stand apart there.
    thighs_merged: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(ROW_COUNT, bool))
    # The detector's landmarks of KEYPOINT_BONES (pixels, in the mirrored frame for a
    # mirrored side view) and their weights (visibility; 0 when missing).
    keypoints_px: FloatArray = field(default_factory=lambda: np.zeros((len(KEYPOINT_BONES), 2)))
    keypoint_weights: FloatArray = field(default_factory=lambda: np.zeros(len(KEYPOINT_BONES)))
    focal_known: bool = False  # from EXIF; else the fit solves for the field of view

    def px_per_cm(self, body_height_m: float | None) -> float:
        """Pixels per centimetre at the body (from the silhouette's height)."""
        height_cm = 170.0 if body_height_m is None else body_height_m * 100.0
        return (self.bottom_px - self.top_px) / height_cm


def observe(
    shape: Silhouette,
    azimuth_deg: float,
    focal_px: float | None,
    width: int,
    height: int,
    keypoints: Sequence[tuple[str, float, float, float]] = (),
    *,
    mirrored: bool = False,
) -> ObservedView:
    """The outline of ``shape`` per row (interpolated between pixel rows, like the features)
    and the ``keypoints`` (name, x, y as fractions of the picture, visibility); a mirrored
    view mirrors them too and swaps left and right."""
    mask = shape.mask
    rows = np.arange(mask.shape[0])
    filled = mask.any(axis=1)
    first = np.where(filled, mask.argmax(axis=1), 0).astype(np.float64)
    last = np.where(filled, mask.shape[1] - mask[:, ::-1].argmax(axis=1), 0).astype(np.float64)
    ys = shape.top + ROW_FRACTIONS * (shape.height_px - 1)
    # Pixel rows are sampled at their centres (+0.5) in picture coordinates.
    left = np.interp(ys, rows, first)
    right = np.interp(ys, rows, last)
    valid = np.interp(ys, rows, filled.astype(np.float64)) > 0.99
    nothing = np.zeros(ROW_COUNT, dtype=bool)
    inner_left, inner_right, inner_left_valid, inner_right_valid = (
        _torso_edges(shape, ys)
        if azimuth_deg == 0
        else (np.zeros(ROW_COUNT), np.zeros(ROW_COUNT), nothing, nothing)
    )
    focal_known = focal_px is not None
    if focal_px is None:
        focal_px = DEFAULT_FOCAL_MM * math.hypot(width, height) / math.hypot(36.0, 24.0)
    points = np.zeros((len(KEYPOINT_BONES), 2))
    weights = np.zeros(len(KEYPOINT_BONES))
    slots = {name: index for index, name in enumerate(KEYPOINT_BONES)}
    for name, x, y, visibility in keypoints:
        if mirrored:
            name = _swap_side(name)
            x = 1.0 - x
        if name in slots and 0.0 <= x <= 1.0 and 0.0 <= y <= 1.0:
            points[slots[name]] = (x * width, y * height)
            weights[slots[name]] = float(np.clip(visibility, 0.0, 1.0))
    merged = (
        _arm_contact(shape, ys, points, weights, slots) if azimuth_deg == 0 else (nothing, nothing)
    )
    thighs = _thigh_contact(shape, ys, points, weights, slots) if azimuth_deg == 0 else nothing
    return ObservedView(
        azimuth_deg=azimuth_deg,
        width_px=width,
        height_px=height,
        focal_px=focal_px,
        top_px=float(shape.top),
        bottom_px=float(shape.bottom + 1),
        left_px=left,
        right_px=right,
        valid=valid,
        inner_left_px=inner_left,
        inner_right_px=inner_right,
        inner_left_valid=inner_left_valid & valid,
        inner_right_valid=inner_right_valid & valid,
        merged_left=merged[0] & valid,
        merged_right=merged[1] & valid,
        thighs_merged=thighs & valid,
        keypoints_px=points,
        keypoint_weights=weights,
        focal_known=focal_known,
    )


def _swap_side(name: str) -> str:
    if name.startswith("left_"):
        return "right_" + name[5:]
    if name.startswith("right_"):
        return "left_" + name[6:]
    return name


def _torso_edges(
    shape: Silhouette, ys: FloatArray
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_], NDArray[np.bool_]]:
    """Per row, between chest and hips, the edges of the mask's run that holds the body's
    axis on each side where a body part (an arm) lies apart from it on that side."""
    left = np.zeros(ROW_COUNT)
    right = np.zeros(ROW_COUNT)
    left_valid = np.zeros(ROW_COUNT, dtype=bool)
    right_valid = np.zeros(ROW_COUNT, dtype=bool)
    axis = round(shape.axis_x)
    for index, (fraction, y) in enumerate(zip(ROW_FRACTIONS, ys, strict=True)):
        if not TORSO_ROWS[0] <= fraction <= TORSO_ROWS[1]:
            continue
        row = shape.mask[round(y)]
        if not 0 <= axis < len(row) or not row[axis]:
            continue
        gaps_left = np.flatnonzero(~row[:axis])
        gaps_right = np.flatnonzero(~row[axis:])
        if gaps_left.size:
            start = int(gaps_left[-1]) + 1
            left[index], left_valid[index] = start, bool(row[:start].any())
        if gaps_right.size:
            end = axis + int(gaps_right[0])
            right[index], right_valid[index] = end, bool(row[end:].any())
    return left, right, left_valid, right_valid


def _thigh_contact(
    shape: Silhouette,
    ys: FloatArray,
    points: FloatArray,
    weights: FloatArray,
    slots: Mapping[str, int],
) -> NDArray[np.bool_]:
    """Per row from the hips' keypoints to the knees', whether the mask is filled midway
    between the legs (the thighs touch); nothing when the detector missed a hip or knee."""
    merged = np.zeros(ROW_COUNT, dtype=bool)
    names = ("left_hip", "right_hip", "left_knee", "right_knee")
    if any(weights[slots[name]] <= 0.5 for name in names):
        return merged
    hips = (points[slots["left_hip"]] + points[slots["right_hip"]]) / 2.0
    knees = (points[slots["left_knee"]] + points[slots["right_knee"]]) / 2.0
    if knees[1] <= hips[1]:
        return merged
    for index, y in enumerate(ys):
        # Below the crotch only (the mesh between the thighs higher up is the pelvis's).
        if not hips[1] + THIGH_CONTACT_FROM * (knees[1] - hips[1]) <= y <= knees[1]:
            continue
        x = round(hips[0] + (y - hips[1]) / (knees[1] - hips[1]) * (knees[0] - hips[0]))
        row = shape.mask[round(y)]
        merged[index] = 0 <= x < len(row) and bool(row[x])
    return merged


def _arm_contact(
    shape: Silhouette,
    ys: FloatArray,
    points: FloatArray,
    weights: FloatArray,
    slots: Mapping[str, int],
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Per row and side of the picture, whether the mask runs without a gap from the body's
    axis to its outer edge, from the shoulders to a little above the wrist on that side (the
    arm lies against the torso there); rows below a wrist the detector did not see are not
    read."""
    merged = (np.zeros(ROW_COUNT, dtype=bool), np.zeros(ROW_COUNT, dtype=bool))
    axis = round(shape.axis_x)
    margin = WRIST_MARGIN * shape.height_px
    wrists = [slots["left_wrist"], slots["right_wrist"]]
    for side in (0, 1):
        # The wrist on this side of the picture: the one whose x lies on it.
        seen = [w for w in wrists if weights[w] > 0.5 and (points[w, 0] < axis) == (side == 0)]
        if not seen:
            continue
        lowest = min(points[w, 1] for w in seen) - margin
        for index, (fraction, y) in enumerate(zip(ROW_FRACTIONS, ys, strict=True)):
            if not ARM_CONTACT_ROWS[0] <= fraction <= ARM_CONTACT_ROWS[1] or y > lowest:
                continue
            row = shape.mask[round(y)]
            if not 0 <= axis < len(row) or not row[axis]:
                continue
            part = row[: axis + 1] if side == 0 else row[axis:]
            filled = np.flatnonzero(part)
            merged[side][index] = filled.size == filled[-1] - filled[0] + 1
    return merged


class Refiner:
    """Differentiable posed anny bodies (torch) and the fit of shape, stances and cameras."""

    def __init__(self, space: Any, iterations: int = ROUNDS) -> None:
        import torch

        space.prepare()
        self._space = space
        self._model = space._model
        arrays = space._arrays
        self._template = torch.as_tensor(arrays["template"], dtype=torch.float64)
        # Per vertex coordinate (rows): the fit gathers the few thousand it reads each round,
        # a contiguous copy this way round. The space keeps them column-major, so this shares
        # its memory (``.contiguous()`` copies only if it did not).
        self._blendshape_rows = torch.as_tensor(
            arrays["blendshapes"], dtype=torch.float64
        ).T.contiguous()
        self._blendshapes = self._blendshape_rows.T  # (C, 3 V), a view
        self._head_template = torch.as_tensor(arrays["template_heads"], dtype=torch.float64)
        self._head_blendshapes = torch.as_tensor(arrays["head_blendshapes"], dtype=torch.float64)
        faces = np.asarray(arrays["faces"])
        edges = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
        edges = np.unique(np.sort(edges, axis=1), axis=0)
        self._edges = torch.as_tensor(edges)
        geometry = space.geometry(space.default(None))
        self._rig = Rig.of(geometry)
        self._weights = torch.as_tensor(self._rig.vertex_weights)
        dominant = geometry.dominant_joint()
        arms = [
            np.isin(dominant, geometry.descendants(geometry.landmarks[n]))
            for n in ("shoulder_l", "shoulder_r")
        ]
        on_arm = arms[0] | arms[1]
        self._torso_edges = torch.as_tensor(edges[~on_arm[edges].any(axis=1)])
        # Each arm's and each leg's own edges: where the photo shows an arm against the
        # torso, or the thighs touching, the gap between them is read.
        legs = [
            np.isin(dominant, geometry.descendants(geometry.landmarks[n]))
            for n in ("hip_l", "hip_r")
        ]
        self._limb_edges = [
            torch.as_tensor(edges[part[edges].all(axis=1)]) for part in (*arms, *legs)
        ]
        self._faces = torch.as_tensor(faces)
        names = list(geometry.joint_names)
        # Bones whose heads the loss reads: the pose pivots, then the keypoints' joints.
        self._keypoint_bones = np.array(
            [names.index(bone) for bone in KEYPOINT_BONES.values()], dtype=np.int64
        )
        self._bones = np.concatenate([self._rig.pivot_bones, self._keypoint_bones])
        self._bone_columns = torch.as_tensor(
            (self._bones[:, None] * 3 + np.arange(3)[None, :]).ravel()
        )
        self._keypoint_sigma = torch.as_tensor(
            [KEYPOINT_SIGMA[name.split("_")[1]] for name in KEYPOINT_BONES]
        )
        self._keypoint_groups = [self._rig.joint_group(int(b)) for b in self._keypoint_bones]
        self._phenotypes = 6
        self._lower_np = np.asarray(space.lower, dtype=np.float64)
        self._upper_np = np.asarray(space.upper, dtype=np.float64)
        self._pose_sigma = np.repeat([POSE_SIGMA_RAD[name] for name in POSE_NAMES], 3)
        self.iterations = iterations
        self.last_cameras: FloatArray | None = None
        self.last_poses: FloatArray | None = None
        self.last_focal_scale = 1.0
        self.last_cost: dict[str, float] = {}
        self.last_long_hair = False
        self.last_stance_deg = 0.0
        self.last_clothing_offset_cm = (0.0, 0.0)  # the top's and the trousers'

    # -- the body ------------------------------------------------------------------------------
    def coefficients(self, parameters: Any) -> Any:
        return self._coefficients_batch(parameters[None])

    def _coefficients_batch(self, parameters: Any) -> Any:
        import torch

        facial = torch.zeros((parameters.shape[0], 0), dtype=torch.float64)
        return self._model._get_phenotype_blendshape_coefficients(
            parameters[:, : self._phenotypes], parameters[:, self._phenotypes :], facial
        )

    def vertices(self, parameters: Any) -> Any:
        """(V, 3) rest-stance metres for one parameter vector (torch), not on the floor."""
        return self._rest_flat(self.coefficients(parameters)).reshape(-1, 3)

    def _rest_flat(self, coefficients: Any) -> Any:
        """(1, 3 V) the whole rest mesh of one row of blend-shape coefficients."""
        return self._template + coefficients @ self._blendshapes

    def mass_kg(self, vertices: Any) -> Any:
        import torch

        a, b, c = (vertices[self._faces[:, i]] for i in range(3))
        volume = (a * torch.cross(b, c, dim=1)).sum() / 6.0
        return volume.abs() * BODY_DENSITY_KG_M3

    # -- the fit -------------------------------------------------------------------------------
    def fit(
        self,
        start: FloatArray,
        prior_sigma: FloatArray,
        views: Sequence[ObservedView],
        *,
        height_cm: float | None,
        weight_kg: float | None,
        clothing: str = "tight",
        fixed: Mapping[int, float] | None = None,
    ) -> tuple[FloatArray, Mapping[str, float]]:
        """Refined parameters and the final residuals (RMS edge error in pixels per view);
        the stances, cameras and focal scale found are left in ``last_poses``,
        ``last_cameras`` and ``last_focal_scale``, the clothes' offsets from the skin in
        ``last_clothing_offset_cm`` (top, trousers), how far the stances are from the rest
        in ``last_stance_deg`` (``stance_degrees``), the final cost in ``last_cost`` ("data":
        the photos', height's and weight's terms; "prior": the priors').

        ``fixed`` pins parameters (index -> value), e.g. the gender the user gave. Each
        round linearises the body's shape around the current parameters (anny's rest
        vertices are linear in its blend-shape coefficients; the coefficients are
        differentiated by finite differences), poses it, picks the mesh edges that can hold
        the outline, and takes one damped Gauss-Newton step with the exact Jacobian of the
        residuals (forward-mode autodiff of posing and projection).
        """
        import torch

        shape_count = len(start)
        start = np.asarray(start, dtype=np.float64).copy()
        free = np.ones(shape_count, dtype=bool)
        for index, value in (fixed or {}).items():
            start[index] = value
            free[index] = False
        parameters = start.copy()
        body_height = self._height_of(parameters)
        if height_cm is not None:
            body_height = height_cm / 100.0
        poses = np.zeros((len(views), POSE_SIZE))
        cameras = np.stack([self._initial_camera(view, body_height) for view in views])
        focal_known = all(view.focal_known for view in views)
        focal_log = np.zeros(1)
        offset_cm, spread_cm, slack_cm = CLOTHING_OUTLINE_CM.get(
            clothing, CLOTHING_OUTLINE_CM["tight"]
        )
        # The top's and the trousers' offsets less the typical one (cm), solved for.
        cloth = np.zeros(CLOTH_SIZE)
        cloth_range = (-offset_cm, 4.0 * spread_cm)
        self.last_long_hair = long_hair(views)
        if self.last_long_hair:  # the regressor read the hair as body too
            prior_sigma = prior_sigma * HAIR_PRIOR_SCALE
        observed = [
            _observed_tensors(view, offset_cm, body_height, self.last_long_hair) for view in views
        ]
        edge_sigma = [
            math.hypot(EDGE_SIGMA_PX, slack_cm * view.px_per_cm(body_height)) for view in views
        ]
        sizes = (shape_count, len(views) * POSE_SIZE, cameras.size, 1, cloth.size)
        support = _Support()
        if SETTLE_ROUNDS:
            poses, cameras, focal_log = self._settle_stance(
                parameters, poses, cameras, focal_log, views, observed, focal_known
            )

        def fixed(
            model: _Linear,
            delta: Any,
            pose: Any,
            camera: Any,
            focal: Any,
            cloth: Any,
            support: _Support,
            weight_kg: float | None = weight_kg,
        ) -> Any:
            """The residuals with everything but the unknowns bound."""
            return self._residuals(
                model,
                delta,
                pose,
                camera,
                focal,
                cloth,
                views,
                observed,
                support,
                start=start,
                sigma=prior_sigma,
                height_cm=height_cm,
                weight_kg=weight_kg,
                focal_known=focal_known,
                edge_sigma=edge_sigma,
                cloth_sigma=spread_cm,
            )

        def values_at(
            model: _Linear,
            poses: FloatArray,
            cameras: FloatArray,
            focal_log: FloatArray,
            cloth: FloatArray,
        ) -> FloatArray:
            """The residuals at a point without derivatives (the mass term is added apart,
            exactly, by ``_weight_term``)."""
            with torch.no_grad():
                values = fixed(
                    model,
                    torch.zeros(shape_count, dtype=torch.float64),
                    torch.as_tensor(poses),
                    torch.as_tensor(cameras),
                    torch.as_tensor(focal_log),
                    torch.as_tensor(cloth),
                    support,
                    weight_kg=None,
                )
            return np.asarray(values.numpy())

        damping = 1e-2
        failures = 0
        residuals: dict[str, float] = {}
        for _round in range(self.iterations):
            # The outline's candidate edges move with the body: chosen again every round (a
            # stale choice misjudges the trial steps; the choice is one pass over the edges).
            model = self._linearise(parameters, poses, cameras, focal_log, views, support, True)

            arguments = (
                torch.zeros(shape_count, dtype=torch.float64),
                torch.as_tensor(poses),
                torch.as_tensor(cameras),
                torch.as_tensor(focal_log),
                torch.as_tensor(cloth),
            )
            with torch.no_grad():
                values = fixed(model, *arguments, support).numpy()
            robust = self._robust_rows(len(views), len(values))
            cost = _robust_cost(values, robust)
            # The derivatives need only the mesh edges that hold the outline now (and the
            # top, bottom and floor vertices): a tenth of the candidates.
            reduced_model, reduced_support = self._reduce(
                model, support, poses, cameras, focal_log, views
            )

            def reduced_residual(
                delta: Any,
                pose: Any,
                camera: Any,
                focal: Any,
                cloth: Any,
                model: _Linear = reduced_model,
                support: _Support = reduced_support,
            ) -> Any:
                return fixed(model, delta, pose, camera, focal, cloth, support)

            jacobians = jacfwd(reduced_residual, argnums=(0, 1, 2, 3, 4))(*arguments)
            jacobian = torch.cat([j.reshape(len(values), -1) for j in jacobians], dim=1).numpy()
            jacobian[:, :shape_count][:, ~free] = 0.0
            # Iteratively reweighted: outline rows far off weigh less (a Cauchy loss).
            scale = np.ones(len(values))
            scale[robust] = 1.0 / np.sqrt(1.0 + (values[robust] / ROBUST_SCALE) ** 2)
            r = values * scale
            jacobian = jacobian * scale[:, None]
            normal = jacobian.T @ jacobian
            gradient = jacobian.T @ r
            accepted = False
            for _attempt in range(6):
                step = _damped_step(normal, gradient, damping)
                parts = np.split(step, np.cumsum(sizes)[:-1])
                trial = np.clip(parameters + parts[0], self._lower_np, self._upper_np)
                trial_poses = poses + parts[1].reshape(poses.shape)
                trial_cameras = cameras + parts[2].reshape(cameras.shape)
                trial_focal = np.clip(focal_log + parts[3], *FOCAL_LOG_RANGE)
                trial_cloth = np.clip(cloth + parts[4], *cloth_range)
                trial_model = self._linearise(
                    trial, trial_poses, trial_cameras, trial_focal, views, support, False
                )
                trial_values = values_at(
                    trial_model, trial_poses, trial_cameras, trial_focal, trial_cloth
                )
                trial_cost = _robust_cost(trial_values, robust[: len(trial_values)])
                if weight_kg is not None:  # the mass term, exactly, on the whole body
                    trial_cost += self._weight_term(trial, weight_kg) ** 2
                if trial_cost < cost:
                    parameters, poses, cameras, focal_log, cloth = (
                        trial,
                        trial_poses,
                        trial_cameras,
                        trial_focal,
                        trial_cloth,
                    )
                    damping = max(damping / 3.0, 1e-6)
                    accepted = True
                    break
                damping *= 4.0
            if not accepted:
                # No step lowered the cost: retry once, more damped, before giving up.
                failures += 1
                if failures > 1:
                    break
                continue
            failures = 0
            if cost - trial_cost < CONVERGED * cost:
                break
        final = self._linearise(parameters, poses, cameras, focal_log, views, support, False)
        residuals = self._edge_rms(
            final, poses, cameras, focal_log, cloth, views, observed, support
        )
        values = values_at(final, poses, cameras, focal_log, cloth)
        robust = self._robust_rows(len(views), len(values))
        priors = shape_count + poses.size + 1 + cloth.size
        self.last_cost = {
            "prior": float((values[:priors] ** 2).sum()),
            "data": _robust_cost(values[priors:], robust[priors:]),
        }
        if weight_kg is not None:
            self.last_cost["data"] += self._weight_term(parameters, weight_kg) ** 2
        self.last_cameras = cameras
        self.last_poses = poses
        self.last_focal_scale = float(np.exp(focal_log[0]))
        self.last_stance_deg = stance_degrees(poses)
        self.last_clothing_offset_cm = (offset_cm + float(cloth[0]), offset_cm + float(cloth[1]))
        return parameters, residuals

    # -- pieces of the fit ---------------------------------------------------------------------
    def skeleton(self, parameters: FloatArray) -> _Skeleton:
        """The rest body of ``parameters`` as far as its stance is read: the posed joints'
        pivots, the keypoints' joints, the vertices that can be its top and its soles."""
        import torch

        with torch.no_grad():
            coefficients = self._coefficients_batch(torch.as_tensor(parameters[None]))
            heads = (
                self._head_template[:, self._bone_columns]
                + coefficients @ self._head_blendshapes[:, self._bone_columns]
            ).reshape(-1, 3)
            rest = self._rest_flat(coefficients).reshape(-1, 3)
            order = torch.argsort(rest[:, 2])
            ends = torch.cat([order[:END_VERTICES], order[-END_VERTICES:]])
        pivot_count = len(self._rig.pivot_bones)
        return _Skeleton(heads[:pivot_count], heads[pivot_count:], rest[ends], self._weights[ends])

    def project_skeleton(
        self, skeleton: _Skeleton, pose: Any, camera: Any, view: ObservedView, focal_scale: Any
    ) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
        """The keypoints' joints of the posed skeleton in ``view`` (x, y pixels, KEYPOINT_BONES
        order) and the top and bottom of the body there, soles on the floor."""
        rotations, translations = group_transforms(self._rig, skeleton.pivots, pose)
        ends = skin(skeleton.ends, skeleton.end_weights, rotations, translations)
        keypoints = self._posed_keypoints(skeleton.joints, rotations, translations)
        lift = torch_stack_z(ends[:END_VERTICES, 2].min())
        _, py = self._project(ends - lift, camera, view, focal_scale)
        return self._project(keypoints - lift, camera, view, focal_scale), (py.min(), py.max())

    def _posed_keypoints(self, joints: Any, rotations: Any, translations: Any) -> Any:
        """The keypoints' joints (K, 3) moved by the groups that carry them."""
        groups = self._keypoint_groups
        return (rotations[groups] @ joints[..., None])[..., 0] + translations[groups]

    def _settle_stance(
        self,
        parameters: FloatArray,
        poses: FloatArray,
        cameras: FloatArray,
        focal_log: FloatArray,
        views: Sequence[ObservedView],
        observed: Sequence[_ObservedTensors],
        focal_known: bool,
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Each photo's stance and camera (and the focal length) from the keypoints and the
        silhouette's top and bottom alone, the body's shape held at ``parameters``: a cheap
        start for the joint fit, which otherwise spends its rounds turning the arms and
        legs out of the rest stance while the shape makes up for the stance not yet found."""
        import torch

        skeleton = self.skeleton(parameters)
        pose_sigma = torch.as_tensor(self._pose_sigma)
        focal_sigma = 1e-3 if focal_known else FOCAL_LOG_SIGMA

        def residuals(pose: Any, camera: Any, focal: Any) -> Any:
            parts = [(pose / pose_sigma).reshape(-1), focal / focal_sigma]
            focal_scale = torch.exp(focal[0])
            for index, view in enumerate(views):
                (kx, ky), (top, bottom) = self.project_skeleton(
                    skeleton, pose[index], camera[index], view, focal_scale
                )
                seen = observed[index]
                sigma = self._keypoint_sigma * (view.bottom_px - view.top_px)
                parts.append((kx - seen.keypoints[:, 0]) * seen.keypoint_weights / sigma)
                parts.append((ky - seen.keypoints[:, 1]) * seen.keypoint_weights / sigma)
                parts.append(
                    torch.stack([top - view.top_px, bottom - view.bottom_px]) / END_SIGMA_PX
                )
            return torch.cat(parts)

        state = [poses.copy(), cameras.copy(), focal_log.copy()]
        shapes = [part.shape for part in state]
        cuts = np.cumsum([part.size for part in state])[:-1]

        def evaluate(values: list[FloatArray]) -> FloatArray:
            with torch.no_grad():
                return np.asarray(residuals(*(torch.as_tensor(v) for v in values)).numpy())

        current = evaluate(state)
        cost = float(current @ current)
        damping = 1e-2
        for _round in range(SETTLE_ROUNDS):
            jacobians = jacfwd(residuals, argnums=(0, 1, 2))(*(torch.as_tensor(v) for v in state))
            jacobian = torch.cat([j.reshape(len(current), -1) for j in jacobians], 1).numpy()
            normal = jacobian.T @ jacobian
            gradient = jacobian.T @ current
            for _attempt in range(6):
                step = _damped_step(normal, gradient, damping)
                trial = [
                    value + change.reshape(shape)
                    for value, change, shape in zip(
                        state, np.split(step, cuts), shapes, strict=True
                    )
                ]
                trial[2] = np.clip(trial[2], *FOCAL_LOG_RANGE)
                values = evaluate(trial)
                trial_cost = float(values @ values)
                if trial_cost < cost:
                    improved = cost - trial_cost
                    state, current, cost = trial, values, trial_cost
                    damping = max(damping / 3.0, 1e-6)
                    break
                damping *= 4.0
            else:
                break
            if improved < CONVERGED * cost:
                break
        return state[0], state[1], state[2]

    def _height_of(self, parameters: FloatArray) -> float:
        import torch

        with torch.no_grad():
            vertices = self.vertices(torch.as_tensor(parameters))
        return float(vertices[:, 2].max() - vertices[:, 2].min())

    def _weight_term(self, parameters: FloatArray, weight_kg: float) -> float:
        import torch

        with torch.no_grad():
            vertices = self.vertices(torch.as_tensor(parameters))
        return float((self.mass_kg(vertices) - weight_kg) / WEIGHT_SIGMA_KG)

    def _linearise(
        self,
        parameters: FloatArray,
        poses: FloatArray,
        cameras: FloatArray,
        focal_log: FloatArray,
        views: Sequence[ObservedView],
        support: _Support,
        full: bool,
    ) -> _Linear:
        """The support's rest vertices and the bones' heads around ``parameters`` (with
        their derivatives when ``full``; the support is chosen again then)."""
        import torch

        with torch.no_grad():
            if not full:  # the vertices only, at ``parameters`` (a trial step)
                coefficients = self._coefficients_batch(torch.as_tensor(parameters[None]))
                base = self._rest_flat(coefficients)[:, support.columns]
                heads = self._head_template[:, self._bone_columns] + (
                    coefficients @ self._head_blendshapes[:, self._bone_columns]
                )
                return _Linear(torch.as_tensor(parameters), base, None, heads, None, None, None)
            step = 1e-4
            batch = np.repeat(parameters[None], len(parameters) + 1, axis=0)
            signs = np.where(parameters + step > self._upper_np, -1.0, 1.0)
            batch[np.arange(1, len(parameters) + 1), np.arange(len(parameters))] += signs * step
            coefficients = self._coefficients_batch(torch.as_tensor(batch))
            rest = self._rest_flat(coefficients[:1]).reshape(-1, 3)
            all_heads = (self._head_template + coefficients[:1] @ self._head_blendshapes).reshape(
                -1, 3
            )
            self._select(support, rest, all_heads, poses, cameras, focal_log, views)
            base = rest.reshape(1, -1)[:, support.columns]
            derivative = (coefficients[1:] - coefficients[:1]) / torch.as_tensor(signs * step)[
                :, None
            ]
            heads = self._head_template[:, self._bone_columns] + (
                coefficients[:1] @ self._head_blendshapes[:, self._bone_columns]
            )
            head_basis = derivative @ self._head_blendshapes[:, self._bone_columns]
            mass = self.mass_kg(rest)
            mass_gradient = derivative @ (
                self._blendshapes
                @ torch.as_tensor(_mass_gradient(rest.numpy(), self._faces.numpy()).ravel())
            )
        # The vertices' derivatives (base + delta @ basis) only where the Jacobian reads
        # them: ``_reduce`` makes them for its tenth of the support.
        return _Linear(
            torch.as_tensor(parameters),
            base,
            None,
            heads,
            head_basis,
            mass,
            mass_gradient,
            derivative,
        )

    def _reduce(
        self,
        model: _Linear,
        support: _Support,
        poses: FloatArray,
        cameras: FloatArray,
        focal_log: FloatArray,
        views: Sequence[ObservedView],
    ) -> tuple[_Linear, _Support]:
        """The model and support cut down to what the residuals read at this point: per
        row the outermost edges, the top and bottom of each view, the floor vertices."""
        import torch

        with torch.no_grad():
            zero = torch.zeros(len(model.parameters), dtype=torch.float64)
            posed, _ = self._posed(model, zero, torch.as_tensor(poses), support)
            focal_scale = torch.exp(torch.as_tensor(focal_log[0]))
            kept_vertices = []
            kept_edges: list[list[Any]] = []
            for index, view in enumerate(views):
                vertices = posed[index][0]
                projected = self._project(
                    vertices, torch.as_tensor(cameras[index]), view, focal_scale
                )
                per_view = []
                for edges in (
                    support.edges[index],
                    support.torso_edges[index],
                    *support.limb_edges[index],
                ):
                    record: list[Any] = []
                    _projected_outline(projected, edges, support.ends, record=record)
                    chosen = torch.unique(record[0])
                    per_view.append(edges[chosen])
                    kept_vertices.extend([edges[chosen].ravel(), record[1]])
                kept_edges.append(per_view)
                kept_vertices.append(support.floor[vertices[support.floor, 2].argmin()][None])
            rest = model.base.reshape(-1, 3)
            kept_vertices.append(support.ends[rest[support.ends, 2].argmax()][None])
            kept_vertices.append(support.floor[rest[support.floor, 2].argmin()][None])
            used = torch.unique(torch.cat(kept_vertices))
            position = torch.full((rest.shape[0],), -1, dtype=torch.long)
            position[used] = torch.arange(used.numel())
            columns = (used[:, None] * 3 + torch.arange(3)[None, :]).ravel()
            reduced = _Support()
            reduced.columns = support.columns[columns]
            reduced.weights = support.weights[used]
            reduced.edges = [position[per_view[0]] for per_view in kept_edges]
            reduced.torso_edges = [position[per_view[1]] for per_view in kept_edges]
            reduced.limb_edges = [
                [position[edges] for edges in per_view[2:]] for per_view in kept_edges
            ]
            ends = position[support.ends]
            reduced.ends = ends[ends >= 0]
            floor = position[support.floor]
            reduced.floor = floor[floor >= 0]
        basis = None
        if model.derivative is not None:  # rows of the transposed copy: a contiguous gather
            basis = model.derivative @ self._blendshape_rows[reduced.columns].T
        return (
            _Linear(
                model.parameters,
                model.base[:, columns],
                basis,
                model.heads,
                model.head_basis,
                model.mass,
                model.mass_gradient,
            ),
            reduced,
        )

    def _posed(self, model: _Linear, delta: Any, pose: Any, support: _Support) -> Any:
        """Per view: posed support vertices (S, 3) and keypoint joints (K, 3), soles on 0,
        and the rest-stance height (m)."""
        flat = model.base if model.basis is None else model.base + delta[None, :] @ model.basis
        rest = flat.reshape(-1, 3)
        heads_flat = (
            model.heads
            if model.head_basis is None
            else model.heads + delta[None, :] @ model.head_basis
        )
        heads = heads_flat.reshape(-1, 3)
        pivots = heads[: len(self._rig.pivot_bones)]
        joints = heads[len(self._rig.pivot_bones) :]
        results = []
        for index in range(pose.shape[0]):
            rotations, translations = group_transforms(self._rig, pivots, pose[index])
            posed = skin(rest, support.weights, rotations, translations)
            keypoints = self._posed_keypoints(joints, rotations, translations)
            floor = posed[support.floor, 2].min()
            lift = torch_stack_z(floor)
            results.append((posed - lift, keypoints - lift))
        rest_height = rest[support.ends, 2].max() - rest[support.floor, 2].min()
        return results, rest_height

    def _residuals(
        self,
        model: _Linear,
        delta: Any,
        pose: Any,
        cameras: Any,
        focal_log: Any,
        cloth: Any,
        views: Sequence[ObservedView],
        observed: Sequence[_ObservedTensors],
        support: _Support,
        *,
        start: FloatArray,
        sigma: FloatArray,
        height_cm: float | None,
        weight_kg: float | None,
        focal_known: bool,
        edge_sigma: Sequence[float],
        cloth_sigma: float,
    ) -> Any:
        import torch

        posed, rest_height = self._posed(model, delta, pose, support)
        parts = [(model.parameters + delta - torch.as_tensor(start)) / torch.as_tensor(sigma)]
        parts.append((pose / torch.as_tensor(self._pose_sigma)).reshape(-1))
        focal_sigma = 1e-3 if focal_known else FOCAL_LOG_SIGMA
        parts.append(focal_log / focal_sigma)
        parts.append(cloth / cloth_sigma)
        focal_scale = torch.exp(focal_log[0])
        gaps: list[Any] = []  # after the views' blocks (``_robust_rows``): plain squares
        for index, view in enumerate(views):
            seen = observed[index]
            vertices, keypoints = posed[index]
            camera = cameras[index]
            # One projection per view: every outline below reads it.
            projected = self._project(vertices, camera, view, focal_scale)
            (model_left, model_right), (top, bottom) = _projected_outline(
                projected, support.edges[index], support.ends
            )
            seen_left, seen_right, seen_inner_left, seen_inner_right = seen.outline(cloth)
            weight = seen.valid.to(torch.float64) / edge_sigma[index]
            # Where hair may lie (over the neck and shoulders, down the back; further down
            # where long hair is seen), the photo's outline may stand outside the body, never
            # inside it: a body inside the outline there costs little (nothing where long
            # hair is seen), one outside it the full price.
            left = model_left - seen_left
            right = model_right - seen_right
            parts.append(left * weight * torch.where((left > 0).detach(), seen.hair_left, 1.0))
            parts.append(right * weight * torch.where((right < 0).detach(), seen.hair_right, 1.0))
            (torso_left, torso_right), _ = _projected_outline(
                projected, support.torso_edges[index], support.ends
            )
            weight = 1.0 / edge_sigma[index]
            parts.append((torso_left - seen_inner_left) * seen.inner_left_valid * weight)
            parts.append((torso_right - seen_inner_right) * seen.inner_right_valid * weight)
            limbs = [
                _projected_outline(projected, edges, support.ends)[0] if edges.numel() else None
                for edges in support.limb_edges[index]
            ]
            if limbs:
                torso = (torso_left, torso_right)
                for arm in limbs[:2]:
                    gaps.append(
                        _gap(arm, torso, seen, seen.merged_left, seen.merged_right) * weight
                    )
                gaps.append(_gap(limbs[2], limbs[3], seen, seen.thighs_merged) * weight)
            kx, ky = self._project(keypoints, camera, view, focal_scale)
            keypoint_sigma = self._keypoint_sigma * (view.bottom_px - view.top_px)
            parts.append((kx - seen.keypoints[:, 0]) * seen.keypoint_weights / keypoint_sigma)
            parts.append((ky - seen.keypoints[:, 1]) * seen.keypoint_weights / keypoint_sigma)
            parts.append(torch.stack([top - view.top_px, bottom - view.bottom_px]) / END_SIGMA_PX)
        parts.extend(gaps)
        if height_cm is not None:
            parts.append(((rest_height * 100.0 - height_cm) / HEIGHT_SIGMA_CM)[None])
        if weight_kg is not None and model.mass is not None:
            mass = model.mass + (delta * model.mass_gradient).sum()
            parts.append(((mass - weight_kg) / WEIGHT_SIGMA_KG)[None])
        return torch.cat(parts)

    def _edge_rms(
        self,
        model: _Linear,
        poses: FloatArray,
        cameras: FloatArray,
        focal_log: FloatArray,
        cloth: FloatArray,
        views: Sequence[ObservedView],
        observed: Sequence[_ObservedTensors],
        support: _Support,
    ) -> dict[str, float]:
        import torch

        result = {}
        with torch.no_grad():
            zero = torch.zeros(len(model.parameters), dtype=torch.float64)
            posed, _ = self._posed(model, zero, torch.as_tensor(poses), support)
            focal_scale = torch.exp(torch.as_tensor(focal_log[0]))
            for index, view in enumerate(views):
                seen = observed[index]
                projected = self._project(
                    posed[index][0], torch.as_tensor(cameras[index]), view, focal_scale
                )
                (model_left, model_right), _ = _projected_outline(
                    projected, support.edges[index], support.ends
                )
                valid = seen.valid
                seen_left, seen_right, _, _ = seen.outline(torch.as_tensor(cloth))
                errors = torch.cat(
                    [(model_left - seen_left)[valid], (model_right - seen_right)[valid]]
                )
                result[f"edge_rms_px_{view.azimuth_deg:.0f}"] = float(errors.pow(2).mean().sqrt())
        return result

    def _select(
        self,
        support: _Support,
        rest: Any,
        heads: Any,
        poses: FloatArray,
        cameras: FloatArray,
        focal_log: FloatArray,
        views: Sequence[ObservedView],
    ) -> None:
        """The vertices the loss needs: the candidate outline edges of every posed view, the
        top of the head and the soles."""
        import torch

        pivots = heads[torch.as_tensor(self._rig.pivot_bones)]
        focal_scale = torch.exp(torch.as_tensor(focal_log[0]))
        chosen, torso, ends = [], [], []
        arms: list[list[Any]] = []
        for index, view in enumerate(views):
            rotations, translations = group_transforms(
                self._rig, pivots, torch.as_tensor(poses[index])
            )
            posed = skin(rest, self._weights, rotations, translations)
            posed = posed - torch_stack_z(posed[:, 2].min())
            order = torch.argsort(posed[:, 2])
            ends.append(torch.cat([order[:END_VERTICES], order[-END_VERTICES:]]))
            px, py = self._project(posed, torch.as_tensor(cameras[index]), view, focal_scale)
            projected = (px.numpy(), py.numpy())
            chosen.append(_candidate_edges(projected, self._edges))
            torso.append(_candidate_edges(projected, self._torso_edges))
            arms.append(
                [_candidate_edges(projected, edges) for edges in self._limb_edges]
                if view.merged_left.any() or view.merged_right.any() or view.thighs_merged.any()
                else []
            )
        rest_order = torch.argsort(rest[:, 2])
        rest_ends = torch.cat([rest_order[:END_VERTICES], rest_order[-END_VERTICES:]])
        every_end = torch.unique(torch.cat([*ends, rest_ends]))
        limb_edges = [edges for per_view in arms for edges in per_view]
        used = torch.unique(
            torch.cat([every_end, *[edges.ravel() for edges in chosen + torso + limb_edges]])
        )
        position = torch.full((rest.shape[0],), -1, dtype=torch.long)
        position[used] = torch.arange(used.numel())
        support.columns = (used[:, None] * 3 + torch.arange(3)[None, :]).ravel()
        support.weights = self._weights[used]
        support.edges = [position[edges] for edges in chosen]
        support.torso_edges = [position[edges] for edges in torso]
        support.limb_edges = [[position[edges] for edges in per_view] for per_view in arms]
        support.ends = position[every_end]
        support.floor = position[every_end]
        self.last_support_size = int(used.numel())

    def _robust_rows(self, view_count: int, count: int) -> NDArray[np.bool_]:
        """Which residuals get the Cauchy loss (``_residuals`` order: the shape prior, the
        pose prior, the focal prior, the clothes' prior, then per view left rows, right rows,
        torso left and right rows, keypoints x and y, top and bottom; then height and
        weight)."""
        keypoints = len(self._keypoint_bones)
        first = len(self._lower_np) + view_count * POSE_SIZE + 1 + CLOTH_SIZE
        per_view = 4 * ROW_COUNT + 2 * keypoints + 2
        rows = np.zeros(count, dtype=bool)
        for view in range(view_count):
            begin = first + view * per_view
            rows[begin : begin + 4 * ROW_COUNT + 2 * keypoints] = True
        return rows

    def _initial_camera(self, view: ObservedView, body_height_m: float) -> FloatArray:
        """distance, height, tilt (rad), turn (rad), sideways offset (m)."""
        distance = view.focal_px * body_height_m / max(view.bottom_px - view.top_px, 1.0)
        # The middle of the body is at the middle of its silhouette: solve the tilt for it.
        middle_px = (view.top_px + view.bottom_px) / 2.0 - view.height_px / 2.0
        camera_height = 1.0
        angle_to_middle = math.atan2(camera_height - body_height_m / 2.0, distance)
        tilt = angle_to_middle - math.atan2(middle_px, view.focal_px)
        # Sideways: the legs' middle (lower rows) against the picture's centre.
        lower = np.flatnonzero(view.valid)
        lower = lower[lower >= int(0.55 * ROW_COUNT)]
        axis_px = (
            float(np.mean((view.left_px[lower] + view.right_px[lower]) / 2.0))
            if lower.size
            else view.width_px / 2.0
        )
        offset = -(axis_px - view.width_px / 2.0) * distance / view.focal_px
        return np.array([distance, camera_height, tilt, 0.0, offset])

    def _project(
        self, vertices: Any, camera: Any, view: ObservedView, focal_scale: Any
    ) -> tuple[Any, Any]:
        import torch

        distance, camera_height, tilt, turn, offset = (camera[i] for i in range(5))
        azimuth = math.radians(view.azimuth_deg) + turn
        cos_a, sin_a = torch.cos(azimuth), torch.sin(azimuth)
        cos_t, sin_t = torch.cos(tilt), torch.sin(tilt)
        x, y, z = vertices[:, 0], vertices[:, 1], vertices[:, 2]
        # Into the frame of a camera at azimuth 0 (in front of the body, looking at +Y),
        # then pitched down by the tilt: rows right, down, forward (render.Camera's).
        xr = cos_a * x + sin_a * y - offset
        yr = -sin_a * x + cos_a * y + distance
        zr = z - camera_height
        forward = cos_t * yr - sin_t * zr
        down = -(sin_t * yr + cos_t * zr)
        f = view.focal_px * focal_scale
        return f * xr / forward + view.width_px / 2.0, f * down / forward + view.height_px / 2.0


def stance_degrees(poses: FloatArray) -> float:
    """How far the photos' stances are from the body model's rest (degrees): the root mean
    square of the posed joints' turns (``POSE_NAMES``) over every view."""
    turns = np.linalg.norm(np.asarray(poses, dtype=np.float64).reshape(-1, 3), axis=1)
    return float(np.degrees(np.sqrt(np.mean(turns**2)))) if turns.size else 0.0


def _damped_step(normal: FloatArray, gradient: FloatArray, damping: float) -> FloatArray:
    """The Levenberg-Marquardt step for the normal equations ``normal`` and ``gradient``
    (J^T J, J^T r), damped by ``damping`` times the diagonal."""
    import torch

    # torch's solver: numpy's BLAS threads stall on a busy machine for a 100 x 100
    return np.asarray(
        -torch.linalg.solve(
            torch.as_tensor(normal + damping * np.diag(np.diag(normal) + 1e-6)),
            torch.as_tensor(gradient),
        ).numpy()
    )


def _candidate_edges(projected: tuple[FloatArray, FloatArray], all_edges: Any) -> Any:
    """The mesh edges that can hold a row's outer edge (within a few pixels of the
    outermost crossing of that row or of rows half a row apart), in one pass over the
    edges: almost every edge is shorter than a row's spacing."""
    import torch

    px, py = projected
    top, bottom = py.min(), py.max()
    scale = ROW_COUNT / max(bottom - top, 1e-6)
    row_y = (py - top) * scale - 0.5  # row r's centre at r
    edges = all_edges.numpy()
    a, b = edges[:, 0], edges[:, 1]
    ya, yb, xa, xb = row_y[a], row_y[b], px[a], px[b]
    span = np.where(np.abs(yb - ya) < 1e-9, 1e-9, yb - ya)
    chosen: list[np.ndarray] = []
    for shift in (-0.4, 0.0, 0.4):  # rows a little apart: the set holds as bodies move
        low, high = np.minimum(ya, yb) - shift, np.maximum(ya, yb) - shift
        first = np.ceil(low).astype(np.int64)
        leftmost = np.full(ROW_COUNT, np.inf)
        rightmost = np.full(ROW_COUNT, -np.inf)
        hits = []
        for step in range(4):
            row = first + step
            index = np.flatnonzero((row < high) & (row >= 0) & (row < ROW_COUNT))
            x = xa[index] + (row[index] + shift - ya[index]) / span[index] * (xb[index] - xa[index])
            np.minimum.at(leftmost, row[index], x)
            np.maximum.at(rightmost, row[index], x)
            hits.append((index, row[index], x))
        for index, row, x in hits:
            outer = (x <= leftmost[row] + OUTLINE_MARGIN_PX) | (
                x >= rightmost[row] - OUTLINE_MARGIN_PX
            )
            chosen.append(index[outer])
    return all_edges[torch.as_tensor(np.unique(np.concatenate(chosen)))]


def _projected_outline(
    projected: tuple[Any, Any], edges: Any, ends: Any, record: list[Any] | None = None
) -> Any:
    """Outer left and right edges per row (pixels) and the top and bottom of the body, from
    the projected vertices (``Refiner._project``); ``record`` gets the indices (into
    ``edges``) of the outermost edges and the top and bottom vertices."""
    import torch

    px, py = projected
    top, bottom = py[ends].min(), py[ends].max()
    rows = top + torch.as_tensor(ROW_FRACTIONS) * (bottom - top)
    a, b = edges[:, 0], edges[:, 1]
    # Which edge is outermost in each row: piecewise constant, found without derivatives;
    # only the crossings of those edges carry them.
    if torch._C._functorch.is_functorch_wrapped_tensor(px):
        outermost, found = _outermost_dense(px.detach(), py.detach(), rows.detach(), a, b)
    else:
        outermost, found = _outermost_sparse(
            px.detach().numpy(), py.detach().numpy(), rows.detach().numpy(), edges.numpy()
        )
    if record is not None:
        record.append(torch.cat([outermost[0][found], outermost[1][found]]))
        fixed_ends = py.detach()[ends]
        record.append(torch.stack([ends[fixed_ends.argmin()], ends[fixed_ends.argmax()]]))
    sides = []
    for chosen in outermost:
        first, second = a[chosen], b[chosen]
        y0, y1 = py[first], py[second]
        gap = torch.where((y1 - y0).abs() < 1e-9, torch.full_like(y0, 1e-9), y1 - y0)
        x = px[first] + (rows - y0) / gap * (px[second] - px[first])
        sides.append(torch.where(found, x, rows * 0))
    left, right = sides
    return (left, right), (top, bottom)


def _gap(
    first: tuple[Any, Any] | None,
    second: tuple[Any, Any] | None,
    seen: _ObservedTensors,
    merged: Any,
    merged_right: Any = None,
) -> Any:
    """Per row, the background the posed body shows between two parts (their left and right
    extents; pixels, 0 where they touch or overlap) beyond what clothes can bridge, where
    the photo shows them touching (``merged``; given ``merged_right``, ``merged`` holds for
    the picture's left side and ``merged_right`` for its right, and the side is the first
    part's)."""
    import torch

    if first is None or second is None:
        return merged * 0.0
    (first_left, first_right), (second_left, second_right) = first, second
    found = (first_left != 0).detach() & (second_left != 0).detach()
    before = ((first_left + first_right) < (second_left + second_right)).detach()
    gap = torch.where(before, second_left - first_right, first_left - second_right)
    if merged_right is not None:
        merged = torch.where(before, merged, merged_right)
    return torch.relu(gap - seen.bridged_px) * (found & merged)


def _outermost_dense(px: Any, py: Any, rows: Any, a: Any, b: Any) -> tuple[Any, Any]:
    """Per row, the edges (indices into ``a``, ``b``) crossing it furthest left and right, and
    whether any does: a rows x edges comparison, which autodiff transforms can batch (used
    on the few edges a Jacobian reads)."""
    import torch

    ya, yb = py[a], py[b]
    crossing = (torch.minimum(ya, yb)[None, :] <= rows[:, None]) & (
        torch.maximum(ya, yb)[None, :] > rows[:, None]
    )
    span = torch.where((yb - ya).abs() < 1e-9, torch.full_like(ya, 1e-9), yb - ya)
    xs = px[a][None, :] + (rows[:, None] - ya[None, :]) / span[None, :] * (px[b] - px[a])[None, :]
    outermost = (
        torch.where(crossing, xs, torch.full_like(xs, 1e9)).argmin(dim=1),
        torch.where(crossing, xs, torch.full_like(xs, -1e9)).argmax(dim=1),
    )
    return outermost, crossing.any(dim=1)


def _outermost_sparse(
    px: FloatArray, py: FloatArray, rows: FloatArray, edges: NDArray[np.int64]
) -> tuple[Any, Any]:
    """``_outermost_dense`` in one pass over the edges (each crosses a row or two): the
    same choice, for the thousands of candidate edges of a residual evaluation."""
    import torch

    a, b = edges[:, 0], edges[:, 1]
    ya, yb = py[a], py[b]
    low, high = np.minimum(ya, yb), np.maximum(ya, yb)
    first = np.searchsorted(rows, low, side="left")  # first row >= low
    last = np.searchsorted(rows, high, side="left")  # first row >= high: not crossed
    counts = np.maximum(last - first, 0)
    edge = np.repeat(np.arange(len(a)), counts)
    starts = np.cumsum(counts) - counts
    row = first[edge] + (np.arange(edge.size) - np.repeat(starts, counts))
    span = np.where(np.abs(yb - ya) < 1e-9, 1e-9, yb - ya)
    x = px[a[edge]] + (rows[row] - ya[edge]) / span[edge] * (px[b[edge]] - px[a[edge]])
    order = np.lexsort((x, row))  # by row, then x
    row_sorted = row[order]
    found = np.zeros(len(rows), dtype=bool)
    found[row_sorted] = True
    leftmost = np.zeros(len(rows), dtype=np.int64)
    rightmost = np.zeros(len(rows), dtype=np.int64)
    if order.size:
        boundaries = np.flatnonzero(np.diff(row_sorted)) + 1
        firsts = np.concatenate([[0], boundaries])
        lasts = np.concatenate([boundaries - 1, [order.size - 1]])
        leftmost[row_sorted[firsts]] = edge[order[firsts]]
        rightmost[row_sorted[lasts]] = edge[order[lasts]]
    return (torch.as_tensor(leftmost), torch.as_tensor(rightmost)), torch.as_tensor(found)


def _robust_cost(values: FloatArray, robust: NDArray[np.bool_]) -> float:
    """Squares, and a Cauchy loss for the outline rows."""
    plain = float((values[~robust] ** 2).sum())
    return plain + float((ROBUST_SCALE**2 * np.log1p((values[robust] / ROBUST_SCALE) ** 2)).sum())


@dataclass
class _Linear:
    """The support's rest vertices and the read bones' heads around some parameters:
    base + delta @ basis."""

    parameters: Any
    base: Any  # (1, 3 S)
    basis: Any  # (P, 3 S); None on the whole support (``_reduce`` makes it for its part)
    heads: Any  # (1, 3 B)
    head_basis: Any  # (P, 3 B)
    mass: Any  # kg, or None
    mass_gradient: Any  # (P,) kg per parameter unit, or None
    derivative: Any = None  # (P, C) the blend-shape coefficients' derivatives, or None


@dataclass(frozen=True)
class _ObservedTensors:
    """An ObservedView's arrays as torch tensors, the outline moved in by the clothes."""

    left: Any
    right: Any
    valid: Any
    inner_left: Any
    inner_right: Any
    inner_left_valid: Any
    inner_right_valid: Any
    merged_left: Any
    merged_right: Any
    thighs_merged: Any
    bridged_px: float  # how wide a gap between two body parts the clothes can close
    hair_left: Any  # per row, the weight of an outline the body lies inside (hair), per side
    hair_right: Any
    keypoints: Any  # (K, 2) pixels
    keypoint_weights: Any  # (K,)
    # (3, rows): pixels per cm of the extra offset of the top, of the trousers and of the
    # larger of the two (where both are worn, ``BOTH_GARMENTS_ROWS``)
    cloth_px: Any
    outer_cloth_px: Any  # (2, 3, rows): the same for the left and the right outer edges

    def outline(self, cloth: Any) -> tuple[Any, Any, Any, Any]:
        """The outer and the torso's left and right edges, moved in further by ``cloth``
        (cm: the top's and the trousers' offsets less the typical one)."""
        import torch

        layers = torch.stack([cloth[0], cloth[1], smooth_max(cloth[0], cloth[1])])
        inner = layers @ self.cloth_px
        return (
            self.left + layers @ self.outer_cloth_px[0],
            self.right - layers @ self.outer_cloth_px[1],
            self.inner_left + inner,
            self.inner_right - inner,
        )


def smooth_max(a: Any, b: Any) -> Any:
    """The larger of ``a`` and ``b`` (cm, torch), rounded within ``SMOOTH_MAX_CM`` of their
    meeting so its derivative is defined there: exact where they are equal, half of
    ``SMOOTH_MAX_CM`` under the larger where they are far apart."""
    return 0.5 * (a + b + ((a - b) ** 2 + SMOOTH_MAX_CM**2).sqrt() - SMOOTH_MAX_CM)


def long_hair(views: Sequence[ObservedView]) -> bool:
    """Whether the photos show long hair over the neck (see ``HAIR_NECK_WIDTH``)."""
    head, neck = _rows(HEAD_ROWS), _rows(NECK_ROWS)
    for view in views:
        if not (view.valid[head].any() and view.valid[neck].any()):
            continue
        if view.azimuth_deg == 0:
            width = view.right_px - view.left_px
            if width[neck & view.valid].min() >= HAIR_NECK_WIDTH * width[head & view.valid].max():
                return True
        else:  # a side view faces left (mirrored if need be): its back is the right edge
            nape = view.right_px[head & view.valid].max() - view.right_px[neck & view.valid].min()
            if nape <= HAIR_NAPE_DEPTH * (view.bottom_px - view.top_px):
                return True
    return False


def _rows(band: tuple[float, float]) -> NDArray[np.bool_]:
    """Which rows lie in ``band`` (fractions from the top, both ends included)."""
    return (band[0] <= ROW_FRACTIONS) & (band[1] >= ROW_FRACTIONS)


def _observed_tensors(
    view: ObservedView,
    clothing_offset_cm: float,
    body_height_m: float | None = None,
    hair: bool = False,
) -> _ObservedTensors:
    """``view``'s tensors; centimetres become pixels at ``view``'s scale for a body of
    ``body_height_m`` (the typed height, else the start's); ``hair``: the photos show long
    hair (``long_hair``)."""
    import torch

    px_per_cm = view.px_per_cm(body_height_m)

    # Clothes hold the outline off the skin from the shoulders down; head and neck are bare.
    clothed = ROW_FRACTIONS >= CLOTHED_FROM
    inset = clothing_offset_cm * px_per_cm * clothed
    trousers = ROW_FRACTIONS >= TROUSERS_FROM
    both = _rows(BOTH_GARMENTS_ROWS)
    garment_rows = np.stack([clothed & ~trousers & ~both, trousers & ~both, both])
    cloth_px = px_per_cm * garment_rows.astype(float)
    # The clothes' own offsets are read where the outer edge is the clothes': not on the bare
    # feet, not where a front view's outer edge is an arm's (down to the fingertips: bare
    # forearms and hands, or sleeves of any length), not where a side view's front edge may
    # be a forearm and a hand held forward (from the elbow to the fingertips).
    dressed = ROW_FRACTIONS < FEET_FROM
    if view.azimuth_deg == 0:
        left = right = dressed & ~_rows((0.0, _hands_end(view)))
    else:  # a side view faces left (mirrored if need be): its front is the left edge
        left, right = dressed & ~_rows((_elbows(view), _hands_end(view))), dressed
    outer_cloth_px = np.stack([cloth_px * left, cloth_px * right])
    if hair:
        front = np.where(_rows(LONG_HAIR_FRONT_ROWS), 0.0, 1.0)
        back = np.where(_rows(LONG_HAIR_BACK_ROWS), 0.0, 1.0)
    else:
        front = np.where(_rows(HAIR_FRONT_ROWS), HAIR_WEIGHT, 1.0)
        back = np.where(_rows(HAIR_BACK_ROWS), HAIR_WEIGHT, 1.0)
    if view.azimuth_deg == 0:
        hair_left, hair_right = front, front
    else:  # a side view faces left (mirrored if need be): its back is the right edge
        hair_left, hair_right = np.ones(ROW_COUNT), back
    return _ObservedTensors(
        torch.as_tensor(view.left_px + inset),
        torch.as_tensor(view.right_px - inset),
        torch.as_tensor(view.valid),
        torch.as_tensor(view.inner_left_px + inset),
        torch.as_tensor(view.inner_right_px - inset),
        torch.as_tensor(view.inner_left_valid),
        torch.as_tensor(view.inner_right_valid),
        torch.as_tensor(view.merged_left),
        torch.as_tensor(view.merged_right),
        torch.as_tensor(view.thighs_merged),
        2.0 * clothing_offset_cm * px_per_cm,  # two layers of cloth close a gap
        torch.as_tensor(hair_left),
        torch.as_tensor(hair_right),
        torch.as_tensor(view.keypoints_px),
        torch.as_tensor(view.keypoint_weights),
        torch.as_tensor(cloth_px),
        torch.as_tensor(outer_cloth_px),
    )


def _seen_rows(view: ObservedView, joint: str) -> list[float]:
    """Where the detector saw ``joint`` (``"elbow"``, ``"wrist"``: either side) as fractions
    of the silhouette's height from its top."""
    slots = list(KEYPOINT_BONES)
    height = view.bottom_px - view.top_px
    return [
        float((view.keypoints_px[index, 1] - view.top_px) / height)
        for index in (slots.index(f"left_{joint}"), slots.index(f"right_{joint}"))
        if view.keypoint_weights[index] > 0.5
    ]


def _elbows(view: ObservedView) -> float:
    """How far down the higher elbow the detector saw lies, else a typical body's."""
    return min(_seen_rows(view, "elbow"), default=ELBOWS_AT)


def _hands_end(view: ObservedView) -> float:
    """How far down the hands reach: a hand's length below the lowest wrist the detector
    saw, else the fingertips of a typical body."""
    wrists = _seen_rows(view, "wrist")
    return max(wrists) + HAND_LENGTH if wrists else HANDS_END


def torch_stack_z(value: Any) -> Any:
    """(0, 0, value) as a torch vector that keeps ``value``'s derivatives."""
    import torch

    return torch.stack([value * 0.0, value * 0.0, value])


@dataclass(frozen=True)
class _Skeleton:
    """A rest body's joints and ends, for placing its stance (``Refiner.skeleton``)."""

    pivots: Any  # (G, 3) the posed joints' rest positions
    joints: Any  # (K, 3) the keypoints' joints
    ends: Any  # (2 END_VERTICES, 3) the lowest vertices, then the highest
    end_weights: Any  # their skin weights per group


class _Support:
    """Which vertices and edges the loss reads, chosen again every few iterations."""

    columns: Any
    weights: Any  # (S, G + 1) skin weights per posed joint
    edges: list[Any]
    torso_edges: list[Any]
    limb_edges: list[list[Any]]  # per view: each arm's and leg's candidate edges (or none)
    ends: Any
    floor: Any
