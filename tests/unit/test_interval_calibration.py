"""Photo avatars' 90 % intervals: calibrated per group and scaled by each fit's own final cost
(ADR 57). The calibration is what ``bench/photo_measurement.py --calibrate`` writes; these
tests feed it rows whose errors are known."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import pytest

from adapters.body.parametric import confidence_from_sigma
from adapters.estimation.photo_estimator import (
    FIT_SCALE_RANGE,
    Calibration,
    fit_scale,
)
from adapters.estimation.refinement import stance_degrees
from bench.photo_measurement import _inside, calibration_group, fit_cost_model, stance_model
from domain.measurements import MEASUREMENT_NAMES


def _measured(rng: np.random.Generator, spread: float) -> dict[str, Any]:
    """A subject's truths (50-150) and estimates off by a relative error of sigma ``spread``."""
    truth = {name: 50.0 + 100.0 * rng.random() for name in MEASUREMENT_NAMES}
    estimate = {n: v * (1.0 + rng.normal(0.0, spread)) for n, v in truth.items()}
    return {"truth": truth, "estimate": estimate}


def _rows(exponent: float, count: int = 400, seed: int = 5) -> list[dict[str, Any]]:
    """Subjects whose relative errors grow as cost ** ``exponent`` (log-normal costs)."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(count):
        cost = float(200.0 * np.exp(rng.normal(0.0, 0.6)))
        rows.append({**_measured(rng, 0.02 * (cost / 200.0) ** exponent), "fit_cost": cost})
    return rows


@pytest.mark.parametrize("exponent", [0.0, 0.5])
def test_the_cost_model_finds_how_errors_follow_the_fits_cost(exponent: float) -> None:
    model = fit_cost_model(_rows(exponent))
    assert model is not None
    median, found = model
    assert median == pytest.approx(200.0, rel=0.1)
    assert found == pytest.approx(exponent, abs=0.08)


def test_no_costs_no_model() -> None:
    rows = _rows(0.5)
    for row in rows[:3]:
        del row["fit_cost"]
    assert fit_cost_model(rows) is None
    assert "fit_cost_exponent" not in calibration_group({"rows": rows})


def test_scaled_intervals_hold_ninety_percent_for_good_and_bad_fits_alike(tmp_path: Path) -> None:
    train, held_out = _rows(0.5, seed=1), _rows(0.5, seed=2)
    group = calibration_group({"rows": train})
    assert group["fit_cost_exponent"] == pytest.approx(0.5, abs=0.08)
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({"groups": {"tight/with_height": group}}))
    calibration = Calibration.load(path)

    def confidences(row: dict[str, Any]) -> dict[str, float]:
        scale = calibration.interval_scale("tight/with_height", row["fit_cost"])
        return {
            name: confidence_from_sigma(
                row["estimate"][name],
                calibration.sigma_share(name, "tight/with_height") * scale * row["estimate"][name],
            )
            for name in MEASUREMENT_NAMES
        }

    for row in held_out:
        row["confidence"] = confidences(row)
    ordered = sorted(held_out, key=lambda row: row["fit_cost"])
    thirds = [ordered[: len(ordered) // 3], ordered[-len(ordered) // 3 :]]
    for third in thirds:  # the best and the worst fits: each held as often as the other
        share = statistics.fmean(_inside(row, n) for row in third for n in MEASUREMENT_NAMES)
        assert 0.85 <= share <= 0.95
    # Without the scale the worst fits' intervals would hold far less often.
    flat = calibration_group({"rows": [{**r, "fit_cost": 200.0} for r in train]})
    worst = thirds[1]
    held = statistics.fmean(
        abs(row["estimate"][n] - row["truth"][n])
        <= 1.645 * flat["sigma_share"][n] * row["estimate"][n]
        for row in worst
        for n in MEASUREMENT_NAMES
    )
    assert held < 0.85


def test_the_scale_follows_the_cost_within_its_bounds() -> None:
    assert fit_scale(200.0, 200.0, 0.5) == pytest.approx(1.0)
    assert fit_scale(800.0, 200.0, 0.5) == pytest.approx(2.0)
    assert fit_scale(50.0, 200.0, 0.5) == pytest.approx(FIT_SCALE_RANGE[0])
    assert fit_scale(1e6, 200.0, 0.5) == pytest.approx(FIT_SCALE_RANGE[1])
    assert fit_scale(800.0, 200.0, 0.0) == pytest.approx(1.0)


def test_groups_without_a_cost_model_keep_their_intervals() -> None:
    calibration = Calibration(
        {"regular/with_height": {"chest": 0.02}},
        {"regular/with_height": (100.0, 0.5)},
    )
    assert calibration.interval_scale("regular/with_height", 400.0) == pytest.approx(2.0)
    # No clothing said reads the regular group, its cost model included.
    assert calibration.interval_scale("unknown/with_height", 400.0) == pytest.approx(2.0)
    assert calibration.interval_scale("loose/with_height", 400.0) == 1.0
    assert calibration.interval_scale("regular/with_height", None) == 1.0
    assert calibration.sigma_share("chest", "unknown/with_height") == 0.02


def test_the_shipped_calibration_scales_every_group_by_its_fits_cost() -> None:
    calibration = Calibration.load()
    for group in ("tight/with_height", "regular/with_height", "loose/with_height"):
        median, exponent = calibration.fit_costs[group]
        assert median > 0 and 0.0 <= exponent <= 1.0
        assert calibration.interval_scale(group, median) == pytest.approx(1.0)
    assert "tight/without_height" in calibration.fit_costs


def test_eighty_subjects_give_each_measurement_an_interval_nearer_ninety_percent() -> None:
    """Each measurement's spread from all its errors and one tail shape for the group (ADR
    60): from 80 subjects, each measurement's interval holds near 90 % of new subjects'
    truths, more reliably than a 90th percentile of its own 80 errors."""
    rng = np.random.default_rng(11)
    names = list(MEASUREMENT_NAMES)
    ours, own_percentile = [], []
    for _ in range(40):
        spreads = 0.01 + 0.04 * rng.random(len(names))
        errors = rng.standard_normal((80, len(names))) * spreads
        rows = [
            {
                "truth": dict.fromkeys(names, 100.0),
                "estimate": dict(zip(names, 100.0 + 100.0 * e, strict=True)),
            }
            for e in errors
        ]
        shares = calibration_group({"rows": rows})["sigma_share"]
        estimates = 100.0 + 100.0 * errors
        own = np.quantile(np.abs(errors) * 100.0 / estimates, 0.9, axis=0) / 1.645
        for index, name in enumerate(names):
            # A new subject's relative error is normal with the measurement's spread.
            ours.append(2 * NormalDist().cdf(1.645 * shares[name] / spreads[index]) - 1)
            own_percentile.append(2 * NormalDist().cdf(1.645 * own[index] / spreads[index]) - 1)
    assert statistics.fmean(ours) == pytest.approx(0.90, abs=0.01)
    assert statistics.pstdev(ours) < 0.9 * statistics.pstdev(own_percentile)
    assert statistics.fmean(0.85 <= c <= 0.95 for c in ours) >= 0.88


def _haired_rows(count: int = 400, seed: int = 11, factor: float = 2.0) -> list[dict[str, Any]]:
    """Subjects of one fit cost; a third with long hair seen, whose errors are ``factor``
    times wider."""
    rng = np.random.default_rng(seed)
    rows = []
    for index in range(count):
        hair = index % 3 == 0
        spread = 0.02 * (factor if hair else 1.0)
        rows.append({**_measured(rng, spread), "fit_cost": 200.0, "long_hair": hair})
    return rows


def test_long_hair_seen_widens_the_intervals_by_how_much_wider_its_errors_are(
    tmp_path: Path,
) -> None:
    group = calibration_group({"rows": _haired_rows(seed=3)})
    assert group["long_hair_factor"] == pytest.approx(2.0, rel=0.1)
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({"groups": {"tight/with_height": group}}))
    calibration = Calibration.load(path)
    assert calibration.interval_scale("tight/with_height", 200.0) == pytest.approx(1.0)
    widened = calibration.interval_scale("tight/with_height", 200.0, long_hair=True)
    assert widened == pytest.approx(group["long_hair_factor"])
    held_out = _haired_rows(seed=4)
    for hair in (True, False):  # both hold about 90 % of their truths
        rows = [r for r in held_out if r["long_hair"] is hair]
        scale = calibration.interval_scale("tight/with_height", 200.0, long_hair=hair)
        inside = [
            abs(r["estimate"][n] - r["truth"][n])
            <= 1.645 * calibration.sigma_share(n, "tight/with_height") * scale * r["estimate"][n]
            for r in rows
            for n in MEASUREMENT_NAMES
            if n != "height"
        ]
        assert 0.86 <= statistics.fmean(inside) <= 0.94
    # One interval for all would hold far less often where hair is seen.
    flat = calibration_group({"rows": [{**r, "long_hair": False} for r in _haired_rows(seed=3)]})
    held = statistics.fmean(
        abs(r["estimate"][n] - r["truth"][n]) <= 1.645 * flat["sigma_share"][n] * r["estimate"][n]
        for r in held_out
        if r["long_hair"]
        for n in MEASUREMENT_NAMES
    )
    assert held < 0.8


def test_too_few_long_haired_subjects_give_no_hair_factor() -> None:
    rows = _haired_rows(count=60)
    few = [r for r in rows if not r["long_hair"]] + [r for r in rows if r["long_hair"]][:7]
    assert "long_hair_factor" not in calibration_group({"rows": few})
    assert Calibration({}).interval_scale("tight/with_height", 200.0, long_hair=True) == 1.0


def _posed_rows(count: int = 400, seed: int = 21, exponent: float = 0.5) -> list[dict[str, Any]]:
    """Subjects of one fit cost whose relative errors grow as stance ** ``exponent``, the
    stances 6-30 degrees from the rest."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(count):
        stance = float(rng.uniform(6.0, 30.0))
        spread = 0.02 * (stance / 15.0) ** exponent
        rows.append({**_measured(rng, spread), "fit_cost": 200.0, "stance_deg": stance})
    return rows


