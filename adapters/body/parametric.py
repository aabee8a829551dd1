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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import least_squares

from adapters.body.anthropometry import BodyMeasurements, Tape, mass_gradient, measure
from adapters.body.geometry import BodyGeometry, FloatArray, IntArray
from adapters.body.population import Population
from adapters.body.space import ShapeSpace, body_shape
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

    async def warm_up(self) -> None:
        await asyncio.to_thread(self.space.prepare)

    async def fit(self, request: FitRequest) -> FittedBody:
        return await asyncio.to_thread(self.fit_now, request)

    async def build(self, shape: BodyShape) -> BodyGeometry:
        return await asyncio.to_thread(self.geometry, shape)

    async def measure(self, shape: BodyShape, gender: Gender | None = None) -> Mapping[str, float]:
        geometry = await self.build(shape)
        return await asyncio.to_thread(lambda: measure(geometry, gender).values)

    async def anomalies(
        self, measurements: Mapping[str, float], gender: Gender | None = None
    ) -> Sequence[MeasurementAnomaly]:
        given = self._known(measurements)
        found = [s.anomalies(given) for s in self.population.candidates(gender).values()]
        return min(found, key=len)  # without a gender, an anomaly must hold for both

    # -- synchronous core ------------------------------------------------------------------------
    def shape_of(self, parameters: FloatArray) -> BodyShape:
        return body_shape(self.space, parameters)

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
        # The chest of a request without a gender is the chest girth under the armpits
        # (ADR 42): it is compared with both genders' bodies taped that way.
        candidates = self.population.candidates(request.gender)
        gender = request.gender or self.population.likely_gender(given)
        stats = candidates[gender]
        filled, sigmas, _ = stats.conditional(given)
        targets = {**filled, **given}
        names = list(self.population.names)
        weights = {
            n: 1.0 / GIVEN_TOLERANCE.get(n, DEFAULT_TOLERANCE_CM)
            if n in given
            else 1.0 / max(sigmas[n], 0.5)
            for n in names
        }
        space = self.space
        start = np.clip(stats.initial_parameters(targets), space.lower, space.upper)
        pinned = space.gender_parameter(request.gender) if request.gender else {}
        for index, value in pinned.items():
            start[index] = value
        problem = _Problem(self, start, np.array([i not in pinned for i in range(len(start))]))
        x = problem.free_start
        evaluations = rounds = 0
        measured = self._measure_parameters(problem.full(x), request.gender)
        while rounds < MAX_ROUNDS:
            rounds += 1
            solution = least_squares(
                *problem.round(measured, targets, weights, x),
                method="trf",
                max_nfev=20,
                xtol=1e-6,
                ftol=1e-6,
            )
            evaluations += int(solution.nfev)
            x = solution.x
            measured = self._measure_parameters(problem.full(x), request.gender)
            if all(
                abs(measured.values[n] - given[n]) <= GIVEN_TOLERANCE.get(n, DEFAULT_TOLERANCE_CM)
                for n in given
            ):
                break
        residual = {n: round(measured.values[n] - given[n], 4) for n in given}
        self.last_report = FitReport(rounds, evaluations, residual)
        confidence = {
            name: confidence_from_sigma(
                measured.values[name],
                max(abs(residual[name]), 0.1) if name in given else sigmas[name],
            )
            for name in names
        }
        return FittedBody(
            shape=self.shape_of(problem.full(x)),
            measurements=dict(measured.values),
            confidence=confidence,
            given=frozenset(given),
            fit_residuals=residual,
        )

    def _slopes(
        self, parameters: FloatArray, columns: IntArray, tapes: Sequence[Tape]
    ) -> FloatArray:
        """(P_free, L) derivatives of whole-body tapes (the mass), by finite differences."""
        if not tapes:
            return np.zeros((len(columns), 0))
        space = self.space
        pullback = getattr(space, "pullback", None)
        if pullback is not None and all(tape.kind == "mass" for tape in tapes):
            vertices, _ = space.surface(parameters[None])
            rows = [
                pullback(parameters, mass_gradient(vertices[0], tape.faces))[columns]
                for tape in tapes
                if tape.faces is not None
            ]
            return np.stack(rows, axis=1)
        steps = np.where(parameters[columns] + FD_STEP > space.upper[columns], -FD_STEP, FD_STEP)
        batch = np.repeat(parameters[None], len(columns) + 1, axis=0)
        batch[np.arange(1, len(columns) + 1), columns] += steps
        vertices, joints = space.surface(batch)
        values = np.stack([tape.evaluate(vertices, joints) for tape in tapes], axis=1)
        return (values[1:] - values[0]) / steps[:, None]

    def _measure_parameters(
        self, parameters: FloatArray, gender: Gender | None
    ) -> BodyMeasurements:
        return measure(self.space.geometry(parameters), gender)


