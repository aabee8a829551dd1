"""Measurement profiles: the body measurements of one avatar, in canonical metric units.

Values are kept in centimetres (lengths, girths) and kilograms (weight) whatever the
user typed; ``unit`` only remembers how the user wants them shown. Conversions use the
exact factors of ``domain.units`` and shown values are rounded to 0.01, so a value typed
in inches or pounds with two decimals comes back exactly as typed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidValue
from domain.units import (
    MeasurementUnit,
    length_from_cm,
    length_to_cm,
    weight_from_kg,
    weight_to_kg,
)


class ExtractionMethod(StrEnum):
    AI = "ai"
    MANUAL = "manual"
    PRESET = "preset"
    MIXED = "mixed"


class Gender(StrEnum):
    """The body model's sex: it changes the shape, so a fit with it is closer."""

    FEMALE = "female"
    MALE = "male"


class ChestGirth(StrEnum):
    """Which girth the ``chest`` measurement holds (EN 13402-1, ISO 8559-1; ADR 42)."""

    # Bust girth: horizontal, across the bust points (the most prominent points of the breasts).
    BUST = "bust"
    # Chest girth: the fullest horizontal girth just under the armpits, over the shoulder
    # blades and across the chest, arms hanging outside the tape.
    UNDER_ARMPITS = "under_armpits"

    @property
    def description(self) -> str:
        if self is ChestGirth.BUST:
            return "bust girth across the bust points"
        return "chest girth, the fullest horizontal girth just under the armpits"


def chest_girth_for(gender: Gender | None) -> ChestGirth:
    """The chest a profile of ``gender`` holds: women's bust, everyone else's chest girth.

    Without a gender the chest girth under the armpits is taken: it is the standards' chest
    for men and children, every body has it, and it needs no bust point, which a body
    without breasts does not define (on a man the most forward chest point lies on the
    lower chest or the belly).
    """
    return ChestGirth.BUST if gender is Gender.FEMALE else ChestGirth.UNDER_ARMPITS


def definitions_note(gender: Gender | None) -> str:
    """What a measured profile's values mean, recorded in the version that measured them.

    A regeneration of an avatar measured before a definition changed measures it anew; its
    version then says by which definition (ADR 42), while earlier versions keep theirs.
    """
    return f"chest taken as the {chest_girth_for(gender).description} (ADR 42)"


class Quantity(StrEnum):
    LENGTH = "length"  # centimetres
    MASS = "mass"  # kilograms


@dataclass(frozen=True, slots=True)
class MeasurementSpec:
    """One measurement the service knows: its public name, quantity and plausible range."""

    name: str
    quantity: Quantity
    required: bool
    minimum: float  # in cm or kg
    maximum: float  # in cm or kg
    label: str


# Plausible ranges for adults and teenagers; outside them a value is a typo or a unit mix-up.
MEASUREMENT_SPECS: tuple[MeasurementSpec, ...] = (
    MeasurementSpec("height", Quantity.LENGTH, True, 100.0, 250.0, "height"),
    MeasurementSpec("weight", Quantity.MASS, False, 25.0, 300.0, "weight"),
    MeasurementSpec("chest", Quantity.LENGTH, False, 55.0, 200.0, "chest girth"),
    MeasurementSpec("waist", Quantity.LENGTH, False, 45.0, 200.0, "waist girth"),
    MeasurementSpec("hips", Quantity.LENGTH, False, 60.0, 200.0, "hip girth"),
    MeasurementSpec("shoulderWidth", Quantity.LENGTH, False, 25.0, 65.0, "shoulder width"),
    MeasurementSpec("armLength", Quantity.LENGTH, False, 40.0, 95.0, "arm length"),
    MeasurementSpec("inseam", Quantity.LENGTH, False, 45.0, 105.0, "inseam"),
    MeasurementSpec("neckCircumference", Quantity.LENGTH, False, 25.0, 60.0, "neck girth"),
    MeasurementSpec("bicep", Quantity.LENGTH, False, 15.0, 65.0, "bicep girth"),
    MeasurementSpec("forearm", Quantity.LENGTH, False, 15.0, 50.0, "forearm girth"),
    MeasurementSpec("thigh", Quantity.LENGTH, False, 30.0, 100.0, "thigh girth"),
    MeasurementSpec("calf", Quantity.LENGTH, False, 20.0, 65.0, "calf girth"),
    MeasurementSpec("wrist", Quantity.LENGTH, False, 10.0, 28.0, "wrist girth"),
    MeasurementSpec("ankle", Quantity.LENGTH, False, 15.0, 40.0, "ankle girth"),
)
SPECS_BY_NAME: Mapping[str, MeasurementSpec] = {spec.name: spec for spec in MEASUREMENT_SPECS}
MEASUREMENT_NAMES: tuple[str, ...] = tuple(spec.name for spec in MEASUREMENT_SPECS)


