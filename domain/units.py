"""Units of measure and their exact conversion factors.

The inch and the avoirdupois pound are defined exactly in metric units (international
yard and pound agreement, 1959), so conversion is a multiplication by an exact constant.
"""

from __future__ import annotations

from enum import StrEnum

CM_PER_INCH = 2.54
KG_PER_POUND = 0.45359237


class MeasurementUnit(StrEnum):
    METRIC = "metric"
    IMPERIAL = "imperial"


def length_to_cm(value: float, unit: MeasurementUnit) -> float:
    return value * CM_PER_INCH if unit is MeasurementUnit.IMPERIAL else value


def length_from_cm(value_cm: float, unit: MeasurementUnit) -> float:
    return value_cm / CM_PER_INCH if unit is MeasurementUnit.IMPERIAL else value_cm


def weight_to_kg(value: float, unit: MeasurementUnit) -> float:
    return value * KG_PER_POUND if unit is MeasurementUnit.IMPERIAL else value


def weight_from_kg(value_kg: float, unit: MeasurementUnit) -> float:
    return value_kg / KG_PER_POUND if unit is MeasurementUnit.IMPERIAL else value_kg
