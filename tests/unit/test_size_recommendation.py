"""Size charts as data (format, validation), the recommender and learning from fit feedback."""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.size_charts.shipped import shipped_charts
from domain.body_analysis import Fit
from domain.errors import InvalidValue
from domain.fit_preferences import FitFeedback, FitFeel, learn, neutral_preference
from domain.size_charts import GarmentCategory, chart_document, parse_chart
from domain.size_recommendation import recommend

NOW = datetime(2025, 1, 1, tzinfo=UTC)
SIGMAS = {"chest": 1.0, "waist": 1.0, "hips": 1.0}


def acme(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "size-chart/v1",
        "brand": "Acme",
        "category": "tops",
        "gender": "male",
        "unit": "cm",
        "source": "Acme's size guide, 2025",
        "measurements": ["chest", "waist"],
        "ease": {"fitted": -4, "regular": 0, "loose": 6, "oversized": 12},
        "sizes": [
            {"label": "S", "ranges": {"chest": [86, 94], "waist": [74, 80]}},
            {"label": "M", "ranges": {"chest": [94, 102], "waist": [80, 84]}},
            {"label": "L", "ranges": {"chest": [102, 110], "waist": [84, 90]}},
            {"label": "XL", "ranges": {"chest": [110, 118], "waist": [90, 98]}},
        ],
    }
    document.update(changes)
    return document


def test_a_chart_round_trips_through_its_document() -> None:
    chart = parse_chart(acme())
    assert chart.labels == ("S", "M", "L", "XL")
    assert chart.boundaries("chest") == (86, 94, 102, 110, 118)
    assert parse_chart(chart_document(chart)) == chart


def test_a_chart_in_inches_is_kept_in_centimetres() -> None:
    sizes = [
        {"label": "S", "ranges": {"chest": [34, 37]}},
        {"label": "M", "ranges": {"chest": [37, 40]}},
    ]
    chart = parse_chart(acme(unit="in", measurements=["chest"], sizes=sizes, ease={}))
    assert chart.boundaries("chest") == pytest.approx((86.36, 93.98, 101.6))
    assert chart_document(chart)["sizes"][1]["ranges"]["chest"] == [37, 40]


def _with_size(index: int, ranges: dict[str, list[float]]) -> dict[str, Any]:
    document = acme()
    sizes = copy.deepcopy(document["sizes"])
    sizes[index]["ranges"] = ranges
    return acme(sizes=sizes)


