"""Body analysis (spec 2.2.5, 3.1.5): body type, proportions, symmetry and plain-word notes.

A pure function of a measurement profile (and, for photo avatars, of the symmetry the
front photo showed). The body type follows written rules with their sources
(``domain.body_type``, docs/body-analysis.md); its confidence is the probability of that
type when each girth is as uncertain as the profile says (``domain.uncertainty``). The
"bust" of the rules is the profile's chest: a woman's bust girth, a man's (or a profile
without a gender) chest girth under the armpits (``domain.measurements.chest_girth_for``,
ADR 42). The proportions (shoulder to hip, waist to hip, waist to height) do not read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.body_type import BodyType, Girths, classify
from domain.errors import InvalidValue
from domain.measurements import MeasurementProfile
from domain.symmetry import Symmetry, SymmetrySource, fitted_body_symmetry
from domain.uncertainty import measurement_sigmas

__all__ = ["BodyAnalysis", "BodyType", "Fit", "analyse_body", "can_analyse"]

# A hip girth is close to an ellipse whose depth is ~0.75 of its breadth: breadth = girth / 2.763.
GIRTH_TO_BREADTH = 2.763
# Shoulder breadth over hip breadth in this band reads as balanced (neither end dominates).
BALANCED_SHOULDER_TO_HIP = (0.9, 1.35)
# Below this confidence the notes say the type is uncertain and name the runner-up.
CONFIDENT_TYPE = 0.7


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
    # Why: the rule that gave the type, and every type's probability under the uncertainty.
    body_type_rule: str = ""
    body_type_probabilities: Mapping[str, float] = field(default_factory=dict)
    symmetry_source: SymmetrySource | None = None
    # The avatar version whose measurements this analysis read (set by the avatar).
    avatar_version: int | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.body_type_confidence <= 1.0:
            raise InvalidValue(
                "body type confidence lies between 0 and 1", field="bodyTypeConfidence"
            )
        if self.symmetry_score is not None and not 0.0 <= self.symmetry_score <= 1.0:
            raise InvalidValue("symmetry score lies between 0 and 1", field="symmetryScore")

    @property
    def symmetry(self) -> Symmetry | None:
        if self.symmetry_score is None or self.symmetry_source is None:
            return None
        return Symmetry(self.symmetry_score, self.symmetry_issues, self.symmetry_source)


ANALYSIS_NEEDS: tuple[str, ...] = ("height", "chest", "waist", "hips", "shoulderWidth")


def can_analyse(profile: MeasurementProfile) -> bool:
    """Whether the profile holds what the analysis reads (a partial one waits for the fit)."""
    return all(name in profile.values for name in ANALYSIS_NEEDS)


def proportion_notes(
    shoulder_to_hip: float, waist_to_hip: float, waist_to_height: float
) -> tuple[str, ...]:
    """Plain-word notes on the proportions, for choosing clothes."""
    notes = []
    low, high = BALANCED_SHOULDER_TO_HIP
    if shoulder_to_hip > high:
        notes.append(
            f"shoulders are {shoulder_to_hip:.2f} times as broad as the hips: "
            "tops without shoulder detail and fuller trousers keep the two in balance"
        )
    elif shoulder_to_hip < low:
        notes.append(
            f"hips are broader than the shoulders (ratio {shoulder_to_hip:.2f}): "
            "shoulder detail and lighter tops over darker bottoms balance them"
        )
    else:
        notes.append(f"shoulders and hips are in balance (ratio {shoulder_to_hip:.2f})")
    if waist_to_hip >= 0.9 or waist_to_height >= 0.5:
        notes.append("a straight or low waistline sits better than a belt at the natural waist")
    elif waist_to_hip <= 0.75:
        notes.append("a defined waist: belted and wrap styles show it")
    return tuple(notes)


def analyse_body(
    profile: MeasurementProfile,
    analysis_id: UUID,
    now: datetime,
    *,
    symmetry: Symmetry | None = None,
) -> BodyAnalysis:
    """Classify the body of ``profile``, compute its proportions and notes.

    ``symmetry`` is the photo's, for photo avatars; else the fitted body's (see
    ``domain.symmetry`` for what each can see).
    """
    values = profile.values
    chest, waist, hips = values["chest"], values["waist"], values["hips"]
    girths = Girths(chest=chest, waist=waist, hips=hips, height=profile.height_cm)
    finding = classify(girths, measurement_sigmas(profile), profile.gender)
    shoulder_to_hip = values["shoulderWidth"] / (hips / GIRTH_TO_BREADTH)
    waist_to_hip, waist_to_height = waist / hips, waist / profile.height_cm
    notes = list(STYLING_NOTES[finding.body_type])
    notes += proportion_notes(shoulder_to_hip, waist_to_hip, waist_to_height)
    if finding.confidence < CONFIDENT_TYPE:
        runner_up = max(
            (t for t in finding.probabilities if t is not finding.body_type),
            key=lambda t: finding.probabilities[t],
            default=None,
        )
        if runner_up is not None:
            notes.append(
                f"the measurements lie near a type boundary: {finding.body_type.value} "
                f"{finding.confidence:.0%}, {runner_up.value} "
                f"{finding.probabilities[runner_up]:.0%}; its notes may suit as well"
            )
    seen = symmetry or fitted_body_symmetry()
    low, high = BALANCED_SHOULDER_TO_HIP
    return BodyAnalysis(
        id=analysis_id,
        avatar_id=profile.avatar_id,
        measurement_profile_id=profile.id,
        body_type=finding.body_type,
        body_type_confidence=finding.confidence,
        shoulder_to_hip_ratio=round(shoulder_to_hip, 3),
        waist_to_hip_ratio=round(waist_to_hip, 3),
        waist_to_height_ratio=round(waist_to_height, 3),
        balanced=low <= shoulder_to_hip <= high and finding.body_type is not BodyType.APPLE,
        recommendations=tuple(notes),
        created_at=now,
        updated_at=now,
        symmetry_score=seen.score,
        symmetry_issues=seen.issues,
        symmetry_source=seen.source,
        body_type_rule=finding.rule,
        body_type_probabilities={t.value: p for t, p in finding.probabilities.items()},
    )
