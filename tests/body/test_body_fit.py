"""Fitting the body model to measurements, filling the missing ones, refusing impossible sets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from adapters.body.anny_space import AnnySpace
from adapters.body.anthropometry import measure
from adapters.body.parametric import confidence_from_sigma
from application.ports import FitRequest, Gender
from domain.measurements import MEASUREMENT_NAMES
from tests.support.bodies import anny_body_model, anny_space

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def population_bodies() -> list[tuple[Gender, dict[str, float]]]:
    """Bodies the shipped population statistics were not built from (another seed)."""
    space = anny_space()
    rng = np.random.default_rng(31337)
    bodies = []
    for gender in (Gender.FEMALE, Gender.MALE):
        for parameters in space.sample(rng, 2, gender):
            bodies.append((gender, measure(space.geometry(parameters), gender).values))
    return bodies


def test_a_full_vector_of_a_real_body_is_matched_within_a_millimetre_or_two(
    population_bodies: list[tuple[Gender, dict[str, float]]],
) -> None:
    model = anny_body_model()
    for gender, truth in population_bodies:
        fitted = model.fit_now(FitRequest(truth, gender))
        errors = {n: abs(fitted.measurements[n] - truth[n]) for n in MEASUREMENT_NAMES}
        assert max(errors.values()) < 0.25, errors
        assert fitted.given == frozenset(truth)
        assert min(fitted.confidence.values()) > 0.9  # +-0.1 cm of a 15 cm wrist: 0.94


def test_the_height_alone_gives_a_whole_body_with_honest_confidence() -> None:
    model = anny_body_model()
    fitted = model.fit_now(FitRequest({"height": 168.0}, Gender.FEMALE))
    assert fitted.measurements["height"] == pytest.approx(168.0, abs=0.3)
    assert set(fitted.measurements) == set(MEASUREMENT_NAMES)
    assert fitted.given == frozenset({"height"})
    others = [fitted.confidence[n] for n in MEASUREMENT_NAMES if n != "height"]
    assert fitted.confidence["height"] > 0.95 > max(others)
    # An average woman of 168 cm, not an arbitrary body.
    assert 60 < fitted.measurements["waist"] < 90
    assert 80 < fitted.measurements["hips"] < 115


def test_a_short_tailors_vector_is_matched_and_the_rest_is_filled_plausibly(
    population_bodies: list[tuple[Gender, dict[str, float]]],
) -> None:
    model = anny_body_model()
    given = ("height", "weight", "chest", "waist", "hips")
    inside: list[bool] = []
    for gender, truth in population_bodies:
        fitted = model.fit_now(FitRequest({n: truth[n] for n in given}, gender))
        for name in given:
            tolerance = 1.0 if name == "weight" else 0.25  # kg: the target of issue 3
            assert fitted.measurements[name] == pytest.approx(truth[name], abs=tolerance), name
        for name in set(MEASUREMENT_NAMES) - set(given):
            # Filled from the population, with a confidence that says how far off it may be:
            # the 90 % interval is +-(1 - c) * 20 % of the value.
            value, confidence = fitted.measurements[name], fitted.confidence[name]
            half_width = (1 - confidence) * 0.2 * value
            inside.append(abs(value - truth[name]) <= half_width)
    assert sum(inside) / len(inside) >= 0.8, inside


def test_the_gender_is_inferred_from_the_measurements_when_not_given() -> None:
    population = anny_body_model().population
    assert population.likely_gender({"height": 165, "waist": 68, "hips": 100}) is Gender.FEMALE
    assert population.likely_gender({"height": 185, "waist": 86, "hips": 98}) is Gender.MALE


async def test_a_vector_no_human_body_has_is_named_with_what_it_disagrees_with() -> None:
    model = anny_body_model()
    anomalies = await model.anomalies(
        {"height": 150.0, "chest": 80.0, "waist": 150.0, "hips": 95.0}, None
    )
    assert [a.name for a in anomalies][:1] == ["waist"]
    waist = anomalies[0]
    assert waist.expected < 100 and waist.spread < 15
    assert set(waist.disagrees_with) & {"chest", "hips", "height"}


async def test_ordinary_bodies_raise_no_anomaly(
    population_bodies: list[tuple[Gender, dict[str, float]]],
) -> None:
    model = anny_body_model()
    for gender, truth in population_bodies:
        assert await model.anomalies(truth, gender) == []
        assert await model.anomalies(truth, None) == []
    spec_example = {"height": 175, "weight": 70, "chest": 95, "waist": 80, "hips": 100}
    assert await model.anomalies(spec_example, None) == []


def test_confidence_maps_the_ninety_percent_interval() -> None:
    # c = 1 - 1.645 sigma / (0.2 value): +-10 % of the value at 90 % gives c = 0.5.
    assert confidence_from_sigma(100.0, 10.0 / 1.645) == pytest.approx(0.5, abs=1e-3)
    assert confidence_from_sigma(100.0, 0.1) == 0.99
    assert confidence_from_sigma(100.0, 50.0) == 0.05


def test_a_cold_model_says_so_and_builds_nothing(tmp_path: Path) -> None:
    space = AnnySpace(tmp_path / "empty-cache")
    readiness = space.readiness()
    assert not readiness.ready
    assert "models prepare" in readiness.detail
    assert not (tmp_path / "empty-cache").exists()