@pytest.mark.parametrize(
    ("document", "field", "words"),
    [
        (
            _with_size(1, {"chest": [93, 102], "waist": [80, 84]}),
            "sizes[1].ranges.chest",
            "overlap",
        ),
        (_with_size(1, {"chest": [95, 102], "waist": [80, 84]}), "sizes[1].ranges.chest", "gap"),
        (_with_size(2, {"chest": [102, 110], "waist": [85, 90]}), "sizes[2].ranges.waist", "gap"),
        (acme(measurements=["chest", "belly"]), "measurements[1]", "unknown body measurement"),
        (acme(measurements=["chest", "weight"]), "measurements[1]", "unknown body measurement"),
        (acme(unit="mm"), "unit", "unknown unit"),
        (acme(category="hats"), "category", "unknown category"),
        (acme(gender="other"), "gender", "unknown gender"),
        (acme(ease={"snug": -2}), "ease.snug", "unknown fit"),
        (acme(ease={"fitted": 3, "regular": 0}), "ease", "grows"),
        (_with_size(0, {"chest": [86, 94]}), "sizes[0].ranges.waist", "needs [min, max]"),
        (
            _with_size(0, {"chest": [94, 86], "waist": [74, 80]}),
            "sizes[0].ranges.chest",
            "min < max",
        ),
        (
            _with_size(0, {"chest": [86, 94], "waist": [74, 80], "hips": [90, 94]}),
            "sizes[0].ranges.hips",
            "not among",
        ),
        (acme(sizes=[]), "sizes", "lists the sizes"),
        (acme(format="size-chart/v9"), "format", "unknown format"),
        (acme(colour="red"), "colour", "unknown field"),
        (acme(brand=" "), "brand", "non-empty"),
    ],
)
def test_a_chart_that_is_wrong_is_refused_naming_the_problem(
    document: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        parse_chart(document)
    assert refused.value.field == field
    assert words in refused.value.message


def test_the_shipped_charts_say_where_they_come_from() -> None:
    charts = shipped_charts()
    assert {(c.category, c.gender.value) for c in charts} >= {
        (GarmentCategory.TOPS, "male"),
        (GarmentCategory.TOPS, "female"),
        (GarmentCategory.BOTTOMS, "male"),
        (GarmentCategory.BOTTOMS, "female"),
    }
    assert all("EN 13402" in c.source for c in charts)


def test_the_reason_names_each_measurement_and_the_other_fits() -> None:
    chart = parse_chart(acme())
    recommendation = recommend(chart, {"chest": 98.0, "waist": 86.0}, SIGMAS)
    assert recommendation.size == "L"
    assert recommendation.reasons[0] == "chest 98 cm is in M (94-102)"
    assert recommendation.reasons[1] == "waist 86 cm is in L (84-90)"
    assert recommendation.reasons[2].startswith("L for a regular fit")
    assert "M if you prefer fitted" in recommendation.reasons[2]
    assert recommendation.other_fits[Fit.FITTED] == "M"
    assert sum(recommendation.probabilities.values()) == pytest.approx(1.0, abs=0.01)


def test_near_a_size_boundary_the_probabilities_split() -> None:
    chart = parse_chart(acme())
    sure = recommend(chart, {"chest": 98.0, "waist": 82.0}, SIGMAS)
    assert sure.size == "M" and sure.probabilities["M"] > 0.9
    split = recommend(chart, {"chest": 101.8, "waist": 82.0}, {"chest": 2.0, "waist": 1.0})
    assert 0.3 < split.probabilities["M"] < 0.7 and 0.3 < split.probabilities["L"] < 0.7
    assert "between sizes" in split.reasons[-1]


def test_a_body_beyond_the_chart_gets_the_end_size_and_is_told() -> None:
    chart = parse_chart(acme())
    big = recommend(chart, {"chest": 125.0, "waist": 100.0}, SIGMAS)
    assert big.size == "XL"
    assert "above the largest size" in big.reasons[0]


girths = st.floats(min_value=70.0, max_value=130.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    chest=girths,
    waist=girths,
    more_chest=st.floats(min_value=0.0, max_value=20.0),
    more_waist=st.floats(min_value=0.0, max_value=20.0),
    sigma=st.floats(min_value=0.1, max_value=5.0),
    fit=st.sampled_from(list(Fit)),
)
def test_recommended_sizes_never_go_down_as_girths_grow(
    chest: float, waist: float, more_chest: float, more_waist: float, sigma: float, fit: Fit
) -> None:
    chart = parse_chart(acme())
    sigmas = {"chest": sigma, "waist": sigma}
    before = recommend(chart, {"chest": chest, "waist": waist}, sigmas, fit=fit)
    after = recommend(
        chart, {"chest": chest + more_chest, "waist": waist + more_waist}, sigmas, fit=fit
    )
    assert chart.labels.index(after.size) >= chart.labels.index(before.size)


def feedback(size: str, **areas: FitFeel) -> FitFeedback:
    return FitFeedback(
        id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        avatar_id=uuid.uuid4(),
        brand="Acme",
        category=GarmentCategory.TOPS,
        size_worn=size,
        areas=areas,
        created_at=NOW,
    )


def test_feedback_moves_the_recommendation_the_right_way() -> None:
    chart = parse_chart(acme())
    body = {"chest": 98.0, "waist": 78.0}
    preference = neutral_preference(uuid.uuid4(), GarmentCategory.TOPS, NOW)
    assert recommend(chart, body, SIGMAS, learned_shift_cm=preference.offset_cm).size == "M"

    tight = learn(preference, feedback("M", chest=FitFeel.TOO_TIGHT), chart, body, NOW)
    assert tight.offset_cm > 0 and tight.feedback_count == 1
    assert recommend(chart, body, SIGMAS, learned_shift_cm=tight.offset_cm).size == "L"

    loose = learn(tight, feedback("L", chest=FitFeel.TOO_LOOSE), chart, body, NOW)
    assert loose.offset_cm < tight.offset_cm
    assert recommend(chart, body, SIGMAS, learned_shift_cm=loose.offset_cm).size == "M"

    baggy = learn(
        preference,
        feedback("M", chest=FitFeel.TOO_LOOSE, waist=FitFeel.TOO_LOOSE),
        chart,
        body,
        NOW,
    )
    assert recommend(chart, body, SIGMAS, learned_shift_cm=baggy.offset_cm).size == "S"
    assert baggy.fit is Fit.FITTED


def test_right_moves_the_preference_towards_the_worn_size() -> None:
    chart = parse_chart(acme())
    body = {"chest": 101.0, "waist": 82.0}
    preference = neutral_preference(uuid.uuid4(), GarmentCategory.TOPS, NOW)
    right = learn(preference, feedback("M", chest=FitFeel.RIGHT), chart, body, NOW)
    assert right.offset_cm == pytest.approx(-1.5)  # half-way to the middle of M (98)


def test_feedback_on_a_size_or_area_the_chart_lacks_is_refused() -> None:
    chart = parse_chart(acme())
    preference = neutral_preference(uuid.uuid4(), GarmentCategory.TOPS, NOW)
    body = {"chest": 98.0, "waist": 82.0}
    with pytest.raises(InvalidValue) as no_size:
        learn(preference, feedback("XXS", chest=FitFeel.RIGHT), chart, body, NOW)
    assert no_size.value.field == "sizeWorn"
    with pytest.raises(InvalidValue) as no_area:
        learn(preference, feedback("M", hips=FitFeel.RIGHT), chart, body, NOW)
    assert no_area.value.field == "fit.hips"
