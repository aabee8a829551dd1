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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from domain.body_analysis import Fit
from domain.measurements import Gender, MeasurementProfile
from domain.size_charts import UNITS, ChartGender, GarmentCategory, SizeChart, brand_key
from domain.uncertainty import TYPED_SIGMA_CM, measurement_sigmas, normal_cdf


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


GENDER_PREFERENCE: Mapping[Gender | None, tuple[ChartGender, ...]] = {
    Gender.FEMALE: (ChartGender.FEMALE, ChartGender.UNISEX),
    Gender.MALE: (ChartGender.MALE, ChartGender.UNISEX),
    # The chest of a profile without a gender is the chest girth under the armpits: the men's.
    None: (ChartGender.UNISEX, ChartGender.MALE),
}


def charts_for(charts: Iterable[SizeChart], gender: Gender | None) -> list[SizeChart]:
    """One chart per brand and category: the body's gender's, else the unisex one (for a
    profile without a gender: unisex, else the men's, whose chest is the profile's chest)."""
    order = GENDER_PREFERENCE[gender]
    chosen: dict[tuple[str, GarmentCategory], SizeChart] = {}
    for chart in charts:
        if chart.gender not in order:
            continue
        key = (brand_key(chart.brand), chart.category)
        kept = chosen.get(key)
        if kept is None or order.index(chart.gender) < order.index(kept.gender):
            chosen[key] = chart
    return list(chosen.values())


def recommend_sizes(
    charts: Iterable[SizeChart],
    profile: MeasurementProfile,
    learned_shifts_cm: Mapping[GarmentCategory, float],
    *,
    fit: Fit | None = None,
) -> list[SizeRecommendation]:
    """A recommendation for every brand and category of ``charts`` the profile can be read
    against: with ``fit`` when given, else with the learned offset of the category (from fit
    feedback) when there is one, else for a regular fit."""
    sigmas = measurement_sigmas(profile)
    recommendations = []
    for chart in charts_for(charts, profile.gender):
        if missing_for(chart, profile.values):
            continue
        learned = None if fit is not None else learned_shifts_cm.get(chart.category)
        recommendations.append(
            recommend(
                chart, profile.values, sigmas, fit=fit or Fit.REGULAR, learned_shift_cm=learned
            )
        )
    return recommendations
