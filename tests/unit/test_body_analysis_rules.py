"""Body type rules at every boundary, the probability under uncertainty, and symmetry."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from domain.body_analysis import analyse_body
from domain.body_type import BodyType, Girths, body_type_rule, classify
from domain.measurements import ExtractionMethod, Gender, MeasurementProfile
from domain.photo_checks import Keypoint
from domain.symmetry import SymmetrySource, keypoint_symmetry
from domain.uncertainty import (
    MIN_SIGMA_CM,
    TYPED_SIGMA_CM,
    measurement_sigmas,
    sigma_from_confidence,
)
from domain.units import MeasurementUnit

NOW = datetime(2025, 1, 1, tzinfo=UTC)
F, M, N = Gender.FEMALE, Gender.MALE, None
A, P, R, H, V = (
    BodyType.APPLE,
    BodyType.PEAR,
    BodyType.RECTANGLE,
    BodyType.HOURGLASS,
    BodyType.INVERTED_TRIANGLE,
)

# (rule, chest, waist, hips, height, gender, expected): each boundary just inside, just outside
# (0.01 cm either side; the thresholds are in docs/body-analysis.md).
BOUNDARIES = [
    ("waist >= chest", 90.0, 90.01, 100.0, 200.0, F, A),
    ("waist >= chest", 90.0, 89.99, 100.0, 200.0, F, P),
    ("waist >= hips", 100.0, 90.01, 90.0, 200.0, F, A),
    ("waist >= hips", 100.0, 89.99, 90.0, 200.0, F, V),
    ("WHR >= 0.85 women", 95.0, 85.01, 100.0, 170.0, F, A),
    ("WHR >= 0.85 women", 95.0, 84.99, 100.0, 170.0, F, R),
    ("WHtR >= 0.5", 95.0, 85.01, 100.0, 170.0, F, A),
    ("WHtR >= 0.5", 95.0, 85.01, 100.0, 170.03, F, R),
    ("WHR >= 0.90 men", 100.0, 90.01, 100.0, 170.0, M, A),
    ("WHR >= 0.90 men", 100.0, 89.99, 100.0, 170.0, M, R),
    ("WHR >= 0.90 without gender", 95.0, 90.01, 100.0, 170.0, N, A),
    ("WHR >= 0.90 without gender", 95.0, 89.99, 100.0, 170.0, N, R),
    ("women's 0.85 is below it", 95.0, 89.99, 100.0, 170.0, F, A),
    ("hourglass: bust - waist >= 9 in", 92.0, 69.13, 92.0, 170.0, F, H),
    ("hourglass: bust - waist >= 9 in", 92.0, 69.15, 92.0, 170.0, F, R),
    ("hourglass: hips - waist >= 10 in", 90.0, 70.59, 96.0, 170.0, F, H),
    ("hourglass: hips - waist >= 10 in", 90.0, 70.61, 96.0, 170.0, F, R),
    ("top hourglass: bust - waist >= 9 in", 97.08, 74.21, 92.0, 170.0, F, H),
    ("top hourglass: bust - waist >= 9 in", 97.08, 74.23, 92.0, 170.0, F, R),
    ("top hourglass: bust - hips < 10 in", 115.39, 80.0, 90.0, 170.0, F, H),
    ("top hourglass: bust - hips < 10 in", 115.41, 80.0, 90.0, 170.0, F, V),
    ("bottom hourglass: hips - waist >= 9 in", 90.0, 77.13, 100.0, 170.0, F, H),
    ("bottom hourglass: hips - waist >= 9 in", 90.0, 77.15, 100.0, 170.0, F, P),
    ("bottom hourglass: hips - bust < 10 in", 90.0, 80.0, 115.39, 170.0, F, H),
    ("bottom hourglass: hips - bust < 10 in", 90.0, 80.0, 115.41, 170.0, F, P),
    ("pear: hips - bust >= 3.6 in", 90.0, 80.0, 99.15, 170.0, F, P),
    ("pear: hips - bust >= 3.6 in", 90.0, 80.0, 99.14, 170.0, F, R),
    ("inverted triangle: bust - hips >= 3.6 in", 99.15, 80.0, 90.0, 170.0, F, V),
    ("inverted triangle: bust - hips >= 3.6 in", 99.14, 80.0, 90.0, 170.0, F, R),
    ("men's V: chest - waist >= 9 in", 100.0, 77.13, 98.0, 170.0, M, V),
    ("men's V: chest - waist >= 9 in", 100.0, 77.15, 98.0, 170.0, M, R),
    ("men's V: chest - hips >= 3.6 in", 104.15, 90.0, 95.0, 200.0, M, V),
    ("men's V: chest - hips >= 3.6 in", 104.14, 90.0, 95.0, 200.0, M, R),
    ("men's pear: hips - chest >= 3.6 in", 95.0, 85.0, 104.15, 170.0, M, P),
    ("men's pear: hips - chest >= 3.6 in", 95.0, 85.0, 104.14, 170.0, M, R),
]


@pytest.mark.parametrize(
    ("rule", "chest", "waist", "hips", "height", "gender", "expected"),
    BOUNDARIES,
    ids=[f"{row[0]} -> {row[-1].value}" for row in BOUNDARIES],
)
def test_each_rule_boundary_just_inside_and_just_outside(
    rule: str,
    chest: float,
    waist: float,
    hips: float,
    height: float,
    gender: Gender | None,
    expected: BodyType,
) -> None:
    body_type, reason = body_type_rule(Girths(chest, waist, hips, height), gender)
    assert body_type is expected, reason


def test_men_are_never_hourglass_their_waist_drop_is_the_v() -> None:
    girths = Girths(chest=92.0, waist=66.0, hips=94.0, height=180.0)
    assert body_type_rule(girths, F)[0] is H
    assert body_type_rule(girths, M)[0] is V


def test_half_a_centimetre_from_a_boundary_with_two_centimetres_uncertainty_is_not_confident() -> (
    None
):
    near = Girths(chest=90.0, waist=80.0, hips=90.0 + 9.144 + 0.5, height=170.0)
    uncertain = classify(near, {"chest": 2.0, "waist": 2.0, "hips": 2.0}, F)
    assert uncertain.body_type is P
    assert uncertain.confidence < 0.7
    assert uncertain.probabilities[R] > 0.2
    sure = classify(near, {"chest": 0.1, "waist": 0.1, "hips": 0.1}, F)
    assert sure.confidence > 0.95
    far = classify(Girths(85.0, 80.0, 98.0, 170.0), {"chest": 1.0, "waist": 1.0, "hips": 1.0}, F)
    assert far.body_type is P and far.confidence > 0.95
    assert abs(sum(uncertain.probabilities.values()) - 1.0) < 0.01


def test_a_confidence_score_becomes_a_standard_deviation_with_floors() -> None:
    # 90 % interval +-(1 - c) x 20 % of the value: c = 0.5 on 100 cm is +-10 cm, sigma 6.08.
    assert sigma_from_confidence(100.0, 0.5) == pytest.approx(10.0 / 1.645)
    profile = MeasurementProfile(
        id=uuid.uuid4(),
        avatar_id=uuid.uuid4(),
        values={"height": 170.0, "chest": 95.0, "waist": 80.0, "hips": 100.0},
        unit=MeasurementUnit.METRIC,
        extraction_method=ExtractionMethod.AI,
        created_at=NOW,
        updated_at=NOW,
        confidence_scores={"height": 0.99, "chest": 0.5, "waist": 0.99},
        manual_overrides=("height",),
    )
    sigmas = measurement_sigmas(profile)
    assert sigmas["height"] == TYPED_SIGMA_CM  # typed: a tape's uncertainty
    assert sigmas["chest"] == pytest.approx(0.5 * 0.2 * 95.0 / 1.645)
    assert sigmas["waist"] == MIN_SIGMA_CM  # 0.99 would claim 0.1 cm
    assert sigmas["hips"] == TYPED_SIGMA_CM  # no score


girth = st.floats(min_value=60.0, max_value=140.0, allow_nan=False)
tiny = st.floats(min_value=-0.05, max_value=0.05, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    chest=girth,
    waist=girth,
    hips=girth,
    height=st.floats(min_value=150.0, max_value=200.0),
    gender=st.sampled_from([F, M, N]),
    deltas=st.tuples(tiny, tiny, tiny),
)
def test_the_type_is_stable_under_tiny_changes_away_from_boundaries(
    chest: float,
    waist: float,
    hips: float,
    height: float,
    gender: Gender | None,
    deltas: tuple[float, float, float],
) -> None:
    girths = Girths(chest, waist, hips, height)
    sigmas = {"chest": 1.0, "waist": 1.0, "hips": 1.0}
    before = classify(girths, sigmas, gender)
    assume(before.confidence >= 0.99)  # a body clear of every boundary
    moved = Girths(chest + deltas[0], waist + deltas[1], hips + deltas[2], height)
    after = classify(moved, sigmas, gender)
    assert after.body_type is before.body_type
    assert abs(after.confidence - before.confidence) <= 0.05


def _profile(**values: float) -> MeasurementProfile:
    return MeasurementProfile(
        id=uuid.uuid4(),
        avatar_id=uuid.uuid4(),
        values={"height": 170.0, "shoulderWidth": 40.0, **values},
        unit=MeasurementUnit.METRIC,
        extraction_method=ExtractionMethod.MANUAL,
        created_at=NOW,
        updated_at=NOW,
        gender=Gender.FEMALE,
    )


def test_the_analysis_says_why_and_names_the_runner_up_near_a_boundary() -> None:
    analysis = analyse_body(_profile(chest=90.0, waist=80.0, hips=99.3), uuid.uuid4(), NOW)
    assert analysis.body_type is P and analysis.body_type_confidence < 0.7
    assert "3.6" in analysis.body_type_rule
    assert any("near a type boundary" in note for note in analysis.recommendations)
    assert analysis.symmetry_source is SymmetrySource.BODY_MODEL
    assert analysis.symmetry_score == 1.0


def _front(**moved: tuple[float, float]) -> list[Keypoint]:
    points = {
        "left_shoulder": (0.60, 0.30),
        "right_shoulder": (0.40, 0.30),
        "left_elbow": (0.65, 0.45),
        "right_elbow": (0.35, 0.45),
        "left_wrist": (0.67, 0.58),
        "right_wrist": (0.33, 0.58),
        "left_hip": (0.56, 0.60),
        "right_hip": (0.44, 0.60),
        "left_knee": (0.56, 0.78),
        "right_knee": (0.44, 0.78),
        "left_ankle": (0.56, 0.95),
        "right_ankle": (0.44, 0.95),
        **moved,
    }
    return [Keypoint(name, x, y, 0.9) for name, (x, y) in points.items()]


def test_a_mirror_symmetric_front_photo_scores_one() -> None:
    symmetry = keypoint_symmetry(_front())
    assert symmetry is not None
    assert symmetry.score == 1.0 and symmetry.issues == ()
    assert symmetry.source is SymmetrySource.PHOTO_KEYPOINTS


def test_a_lower_right_shoulder_is_found_and_lowers_the_score() -> None:
    symmetry = keypoint_symmetry(_front(right_shoulder=(0.40, 0.32)))
    assert symmetry is not None
    assert symmetry.score < 1.0
    assert any(issue.startswith("right shoulder sits lower") for issue in symmetry.issues)


def test_symmetry_needs_the_shoulders_and_hips() -> None:
    points = [p for p in _front() if p.name != "left_hip"]
    assert keypoint_symmetry(points) is None
