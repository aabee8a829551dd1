"""The size to buy, with a probability for every size, under measurement uncertainty.

Each measurement a chart reads is normal around the body's value (moved by the fit: the
chart's ease for a chosen fit, or the user's learned offset) with the profile's standard
deviation (``domain.uncertainty``). A measurement falls in one size; the garment must fit
every measurement, so the size needed is the largest of them. With the measurements
independent, P(needed <= k) is the product over measurements of P(measurement's size <= k);
the recommended size is the median of that distribution (the smallest size needed at least
half the time), so a larger body never gets a smaller size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.body_analysis import Fit
from domain.size_charts import UNITS, SizeChart
from domain.uncertainty import TYPED_SIGMA_CM, normal_cdf


@dataclass(frozen=True, slots=True)
class SizeRecommendation:
    brand: str
    category: str
    chart_gender: str
    size: str
    probabilities: Mapping[str, float]  # label -> P(this size is the one needed); 0s left out
    fit: Fit
    shift_cm: float  # how far the body was moved before reading the chart
    reasons: tuple[str, ...]
    other_fits: Mapping[Fit, str]  # the size for each fit the chart names, where different
    source: str


def needed_size_cdf(
    chart: SizeChart, values: Mapping[str, float], sigmas: Mapping[str, float], shift_cm: float
) -> list[float]:
    """P(needed size index <= k) for every k of ``chart``."""
    count = len(chart.sizes)
    cdf = [1.0] * count
    for name in chart.measurements:
        mean = values[name] + shift_cm
        sigma = sigmas.get(name, TYPED_SIGMA_CM)
        edges = chart.boundaries(name)
        for k in range(count - 1):  # the largest size takes every body above it
            if sigma > 0.0:
                cdf[k] *= normal_cdf((edges[k + 1] - mean) / sigma)
            elif mean >= edges[k + 1]:
                cdf[k] = 0.0
    return cdf


def median_index(cdf: Sequence[float]) -> int:
    return next(k for k, p in enumerate(cdf) if p >= 0.5)


def _index_of(chart: SizeChart, name: str, value_cm: float) -> int | None:
    """The size whose range holds ``value_cm``; None below the smallest or above the largest."""
    edges = chart.boundaries(name)
    if value_cm < edges[0] or value_cm >= edges[-1]:
        return None
    return next(k for k in range(len(chart.sizes)) if value_cm < edges[k + 1])


def _where(chart: SizeChart, name: str, value_cm: float) -> str:
    factor = UNITS[chart.unit]
    label = name if name != "neckCircumference" else "neck"
    shown = f"{label} {value_cm / factor:.3g} {chart.unit}"
    index = _index_of(chart, name, value_cm)
    if index is None:
        edges = chart.boundaries(name)
        if value_cm < edges[0]:
            return (
                f"{shown} is below the smallest size ({chart.sizes[0].label} starts at "
                f"{edges[0] / factor:g})"
            )
        return (
            f"{shown} is above the largest size ({chart.sizes[-1].label} ends at "
            f"{edges[-1] / factor:g})"
        )
    size = chart.sizes[index].label
    return f"{shown} is in {size} ({chart.range_text(size, name)})"


def recommend(
    chart: SizeChart,
    values: Mapping[str, float],
    sigmas: Mapping[str, float],
    *,
    fit: Fit = Fit.REGULAR,
    learned_shift_cm: float | None = None,
) -> SizeRecommendation:
    """The size of ``chart`` for a body of ``values`` (cm) with ``sigmas`` (cm).

    ``learned_shift_cm`` (from fit feedback) replaces the chart's ease for ``fit`` when given.
    Raises ``KeyError`` for a measurement the body lacks (callers check ``missing_for``).
    """
    shift = chart.fit_shift_cm(fit) if learned_shift_cm is None else learned_shift_cm
    cdf = needed_size_cdf(chart, values, sigmas, shift)
    index = median_index(cdf)
    masses = {
        size.label: round(max(0.0, cdf[k] - (cdf[k - 1] if k else 0.0)), 3)
        for k, size in enumerate(chart.sizes)
    }
    probabilities = {label: p for label, p in masses.items() if p > 0.0}
    size = chart.sizes[index].label
    others: dict[Fit, str] = {}
    for other in Fit:
        if other is fit and learned_shift_cm is None:
            continue
        other_size = chart.sizes[
            median_index(needed_size_cdf(chart, values, sigmas, chart.fit_shift_cm(other)))
        ].label
        if other_size != size:
            others[other] = other_size
    reasons = [_where(chart, name, values[name]) for name in chart.measurements]
    if learned_shift_cm is not None and abs(learned_shift_cm) >= 0.05:
        direction = "larger" if learned_shift_cm > 0 else "smaller"
        conclusion = (
            f"{size} for your fit (your feedback reads the chart "
            f"{abs(learned_shift_cm):.1f} cm {direction})"
        )
    else:
        conclusion = f"{size} for a {fit.value} fit"
    if others:
        conclusion += "; " + ", ".join(
            f"{other_size} if you prefer {other.value}" for other, other_size in others.items()
        )
    if probabilities.get(size, 0.0) < 0.6:
        runner_up = max(
            (label for label in probabilities if label != size),
            key=lambda label: probabilities[label],
            default=None,
        )
        if runner_up is not None and probabilities[runner_up] > 0.0:
            conclusion += (
                f" (between sizes: {size} {probabilities.get(size, 0.0):.0%}, {runner_up} "
                f"{probabilities[runner_up]:.0%})"
            )
    return SizeRecommendation(
        brand=chart.brand,
        category=chart.category.value,
        chart_gender=chart.gender.value,
        size=size,
        probabilities=probabilities,
        fit=fit,
        shift_cm=round(shift, 2),
        reasons=(*reasons, conclusion),
        other_fits=others,
        source=chart.source,
    )


def missing_for(chart: SizeChart, values: Mapping[str, float]) -> tuple[str, ...]:
    """The measurements ``chart`` reads that ``values`` lack."""
    return tuple(name for name in chart.measurements if name not in values)
