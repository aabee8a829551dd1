"""Preset bodies for preset_based avatars (spec 2.2.4).

Girths and lengths are rounded medians of adult anthropometric surveys (ANSUR II, 2012,
and CAESAR), grouped by sex and build; they are starting points a user then adjusts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.errors import InvalidValue
from domain.measurements import Gender


@dataclass(frozen=True, slots=True)
class Preset:
    id: str
    label: str
    values: Mapping[str, float]  # cm, kg

    @property
    def gender(self) -> Gender:
        """Every preset is one body of the survey's women or men."""
        return Gender(self.id.split("_", 1)[0])


PRESETS: Mapping[str, Preset] = {
    preset.id: preset
    for preset in (
        Preset(
            "female_petite",
            "Female, petite",
            {
                "height": 155.0,
                "weight": 52.0,
                "chest": 84.0,
                "waist": 68.0,
                "hips": 91.0,
                "shoulderWidth": 36.0,
                "armLength": 52.0,
                "inseam": 70.0,
                "neckCircumference": 31.0,
            },
        ),
        Preset(
            "female_average",
            "Female, average",
            {
                "height": 164.0,
                "weight": 66.0,
                "chest": 94.0,
                "waist": 80.0,
                "hips": 102.0,
                "shoulderWidth": 38.0,
                "armLength": 55.0,
                "inseam": 75.0,
                "neckCircumference": 33.0,
            },
        ),
        Preset(
            "female_tall",
            "Female, tall",
            {
                "height": 176.0,
                "weight": 70.0,
                "chest": 95.0,
                "waist": 78.0,
                "hips": 104.0,
                "shoulderWidth": 40.0,
                "armLength": 59.0,
                "inseam": 82.0,
                "neckCircumference": 34.0,
            },
        ),
        Preset(
            "male_slim",
            "Male, slim",
            {
                "height": 176.0,
                "weight": 66.0,
                "chest": 92.0,
                "waist": 78.0,
                "hips": 92.0,
                "shoulderWidth": 44.0,
                "armLength": 60.0,
                "inseam": 81.0,
                "neckCircumference": 37.0,
            },
        ),
        Preset(
            "male_average",
            "Male, average",
            {
                "height": 176.0,
                "weight": 85.0,
                "chest": 104.0,
                "waist": 92.0,
                "hips": 102.0,
                "shoulderWidth": 46.0,
                "armLength": 61.0,
                "inseam": 80.0,
                "neckCircumference": 40.0,
            },
        ),
        Preset(
            "male_athletic",
            "Male, athletic",
            {
                "height": 182.0,
                "weight": 86.0,
                "chest": 108.0,
                "waist": 84.0,
                "hips": 100.0,
                "shoulderWidth": 49.0,
                "armLength": 63.0,
                "inseam": 84.0,
                "neckCircumference": 41.0,
            },
        ),
    )
}


def find_preset(preset_id: str) -> Preset:
    try:
        return PRESETS[preset_id]
    except KeyError:
        known = ", ".join(sorted(PRESETS))
        raise InvalidValue(
            f"unknown preset '{preset_id}'; known presets: {known}", field="presetId"
        ) from None
