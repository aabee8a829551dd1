"""Refinement: body parameters and cameras that make the projected body match the photos.

Started from the regressor's answer, it minimises (Levenberg-Marquardt; Jacobians by
torch forward-mode autodiff on the CPU):

- per view and per row (``ROW_COUNT`` rows from the top of the head to the soles), the
  distance between the outer left and right edges of the observed silhouette and those of
  the body projected through that view's camera (the edges of the projected body are where
  its mesh edges cross the row: exact and differentiable), under a Cauchy loss so rows a
  segmenter got wrong (fingers, hair, blobs) weigh little;
- in the front view, between chest and hips where the arms hang apart, the torso's own
  edges (the mask's run holding the body's axis against the arm-less mesh's outline);
- the top and bottom of the silhouette in the picture (they fix each camera's distance,
  height and tilt, given the body's size);
- the height the user gave (a few millimetres of slack) and the weight, through the mesh's
  volume (1 kg);
- a prior that keeps the parameters near the regressor's answer (its validation spread).

Each camera is a pinhole with the picture's focal length (EXIF, else a phone's 28 mm
equivalent) whose distance, height, tilt, turn and sideways offset are free.
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
from adapters.estimation.features import ROW_COUNT, ROW_FRACTIONS, Silhouette

FloatArray = NDArray[np.float64]
DEFAULT_FOCAL_MM = 28.0  # 35 mm equivalent of a phone's main camera
EDGE_SIGMA_PX = 1.5  # how far a segmenter's edge may lie from the true one
END_SIGMA_PX = 2.0  # the same for the silhouette's top and bottom
HEIGHT_SIGMA_CM = 0.2  # the fitted body keeps the given height to a few millimetres
WEIGHT_SIGMA_KG = 1.0
ROBUST_SCALE = 3.0  # outline residuals (in EDGE_SIGMA_PX) past this count less and less
CONVERGED = 2e-3  # stop when a round lowers the cost by less than this share
TORSO_ROWS = (0.2, 0.5)  # fractions from the top where the torso's own edges are read
OUTLINE_MARGIN_PX = 4.0  # candidate mesh edges: this close to a row's outermost one
END_VERTICES = 150  # candidates for the top of the head and for the soles


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
    # The torso's own edges where the arms hang clear of it (front view, chest to hips):
    # outer extents there are the arms', and the girths need the torso's width.
    inner_left_px: FloatArray = field(default_factory=lambda: np.zeros(ROW_COUNT))
    inner_right_px: FloatArray = field(default_factory=lambda: np.zeros(ROW_COUNT))
    inner_valid: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(ROW_COUNT, bool))


def observe(
    shape: Silhouette, azimuth_deg: float, focal_px: float | None, width: int, height: int
) -> ObservedView:
    """The outline of ``shape`` per row (interpolated between pixel rows, like the features)."""
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
    inner_left, inner_right, inner_valid = (
        _torso_edges(shape, ys)
        if azimuth_deg == 0
        else (
            np.zeros(ROW_COUNT),
            np.zeros(ROW_COUNT),
            np.zeros(ROW_COUNT, dtype=bool),
        )
    )
    if focal_px is None:
        focal_px = DEFAULT_FOCAL_MM * math.hypot(width, height) / math.hypot(36.0, 24.0)
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
        inner_valid=inner_valid & valid,
    )


def _torso_edges(shape: Silhouette, ys: FloatArray) -> tuple[FloatArray, FloatArray, NDArray]:
    """Per row, the run of the mask that holds the body's axis, where body parts lie apart
    from it on both sides (the arms), between chest and hips."""
    left = np.zeros(ROW_COUNT)
    right = np.zeros(ROW_COUNT)
    valid = np.zeros(ROW_COUNT, dtype=bool)
    axis = round(shape.axis_x)
    for index, (fraction, y) in enumerate(zip(ROW_FRACTIONS, ys, strict=True)):
        if not TORSO_ROWS[0] <= fraction <= TORSO_ROWS[1]:
            continue
        row = shape.mask[round(y)]
        if not 0 <= axis < len(row) or not row[axis]:
            continue
        gaps_left = np.flatnonzero(~row[:axis])
        gaps_right = np.flatnonzero(~row[axis:])
        if gaps_left.size == 0 or gaps_right.size == 0:
            continue
        start, end = int(gaps_left[-1]) + 1, axis + int(gaps_right[0])
        if row[:start].any() and row[end:].any():  # an arm on either side, apart
            left[index], right[index], valid[index] = start, end, True
    return left, right, valid


class Refiner:
    """Differentiable anny bodies (torch) and the fit of parameters and cameras to views."""

    def __init__(self, space: Any, iterations: int = 8) -> None:
        import torch

        space.prepare()
        self._space = space
        self._model = space._model
        arrays = space._arrays
        self._template = torch.as_tensor(arrays["template"], dtype=torch.float64)
        self._blendshapes = torch.as_tensor(arrays["blendshapes"], dtype=torch.float64)
        faces = np.asarray(arrays["faces"])
        edges = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
        edges = np.unique(np.sort(edges, axis=1), axis=0)
        self._edges = torch.as_tensor(edges)
        geometry = space.geometry(space.default(None))
        dominant = geometry.dominant_joint()
        arm_joints = np.concatenate(
            [geometry.descendants(geometry.landmarks[n]) for n in ("shoulder_l", "shoulder_r")]
        )
        on_arm = np.isin(dominant, arm_joints)
        self._torso_edges = torch.as_tensor(edges[~on_arm[edges].any(axis=1)])
        self._faces = torch.as_tensor(faces)
        self._phenotypes = 6
        self._lower_np = np.asarray(space.lower, dtype=np.float64)
        self._upper_np = np.asarray(space.upper, dtype=np.float64)
        self.iterations = iterations

    def coefficients(self, parameters: Any) -> Any:
        import torch

        phenotypes = parameters[None, : self._phenotypes]
        local = parameters[None, self._phenotypes :]
        facial = torch.zeros((1, 0), dtype=torch.float64)
        return self._model._get_phenotype_blendshape_coefficients(phenotypes, local, facial)

    def vertices(self, parameters: Any, columns: Any = None) -> Any:
        """(V, 3) metres for one parameter vector (torch, differentiable), not yet put on the
        floor; only the vertices of ``columns`` (indices into the flat x, y, z array)."""
        coefficients = self.coefficients(parameters)
        if columns is None:
            flat = self._template + coefficients @ self._blendshapes
        else:
            flat = self._template[:, columns] + coefficients @ self._blendshapes[:, columns]
        return flat.reshape(-1, 3)

    def mass_kg(self, vertices: Any) -> Any:
        import torch

        a, b, c = (vertices[self._faces[:, i]] for i in range(3))
        volume = (a * torch.cross(b, c, dim=1)).sum() / 6.0
        return volume.abs() * BODY_DENSITY_KG_M3

    def fit(
        self,
        start: FloatArray,
        prior_sigma: FloatArray,
        views: Sequence[ObservedView],
        *,
        height_cm: float | None,
        weight_kg: float | None,
        cameras_start: FloatArray | None = None,
    ) -> tuple[FloatArray, Mapping[str, float]]:
        """Refined parameters and the final residuals (RMS edge error in pixels per view).

        Levenberg-Marquardt over the parameters and the cameras: each round linearises the
        body around the current parameters (anny's vertices are linear in its blend-shape
        coefficients; the coefficients are differentiated by finite differences), picks the
        mesh edges that can hold the outline, and takes one damped Gauss-Newton step with the
        exact Jacobian of the residuals (forward-mode autodiff of the projection).
        """
        import torch
        from torch.func import jacfwd

        parameters = np.asarray(start, dtype=np.float64).copy()
        body_height = self._height_of(parameters)
        if height_cm is not None:
            body_height = height_cm / 100.0
        cameras = (
            np.stack([self._initial_camera(view, body_height) for view in views])
            if cameras_start is None
            else np.asarray(cameras_start, dtype=np.float64)
        )
        support = _Support()
        observed = [
            (
                torch.as_tensor(v.left_px),
                torch.as_tensor(v.right_px),
                torch.as_tensor(v.valid),
                torch.as_tensor(v.inner_left_px),
                torch.as_tensor(v.inner_right_px),
                torch.as_tensor(v.inner_valid),
            )
            for v in views
        ]
        damping = 1e-3
        cost = math.inf
        residuals: dict[str, float] = {}
        for _ in range(self.iterations):
            model = self._linearise(parameters, cameras, views, support, weight_kg is not None)

            def residual(delta: Any, camera_values: Any, model: _Linear = model) -> Any:
                return self._residuals(
                    model,
                    delta,
                    camera_values,
                    views,
                    observed,
                    support,
                    start=start,
                    sigma=prior_sigma,
                    height_cm=height_cm,
                    weight_kg=weight_kg,
                )

            zero = torch.zeros(len(parameters), dtype=torch.float64)
            camera_tensor = torch.as_tensor(cameras)
            with torch.no_grad():
                values = residual(zero, camera_tensor)
            robust = self._robust_rows(len(values), len(parameters), len(views))
            cost = _robust_cost(values.numpy(), robust)
            if not residuals:
                residuals = self._edge_rms(model, zero, camera_tensor, views, observed, support)
            jacobian_p, jacobian_c = jacfwd(residual, argnums=(0, 1))(zero, camera_tensor)
            jacobian = torch.cat([jacobian_p, jacobian_c.reshape(len(values), -1)], dim=1).numpy()
            # Iteratively reweighted: outline rows far off (fingers, hair, a shadow at the
            # feet in the mask) weigh less, as under a Cauchy loss.
            r = values.numpy()
            scale = np.ones(len(r))
            scale[robust] = 1.0 / np.sqrt(1.0 + (r[robust] / ROBUST_SCALE) ** 2)
            r = r * scale
            jacobian = jacobian * scale[:, None]
            normal = jacobian.T @ jacobian
            gradient = jacobian.T @ r
            for _attempt in range(6):
                step = -np.linalg.solve(
                    normal + damping * np.diag(np.diag(normal) + 1e-9), gradient
                )
                trial = np.clip(
                    parameters + step[: len(parameters)], self._lower_np, self._upper_np
                )
                trial_cameras = cameras + step[len(parameters) :].reshape(cameras.shape)
                trial_model = self._linearise(
                    trial, trial_cameras, views, support, False, reuse=True
                )
                with torch.no_grad():
                    trial_values = self._residuals(
                        trial_model,
                        torch.zeros(len(parameters), dtype=torch.float64),
                        torch.as_tensor(trial_cameras),
                        views,
                        observed,
                        support,
                        start=start,
                        sigma=prior_sigma,
                        height_cm=height_cm,
                        weight_kg=None,
                    )
                trial_cost = _robust_cost(trial_values.numpy(), robust[: len(trial_values)])
                if weight_kg is not None:  # the mass term, exactly, on the whole body
                    trial_cost += self._weight_term(trial, weight_kg) ** 2
                if trial_cost < cost:
                    parameters, cameras = trial, trial_cameras
                    damping = max(damping / 3.0, 1e-6)
                    break
                damping *= 4.0
            else:
                break
            if cost - trial_cost < CONVERGED * cost:
                break
        final = self._linearise(parameters, cameras, views, support, False)
        zero = torch.zeros(len(parameters), dtype=torch.float64)
        residuals = self._edge_rms(final, zero, torch.as_tensor(cameras), views, observed, support)
        self.last_cameras = cameras
        return parameters, residuals

    # -- pieces of the fit ---------------------------------------------------------------------
    @staticmethod
    def _robust_rows(count: int, parameter_count: int, view_count: int) -> NDArray[np.bool_]:
        """Which residuals are outline rows (``_residuals`` order: the prior, then per view
        left rows, right rows, torso left and right rows, top and bottom, then height and
        weight)."""
        rows = np.zeros(count, dtype=bool)
        for view in range(view_count):
            first = parameter_count + view * (4 * ROW_COUNT + 2)
            rows[first : first + 4 * ROW_COUNT] = True
        return rows

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
        cameras: FloatArray,
        views: Sequence[ObservedView],
        support: _Support,
        with_mass: bool,
        *,
        reuse: bool = False,
    ) -> _Linear:
        """Vertices of the support (and their derivatives) around ``parameters``."""
        import torch

        if reuse:  # the vertices only, at ``parameters`` (a trial step)
            with torch.no_grad():
                coefficients = self._coefficients_batch(torch.as_tensor(parameters[None]))
                base = support.template + coefficients @ support.blendshapes
            return _Linear(torch.as_tensor(parameters), base, None, None, None)
        step = 1e-4
        batch = np.repeat(parameters[None], len(parameters) + 1, axis=0)
        signs = np.where(parameters + step > self._upper_np, -1.0, 1.0)
        batch[np.arange(1, len(parameters) + 1), np.arange(len(parameters))] += signs * step
        with torch.no_grad():
            coefficients = self._coefficients_batch(torch.as_tensor(batch))
            full = (self._template + coefficients[:1] @ self._blendshapes).reshape(-1, 3)
            self._select(support, full, torch.as_tensor(cameras), views)
            base = support.template + coefficients[:1] @ support.blendshapes
            derivative = (coefficients[1:] - coefficients[:1]) / torch.as_tensor(signs * step)[
                :, None
            ]
            basis = derivative @ support.blendshapes
            mass = mass_gradient = None
            if with_mass:
                mass = self.mass_kg(full)
                mass_gradient = derivative @ (
                    self._blendshapes
                    @ torch.as_tensor(_mass_gradient(full.numpy(), self._faces.numpy()).ravel())
                )
        return _Linear(torch.as_tensor(parameters), base, basis, mass, mass_gradient)

    def _coefficients_batch(self, parameters: Any) -> Any:
        import torch

        facial = torch.zeros((parameters.shape[0], 0), dtype=torch.float64)
        return self._model._get_phenotype_blendshape_coefficients(
            parameters[:, : self._phenotypes], parameters[:, self._phenotypes :], facial
        )

    def _residuals(
        self,
        model: _Linear,
        delta: Any,
        cameras: Any,
        views: Sequence[ObservedView],
        observed: Sequence[tuple[Any, Any, Any]],
        support: _Support,
        *,
        start: FloatArray,
        sigma: FloatArray,
        height_cm: float | None,
        weight_kg: float | None,
    ) -> Any:
        import torch

        flat = model.base if model.basis is None else model.base + delta[None, :] @ model.basis
        vertices = flat.reshape(-1, 3)
        floor = vertices[support.floor, 2].min()
        vertices = vertices - torch.stack([floor * 0, floor * 0, floor])
        parts = [(model.parameters + delta - torch.as_tensor(start)) / torch.as_tensor(sigma)]
        for index, view in enumerate(views):
            left, right, valid, inner_left, inner_right, inner_valid = observed[index]
            (model_left, model_right), (top, bottom) = self._projected_outline(
                vertices, cameras[index], view, support.edges[index], support.ends
            )
            weight = valid.to(torch.float64) / EDGE_SIGMA_PX
            parts.append((model_left - left) * weight)
            parts.append((model_right - right) * weight)
            (torso_left, torso_right), _ = self._projected_outline(
                vertices, cameras[index], view, support.torso_edges[index], support.ends
            )
            weight = inner_valid.to(torch.float64) / EDGE_SIGMA_PX
            parts.append((torso_left - inner_left) * weight)
            parts.append((torso_right - inner_right) * weight)
            parts.append(torch.stack([top - view.top_px, bottom - view.bottom_px]) / END_SIGMA_PX)
        if height_cm is not None:
            height = vertices[support.ends, 2].max()
            parts.append(((height * 100.0 - height_cm) / HEIGHT_SIGMA_CM)[None])
        if weight_kg is not None and model.mass is not None:
            mass = model.mass + (delta * model.mass_gradient).sum()
            parts.append(((mass - weight_kg) / WEIGHT_SIGMA_KG)[None])
        return torch.cat(parts)

    def _edge_rms(
        self,
        model: _Linear,
        delta: Any,
        cameras: Any,
        views: Sequence[ObservedView],
        observed: Sequence[tuple[Any, Any, Any]],
        support: _Support,
    ) -> dict[str, float]:
        import torch

        result = {}
        with torch.no_grad():
            vertices = (model.base + delta[None, :] @ model.basis).reshape(-1, 3)
            floor = vertices[support.floor, 2].min()
            vertices = vertices - torch.stack([floor * 0, floor * 0, floor])
            for index, view in enumerate(views):
                left, right, valid = observed[index][:3]
                (model_left, model_right), _ = self._projected_outline(
                    vertices, cameras[index], view, support.edges[index], support.ends
                )
                errors = torch.cat([(model_left - left)[valid], (model_right - right)[valid]])
                result[f"edge_rms_px_{view.azimuth_deg:.0f}"] = float(errors.pow(2).mean().sqrt())
        return result

    def _select(
        self, support: _Support, vertices: Any, cameras: Any, views: Sequence[ObservedView]
    ) -> None:
        """The vertices the loss needs: the candidate outline edges of every view, the top
        of the head and the soles."""
        import torch

        vertices = vertices.clone()
        vertices[:, 2] -= vertices[:, 2].min()
        order = torch.argsort(vertices[:, 2])
        ends = torch.cat([order[:END_VERTICES], order[-END_VERTICES:]])
        chosen = [
            self._candidate_edges(vertices, cameras[i], v, self._edges) for i, v in enumerate(views)
        ]
        torso = [
            self._candidate_edges(vertices, cameras[i], v, self._torso_edges)
            for i, v in enumerate(views)
        ]
        used = torch.unique(torch.cat([ends, *[edges.ravel() for edges in chosen + torso]]))
        position = torch.full((vertices.shape[0],), -1, dtype=torch.long)
        position[used] = torch.arange(used.numel())
        support.columns = (used[:, None] * 3 + torch.arange(3)[None, :]).ravel()
        support.template = self._template[:, support.columns]
        support.blendshapes = self._blendshapes[:, support.columns]
        support.edges = [position[edges] for edges in chosen]
        support.torso_edges = [position[edges] for edges in torso]
        support.ends = position[ends]
        support.floor = position[order[:END_VERTICES]]

    def _candidate_edges(
        self, vertices: Any, camera: Any, view: ObservedView, all_edges: Any
    ) -> Any:
        """The mesh edges that can hold a row's outer edge (within a few pixels of the
        outermost crossing of that row or of rows half a row apart), in one pass over the
        edges: almost every edge is shorter than a row's spacing."""
        import torch

        px, py = (value.numpy() for value in self._project(vertices, camera, view))
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
                x = xa[index] + (row[index] + shift - ya[index]) / span[index] * (
                    xb[index] - xa[index]
                )
                np.minimum.at(leftmost, row[index], x)
                np.maximum.at(rightmost, row[index], x)
                hits.append((index, row[index], x))
            for index, row, x in hits:
                outer = (x <= leftmost[row] + OUTLINE_MARGIN_PX) | (
                    x >= rightmost[row] - OUTLINE_MARGIN_PX
                )
                chosen.append(index[outer])
        return all_edges[torch.as_tensor(np.unique(np.concatenate(chosen)))]

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

    def _project(self, vertices: Any, camera: Any, view: ObservedView) -> tuple[Any, Any]:
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
        f = view.focal_px
        return f * xr / forward + view.width_px / 2.0, f * down / forward + view.height_px / 2.0

    def _projected_outline(
        self, vertices: Any, camera: Any, view: ObservedView, edges: Any, ends: Any
    ) -> Any:
        """Outer left and right edges per row (pixels) and the top and bottom of the body."""
        import torch

        px, py = self._project(vertices, camera, view)
        top, bottom = py[ends].min(), py[ends].max()
        rows = top + torch.as_tensor(ROW_FRACTIONS) * (bottom - top)
        a, b = edges[:, 0], edges[:, 1]
        # Which edge is outermost in each row: piecewise constant, found without derivatives;
        # only the crossings of those edges carry them.
        fixed_x, fixed_y, fixed_rows = px.detach(), py.detach(), rows.detach()
        ya, yb = fixed_y[a], fixed_y[b]
        crossing = (torch.minimum(ya, yb)[None, :] <= fixed_rows[:, None]) & (
            torch.maximum(ya, yb)[None, :] > fixed_rows[:, None]
        )
        span = torch.where((yb - ya).abs() < 1e-9, torch.full_like(ya, 1e-9), yb - ya)
        xs = (
            fixed_x[a][None, :]
            + (fixed_rows[:, None] - ya[None, :])
            / span[None, :]
            * (fixed_x[b] - fixed_x[a])[None, :]
        )
        found = crossing.any(dim=1)
        outermost = (
            torch.where(crossing, xs, torch.full_like(xs, 1e9)).argmin(dim=1),
            torch.where(crossing, xs, torch.full_like(xs, -1e9)).argmax(dim=1),
        )
        sides = []
        for chosen in outermost:
            first, second = a[chosen], b[chosen]
            y0, y1 = py[first], py[second]
            gap = torch.where((y1 - y0).abs() < 1e-9, torch.full_like(y0, 1e-9), y1 - y0)
            x = px[first] + (rows - y0) / gap * (px[second] - px[first])
            sides.append(torch.where(found, x, rows * 0))
        left, right = sides
        return (left, right), (top, bottom)


def _robust_cost(values: FloatArray, robust: NDArray[np.bool_]) -> float:
    """Squares, and a Cauchy loss for the outline rows."""
    plain = float((values[~robust] ** 2).sum())
    return plain + float((ROBUST_SCALE**2 * np.log1p((values[robust] / ROBUST_SCALE) ** 2)).sum())


@dataclass
class _Linear:
    """The support's vertices around some parameters: base + delta @ basis."""

    parameters: Any
    base: Any  # (1, 3 S)
    basis: Any  # (P, 3 S)
    mass: Any  # kg, or None
    mass_gradient: Any  # (P,) kg per parameter unit, or None


class _Support:
    """Which vertices and edges the loss reads, chosen again every few iterations."""

    columns: Any
    template: Any
    blendshapes: Any
    edges: list[Any]
    torso_edges: list[Any]
    ends: Any
    floor: Any
