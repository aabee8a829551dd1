"""The 15 measurement names are defined once (domain.measurements); the HTTP bodies, which
must declare their fields for the OpenAPI document, and the SQL columns follow them."""

from __future__ import annotations

import msgspec

from adapters.sqlalchemy.tables import MEASUREMENT_COLUMNS, measurement_profiles
from domain.measurements import MEASUREMENT_NAMES, snake_case
from entrypoints.http.schemas import MeasurementsBody, MeasurementsInput


def api_names(struct: type[msgspec.Struct]) -> set[str]:
    return {field.encode_name for field in msgspec.structs.fields(struct)}


def test_the_measurement_bodies_of_the_api_carry_every_measurement_and_no_other() -> None:
    assert api_names(MeasurementsInput) - {"unit"} == set(MEASUREMENT_NAMES)
    assert set(MEASUREMENT_NAMES) <= api_names(MeasurementsBody)


def test_each_measurement_has_its_column_named_after_it() -> None:
    assert list(MEASUREMENT_COLUMNS) == list(MEASUREMENT_NAMES)
    assert all(snake_case(name) in measurement_profiles.c for name in MEASUREMENT_NAMES)
    assert snake_case("neckCircumference") == "neck_circumference"