class _Problem:
    """The least-squares problem of one fit: free parameters, bounds, and one round's tapes."""

    def __init__(self, model: ParametricBodyModel, start: FloatArray, free: npt.NDArray[np.bool_]):
        self.model, self.space = model, model.space
        self.start, self.free = start, free
        self.columns = np.flatnonzero(free)
        self.lower, self.upper = self.space.lower[free], self.space.upper[free]
        self.free_start = np.clip(start[free], self.lower + 1e-9, self.upper - 1e-9)
        self.prior = self.free_start.copy()

    def full(self, free_values: FloatArray) -> FloatArray:
        values = self.start.copy()
        values[self.free] = free_values
        return values

    def round(
        self,
        measured: BodyMeasurements,
        targets: Mapping[str, float],
        weights: Mapping[str, float],
        x: FloatArray,
    ) -> tuple[Callable[[FloatArray], FloatArray], FloatArray, Callable[..., FloatArray], Any]:
        """(residuals, x0, jacobian, bounds) for scipy, with this round's frozen tapes.

        Local tapes (girths, lengths) are evaluated exactly on the few vertices they read;
        whole-body tapes (the mass) are linearised at ``x`` with their exact gradient.
        """
        tapes = measured.tapes
        whole = [n for n in tapes if tapes[n].vertex_indices() is None]
        local = [n for n in targets if n not in whole]
        order = local + whole
        read = np.unique(np.concatenate([tapes[n].vertex_indices() for n in local]))
        anchor = x.copy()
        anchor_values = np.array([measured.values[n] for n in whole])
        slopes = self.model._slopes(self.full(anchor), self.columns, [tapes[n] for n in whole])
        target = np.array([targets[n] for n in order])
        weight = np.array([weights[n] for n in order])

        def values_at(batch: FloatArray, free_batch: FloatArray) -> FloatArray:
            vertices, joints = self.space.surface(batch, only=read)
            exact = [tapes[n].evaluate(vertices, joints) for n in local]
            approx = anchor_values[None] + (free_batch - anchor) @ slopes
            return np.column_stack([*exact, approx])

        def residuals(free_values: FloatArray) -> FloatArray:
            values = values_at(self.full(free_values)[None], free_values[None])[0]
            return np.concatenate(
                [(values - target) * weight, (free_values - self.prior) / PRIOR_SIGMA]
            )

        def jacobian(free_values: FloatArray) -> FloatArray:
            base = self.full(free_values)
            columns = self.columns
            upper = self.space.upper[columns]
            steps = np.where(base[columns] + FD_STEP > upper, -FD_STEP, FD_STEP)
            batch = np.repeat(base[None], len(columns) + 1, axis=0)
            batch[np.arange(1, len(columns) + 1), columns] += steps
            values = values_at(batch, batch[:, columns])
            d_values = (values[1:] - values[0]) / steps[:, None]  # (P_free, M)
            return np.vstack([(d_values * weight).T, np.eye(len(columns)) / PRIOR_SIGMA])

        return residuals, x, jacobian, (self.lower, self.upper)
