"""The chest of ADR 42 (issue 19): which girth it is, and a second tape that checks the engine.

A man's chest (and the chest of a body without a gender) is the fullest horizontal girth just
under the armpits; a woman's is her bust girth across the bust points. The engine is checked
against ``tests.support.chest_sweep``, written apart from it: plain horizontal cuts of the
torso with the arms cut off, with trimesh.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from adapters.body.anthropometry import CHEST_BAND, measure
from adapters.body.geometry import BodyGeometry
from application.ports import FitRequest, Gender
from domain.measurements import ChestGirth
from tests.support.bodies import anny_body_model, anny_geometry, anny_space
from tests.support.chest_sweep import TorsoSweep

pytestmark = pytest.mark.slow

BODIES_PER_GENDER = 200
SEED = 1913  # neither the population's seed nor the benchmark's
AGREEMENT_CM = 0.5


@dataclass(frozen=True)
class Compared:
    body: int
    engine_cm: float
    sweep_cm: float
    engine_level_cm: float
    sweep_level_cm: float

    @property
    def difference_cm(self) -> float:
        return self.engine_cm - self.sweep_cm


def _compare(gender: Gender) -> list[Compared]:
    space = anny_space()
    rng = np.random.default_rng(SEED + (gender is Gender.MALE))
    found = []
    for body, parameters in enumerate(space.sample(rng, BODIES_PER_GENDER, gender)):
        geometry = space.geometry(parameters)
        engine = measure(geometry, gender)
        sweep = TorsoSweep(geometry)
        girth, level = sweep.bust_girth() if gender is Gender.FEMALE else sweep.chest_girth()
        found.append(
            Compared(
                body,
                engine.values["chest"],
                girth,
                engine.landmarks_cm["chest"],
                level * 100,
            )
        )
    return found


def _worst(compared: list[Compared], count: int = 5) -> str:
    rows = sorted(compared, key=lambda c: -abs(c.difference_cm))[:count]
    return "\n".join(
        f"  body {c.body:3d}: engine {c.engine_cm:6.2f} cm at {c.engine_level_cm:6.1f} cm, "
        f"sweep {c.sweep_cm:6.2f} cm at {c.sweep_level_cm:6.1f} cm, "
        f"difference {c.difference_cm:+.2f} cm"
        for c in rows
    )


@pytest.mark.parametrize("gender", [Gender.MALE, Gender.FEMALE])
def test_an_independent_plane_sweep_of_the_torso_agrees_with_the_engine_on_the_chest(
    gender: Gender,
) -> None:
    compared = _compare(gender)
    differences = np.abs([c.difference_cm for c in compared])
    report = (
        f"{gender.value} chest, engine against plane sweep, {len(compared)} bodies: mean "
        f"|d| {differences.mean():.3f} cm, worst {differences.max():.3f} cm; worst cases:\n"
        + _worst(compared)
    )
    print(report)  # shown with -rP; the figures of the closing note of issue 19
    assert len(compared) == BODIES_PER_GENDER
    assert differences.max() <= AGREEMENT_CM, report
    assert differences.mean() <= 0.1, report


@pytest.fixture(scope="module")
def man() -> BodyGeometry:
    return anny_geometry(Gender.MALE)


@pytest.fixture(scope="module")
def woman() -> BodyGeometry:
    return anny_geometry(Gender.FEMALE)


def test_a_mans_chest_is_his_fullest_girth_just_under_the_armpits(man: BodyGeometry) -> None:
    result = measure(man, Gender.MALE)
    heights = result.landmarks_cm
    band_cm = CHEST_BAND * result.values["height"]
    assert heights["armpit"] - band_cm <= heights["chest"] <= heights["armpit"]
    assert result.values["chest"] == result.chest_girths[ChestGirth.UNDER_ARMPITS]
    # Below the band the lower chest is narrower: the old bust point lay there (issue 19).
    assert result.chest_girths[ChestGirth.BUST] < result.values["chest"] - 2.0
    # No horizontal torso girth of the band is larger (a sweep at 5 mm).
    sweep = TorsoSweep(man)
    armpit = sweep.armpit()
    levels = np.arange(armpit, armpit - band_cm / 100, -0.005)
    largest = max(cut.girth_cm for z in levels if (cut := sweep.cut(float(z))))
    assert result.values["chest"] >= largest - 0.05


def test_a_womans_chest_is_her_bust_and_a_body_without_gender_gets_the_chest_girth(
    woman: BodyGeometry,
) -> None:
    as_woman, unsaid = measure(woman, Gender.FEMALE), measure(woman)
    assert as_woman.values["chest"] == as_woman.chest_girths[ChestGirth.BUST]
    assert unsaid.values["chest"] == unsaid.chest_girths[ChestGirth.UNDER_ARMPITS]
    assert unsaid.values["chest"] == measure(woman, Gender.MALE).values["chest"]
    # The bust lies lower than the armpits, across the bust points.
    assert as_woman.landmarks_cm["chest"] < as_woman.landmarks_cm["armpit"] - 2.0
    # Nothing else depends on the gender.
    others = {n: v for n, v in as_woman.values.items() if n != "chest"}
    assert others == {n: v for n, v in unsaid.values.items() if n != "chest"}


def test_a_mans_typed_chest_is_the_girth_under_his_arms_on_the_delivered_body() -> None:
    """A man who types his tailor's chest of 100 cm gets a body 100 cm under the arms."""
    model = anny_body_model()
    typed = {"height": 178.0, "weight": 80.0, "chest": 100.0, "waist": 88.0}
    fitted = model.fit_now(FitRequest(typed, Gender.MALE))
    delivered = measure(model.geometry(fitted.shape), Gender.MALE)
    assert delivered.values["chest"] == pytest.approx(100.0, abs=0.1)
    assert delivered.chest_girths[ChestGirth.UNDER_ARMPITS] == pytest.approx(100.0, abs=0.1)
    assert delivered.chest_girths[ChestGirth.BUST] < 98.0


def test_a_chest_typed_without_a_gender_is_matched_under_the_arms() -> None:
    model = anny_body_model()
    typed = {"height": 166.0, "weight": 62.0, "chest": 90.0, "waist": 72.0, "hips": 98.0}
    fitted = model.fit_now(FitRequest(typed, None))
    delivered = measure(model.geometry(fitted.shape))
    assert delivered.chest_girths[ChestGirth.UNDER_ARMPITS] == pytest.approx(90.0, abs=0.1)
    assert fitted.measurements["chest"] == pytest.approx(90.0, abs=0.1)
