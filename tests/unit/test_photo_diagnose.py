"""The development tool ``bench/photo_diagnose.py``: its arguments and its summary of rows
whose errors and clothing offsets are known (no estimator runs here)."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from bench.photo_diagnose import parse_override, parse_set, summary
from domain.measurements import MEASUREMENT_NAMES


def test_a_set_names_a_condition_and_its_seeds() -> None:
    assert parse_set("regular@812000:3") == ("regular", [812000, 812001, 812002])
    for bad in ("baggy@812000:3", "regular@812000", "regular:3", "regular@x:3"):
        with pytest.raises(argparse.ArgumentTypeError, match="CONDITION@FIRST:COUNT"):
            parse_set(bad)


def test_an_override_is_a_module_a_name_and_a_literal() -> None:
    assert parse_override("adapters.estimation.refinement.ROUNDS=9") == (
        "adapters.estimation.refinement",
        "ROUNDS",
        9,
    )
    module, name, value = parse_override("a.b.TABLE={'regular': (1.4, 0.35, 0.8)}")
    assert (module, name, value) == ("a.b", "TABLE", {"regular": (1.4, 0.35, 0.8)})
    with pytest.raises(argparse.ArgumentTypeError, match="not a literal"):
        parse_override("a.b.NAME=os.system('x')")
    with pytest.raises(argparse.ArgumentTypeError, match=r"MODULE\.NAME=VALUE"):
        parse_override("NAME=3")


def _row(seed: int, error: float, *, hair: bool, top: tuple[float, float]) -> dict[str, Any]:
    """A 170 cm, 65 kg subject (BMI 22.5) whose chest, waist and hips are ``error`` cm off,
    the bicep 0.8 and the rest 0.5; ``top``: the solved and the true T-shirt offset (cm)."""
    truth = {name: 30.0 for name in MEASUREMENT_NAMES}
    truth.update(height=170.0, weight=65.0, chest=95.0, waist=80.0, hips=98.0)
    off = {"chest": error, "waist": error, "hips": error, "bicep": 0.8}
    estimate = {name: value + off.get(name, 0.5) for name, value in truth.items()}
    return {
        "seed": seed,
        "gender": "female" if hair else "male",
        "truth": truth,
        "estimate": estimate,
        "long_hair": hair,
        "seconds": 1.0,
        "vertex_mm": 10.0,
        "confidence": dict.fromkeys(MEASUREMENT_NAMES, 0.8),
        "outfit": {"top_offset_m": top[1] / 100.0, "bottom_offset_m": 0.012},
        "clothing_offset_cm": [top[0], 1.2],
    }


def test_the_summary_splits_the_errors_and_compares_the_offsets() -> None:
    rows = [
        _row(1, 2.0, hair=True, top=(1.5, 1.8)),
        _row(2, -1.0, hair=False, top=(1.3, 1.0)),
        _row(3, 3.0, hair=False, top=(1.6, 2.0)),
        {"seed": 4, "failure": {"reason": "front photo: no person"}},
    ]
    lines = summary(rows)
    assert lines[0] == "3 of 4 completed (chest / waist / hips: MAE/bias, cm)"
    assert "failed 4: front photo: no person" in lines[1]
    text = "\n".join(lines)
    assert "all                    n=3   chest 2.00/+1.33" in text
    assert "long hair seen         n=1   chest 2.00/+2.00" in text
    assert "no long hair seen      n=2   chest 2.00/+1.00" in text
    assert "BMI 20-25              n=3" in text and "BMI 30-99              none" in text
    assert "worst other: bicep 0.80" in text
    # The solved top offsets rise with the true ones (the trousers' true offset is the same
    # for all, so no line for them).
    assert "top offset: solved 1.47 +- 0.12, true 1.60 +- 0.43 cm, correlation 0.99" in text
    assert "trousers offset" not in text
