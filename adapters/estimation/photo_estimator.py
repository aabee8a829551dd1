"""The default ShapeEstimator: a front and a side photo to an anny body and its measurements.

    views (mask + keypoints) -> silhouettes -> features -> photo regressor (ONNX, through
    inference_onnx.OnnxEngine) -> refinement (torch: silhouette outlines, height, weight)
    -> anny body -> anthropometry.measure -> calibrated confidences

Runs on the CPU with no download: the regressor is package data
(``adapters/estimation/data/photo_regressor.onnx``, trained by
``python -m adapters.estimation.train``), the confidence calibration too
(``photo_calibration.json``, written by ``bench/photo_measurement.py --calibrate``).
See docs/photo-measurement.md and docs/adr/0040-photo-measurement.md.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adapters.body.anny_space import AnnySpace
from adapters.body.anthropometry import measure
from adapters.body.parametric import CONFIDENCE_SCALE, confidence_from_sigma
from adapters.body.space import body_shape
from adapters.estimation.features import (
    CLOTHING_INPUTS,
    Silhouette,
    SilhouetteUnusable,
    body_features,
    network_inputs,
    side_faces_right,
    silhouette,
    snapped_to_photo,
)
from adapters.estimation.forward_mode import jacfwd
from adapters.estimation.refinement import (
    DEFAULT_FOCAL_MM,
    ROUNDS,
    ObservedView,
    Refiner,
    observe,
)
from application.errors import PhotoMeasurementFailed
from application.ports import (
    EstimationProgress,
    GrayImage,
    ProcessedView,
    ShapeEstimate,
)
from domain.errors import InvalidValue
from domain.measurements import ExtractionMethod, Gender, validate_measurements
from domain.photo import ViewType
from domain.photo_checks import BodyHints
from domain.units import MeasurementUnit
from inference_onnx.engine import OnnxEngine

DATA_DIR = Path(__file__).parent / "data"
MODEL_PATH = DATA_DIR / "photo_regressor.onnx"
INFO_PATH = DATA_DIR / "photo_regressor.json"
CALIBRATION_PATH = DATA_DIR / "photo_calibration.json"
# Until a calibration is shipped: wide, honest intervals (one sigma, share of the value).
FALLBACK_SIGMA = {
    clothing: {"with_height": 0.03 * widen, "without_height": 0.06 * widen}
    for clothing, widen in (("tight", 1.0), ("regular", 1.5), ("loose", 2.5))
}
# Shares of the way to the population's average body tried until the body is plausible.
GUIDE = "how to take the photos: docs/capture-guide.md"
# A typed height: whole centimetres, off by up to one. 90 % of such errors (uniform within
# +-1 cm, then rounded) lie within 1.05 cm, a sigma of 0.64; the fit keeps the typed height
# to about 2 mm (HEIGHT_SIGMA_CM). Together 0.67, rounded up.
TYPED_HEIGHT_SIGMA_CM = 0.7
MIN_PRIOR_SIGMA = 0.1  # the regressor is a start, not the answer: the photos decide
PLAUSIBILITY_STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)
# An avatar's intervals follow how well its body matches its photos, within these bounds.
FIT_SCALE_RANGE = (0.5, 2.5)


@dataclass(frozen=True)
class Calibration:
    """One-sigma errors per measurement, as a share of the value, per group: the clothing
    hint and whether the height was given ("regular/with_height"; "unknown/..." when no
    clothing was said, which reads the regular group: clothes are the common case).

    ``fit_costs`` holds, per group, the median final cost of the fit's photo terms and the
    exponent by which an avatar's intervals follow its own cost (``fit_scale``): a body that
    matches its photos less well than the usual one is less certain (ADR 57).
    ``hair_factors``: per group, how much wider the intervals are where the fit saw long hair
    (the outline there says less, ADR 63). ``stances``: per group, the median of how far the
    fitted stances are from the body model's rest (degrees) and the exponent by which the
    intervals follow it (ADR 71): a body photographed near its rest stance is unposed less."""

    groups: Mapping[str, Mapping[str, float]]
    fit_costs: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    hair_factors: Mapping[str, float] = field(default_factory=dict)
    stances: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = CALIBRATION_PATH) -> Calibration:
        if not path.exists():
            return cls({})
        data = json.loads(path.read_text())
        groups = data.get("groups", {})
        return cls(
            {name: group["sigma_share"] for name, group in groups.items()},
            {
                name: (float(group["fit_cost_median"]), float(group["fit_cost_exponent"]))
                for name, group in groups.items()
                if "fit_cost_median" in group
            },
            {
                name: float(group["long_hair_factor"])
                for name, group in groups.items()
                if "long_hair_factor" in group
            },
            {
                name: (float(group["stance_deg_median"]), float(group["stance_exponent"]))
                for name, group in groups.items()
                if "stance_deg_median" in group
            },
        )

    @staticmethod
    def _candidates(group: str) -> tuple[str, ...]:
        clothing, height = group.split("/")
        return (group, f"regular/{height}") if clothing == "unknown" else (group,)

    def sigma_share(self, name: str, group: str) -> float:
        for candidate in self._candidates(group):
            table = self.groups.get(candidate)
            if table and name in table:
                return float(table[name])
        clothing, height = group.split("/")
        return FALLBACK_SIGMA[clothing if clothing in FALLBACK_SIGMA else "regular"][height]

    def interval_scale(
        self,
        group: str,
        fit_cost: float | None,
        long_hair: bool = False,
        stance_deg: float | None = None,
    ) -> float:
        """How much wider (> 1) or narrower (< 1) than the group's usual this avatar's
        intervals are, from its fit's final cost, how far its stances are from the rest and
        whether it saw long hair; 1 without a calibrated cost model, stance model and hair
        factor."""
        scale = 1.0
        cost_model = self._first(self.fit_costs, group)
        if cost_model is not None and fit_cost is not None:
            scale = fit_scale(fit_cost, *cost_model)
        stance_model = self._first(self.stances, group)
        if stance_model is not None and stance_deg is not None:
            scale *= fit_scale(stance_deg, *stance_model)
        hair_factor = self._first(self.hair_factors, group)
        if long_hair and hair_factor is not None:
            scale *= hair_factor
        return float(np.clip(scale, *FIT_SCALE_RANGE))

    def _first(self, table: Mapping[str, Any], group: str) -> Any:
        """``table``'s entry for ``group`` (or for the group it reads), None without one."""
        return next((table[c] for c in self._candidates(group) if c in table), None)


