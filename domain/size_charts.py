"""Size charts as data: which body measurements each size of a brand's garment is made for.

The format (``size-chart/v1``, docs/body-analysis.md#size-charts) is a JSON document::

    {"format": "size-chart/v1", "brand": "Acme", "category": "tops", "gender": "female",
     "unit": "cm", "source": "where the numbers come from",
     "measurements": ["chest", "waist"],
     "ease": {"fitted": -4, "regular": 0, "loose": 6, "oversized": 12},
     "sizes": [{"label": "S", "ranges": {"chest": [82, 90], "waist": [66, 74]}},
               {"label": "M", "ranges": {"chest": [90, 98], "waist": [74, 82]}}]}

Sizes go from small to large; a range is [min, max) of the body measurement, and each size
starts where the one before ends (no overlap, no gap), measurement by measurement. ``ease``
is the room (in ``unit``) the brand cuts for each fit; a fit moves the body by its ease minus
the regular one before reading the chart. Parsing refuses anything else with an
``InvalidValue`` naming the offending field.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from domain.body_analysis import Fit
from domain.errors import InvalidValue
from domain.measurements import SPECS_BY_NAME, Quantity
from domain.units import CM_PER_INCH

FORMAT = "size-chart/v1"
UNITS: Mapping[str, float] = {"cm": 1.0, "in": CM_PER_INCH}
MAX_SIZES = 40
MAX_TEXT = 500
# Where a chart does not say: the room of each fit around the body girth, cm.
DEFAULT_EASE_CM: Mapping[Fit, float] = {
    Fit.FITTED: -3.0,
    Fit.REGULAR: 0.0,
    Fit.LOOSE: 5.0,
    Fit.OVERSIZED: 12.0,
}
# Boundaries that touch within this (cm) are contiguous: charts typed in inches round.
CONTIGUOUS_CM = 0.05


class GarmentCategory(StrEnum):
    TOPS = "tops"
    SHIRTS = "shirts"
    OUTERWEAR = "outerwear"
    DRESSES = "dresses"
    BOTTOMS = "bottoms"


class ChartGender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNISEX = "unisex"


@dataclass(frozen=True, slots=True)
class SizeRow:
    label: str
    ranges: Mapping[str, tuple[float, float]]  # cm, [min, max)


@dataclass(frozen=True, slots=True)
class SizeChart:
    brand: str
    category: GarmentCategory
    gender: ChartGender
    source: str
    measurements: tuple[str, ...]
    ease_cm: Mapping[Fit, float]
    sizes: tuple[SizeRow, ...]
    unit: str = "cm"  # how it was written; ranges are kept in cm

    @property
    def key(self) -> tuple[str, GarmentCategory, ChartGender]:
        return (brand_key(self.brand), self.category, self.gender)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(size.label for size in self.sizes)

    def boundaries(self, measurement: str) -> tuple[float, ...]:
        """The K + 1 edges of the K sizes along ``measurement``, cm."""
        ranges = [size.ranges[measurement] for size in self.sizes]
        return (ranges[0][0], *(high for _, high in ranges))

    def fit_shift_cm(self, fit: Fit) -> float:
        """How far ``fit`` moves the body before the chart is read (its ease over regular)."""
        return self.ease_cm[fit] - self.ease_cm[Fit.REGULAR]

    def range_text(self, label: str, measurement: str) -> str:
        low, high = next(s.ranges[measurement] for s in self.sizes if s.label == label)
        factor = UNITS[self.unit]
        return f"{low / factor:g}-{high / factor:g}"


def brand_key(brand: str) -> str:
    """Brands match without regard to case or surrounding spaces."""
    return " ".join(brand.split()).casefold()


def _text(document: Mapping[str, Any], name: str) -> str:
    value = document.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"'{name}' must be a non-empty text", field=name)
    if len(value) > MAX_TEXT:
        raise InvalidValue(f"'{name}' has at most {MAX_TEXT} characters", field=name)
    return value.strip()


def _choice(document: Mapping[str, Any], name: str, allowed: Sequence[str]) -> str:
    value = document.get(name)
    if value not in allowed:
        raise InvalidValue(f"unknown {name} {value!r}; one of: {', '.join(allowed)}", field=name)
    return str(value)


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidValue("must be a finite number", field=field)
    return float(value)


def parse_chart(document: Mapping[str, Any]) -> SizeChart:
    """A validated chart from its ``size-chart/v1`` document (see the module doc)."""
    if not isinstance(document, Mapping):
        raise InvalidValue("a size chart is a JSON object", field="")
    if document.get("format", FORMAT) != FORMAT:
        raise InvalidValue(f"unknown format; this service reads {FORMAT}", field="format")
    known = {"format", "brand", "category", "gender", "unit", "source", "measurements"}
    unexpected = sorted(set(document) - known - {"ease", "sizes"})
    if unexpected:
        raise InvalidValue(f"unknown field '{unexpected[0]}'", field=unexpected[0])
    brand = _text(document, "brand")
    source = _text(document, "source")
    category = GarmentCategory(_choice(document, "category", [c.value for c in GarmentCategory]))
    gender = ChartGender(_choice(document, "gender", [g.value for g in ChartGender]))
    unit = _choice(document, "unit", list(UNITS))
    factor = UNITS[unit]
    names = document.get("measurements")
    if not isinstance(names, list) or not names:
        raise InvalidValue(
            "'measurements' lists the body measurements the chart reads", field="measurements"
        )
    for i, name in enumerate(names):
        spec = SPECS_BY_NAME.get(name) if isinstance(name, str) else None
        if spec is None or spec.quantity is not Quantity.LENGTH:
            lengths = ", ".join(
                s.name for s in SPECS_BY_NAME.values() if s.quantity is Quantity.LENGTH
            )
            raise InvalidValue(
                f"unknown body measurement {name!r}; a chart reads lengths: {lengths}",
                field=f"measurements[{i}]",
            )
    if len(set(names)) != len(names):
        raise InvalidValue("a measurement is listed twice", field="measurements")
    ease_cm = dict(DEFAULT_EASE_CM)
    ease = document.get("ease", {})
    if not isinstance(ease, Mapping):
        raise InvalidValue("'ease' maps fits to centimetres or inches", field="ease")
    for fit_name, value in ease.items():
        if fit_name not in {f.value for f in Fit}:
            raise InvalidValue(
                f"unknown fit {fit_name!r}; one of: {', '.join(f.value for f in Fit)}",
                field=f"ease.{fit_name}",
            )
        ease_cm[Fit(fit_name)] = _number(value, f"ease.{fit_name}") * factor
    order = [ease_cm[f] for f in (Fit.FITTED, Fit.REGULAR, Fit.LOOSE, Fit.OVERSIZED)]
    if order != sorted(order):
        raise InvalidValue("ease grows from fitted to oversized", field="ease")
    sizes = _sizes(document.get("sizes"), names, factor, unit)
    return SizeChart(
        brand=brand,
        category=category,
        gender=gender,
        source=source,
        measurements=tuple(names),
        ease_cm=ease_cm,
        sizes=sizes,
        unit=unit,
    )


def _sizes(raw: Any, names: list[str], factor: float, unit: str) -> tuple[SizeRow, ...]:
    if not isinstance(raw, list) or not raw:
        raise InvalidValue("'sizes' lists the sizes from small to large", field="sizes")
    if len(raw) > MAX_SIZES:
        raise InvalidValue(f"a chart has at most {MAX_SIZES} sizes", field="sizes")
    rows: list[SizeRow] = []
    for i, size in enumerate(raw):
        where = f"sizes[{i}]"
        if not isinstance(size, Mapping):
            raise InvalidValue("a size is an object with 'label' and 'ranges'", field=where)
        label = _text(size, "label") if "label" in size else ""
        if not label:
            raise InvalidValue("a size needs a label", field=f"{where}.label")
        if label in (r.label for r in rows):
            raise InvalidValue(f"size {label!r} appears twice", field=f"{where}.label")
        ranges = size.get("ranges")
        if not isinstance(ranges, Mapping):
            raise InvalidValue(f"size {label} needs 'ranges'", field=f"{where}.ranges")
        extra = sorted(set(ranges) - set(names))
        if extra:
            raise InvalidValue(
                f"size {label}: {extra[0]!r} is not among the chart's measurements",
                field=f"{where}.ranges.{extra[0]}",
            )
        kept: dict[str, tuple[float, float]] = {}
        for name in names:
            field = f"{where}.ranges.{name}"
            pair = ranges.get(name)
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise InvalidValue(f"size {label}: {name} needs [min, max]", field=field)
            low, high = (_number(v, field) * factor for v in pair)
            if not 0 < low < high:
                raise InvalidValue(
                    f"size {label}: {name} range must have 0 < min < max", field=field
                )
            kept[name] = (low, high)
        rows.append(SizeRow(label=label, ranges=kept))
    for name in names:
        for index, (before, after) in enumerate(itertools.pairwise(rows), start=1):
            end, start = before.ranges[name][1], after.ranges[name][0]
            field = f"sizes[{index}].ranges.{name}"
            if start < end - CONTIGUOUS_CM:
                raise InvalidValue(
                    f"{name} ranges overlap: {before.label} ends at {end / factor:g} {unit} "
                    f"but {after.label} starts at {start / factor:g} {unit}",
                    field=field,
                )
            if start > end + CONTIGUOUS_CM:
                raise InvalidValue(
                    f"{name} ranges leave a gap: {before.label} ends at {end / factor:g} {unit} "
                    f"and {after.label} starts at {start / factor:g} {unit}",
                    field=field,
                )
    # Contiguous within rounding: each size starts exactly where the one before ends.
    joined = [rows[0]]
    for row in rows[1:]:
        previous = joined[-1]
        ranges = {n: (previous.ranges[n][1], row.ranges[n][1]) for n in names}
        joined.append(SizeRow(label=row.label, ranges=ranges))
    return tuple(joined)


def chart_document(chart: SizeChart) -> dict[str, Any]:
    """The ``size-chart/v1`` document of ``chart``, in the unit it was written in."""
    factor = UNITS[chart.unit]
    return {
        "format": FORMAT,
        "brand": chart.brand,
        "category": chart.category.value,
        "gender": chart.gender.value,
        "unit": chart.unit,
        "source": chart.source,
        "measurements": list(chart.measurements),
        "ease": {fit.value: round(cm / factor, 4) for fit, cm in chart.ease_cm.items()},
        "sizes": [
            {
                "label": size.label,
                "ranges": {
                    name: [round(low / factor, 4), round(high / factor, 4)]
                    for name, (low, high) in size.ranges.items()
                },
            }
            for size in chart.sizes
        ],
    }