def snake_case(name: str) -> str:
    """A measurement's name as a column or a field: ``shoulderWidth`` -> ``shoulder_width``."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


REQUIRED_MEASUREMENTS: tuple[str, ...] = tuple(s.name for s in MEASUREMENT_SPECS if s.required)
STORED_DECIMALS: Mapping[Quantity, int] = {Quantity.LENGTH: 4, Quantity.MASS: 6}
TORSO_GIRTHS: tuple[str, ...] = ("chest", "waist", "hips")
MAX_TORSO_GIRTH_SPREAD_CM = 80.0


def to_metric(values: Mapping[str, float], unit: MeasurementUnit) -> dict[str, float]:
    """Convert user-typed values to cm / kg; unknown names are refused."""
    metric: dict[str, float] = {}
    for name, value in values.items():
        spec = SPECS_BY_NAME.get(name)
        if spec is None:
            raise InvalidValue(f"unknown measurement '{name}'", field=f"measurements.{name}")
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            raise InvalidValue(
                f"{spec.label} must be a finite number", field=f"measurements.{name}"
            )
        if spec.quantity is Quantity.MASS:
            metric[name] = weight_to_kg(float(value), unit)
        else:
            metric[name] = length_to_cm(float(value), unit)
    return metric


def from_metric(values: Mapping[str, float], unit: MeasurementUnit) -> dict[str, float]:
    """Values as the user wants to see them, rounded to 0.01 of their unit."""
    shown: dict[str, float] = {}
    for name, value in values.items():
        if SPECS_BY_NAME[name].quantity is Quantity.MASS:
            shown[name] = round(weight_from_kg(value, unit), 2)
        else:
            shown[name] = round(length_from_cm(value, unit), 2)
    return shown


def unit_symbol(name: str, unit: MeasurementUnit) -> str:
    """The symbol a measurement is shown with in ``unit``: cm, in, kg or lb."""
    return {
        (Quantity.LENGTH, MeasurementUnit.METRIC): "cm",
        (Quantity.LENGTH, MeasurementUnit.IMPERIAL): "in",
        (Quantity.MASS, MeasurementUnit.METRIC): "kg",
        (Quantity.MASS, MeasurementUnit.IMPERIAL): "lb",
    }[(SPECS_BY_NAME[name].quantity, unit)]


def _range_text(spec: MeasurementSpec, unit: MeasurementUnit) -> str:
    low, high = (
        from_metric({spec.name: spec.minimum}, unit),
        from_metric({spec.name: spec.maximum}, unit),
    )
    return f"{low[spec.name]:g}-{high[spec.name]:g} {unit_symbol(spec.name, unit)}"


def validate_measurements(values: Mapping[str, float], unit: MeasurementUnit) -> None:
    """Check a complete metric measurement set: presence, ranges, and body plausibility.

    Raises ``InvalidValue`` naming the first offending measurement.
    """
    for name in REQUIRED_MEASUREMENTS:
        if name not in values:
            raise InvalidValue(
                f"{SPECS_BY_NAME[name].label} is required", field=f"measurements.{name}"
            )
    for name, value in values.items():
        spec = SPECS_BY_NAME[name]
        if not spec.minimum <= value <= spec.maximum:
            raise InvalidValue(
                f"{spec.label} must be between {_range_text(spec, unit)}",
                field=f"measurements.{name}",
            )
    height = values["height"]
    if "inseam" in values and not 0.35 * height <= values["inseam"] <= 0.56 * height:
        raise InvalidValue(
            "inseam must be between 35% and 56% of height", field="measurements.inseam"
        )
    if "armLength" in values and not 0.25 * height <= values["armLength"] <= 0.45 * height:
        raise InvalidValue(
            "arm length must be between 25% and 45% of height", field="measurements.armLength"
        )
    present = [name for name in TORSO_GIRTHS if name in values]
    if len(present) >= 2:
        girths = sorted(present, key=lambda name: values[name])
        smallest, largest = girths[0], girths[-1]
        if values[largest] - values[smallest] > MAX_TORSO_GIRTH_SPREAD_CM:
            raise InvalidValue(
                f"{SPECS_BY_NAME[largest].label} exceeds {SPECS_BY_NAME[smallest].label} by more "
                f"than {MAX_TORSO_GIRTH_SPREAD_CM:g} cm; check the values and the unit",
                field=f"measurements.{largest}",
            )
    neck, chest = values.get("neckCircumference"), values.get("chest")
    if neck is not None and chest is not None and neck >= chest:
        raise InvalidValue(
            "neck girth must be smaller than chest girth", field="measurements.neckCircumference"
        )


@dataclass(frozen=True, slots=True)
class MeasurementProfile:
    """The measurements of one avatar. Immutable: a change makes a new profile (and version)."""

    id: UUID
    avatar_id: UUID
    values: Mapping[str, float]  # metric: cm, kg
    unit: MeasurementUnit
    extraction_method: ExtractionMethod
    created_at: datetime
    updated_at: datetime
    confidence_scores: Mapping[str, float] = field(default_factory=dict)
    manual_overrides: tuple[str, ...] = ()
    gender: Gender | None = None
    # Filled in by the body fit from the population, not given by the user, a preset or photos.
    estimated: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Kept at the precision every store holds (0.0001 cm, 0.000001 kg), so a profile reads
        # back equal from any adapter; two-decimal imperial input still round-trips exactly.
        unknown = [name for name in self.values if name not in SPECS_BY_NAME]
        if unknown:
            raise InvalidValue(
                f"unknown measurement '{unknown[0]}'", field=f"measurements.{unknown[0]}"
            )
        object.__setattr__(
            self,
            "values",
            {
                name: round(value, STORED_DECIMALS[SPECS_BY_NAME[name].quantity])
                for name, value in self.values.items()
            },
        )
        validate_measurements(self.values, self.unit)
        for name, score in self.confidence_scores.items():
            if name not in SPECS_BY_NAME:
                raise InvalidValue(
                    f"confidence for unknown measurement '{name}'", field="confidenceScores"
                )
            if not 0.0 <= score <= 1.0:
                raise InvalidValue(
                    "confidence scores lie between 0 and 1", field=f"confidenceScores.{name}"
                )

    @property
    def given(self) -> dict[str, float]:
        """The values a body fit must match: all but those it estimated itself."""
        return {k: v for k, v in self.values.items() if k not in self.estimated}

    @property
    def height_cm(self) -> float:
        return self.values["height"]

    @property
    def weight_kg(self) -> float | None:
        return self.values.get("weight")

    def shown(self) -> dict[str, float]:
        """The values in the profile's display unit, rounded to 0.01."""
        return from_metric(self.values, self.unit)

    def with_changes(
        self, changes: Mapping[str, float], unit: MeasurementUnit | None, now: datetime
    ) -> MeasurementProfile:
        """A new profile with ``changes`` (metric) applied and recorded as manual overrides."""
        merged = dict(self.values)
        merged.update(changes)
        changed = [name for name in changes if self.values.get(name) != changes[name]]
        overrides = tuple(dict.fromkeys((*self.manual_overrides, *changed)))
        method = self.extraction_method
        if changed and method in (ExtractionMethod.AI, ExtractionMethod.PRESET):
            method = ExtractionMethod.MIXED
        scores = {k: v for k, v in self.confidence_scores.items() if k not in changed}
        return replace(
            self,
            values=merged,
            estimated=tuple(name for name in self.estimated if name not in changes),
            unit=unit or self.unit,
            extraction_method=method,
            manual_overrides=overrides,
            confidence_scores=scores,
            updated_at=now,
        )

    def with_fit(
        self,
        measured: Mapping[str, float],
        confidence: Mapping[str, float],
        now: datetime,
    ) -> MeasurementProfile:
        """The profile of the fitted body: given values kept as typed, the others estimated.

        ``measured`` holds every measurement taken on the fitted body; those the profile had
        (given) stay exactly as they were, the rest are added and listed in ``estimated``.
        """
        given = self.given
        added = {
            name: round(value, 1)
            for name, value in measured.items()
            if name in SPECS_BY_NAME and name not in given
        }
        method = self.extraction_method
        if added and method is ExtractionMethod.MANUAL:
            method = ExtractionMethod.MIXED
        return replace(
            self,
            values={**given, **added},
            estimated=tuple(added),
            confidence_scores={
                name: score for name, score in confidence.items() if name in SPECS_BY_NAME
            },
            extraction_method=method,
            updated_at=now,
        )

    def changed_names(self, other: MeasurementProfile) -> list[str]:
        names: Iterable[str] = dict.fromkeys((*self.values, *other.values))
        return [n for n in names if self.values.get(n) != other.values.get(n)]