def fit_scale(value: float, median: float, exponent: float) -> float:
    """(value / median) ** exponent, within ``FIT_SCALE_RANGE``: how an avatar's intervals
    follow its fit's cost or its stance."""
    ratio = max(value, 1e-9) / max(median, 1e-9)
    return float(np.clip(ratio**exponent, *FIT_SCALE_RANGE))


class PhotoShapeEstimator:
    """Front + side photos to an anny body; ``estimate`` runs the work in a thread.

    It reads the photos themselves (``needs_images``): the segmenter's masks are snapped to
    the photos' edges before the outlines are read (ADR 69); a view without its photo is
    read from its mask alone."""

    needs_images = True

    def __init__(
        self,
        space: AnnySpace,
        engine: OnnxEngine,
        info: Mapping[str, Any],
        *,
        calibration: Calibration | None = None,
        refine_iterations: int = ROUNDS,
    ) -> None:
        self._space = space
        self._engine = engine
        self._info = info
        self._calibration = calibration or Calibration.load()
        self._refiner: Refiner | None = None
        self._refine_iterations = refine_iterations
        names = list(info["parameter_names"])
        if names != list(space.parameter_names):
            raise ValueError("the photo regressor was trained for other body parameters")
        errors = info["errors"]["validation"]
        self._prior_sigma = {
            key: np.maximum(np.asarray(errors[key]["parameter_rmse_each"]), MIN_PRIOR_SIGMA)
            for key in ("with_height", "without_height")
        }

    @classmethod
    def from_package(
        cls,
        space: AnnySpace,
        *,
        threads: int = 1,
        refine_iterations: int = ROUNDS,
        calibration: Calibration | None = None,
        **engine_options: Any,
    ) -> PhotoShapeEstimator:
        """The estimator with the shipped regressor and (unless ``calibration`` is given)
        the shipped calibration; ``engine_options`` go to the OnnxEngine (providers,
        trt_cache_dir, fp16)."""
        engine = OnnxEngine(MODEL_PATH, intra_op_threads=threads, **engine_options)
        return cls(
            space,
            engine,
            json.loads(INFO_PATH.read_text()),
            calibration=calibration,
            refine_iterations=refine_iterations,
        )

    def warm_up(self) -> None:
        """Load the body model, the refiner and the ONNX session now (a few seconds), so
        the first avatar does not wait for them."""
        self._space.prepare()
        self._engine.warm_up()
        self._refiner_instance()
        import torch

        # Forward-mode autodiff loads its rules on first use (about half a second).
        jacfwd(lambda x: x * 2.0)(torch.zeros(1, dtype=torch.float64))

    @property
    def inference(self) -> dict[str, str]:
        """Model name -> the onnxruntime execution provider running it (for /ready, metrics)."""
        return {"photo_regressor": self._engine.provider}

    @property
    def name(self) -> str:
        return f"photo_regressor {self._info.get('version', '?')} + silhouette refinement"

    async def estimate(
        self,
        views: Sequence[ProcessedView],
        hints: BodyHints,
        progress: EstimationProgress | None = None,
    ) -> ShapeEstimate:
        return await asyncio.to_thread(self.estimate_sync, views, hints, progress)

    # -- the work ------------------------------------------------------------------------------
    def estimate_sync(
        self,
        views: Sequence[ProcessedView],
        hints: BodyHints,
        progress: EstimationProgress | None = None,
    ) -> ShapeEstimate:
        report = progress or (lambda stage, done: None)
        started = time.perf_counter()
        report("photo_processing", 0.0)
        front_view = _pick(views, ViewType.FRONT)
        side_view = _pick(views, ViewType.SIDE)
        front = _silhouette_of(front_view, "front", flip=False)
        side_points = [(k.name, k.x, k.y, k.visibility) for k in side_view.keypoints]
        facing_right = side_faces_right(side_points)
        if facing_right is None:
            facing_right = _feet_point_right(_silhouette_of(side_view, "side", flip=False))
        side = _silhouette_of(side_view, "side", flip=facing_right)
        report("photo_processing", 1.0)

        report("measurement_extraction", 0.0)
        height_given = hints.height_cm is not None
        key = "with_height" if height_given else "without_height"
        clothing = hints.clothing.value if hints.clothing is not None else None
        heights = None if hints.height_cm is None else np.array([hints.height_cm])
        female = None if hints.gender is None else np.array([int(hints.gender is Gender.FEMALE)])
        codes = None if clothing is None else np.array([CLOTHING_INPUTS.index(clothing)])
        inputs = network_inputs(
            body_features(front, side)[None], heights, clothing=codes, female=female
        )
        space = self._space
        space.prepare()
        regressed = self._engine.run({"features": inputs})["parameters"][0].astype(np.float64)
        regressed = np.clip(regressed, space.lower, space.upper)
        fixed = {} if hints.gender is None else dict(space.gender_parameter(hints.gender))
        report("measurement_extraction", 0.3)
        (front_focal, side_focal), focal_source = _one_lens(front_view, side_view)
        observed = [
            _observed(front, front_view, front_focal, 0.0, mirrored=False),
            _observed(side, side_view, side_focal, 90.0, mirrored=facing_right),
        ]
        refiner = self._refiner_instance()
        refined = regressed
        residuals: Mapping[str, float] = {}
        fit_cost: float | None = None
        if self._refine_iterations > 0:
            refined, residuals = refiner.fit(
                regressed,
                self._prior_sigma[key],
                observed,
                height_cm=hints.height_cm,
                weight_kg=hints.weight_kg,
                clothing=clothing or "tight",
                fixed=fixed,
            )
            fit_cost = refiner.last_cost["data"]
        report("measurement_extraction", 0.8)
        refined, values, pulled = self._plausible(refined, hints)
        group = f"{clothing or 'unknown'}/{key}"
        # A body that matches its photos less well than usual is less certain, and the
        # other way round (ADR 57); so is one unposed from further away (ADR 71).
        stance_deg = refiner.last_stance_deg if fit_cost is not None else None
        scale = self._calibration.interval_scale(
            group, fit_cost, refiner.last_long_hair, stance_deg
        )

        def sigma_of(name: str) -> float:
            return self._calibration.sigma_share(name, group) * scale * values[name]

        confidence = {
            name: confidence_from_sigma(value, sigma_of(name)) for name, value in values.items()
        }
        if height_given:
            # The fit keeps the typed height; a typed figure is off by its typing (about a
            # centimetre), which is what the height's interval holds.
            confidence["height"] = confidence_from_sigma(
                values["height"], max(TYPED_HEIGHT_SIGMA_CM, sigma_of("height"))
            )
        report("measurement_extraction", 1.0)
        metadata = {
            "extractionMethod": ExtractionMethod.AI.value,
            "estimator": self.name,
            "heightSource": "given" if height_given else "estimated",
            "weightSource": "given" if hints.weight_kg is not None else "estimated",
            "genderSource": "given" if hints.gender is not None else "estimated",
            "clothing": clothing or "not given",
            "focalLength": focal_source,
            "elapsedMs": f"{(time.perf_counter() - started) * 1000:.0f}",
            "fitResidualPx": ", ".join(f"{v:.2f}" for v in residuals.values()),
            "intervalScale": f"{scale:.2f}",
        }
        if fit_cost is not None:
            metadata["fitCost"] = f"{fit_cost:.1f}"
            metadata["longHair"] = "seen" if refiner.last_long_hair else "not seen"
            metadata["stanceDeg"] = f"{refiner.last_stance_deg:.1f}"
            if clothing is not None:
                top, trousers = refiner.last_clothing_offset_cm
                metadata["clothingOffsetCm"] = f"top {top:.1f}, trousers {trousers:.1f}"
        if refiner.last_focal_scale != 1.0 and not observed[0].focal_known:
            metadata["focalLength35mm"] = f"{DEFAULT_FOCAL_MM * refiner.last_focal_scale:.0f}"
        if pulled:
            metadata["plausibility"] = (
                f"the photos gave an implausible body; it was drawn {pulled:.0%} of the way "
                "to the population's average"
            )
        if not height_given:
            share = 1.645 * self._calibration.sigma_share("height", group) * 100
            metadata["scaleNote"] = (
                "No height was given: the body's size is estimated from its proportions, so "
                f"every length may be off by about {share:.0f} % (90 % interval); give your "
                "height for measurements you can rely on."
            )
        return ShapeEstimate(
            shape=body_shape(space, refined),
            measurements=values,
            confidence=confidence,
            metadata=metadata,
        )

    def _plausible(
        self, parameters: NDArray[np.float64], hints: BodyHints
    ) -> tuple[NDArray[np.float64], dict[str, float], float]:
        """The body's measurements, drawn towards the population's average body until they
        pass the domain's plausibility rules (the estimator never hands the domain a body it
        would refuse); the share it was drawn by (0: not at all)."""
        space = self._space
        average = space.default(hints.gender)
        if hints.height_cm is not None:  # keep the size the user gave
            average[4] = parameters[4]
        for pulled in PLAUSIBILITY_STEPS:
            candidate = (1.0 - pulled) * parameters + pulled * average
            values = measure(space.geometry(candidate), hints.gender).values
            try:
                validate_measurements(values, MeasurementUnit.METRIC)
            except InvalidValue:
                continue
            return candidate, values, pulled
        raise PhotoMeasurementFailed(
            "the photos do not show a body that can be measured; retake them following the "
            "capture guide (docs/capture-guide.md): whole body in frame, plain background, "
            "tight clothes, arms slightly away from the body",
            retryable=True,
        )

    def _refiner_instance(self) -> Refiner:
        if self._refiner is None:
            self._refiner = Refiner(self._space, iterations=self._refine_iterations)
        return self._refiner


