"""Fit feedback and the per-category fit preference it teaches.

A user says how a size they wore fitted, area by area (too tight, right, too loose). The
preference of that garment category is one offset in cm: how far the body is moved before
a chart is read (0: the chart as it is, the regular fit). Each feedback moves it:

- too tight at an area: the body needs at least the top of the worn size's range there, so
  the offset rises to (top - body + ``MARGIN_CM``) if it is below;
- too loose: the body is below the worn size's range, so the offset falls to at most
  (bottom - body - ``MARGIN_CM``);
- right: the offset moves half-way towards the middle of the worn size's range.

Tight wins over loose when one garment is both (a garment that does not close is worse).
The offset is shown as the nearest named fit (``Fit``) in the analysis' ``fitPreferences``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.body_analysis import Fit
from domain.errors import InvalidValue
from domain.size_charts import DEFAULT_EASE_CM, GarmentCategory, SizeChart

MARGIN_CM = 0.5
MAX_OFFSET_CM = (-15.0, 20.0)
MAX_AREAS = 10


class FitFeel(StrEnum):
    TOO_TIGHT = "too_tight"
    RIGHT = "right"
    TOO_LOOSE = "too_loose"


@dataclass(frozen=True, slots=True)
class FitFeedback:
    id: UUID
    user_id: UUID
    avatar_id: UUID
    brand: str
    category: GarmentCategory
    size_worn: str
    areas: Mapping[str, FitFeel]
    created_at: datetime

    def __post_init__(self) -> None:
        if not self.areas:
            raise InvalidValue("say how the garment fitted at one area at least", field="fit")
        if len(self.areas) > MAX_AREAS:
            raise InvalidValue(f"at most {MAX_AREAS} areas", field="fit")


@dataclass(frozen=True, slots=True)
class FitPreference:
    user_id: UUID
    category: GarmentCategory
    offset_cm: float
    feedback_count: int
    updated_at: datetime

    @property
    def fit(self) -> Fit:
        return fit_of_offset(self.offset_cm)


def fit_of_offset(offset_cm: float) -> Fit:
    """The named fit whose default ease is nearest ``offset_cm``."""
    return min(DEFAULT_EASE_CM, key=lambda fit: abs(DEFAULT_EASE_CM[fit] - offset_cm))


def neutral_preference(user_id: UUID, category: GarmentCategory, now: datetime) -> FitPreference:
    return FitPreference(user_id, category, 0.0, 0, now)


def learn(
    preference: FitPreference,
    feedback: FitFeedback,
    chart: SizeChart,
    body_cm: Mapping[str, float],
    now: datetime,
) -> FitPreference:
    """The preference after ``feedback`` on a size of ``chart`` worn by a body of ``body_cm``.

    ``InvalidValue`` names a worn size the chart lacks, or an area it does not measure.
    """
    rows = {size.label: size for size in chart.sizes}
    worn = rows.get(feedback.size_worn)
    if worn is None:
        raise InvalidValue(
            f"{chart.brand} {chart.category.value} has no size {feedback.size_worn!r}; "
            f"its sizes: {', '.join(rows)}",
            field="sizeWorn",
        )
    for area in feedback.areas:
        if area not in chart.measurements:
            raise InvalidValue(
                f"the {chart.brand} chart does not measure {area!r}; it reads "
                f"{', '.join(chart.measurements)}",
                field=f"fit.{area}",
            )
        if area not in body_cm:
            raise InvalidValue(f"the avatar has no {area} measurement", field=f"fit.{area}")
    offset = preference.offset_cm
    right = [
        (sum(worn.ranges[a]) / 2 - body_cm[a])
        for a, f in feedback.areas.items()
        if f is FitFeel.RIGHT
    ]
    if right:
        offset += 0.5 * (sum(right) / len(right) - offset)
    loose = [
        worn.ranges[a][0] - body_cm[a] - MARGIN_CM
        for a, f in feedback.areas.items()
        if f is FitFeel.TOO_LOOSE
    ]
    if loose:
        offset = min(offset, min(loose))
    tight = [
        worn.ranges[a][1] - body_cm[a] + MARGIN_CM
        for a, f in feedback.areas.items()
        if f is FitFeel.TOO_TIGHT
    ]
    if tight:
        offset = max(offset, max(tight))
    low, high = MAX_OFFSET_CM
    return replace(
        preference,
        offset_cm=round(min(high, max(low, offset)), 2),
        feedback_count=preference.feedback_count + 1,
        updated_at=now,
    )