def test_the_stance_model_finds_how_errors_follow_the_distance_from_the_rest(
    tmp_path: Path,
) -> None:
    """ADR 71: a body photographed near the rest stance gets narrower intervals, by the
    exponent its group's errors follow; each end holds about 90 % of its truths."""
    rows = _posed_rows(seed=1)
    model = stance_model(rows, np.ones(len(rows)))
    assert model is not None
    assert model[0] == pytest.approx(18.0, abs=1.5)
    assert model[1] == pytest.approx(0.5, abs=0.1)
    group = calibration_group({"rows": rows})
    assert group["stance_exponent"] == pytest.approx(model[1])
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({"groups": {"tight/with_height": group}}))
    calibration = Calibration.load(path)
    assert calibration.stances["tight/with_height"] == pytest.approx(model, abs=0.01)
    near = calibration.interval_scale("tight/with_height", 200.0, stance_deg=7.0)
    far = calibration.interval_scale("tight/with_height", 200.0, stance_deg=28.0)
    assert near < 0.75 < 1.15 < far
    held_out = _posed_rows(seed=2)
    for low, high in ((6.0, 12.0), (24.0, 30.0)):
        inside = [
            abs(r["estimate"][n] - r["truth"][n])
            <= 1.645
            * calibration.sigma_share(n, "tight/with_height")
            * calibration.interval_scale("tight/with_height", 200.0, stance_deg=r["stance_deg"])
            * r["estimate"][n]
            for r in held_out
            if low <= r["stance_deg"] <= high
            for n in MEASUREMENT_NAMES
            if n != "height"
        ]
        assert 0.85 <= statistics.fmean(inside) <= 0.95, (low, high)


def test_rows_without_stances_give_no_stance_model() -> None:
    rows = _rows(0.5)
    assert stance_model(rows, np.ones(len(rows))) is None
    assert "stance_exponent" not in calibration_group({"rows": rows})
    assert Calibration({}).interval_scale("tight/with_height", 200.0, stance_deg=40.0) == 1.0


def test_stance_degrees_is_the_root_mean_square_turn_of_the_posed_joints() -> None:
    assert stance_degrees(np.zeros((2, 30))) == 0.0
    poses = np.zeros((2, 30))
    poses[0, 0:3] = [0.0, 0.0, np.radians(20.0)]  # one joint of 20 joints turned 20 degrees
    assert stance_degrees(poses) == pytest.approx(20.0 / np.sqrt(20.0))
    poses[1, 3:6] = [np.radians(20.0), 0.0, 0.0]
    assert stance_degrees(poses) == pytest.approx(20.0 / np.sqrt(10.0))