def _pick(views: Sequence[ProcessedView], view_type: ViewType) -> ProcessedView:
    for view in views:
        if view.view_type == view_type:
            return view
    if view_type is ViewType.SIDE:
        reason = (
            "a side photo is needed: it shows the body's depth (chest, waist, hips); add one "
            "taken from the left or right, arms slightly away from the body"
        )
    else:
        reason = "a front photo is needed: add one facing the camera, arms slightly apart"
    raise PhotoMeasurementFailed(reason, retryable=True, view_type=view_type.value)


def _mask_array(mask: GrayImage) -> NDArray[np.uint8]:
    return np.frombuffer(mask.pixels, dtype=np.uint8).reshape(mask.height, mask.width)


def _silhouette_of(view: ProcessedView, label: str, *, flip: bool) -> Silhouette:
    pixels = _mask_array(view.mask)
    if view.image is not None:
        photo = np.frombuffer(view.image.pixels, dtype=np.uint8)
        pixels = snapped_to_photo(pixels, photo.reshape(view.image.height, view.image.width, 3))
    try:
        shape = silhouette(pixels, flip=flip)
    except SilhouetteUnusable as error:
        hint = (
            "; step closer or zoom in so the body fills most of the picture's height"
            if "small" in error.reason
            else "; stand in front of a plain background, in good light"
        )
        raise PhotoMeasurementFailed(
            f"{label} photo: {error.reason}{hint} ({GUIDE})", retryable=True, view_type=label
        ) from error
    region = shape.mask
    if region[0].any() or region[-1].any() or region[:, 0].any() or region[:, -1].any():
        raise PhotoMeasurementFailed(
            f"{label} photo: the body is cut off at the edge of the picture; the whole body, "
            f"head to feet, must be in frame ({GUIDE})",
            retryable=True,
            view_type=label,
        )
    return shape


