"""The photo benchmark: the bootstrap interval of a mean absolute error (ADR 74) and the
calibration groups (ADR 75)."""

from __future__ import annotations

import numpy as np

from bench.photo_measurement import mae_interval


def test_the_interval_holds_the_mae_and_is_as_wide_as_its_standard_error() -> None:
    errors = np.random.default_rng(3).normal(0.3, 2.0, 400)
    low, high = mae_interval(errors)
    mae = float(np.abs(errors).mean())
    assert low < mae < high
    # A mean of 400 draws is close to normal: 90 % lies within 1.645 standard errors.
    expected = 2 * 1.645 * np.abs(errors).std() / np.sqrt(len(errors))
    assert abs((high - low) - expected) < 0.12 * expected


def test_four_times_the_subjects_halve_the_interval() -> None:
    draws = np.random.default_rng(5).normal(0.0, 2.5, 1600)
    widths = []
    for count in (40, 160, 640):
        low, high = mae_interval(draws[:count])
        widths.append(high - low)
    assert 1.6 < widths[0] / widths[1] < 2.5
    assert 1.6 < widths[1] / widths[2] < 2.5


def test_the_same_errors_give_the_same_interval_and_the_sign_does_not_matter() -> None:
    errors = np.random.default_rng(8).normal(-1.0, 1.0, 40)
    assert mae_interval(errors) == mae_interval(errors.copy())
    assert mae_interval(errors) == mae_interval(-errors)
    assert mae_interval(errors, level=0.5)[1] - mae_interval(errors, level=0.5)[0] < (
        mae_interval(errors)[1] - mae_interval(errors)[0]
    )


def test_rest_and_natural_subjects_calibrate_tight_clothing_together() -> None:
    from bench.photo_measurement import rows_by_group

    results = {
        "rest": {"rows": [{"seed": 1}, {"seed": 2}]},
        "natural": {"rows": [{"seed": 3}]},
        "regular": {"rows": [{"seed": 4}]},
        "no_height": {"rows": [{"seed": 5}]},
    }
    groups = rows_by_group(results)
    assert [r["seed"] for r in groups["tight/with_height"]] == [1, 2, 3]
    assert [r["seed"] for r in groups["regular/with_height"]] == [4]
    assert [r["seed"] for r in groups["tight/without_height"]] == [5]
    assert len(groups) == 3
