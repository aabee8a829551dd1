"""The BodyModel port on any ShapeSpace: fitting to measurements, building, measuring.

Fitting (docs/measurements.md, "How a body is fitted"):

1. Fill the missing measurements from the population conditional on the given ones (and
   infer the gender when it is not given).
2. Start from the population's linear map from measurements to parameters.
3. Bounded least squares (scipy, trust-region reflective) on the measurement tapes: each
   tape is the engine's measurement with its combinatorics frozen (which edges it crosses),
   so a Jacobian costs one batched body evaluation (one matrix product for anny) instead
   of re-slicing 26 bodies. Given measurements weigh 1 / 0.05 cm, filled ones 1 / their
   conditional spread, and a weak prior keeps the parameters near the start.
4. Re-measure with the exact engine (slices move as the body changes) and repeat until
   every given measurement is within tolerance, at most a few rounds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from adapters.body.anthropometry import BodyMeasurements, Tape, measure
from adapters.body.geometry import BodyGeometry, FloatArray, IntArray
from adapters.body.population import Population
from adapters.body.space import ShapeSpace
from application.ports import (
    BodyShape,
    FitRequest,
    FittedBody,
    Gender,
    MeasurementAnomaly,
    ModelReadiness,
)

GIVEN_TOLERANCE = {"weight": 0.1}  # kg; every length: 0.1 cm
DEFAULT_TOLERANCE_CM = 0.1
PRIOR_SIGMA = 0.5  # parameter units
MAX_ROUNDS = 5
FD_STEP = 1e-3
# Confidence c in [0, 1] says the 90 % interval is +-(1 - c) * 20 % of the value.
CONFIDENCE_SCALE = 0.2


def confidence_from_sigma(value: float, sigma: float) -> float:
    """The documented mapping from a one-sigma uncertainty to a confidence score."""
    half_width = 1.645 * sigma
    return round(float(np.clip(1.0 - half_width / (CONFIDENCE_SCALE * value), 0.05, 0.99)), 3)


@dataclass(frozen=True)
class FitReport:
    """What the fitter did, for benchmarks and logs."""

    rounds: int
    evaluations: int
    residuals: Mapping[str, float]


class ParametricBodyModel:
    """``BodyModel`` for a ShapeSpace and its population; CPU-bound work runs in threads."""

    def __init__(self, space: ShapeSpace, population: Population) -> None:
        self.space = space
        self.population = population
        self.last_report: FitReport | None = None

    @property
    def name(self) -> str:
        return self.space.model_name

    def readiness(self) -> ModelReadiness:
        return self.space.readiness()

    async def fit(self, request: FitRequest) -> FittedBody:
        return await asyncio.to_thread(self.fit_now, request)

    async def build(self, shape: BodyShape) -> BodyGeometry:
        return await asyncio.to_thread(self.geometry, shape)

    async def measure(self, shape: BodyShape) -> Mapping[str, float]:
        geometry = await self.build(shape)
        return await asyncio.to_thread(lambda: measure(geometry).values)

    async def anomalies(
        self, measurements: Mapping[str, float], gender: Gender | None = None
    ) -> Sequence[MeasurementAnomaly]:
        given = self._known(measurements)
        if gender is None:
            found = [self.population.stats(g).anomalies(given) for g in Gender]
            return min(found, key=len)  # an anomaly must hold for both genders
        return self.population.stats(gender).anomalies(given)

    # -- synchronous core ------------------------------------------------------------------------
    def shape_of(self, parameters: FloatArray) -> BodyShape:
        return BodyShape(
            model_name=self.space.model_name,
            model_version=self.space.model_version,
            parameters={
                name: round(float(v), 6)
                for name, v in zip(self.space.parameter_names, parameters, strict=True)
            },
        )

    def parameters_of(self, shape: BodyShape) -> FloatArray:
        if shape.model_name != self.space.model_name:
            raise ValueError(f"a {shape.model_name} shape cannot be built by {self.name}")
        return np.array([shape.parameters[name] for name in self.space.parameter_names])

    def geometry(self, shape: BodyShape) -> BodyGeometry:
        self.space.prepare()
        return self.space.geometry(self.parameters_of(shape))

    def _known(self, measurements: Mapping[str, float]) -> dict[str, float]:
        return {k: float(v) for k, v in measurements.items() if k in self.population.names}

    def fit_now(self, request: FitRequest) -> FittedBody:
        self.space.prepare()
        given = self._known(request.measurements)
        if "height" not in given:
            raise ValueError("a body fit needs at least the height")
        gender = request.gender or self.population.likely_gender(given)
        stats = self.population.stats(gender)
        filled, sigmas, _ = stats.conditional(given)
        targets = {**filled, **given}
        names = list(self.population.names)
        target = np.array([targets[n] for n in names])
        weight = np.array(
            [
                1.0 / GIVEN_TOLERANCE.get(n, DEFAULT_TOLERANCE_CM)
                if n in given
                else 1.0 / max(sigmas[n], 0.5)
                for n in names
            ]
        )
        space = self.space
        start = np.clip(stats.initial_parameters(targets), space.lower, space.upper)
        pinned = space.gender_parameter(request.gender) if request.gender else {}
        for index, value in pinned.items():
            start[index] = value
        free = np.array([i not in pinned for i in range(len(start))])
        lower, upper = space.lower[free], space.upper[free]
        x = np.clip(start[free], lower + 1e-9, upper - 1e-9)
        prior = x.copy()

        def full(free_values: FloatArray) -> FloatArray:
            values = start.copy()
            values[free] = free_values
            return values

        evaluations = 0
        rounds = 0
        columns = np.flatnonzero(free)
        measured = self._measure_parameters(full(x))
        for rounds in range(1, MAX_ROUNDS + 1):
            tapes = measured.tapes
            linear = [n for n in names if tapes[n].vertex_indices() is None]  # the mass
            read = np.unique(
                np.concatenate([tapes[n].vertex_indices() for n in names if n not in linear])
            )
            anchor = x.copy()
            anchor_values = np.array([measured.values[n] for n in linear])
            slopes = self._slopes(full(anchor), columns, [tapes[n] for n in linear])
            order = [n for n in names if n not in linear] + linear
            target_o = np.array([targets[n] for n in order])
            weight_o = np.array([weight[names.index(n)] for n in order])

            def values_at(batch: FloatArray, anchors: FloatArray, tapes=tapes, read=read, linear=linear, order=order, anchor_values=anchor_values, slopes=slopes, anchor=anchor) -> FloatArray:  # type: ignore[no-untyped-def]
                vertices, joints = space.surface(batch, only=read)
                exact = [tapes[n].evaluate(vertices, joints) for n in order[: len(order) - len(linear)]]
                approx = anchor_values[None] + (anchors - anchor) @ slopes  # (B, L)
                return np.column_stack([*exact, approx]) if exact else approx

            def residuals(free_values: FloatArray) -> FloatArray:
                values = values_at(full(free_values)[None], free_values[None])[0]
                return np.concatenate(
                    [(values - target_o) * weight_o, (free_values - prior) / PRIOR_SIGMA]
                )

            def jacobian(free_values: FloatArray) -> FloatArray:
                base = full(free_values)
                steps = np.where(base[columns] + FD_STEP > space.upper[columns], -FD_STEP, FD_STEP)
                batch = np.repeat(base[None], len(columns) + 1, axis=0)
                batch[np.arange(1, len(columns) + 1), columns] += steps
                values = values_at(batch, batch[:, columns])
                d_values = (values[1:] - values[0]) / steps[:, None]  # (P_free, M)
                return np.vstack([(d_values * weight_o).T, np.eye(len(columns)) / PRIOR_SIGMA])

            solution = least_squares(
                residuals,
                x,
                jac=jacobian,
                bounds=(lower, upper),
                method="trf",
                max_nfev=30,
                xtol=1e-8,
                ftol=1e-8,
            )
            evaluations += int(solution.nfev)
            x = solution.x
            measured = self._measure_parameters(full(x))
            misses = [
                n
                for n in given
                if abs(measured.values[n] - given[n])
                > GIVEN_TOLERANCE.get(n, DEFAULT_TOLERANCE_CM)
            ]
            if not misses:
                break
        parameters = full(x)
        residual = {n: round(measured.values[n] - given[n], 4) for n in given}
        self.last_report = FitReport(rounds, evaluations, residual)
        confidence = {}
        for name in names:
            value = measured.values[name]
            if name in given:
                sigma = max(abs(residual[name]), 0.1)
            else:
                sigma = sigmas[name]
            confidence[name] = confidence_from_sigma(value, sigma)
        return FittedBody(
            shape=self.shape_of(parameters),
            measurements=dict(measured.values),
            confidence=confidence,
            given=frozenset(given),
            fit_residuals=residual,
        )

    def _slopes(self, parameters: FloatArray, columns: IntArray, tapes: Sequence[Tape]) -> FloatArray:
        """(P_free, L) derivatives of whole-body tapes (the mass), by finite differences."""
        if not tapes:
            return np.zeros((len(columns), 0))
        space = self.space
        steps = np.where(parameters[columns] + FD_STEP > space.upper[columns], -FD_STEP, FD_STEP)
        batch = np.repeat(parameters[None], len(columns) + 1, axis=0)
        batch[np.arange(1, len(columns) + 1), columns] += steps
        vertices, joints = space.surface(batch)
        values = np.stack([tape.evaluate(vertices, joints) for tape in tapes], axis=1)
        return (values[1:] - values[0]) / steps[:, None]

    def _measure_parameters(self, parameters: FloatArray) -> BodyMeasurements:
        return measure(self.space.geometry(parameters))

