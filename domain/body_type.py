"""Body type by written rules, and its probability under the measurements' uncertainty.

Sources (docs/body-analysis.md has the full text of the rules):

- FFIT: Simmons, Istook and Devarajan, "Female Figure Identification Technique (FFIT) for
  Apparel, Part I", Journal of Textile and Apparel, Technology and Management 4(1), 2004.
  Its bust, waist and hip differences (inches, converted exactly: 1 in = 2.54 cm) decide
  hourglass (with FFIT's top and bottom hourglass), pear (FFIT's triangle and spoon),
  inverted triangle and rectangle. FFIT's bottom hourglass and spoon also read the high hip,
  which no profile holds: that condition is left out.
- Apple (FFIT's oval and diamond: the middle is the widest girth) also from two ratios:
  waist-to-hip at or above the WHO threshold (WHO, "Waist circumference and waist-hip
  ratio", expert consultation report, 2008: 0.85 women, 0.90 men) together with a
  waist-to-height ratio of 0.5 or more (Ashwell and Hsieh, Int J Food Sci Nutr 56(5), 2005).
  Both must hold, so a slim straight figure is not called apple for its ratio alone.

Men: FFIT was built on women. A man's chest is the chest girth under the armpits (ADR 42);
his large chest-to-waist drop is the athletic "V", which the spec's five types call
inverted triangle, so the men's rules have no hourglass. Without a gender the women's
rules apply (the only published set) with the men's, stricter, waist-to-hip threshold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from domain.measurements import Gender
from domain.uncertainty import quantile_points
from domain.units import CM_PER_INCH

WAIST_TO_HEIGHT_APPLE = 0.5
WAIST_TO_HIP_APPLE = {Gender.FEMALE: 0.85, Gender.MALE: 0.90, None: 0.90}
# FFIT thresholds, in inches.
HOURGLASS_BUST_OVER_HIPS_IN = 1.0
SIDE_DIFFERENCE_IN = 3.6  # bust and hips this far apart: pear or inverted triangle
HOURGLASS_BUST_DROP_IN = 9.0  # bust - waist
HOURGLASS_HIP_DROP_IN = 10.0  # hips - waist
PARTIAL_HOURGLASS_DROP_IN = 9.0  # top hourglass: bust - waist; bottom: hips - waist
PARTIAL_HOURGLASS_LIMIT_IN = 10.0  # top: bust - hips < 10; bottom: hips - bust < 10
# Points per girth of the deterministic normal sample (chest x waist x hips).
PROBABILITY_POINTS = 9


class BodyType(StrEnum):
    APPLE = "apple"
    PEAR = "pear"
    RECTANGLE = "rectangle"
    HOURGLASS = "hourglass"
    INVERTED_TRIANGLE = "inverted_triangle"


@dataclass(frozen=True, slots=True)
class Girths:
    """What the rules read, in cm: the chest (a woman's bust), waist, hips and the height."""

    chest: float
    waist: float
    hips: float
    height: float


def _in(cm: float) -> float:
    return cm / CM_PER_INCH


def body_type_rule(girths: Girths, gender: Gender | None) -> tuple[BodyType, str]:
    """The body type of ``girths`` and the rule that decided it, in words."""
    chest, waist, hips = girths.chest, girths.waist, girths.hips
    if waist >= chest or waist >= hips:
        return BodyType.APPLE, "the waist is the widest girth"
    waist_to_hip, waist_to_height = waist / hips, waist / girths.height
    threshold = WAIST_TO_HIP_APPLE[gender]
    if waist_to_hip >= threshold and waist_to_height >= WAIST_TO_HEIGHT_APPLE:
        return BodyType.APPLE, (
            f"waist-to-hip {waist_to_hip:.2f} >= {threshold:.2f} and "
            f"waist-to-height {waist_to_height:.2f} >= {WAIST_TO_HEIGHT_APPLE:.2f}"
        )
    bust_over_hips = _in(chest - hips)
    hips_over_bust = _in(hips - chest)
    bust_drop, hip_drop = _in(chest - waist), _in(hips - waist)
    if gender is Gender.MALE:
        if bust_drop >= HOURGLASS_BUST_DROP_IN or bust_over_hips >= SIDE_DIFFERENCE_IN:
            return BodyType.INVERTED_TRIANGLE, (
                f"chest exceeds waist by {bust_drop:.1f} in (>= 9) or hips by "
                f"{bust_over_hips:.1f} in (>= 3.6)"
            )
        if hips_over_bust >= SIDE_DIFFERENCE_IN:
            return BodyType.PEAR, f"hips exceed chest by {hips_over_bust:.1f} in (>= 3.6)"
        return BodyType.RECTANGLE, "chest, waist and hips within the pear and V thresholds"
    if (
        bust_over_hips <= HOURGLASS_BUST_OVER_HIPS_IN
        and hips_over_bust < SIDE_DIFFERENCE_IN
        and (bust_drop >= HOURGLASS_BUST_DROP_IN or hip_drop >= HOURGLASS_HIP_DROP_IN)
    ):
        return BodyType.HOURGLASS, "FFIT hourglass: bust and hips alike, waist 9-10 in smaller"
    if (
        HOURGLASS_BUST_OVER_HIPS_IN < bust_over_hips < PARTIAL_HOURGLASS_LIMIT_IN
        and bust_drop >= PARTIAL_HOURGLASS_DROP_IN
    ):
        return BodyType.HOURGLASS, "FFIT top hourglass: bust over hips, waist 9 in under bust"
    if (
        SIDE_DIFFERENCE_IN <= hips_over_bust < PARTIAL_HOURGLASS_LIMIT_IN
        and hip_drop >= PARTIAL_HOURGLASS_DROP_IN
    ):
        return BodyType.HOURGLASS, "FFIT bottom hourglass: hips over bust, waist 9 in under hips"
    if hips_over_bust >= SIDE_DIFFERENCE_IN:
        return BodyType.PEAR, f"hips exceed bust by {hips_over_bust:.1f} in (>= 3.6)"
    if bust_over_hips >= SIDE_DIFFERENCE_IN:
        return BodyType.INVERTED_TRIANGLE, f"bust exceeds hips by {bust_over_hips:.1f} in (>= 3.6)"
    return BodyType.RECTANGLE, "bust and hips within 3.6 in, waist less than 9-10 in smaller"


def body_type_probabilities(
    girths: Girths, sigmas: Mapping[str, float], gender: Gender | None
) -> dict[BodyType, float]:
    """P(type) when chest, waist and hips are each normal around their value with the given
    standard deviations (independent; the height's is negligible for one ratio and is not
    drawn). A deterministic sample of ``PROBABILITY_POINTS`` ** 3 equally likely points."""
    points = quantile_points(PROBABILITY_POINTS)
    chest_sigma = sigmas.get("chest", 0.0)
    waist_sigma = sigmas.get("waist", 0.0)
    hips_sigma = sigmas.get("hips", 0.0)
    counts = dict.fromkeys(BodyType, 0)
    for c in points:
        chest = girths.chest + c * chest_sigma
        for w in points:
            waist = girths.waist + w * waist_sigma
            for h in points:
                sample = Girths(chest, waist, girths.hips + h * hips_sigma, girths.height)
                counts[body_type_rule(sample, gender)[0]] += 1
    total = float(PROBABILITY_POINTS**3)
    return {body_type: count / total for body_type, count in counts.items()}


@dataclass(frozen=True, slots=True)
class BodyTypeFinding:
    body_type: BodyType
    confidence: float  # the probability of ``body_type`` under the uncertainty
    rule: str
    probabilities: Mapping[BodyType, float]


def classify(girths: Girths, sigmas: Mapping[str, float], gender: Gender | None) -> BodyTypeFinding:
    """The type the rules give at the measured values, with its probability as confidence."""
    body_type, rule = body_type_rule(girths, gender)
    probabilities = body_type_probabilities(girths, sigmas, gender)
    return BodyTypeFinding(
        body_type=body_type,
        confidence=round(min(1.0, max(0.0, probabilities[body_type])), 3),
        rule=rule,
        probabilities={t: round(p, 3) for t, p in probabilities.items() if p > 0.0},
    )