def _feet_point_right(side: Silhouette) -> bool:
    """Without keypoints: the toes stick out ahead of the heels and ankles."""
    mask = side.mask
    rows = mask[side.bottom - max(2, side.height_px // 40) : side.bottom + 1]
    xs = np.nonzero(rows)[1]
    if xs.size == 0:
        return False
    return bool(xs.max() - side.axis_x > side.axis_x - xs.min())


def _one_lens(
    front: ProcessedView, side: ProcessedView
) -> tuple[tuple[float | None, float | None], str]:
    """Both photos' focal lengths in pixels and where they come from. A photo without EXIF
    beside one with it takes that photo's lens (the same 35 mm equivalent, on its own
    picture's diagonal): a pair is taken with one phone, and the photos themselves hardly
    tell the field of view (ADR 62)."""
    known = [view for view in (front, side) if view.focal_length_px is not None]
    if len(known) != 1:
        source = "exif" if known else "estimated"
        return (front.focal_length_px, side.focal_length_px), source
    lens = known[0]
    assert lens.focal_length_px is not None
    per_diagonal = lens.focal_length_px / math.hypot(lens.mask.width, lens.mask.height)
    focals = tuple(
        view.focal_length_px
        if view.focal_length_px is not None
        else per_diagonal * math.hypot(view.mask.width, view.mask.height)
        for view in (front, side)
    )
    return (focals[0], focals[1]), f"{lens.view_type.value} photo's exif for both"


def _observed(
    shape: Silhouette,
    view: ProcessedView,
    focal_px: float | None,
    azimuth: float,
    *,
    mirrored: bool,
) -> ObservedView:
    return observe(
        shape,
        azimuth,
        focal_px,
        view.mask.width,
        view.mask.height,
        [(k.name, k.x, k.y, k.visibility) for k in view.keypoints],
        mirrored=mirrored,
    )


def interval_half_width_share(confidence: float) -> float:
    """The half width of the 90 % interval a confidence stands for, as a share of the value."""
    return (1.0 - confidence) * CONFIDENCE_SCALE
