"""Measurement profiles: ranges, plausibility rules, units and their exact conversion."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidValue
from domain.measurements import (
    MEASUREMENT_SPECS,
    ChestGirth,
    ExtractionMethod,
    Gender,
    MeasurementProfile,
    chest_girth_for,
    definitions_note,
    from_metric,
    to_metric,
    validate_measurements,
)
from domain.units import CM_PER_INCH, KG_PER_POUND, MeasurementUnit
from tests.support.data import SPEC_MEASUREMENTS

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def profile(
    values: dict[str, float], unit: MeasurementUnit = MeasurementUnit.METRIC
) -> MeasurementProfile:
    return MeasurementProfile(
        id=uuid.uuid4(),
        avatar_id=uuid.uuid4(),
        values=values,
        unit=unit,
        extraction_method=ExtractionMethod.MANUAL,
        created_at=NOW,
        updated_at=NOW,
    )


def test_the_spec_example_is_a_valid_profile() -> None:
    assert profile(dict(SPEC_MEASUREMENTS)).height_cm == 175.0


def test_waist_above_chest_by_a_metre_is_rejected() -> None:
    values = {**SPEC_MEASUREMENTS, "chest": 90.0, "waist": 190.0, "hips": 100.0}
    with pytest.raises(InvalidValue) as error:
        profile(values)
    assert error.value.field == "measurements.waist"
    assert "exceeds chest girth" in error.value.message


def test_a_womans_chest_is_her_bust_and_everyone_elses_the_girth_under_the_arms() -> None:
    assert chest_girth_for(Gender.FEMALE) is ChestGirth.BUST
    assert chest_girth_for(Gender.MALE) is ChestGirth.UNDER_ARMPITS
    assert chest_girth_for(None) is ChestGirth.UNDER_ARMPITS


def test_the_note_a_version_records_names_the_chest_it_was_taped_by() -> None:
    assert definitions_note(Gender.FEMALE) == (
        "chest taken as the bust girth across the bust points (ADR 42)"
    )
    assert (
        definitions_note(None)
        == definitions_note(Gender.MALE)
        == (
            "chest taken as the chest girth, the fullest horizontal girth just under the armpits "
            "(ADR 42)"
        )
    )


@pytest.mark.parametrize("name", [s.name for s in MEASUREMENT_SPECS if s.required])
def test_each_required_measurement_is_named_when_missing(name: str) -> None:
    values = dict(SPEC_MEASUREMENTS)
    del values[name]
    with pytest.raises(InvalidValue) as error:
        validate_measurements(values, MeasurementUnit.METRIC)
    assert error.value.field == f"measurements.{name}"


@pytest.mark.parametrize(
    ("name", "value"),
    [("height", -175.0), ("height", 2500.0), ("weight", 0.0), ("neckCircumference", 5.0)],
)
def test_negative_or_absurd_values_are_rejected_with_the_range(name: str, value: float) -> None:
    with pytest.raises(InvalidValue) as error:
        profile({**SPEC_MEASUREMENTS, name: value})
    assert error.value.field == f"measurements.{name}"
    assert "between" in error.value.message


def test_the_range_is_told_in_the_users_unit() -> None:
    with pytest.raises(InvalidValue) as error:
        validate_measurements(
            to_metric({**_imperial(), "height": 20.0}, MeasurementUnit.IMPERIAL),
            MeasurementUnit.IMPERIAL,
        )
    assert "in" in error.value.message and "39.37" in error.value.message


def test_inseam_longer_than_most_of_the_height_is_rejected() -> None:
    with pytest.raises(InvalidValue) as error:
        profile({**SPEC_MEASUREMENTS, "height": 150.0, "inseam": 100.0})
    assert error.value.field == "measurements.inseam"


def test_unknown_measurement_names_are_refused() -> None:
    with pytest.raises(InvalidValue) as error:
        to_metric({"tail": 30.0}, MeasurementUnit.METRIC)
    assert error.value.field == "measurements.tail"


def test_non_finite_values_are_refused() -> None:
    with pytest.raises(InvalidValue):
        to_metric({"height": float("nan")}, MeasurementUnit.METRIC)


def _imperial() -> dict[str, float]:
    return {
        "height": 70.0,
        "weight": 154.0,
        "chest": 38.0,
        "waist": 32.0,
        "hips": 40.0,
        "shoulderWidth": 18.0,
        "armLength": 24.0,
        "inseam": 31.0,
        "neckCircumference": 15.0,
    }


def test_imperial_input_is_stored_in_exact_metric() -> None:
    metric = to_metric(_imperial(), MeasurementUnit.IMPERIAL)
    assert metric["height"] == pytest.approx(70 * 2.54, abs=1e-12)
    assert metric["weight"] == pytest.approx(154 * 0.45359237, abs=1e-12)
    assert CM_PER_INCH == 2.54 and KG_PER_POUND == 0.45359237


@given(st.decimals(min_value="40", max_value="98", places=2))
def test_imperial_values_with_two_decimals_round_trip_exactly(inches: object) -> None:
    typed = float(str(inches))
    metric = to_metric({"height": typed, "weight": typed * 2}, MeasurementUnit.IMPERIAL)
    shown = from_metric(metric, MeasurementUnit.IMPERIAL)
    assert shown == {"height": typed, "weight": round(typed * 2, 2)}


def test_a_change_becomes_a_manual_override_and_mixes_the_method() -> None:
    original = MeasurementProfile(
        id=uuid.uuid4(),
        avatar_id=uuid.uuid4(),
        values=dict(SPEC_MEASUREMENTS),
        unit=MeasurementUnit.METRIC,
        extraction_method=ExtractionMethod.AI,
        created_at=NOW,
        updated_at=NOW,
        confidence_scores={"waist": 0.9, "hips": 0.8},
    )
    changed = original.with_changes({"waist": 78.0, "hips": 100.0}, None, NOW)
    assert changed.manual_overrides == ("waist",)  # hips kept its value
    assert changed.extraction_method is ExtractionMethod.MIXED
    assert changed.confidence_scores == {"hips": 0.8}  # a typed value has no model confidence
    assert original.values["waist"] == 80.0  # profiles are immutable


def test_confidence_scores_lie_between_zero_and_one() -> None:
    with pytest.raises(InvalidValue) as error:
        MeasurementProfile(
            id=uuid.uuid4(),
            avatar_id=uuid.uuid4(),
            values=dict(SPEC_MEASUREMENTS),
            unit=MeasurementUnit.METRIC,
            extraction_method=ExtractionMethod.AI,
            created_at=NOW,
            updated_at=NOW,
            confidence_scores={"waist": 1.5},
        )
    assert error.value.field == "confidenceScores.waist"
