"""Body analysis (spec 2.2.5, 3.1.5): body type, proportions and styling notes from measurements.

The body type follows the Female Figure Identification Technique (Simmons, Istook and
Devarajan, 2004) reduced to the five types of the spec, with its thresholds expressed in
centimetres (1 in = 2.54 cm). It is a pure function of a measurement profile. Its "bust" is
the profile's chest: a woman's bust girth, a man's (or a profile without a gender) chest
girth under the armpits (``domain.measurements.chest_girth_for``, ADR 42). The proportions
(shoulder to hip, waist to hip, waist to height) do not read the chest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidValue
from domain.measurements import MeasurementProfile

INCH_CM = 2.54
# A hip girth is close to an ellipse whose depth is ~0.75 of its breadth: breadth = girth / 2.763.
GIRTH_TO_BREADTH = 2.763


class BodyType(StrEnum):
    APPLE = "apple"
    PEAR = "pear"
    RECTANGLE = "rectangle"
    HOURGLASS = "hourglass"
    INVERTED_TRIANGLE = "inverted_triangle"


class Fit(StrEnum):
    FITTED = "fitted"
    REGULAR = "regular"
    LOOSE = "loose"
    OVERSIZED = "oversized"


STYLING_NOTES: Mapping[BodyType, tuple[str, ...]] = {
    BodyType.APPLE: (
        "empire and A-line cuts draw the eye away from the waist",
        "straight-leg and bootcut trousers balance the silhouette",
    ),
    BodyType.PEAR: (
        "structured shoulders and detailed tops balance wider hips",
        "dark, straight or flared bottoms lengthen the leg line",
    ),
    BodyType.RECTANGLE: (
        "belts and peplums create waist definition",
        "layered tops and textured fabrics add shape",
    ),
    BodyType.HOURGLASS: (
        "fitted and wrap styles follow the defined waist",
        "avoid boxy cuts that hide the waist",
    ),
    BodyType.INVERTED_TRIANGLE: (
        "V-necks and simple shoulders soften a broad upper body",
        "wide-leg trousers and A-line skirts add volume below",
    ),
}


@dataclass(frozen=True, slots=True)
class BodyAnalysis:
    id: UUID
    avatar_id: UUID
    measurement_profile_id: UUID
    body_type: BodyType
    body_type_confidence: float
    shoulder_to_hip_ratio: float
    waist_to_hip_ratio: float
    waist_to_height_ratio: float
    balanced: bool
    recommendations: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    symmetry_score: float | None = None
    symmetry_issues: tuple[str, ...] = ()
    fit_tops: Fit = Fit.REGULAR
    fit_bottoms: Fit = Fit.REGULAR
    size_recommendations: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.body_type_confidence <= 1.0:
            raise InvalidValue(
                "body type confidence lies between 0 and 1", field="bodyTypeConfidence"
            )
        if self.symmetry_score is not None and not 0.0 <= self.symmetry_score <= 1.0:
            raise InvalidValue("symmetry score lies between 0 and 1", field="symmetryScore")


def _confidence(margin_cm: float) -> float:
    """0.5 on a class boundary, approaching 0.99 ten centimetres away from it."""
    return round(min(0.99, 0.5 + 0.5 * max(0.0, margin_cm) / 10.0), 3)


def classify_body_type(chest_cm: float, waist_cm: float, hips_cm: float) -> tuple[BodyType, float]:
    """The body type and a confidence from the distance to the nearest decision threshold."""
    bust_minus_hips = chest_cm - hips_cm
    hips_minus_bust = hips_cm - chest_cm
    bust_minus_waist = chest_cm - waist_cm
    hips_minus_waist = hips_cm - waist_cm
    if waist_cm >= chest_cm or waist_cm >= hips_cm:
        return BodyType.APPLE, _confidence(min(waist_cm - chest_cm, waist_cm - hips_cm) + 5.0)
    if (
        bust_minus_hips <= 1 * INCH_CM
        and hips_minus_bust < 3.6 * INCH_CM
        and (bust_minus_waist >= 9 * INCH_CM or hips_minus_waist >= 10 * INCH_CM)
    ):
        margin = max(bust_minus_waist - 9 * INCH_CM, hips_minus_waist - 10 * INCH_CM)
        return BodyType.HOURGLASS, _confidence(margin)
    if hips_minus_bust >= 3.6 * INCH_CM:
        return BodyType.PEAR, _confidence(hips_minus_bust - 3.6 * INCH_CM)
    if bust_minus_hips >= 3.6 * INCH_CM:
        return BodyType.INVERTED_TRIANGLE, _confidence(bust_minus_hips - 3.6 * INCH_CM)
    margin = min(
        3.6 * INCH_CM - abs(bust_minus_hips),
        9 * INCH_CM - bust_minus_waist,
        10 * INCH_CM - hips_minus_waist,
    )
    return BodyType.RECTANGLE, _confidence(margin)


ANALYSIS_NEEDS: tuple[str, ...] = ("height", "chest", "waist", "hips", "shoulderWidth")


def can_analyse(profile: MeasurementProfile) -> bool:
    """Whether the profile holds what the analysis reads (a partial one waits for the fit)."""
    return all(name in profile.values for name in ANALYSIS_NEEDS)


def analyse_body(profile: MeasurementProfile, analysis_id: UUID, now: datetime) -> BodyAnalysis:
    """Classify the body of ``profile`` and compute its proportions."""
    values = profile.values
    chest, waist, hips = values["chest"], values["waist"], values["hips"]
    body_type, confidence = classify_body_type(chest, waist, hips)
    shoulder_to_hip = values["shoulderWidth"] / (hips / GIRTH_TO_BREADTH)
    return BodyAnalysis(
        id=analysis_id,
        avatar_id=profile.avatar_id,
        measurement_profile_id=profile.id,
        body_type=body_type,
        body_type_confidence=confidence,
        shoulder_to_hip_ratio=round(shoulder_to_hip, 3),
        waist_to_hip_ratio=round(waist / hips, 3),
        waist_to_height_ratio=round(waist / profile.height_cm, 3),
        balanced=0.9 <= shoulder_to_hip <= 1.35 and body_type is not BodyType.APPLE,
        recommendations=STYLING_NOTES[body_type],
        created_at=now,
        updated_at=now,
    )
