"""How uncertain each measurement of a profile is, as one standard deviation in its unit.

A profile's confidence score c says the 90 % interval of a value is +-(1 - c) x 20 % of the
value (docs/measurements.md): sigma = (1 - c) x 0.2 x value / 1.645. Two floors keep that
from claiming more than a tape can: a value the user typed (a manual override, or one with
no score) is as good as a self-measurement with a tape, ``TYPED_SIGMA_CM``; any other value
is at least ``MIN_SIGMA_CM`` uncertain, however well the body model matched it.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from domain.measurements import MeasurementProfile

CONFIDENCE_SCALE = 0.2  # the 90 % half-width at confidence 0, as a share of the value
Z_90 = 1.645  # half-width of a 90 % normal interval, in standard deviations
# A girth or length taped at home: reading, tape tension and posture, one standard deviation.
TYPED_SIGMA_CM = 1.0
# Below this the body-fit residual is not a statement about the person any more.
MIN_SIGMA_CM = 0.5


def sigma_from_confidence(value: float, confidence: float) -> float:
    """One standard deviation of a value with confidence score ``confidence`` (no floor)."""
    return (1.0 - confidence) * CONFIDENCE_SCALE * abs(value) / Z_90


def measurement_sigmas(profile: MeasurementProfile) -> dict[str, float]:
    """One standard deviation per measurement of ``profile`` (cm; kg for the weight)."""
    sigmas: dict[str, float] = {}
    typed = set(profile.manual_overrides)
    for name, value in profile.values.items():
        score = profile.confidence_scores.get(name)
        if name in typed or score is None:
            sigmas[name] = TYPED_SIGMA_CM
        else:
            sigmas[name] = max(MIN_SIGMA_CM, sigma_from_confidence(value, score))
    return sigmas


def normal_cdf(x: float) -> float:
    """P(Z <= x) for a standard normal Z."""
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def probability_between(mean: float, sigma: float, low: float, high: float) -> float:
    """P(low <= X < high) for X ~ N(mean, sigma); ``low``/``high`` may be infinite."""
    if sigma <= 0.0:
        return 1.0 if low <= mean < high else 0.0
    upper = 1.0 if high == math.inf else normal_cdf((high - mean) / sigma)
    lower = 0.0 if low == -math.inf else normal_cdf((low - mean) / sigma)
    return max(0.0, upper - lower)


def quantile_points(count: int) -> tuple[float, ...]:
    """``count`` equally likely standard-normal points (the midpoints of equal-probability
    strata): a deterministic sample for expectations over a normal."""
    unit = NormalDist()
    return tuple(unit.inv_cdf((i + 0.5) / count) for i in range(count))
