"""Refinement: body parameters and cameras that make the projected body match the photos.

Started from the regressor's answer, it minimises, with torch on the CPU:

- per view and per row (``ROW_COUNT`` rows from the top of the head to the soles), the
  distance between the outer left and right edges of the observed silhouette and those of
  the body projected through that view's camera (the edges of the projected body are where
  its mesh edges cross the row: exact and differentiable);
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
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adapters.body.anthropometry import BODY_DENSITY_KG_M3
from adapters.estimation.features import ROW_COUNT, ROW_FRACTIONS, Silhouette

FloatArray = NDArray[np.float64]
DEFAULT_FOCAL_MM = 28.0  # 35 mm equivalent of a phone's main camera
EDGE_SIGMA_PX = 1.5  # how far a segmenter's edge may lie from the true one
END_SIGMA_PX = 2.0  # the same for the silhouette's top and bottom


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
    )


class Refiner:
    """Differentiable anny bodies (torch) and the fit of parameters and cameras to views."""

    def __init__(self, space: Any, iterations: int = 60) -> None:
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
        self._faces = torch.as_tensor(faces)
        self._phenotypes = 6
        self._lower = torch.as_tensor(space.lower)
        self._upper = torch.as_tensor(space.upper)
        self.iterations = iterations

    def vertices(self, parameters: Any) -> Any:
        """(V, 3) metres, soles on z = 0, for one parameter vector (torch, differentiable)."""
        import torch

        phenotypes = parameters[None, : self._phenotypes]
        local = parameters[None, self._phenotypes :]
        facial = torch.zeros((1, 0), dtype=torch.float64)
        coefficients = self._model._get_phenotype_blendshape_coefficients(
            phenotypes, local, facial
        )
        flat = self._template + coefficients @ self._blendshapes
        vertices = flat.reshape(-1, 3)
        floor = vertices[:, 2].min()
        return vertices - torch.stack([floor * 0, floor * 0, floor])

    def mass_kg(self, vertices: Any) -> Any:
        a, b, c = (vertices[self._faces[:, i]] for i in range(3))
        import torch

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
    ) -> tuple[FloatArray, Mapping[str, float]]:
        """Refined parameters and the final residuals (RMS edge error in pixels per view)."""
        import torch

        parameters = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        initial = torch.as_tensor(start, dtype=torch.float64)
        sigma = torch.as_tensor(prior_sigma, dtype=torch.float64)
        with torch.no_grad():
            body_height = float(self.vertices(initial)[:, 2].max())
        if height_cm is not None:
            body_height = height_cm / 100.0
        cameras = [self._initial_camera(view, body_height) for view in views]
        camera_tensor = torch.tensor(np.stack(cameras), dtype=torch.float64, requires_grad=True)
        optimiser = torch.optim.Adam(
            [
                {"params": [parameters], "lr": 0.01},
                {"params": [camera_tensor], "lr": 0.01},
            ]
        )
        observed = [
            (
                torch.as_tensor(view.left_px),
                torch.as_tensor(view.right_px),
                torch.as_tensor(view.valid),
            )
            for view in views
        ]
        residuals: dict[str, float] = {}
        for iteration in range(self.iterations):
            optimiser.zero_grad()
            vertices = self.vertices(parameters)
            loss = (((parameters - initial) / sigma) ** 2).sum()
            for index, view in enumerate(views):
                left, right, valid = observed[index]
                edges, ends = self._projected_outline(vertices, camera_tensor[index], view)
                model_left, model_right = edges
                error_left = (model_left - left)[valid]
                error_right = (model_right - right)[valid]
                loss = loss + ((error_left**2).sum() + (error_right**2).sum()) / EDGE_SIGMA_PX**2
                loss = loss + (
                    (ends[0] - view.top_px) ** 2 + (ends[1] - view.bottom_px) ** 2
                ) / END_SIGMA_PX**2
                if iteration == self.iterations - 1:
                    rms = torch.sqrt(torch.cat([error_left, error_right]).pow(2).mean())
                    residuals[f"edge_rms_px_{index}"] = float(rms)
            height = vertices[:, 2].max()
            if height_cm is not None:
                loss = loss + ((height * 100.0 - height_cm) / 0.2) ** 2
            if weight_kg is not None:
                loss = loss + ((self.mass_kg(vertices) - weight_kg) / 1.0) ** 2
            loss.backward()
            optimiser.step()
            with torch.no_grad():
                parameters.copy_(torch.maximum(torch.minimum(parameters, self._upper), self._lower))
        return parameters.detach().numpy().copy(), residuals

    def _initial_camera(self, view: ObservedView, body_height_m: float) -> FloatArray:
        """distance, height, tilt (rad), turn (rad), sideways offset (m)."""
        distance = view.focal_px * body_height_m / max(view.bottom_px - view.top_px, 1.0)
        # The middle of the body is at the middle of its silhouette: solve the tilt for it.
        middle_px = (view.top_px + view.bottom_px) / 2.0 - view.height_px / 2.0
        camera_height = 1.0
        angle_to_middle = math.atan2(camera_height - body_height_m / 2.0, distance)
        tilt = angle_to_middle - math.atan2(middle_px, view.focal_px)
        return np.array([distance, camera_height, tilt, 0.0, 0.0])

    def _projected_outline(self, vertices: Any, camera: Any, view: ObservedView) -> Any:
        """Outer left and right edges per row (pixels) and the top and bottom of the body."""
        import torch

        distance, camera_height, tilt, turn, offset = (camera[i] for i in range(5))
        azimuth = math.radians(view.azimuth_deg) + turn
        cos_a, sin_a = torch.cos(azimuth), torch.sin(azimuth)
        cos_t, sin_t = torch.cos(tilt), torch.sin(tilt)
        # World -> camera: the camera turns around the vertical axis (azimuth), then pitches.
        x, y, z = vertices[:, 0], vertices[:, 1], vertices[:, 2]
        # Into the frame of a camera at azimuth 0 (in front of the body, looking at +Y).
        xr = cos_a * x + sin_a * y - offset
        yr = -sin_a * x + cos_a * y + distance
        zr = z - camera_height
        forward = cos_t * yr - sin_t * zr
        down = -(sin_t * yr + cos_t * zr)
        f = view.focal_px
        px = f * xr / forward + view.width_px / 2.0
        py = f * down / forward + view.height_px / 2.0
        top, bottom = py.min(), py.max()
        rows = top + torch.as_tensor(ROW_FRACTIONS) * (bottom - top)
        a, b = self._edges[:, 0], self._edges[:, 1]
        ya, yb, xa, xb = py[a], py[b], px[a], px[b]
        low, high = torch.minimum(ya, yb), torch.maximum(ya, yb)
        crossing = (low[None, :] <= rows[:, None]) & (high[None, :] > rows[:, None])
        span = torch.where((yb - ya).abs() < 1e-9, torch.full_like(ya, 1e-9), yb - ya)
        t = (rows[:, None] - ya[None, :]) / span[None, :]
        xs = xa[None, :] + t * (xb - xa)[None, :]
        big = torch.full_like(xs, 1e9)
        left = torch.where(crossing, xs, big).min(dim=1).values
        right = torch.where(crossing, xs, -big).max(dim=1).values
        left = torch.where(left > 1e8, rows * 0, left)
        right = torch.where(right < -1e8, rows * 0, right)
        assert left.shape[0] == ROW_COUNT
        return (left, right), (top, bottom)
