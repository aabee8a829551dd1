from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.validate_measurements_request_gender_type_0 import ValidateMeasurementsRequestGenderType0
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.measurements_input import MeasurementsInput





T = TypeVar("T", bound="ValidateMeasurementsRequest")



@_attrs_define
class ValidateMeasurementsRequest:
    """ 
        Attributes:
            measurements (MeasurementsInput): Measurements in ``unit``: centimetres and kilograms (metric) or inches and
                pounds.
            gender (None | Unset | ValidateMeasurementsRequestGenderType0):
     """

    measurements: MeasurementsInput
    gender: None | Unset | ValidateMeasurementsRequestGenderType0 = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.measurements_input import MeasurementsInput # noqa: PLC0415
        measurements = self.measurements.to_dict()

        gender: None | str | Unset
        if isinstance(self.gender, Unset):
            gender = UNSET
        elif isinstance(self.gender, ValidateMeasurementsRequestGenderType0):
            gender = self.gender.value
        else:
            gender = self.gender


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "measurements": measurements,
        })
        if gender is not UNSET:
            field_dict["gender"] = gender

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.measurements_input import MeasurementsInput # noqa: PLC0415
        d = dict(src_dict)
        measurements = MeasurementsInput.from_dict(d.pop("measurements"))




        def _parse_gender(data: object) -> None | Unset | ValidateMeasurementsRequestGenderType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_0 = ValidateMeasurementsRequestGenderType0(data)



                return gender_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | ValidateMeasurementsRequestGenderType0, data)

        gender = _parse_gender(d.pop("gender", UNSET))


        validate_measurements_request = cls(
            measurements=measurements,
            gender=gender,
        )

        return validate_measurements_request

