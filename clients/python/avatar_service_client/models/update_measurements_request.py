from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.update_measurements_request_regenerate_model_type_1 import UpdateMeasurementsRequestRegenerateModelType1
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.update_measurements_request_measurements_type_0 import UpdateMeasurementsRequestMeasurementsType0
  from ..models.update_measurements_request_measurements_type_1 import UpdateMeasurementsRequestMeasurementsType1
  from ..models.update_measurements_request_measurements_type_10 import UpdateMeasurementsRequestMeasurementsType10
  from ..models.update_measurements_request_measurements_type_11 import UpdateMeasurementsRequestMeasurementsType11
  from ..models.update_measurements_request_measurements_type_12 import UpdateMeasurementsRequestMeasurementsType12
  from ..models.update_measurements_request_measurements_type_13 import UpdateMeasurementsRequestMeasurementsType13
  from ..models.update_measurements_request_measurements_type_14 import UpdateMeasurementsRequestMeasurementsType14
  from ..models.update_measurements_request_measurements_type_2 import UpdateMeasurementsRequestMeasurementsType2
  from ..models.update_measurements_request_measurements_type_3 import UpdateMeasurementsRequestMeasurementsType3
  from ..models.update_measurements_request_measurements_type_4 import UpdateMeasurementsRequestMeasurementsType4
  from ..models.update_measurements_request_measurements_type_5 import UpdateMeasurementsRequestMeasurementsType5
  from ..models.update_measurements_request_measurements_type_6 import UpdateMeasurementsRequestMeasurementsType6
  from ..models.update_measurements_request_measurements_type_7 import UpdateMeasurementsRequestMeasurementsType7
  from ..models.update_measurements_request_measurements_type_8 import UpdateMeasurementsRequestMeasurementsType8
  from ..models.update_measurements_request_measurements_type_9 import UpdateMeasurementsRequestMeasurementsType9





T = TypeVar("T", bound="UpdateMeasurementsRequest")



@_attrs_define
class UpdateMeasurementsRequest:
    """ 
        Attributes:
            measurements (UpdateMeasurementsRequestMeasurementsType0 | UpdateMeasurementsRequestMeasurementsType1 |
                UpdateMeasurementsRequestMeasurementsType10 | UpdateMeasurementsRequestMeasurementsType11 |
                UpdateMeasurementsRequestMeasurementsType12 | UpdateMeasurementsRequestMeasurementsType13 |
                UpdateMeasurementsRequestMeasurementsType14 | UpdateMeasurementsRequestMeasurementsType2 |
                UpdateMeasurementsRequestMeasurementsType3 | UpdateMeasurementsRequestMeasurementsType4 |
                UpdateMeasurementsRequestMeasurementsType5 | UpdateMeasurementsRequestMeasurementsType6 |
                UpdateMeasurementsRequestMeasurementsType7 | UpdateMeasurementsRequestMeasurementsType8 |
                UpdateMeasurementsRequestMeasurementsType9): at least one measurement to change
            change_description (None | str | Unset):
            regenerate_model (bool | Unset | UpdateMeasurementsRequestRegenerateModelType1):  Default: True.
     """

    measurements: UpdateMeasurementsRequestMeasurementsType0 | UpdateMeasurementsRequestMeasurementsType1 | UpdateMeasurementsRequestMeasurementsType10 | UpdateMeasurementsRequestMeasurementsType11 | UpdateMeasurementsRequestMeasurementsType12 | UpdateMeasurementsRequestMeasurementsType13 | UpdateMeasurementsRequestMeasurementsType14 | UpdateMeasurementsRequestMeasurementsType2 | UpdateMeasurementsRequestMeasurementsType3 | UpdateMeasurementsRequestMeasurementsType4 | UpdateMeasurementsRequestMeasurementsType5 | UpdateMeasurementsRequestMeasurementsType6 | UpdateMeasurementsRequestMeasurementsType7 | UpdateMeasurementsRequestMeasurementsType8 | UpdateMeasurementsRequestMeasurementsType9
    change_description: None | str | Unset = UNSET
    regenerate_model: bool | Unset | UpdateMeasurementsRequestRegenerateModelType1 = True





    def to_dict(self) -> dict[str, Any]:
        from ..models.update_measurements_request_measurements_type_0 import UpdateMeasurementsRequestMeasurementsType0 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_1 import UpdateMeasurementsRequestMeasurementsType1 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_10 import UpdateMeasurementsRequestMeasurementsType10 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_11 import UpdateMeasurementsRequestMeasurementsType11 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_12 import UpdateMeasurementsRequestMeasurementsType12 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_13 import UpdateMeasurementsRequestMeasurementsType13 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_14 import UpdateMeasurementsRequestMeasurementsType14 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_2 import UpdateMeasurementsRequestMeasurementsType2 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_3 import UpdateMeasurementsRequestMeasurementsType3 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_4 import UpdateMeasurementsRequestMeasurementsType4 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_5 import UpdateMeasurementsRequestMeasurementsType5 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_6 import UpdateMeasurementsRequestMeasurementsType6 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_7 import UpdateMeasurementsRequestMeasurementsType7 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_8 import UpdateMeasurementsRequestMeasurementsType8 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_9 import UpdateMeasurementsRequestMeasurementsType9 # noqa: PLC0415
        measurements: dict[str, Any]
        if isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType0):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType1):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType2):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType3):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType4):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType5):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType6):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType7):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType8):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType9):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType10):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType11):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType12):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, UpdateMeasurementsRequestMeasurementsType13):
            measurements = self.measurements.to_dict()
        else:
            measurements = self.measurements.to_dict()


        change_description: None | str | Unset
        if isinstance(self.change_description, Unset):
            change_description = UNSET
        else:
            change_description = self.change_description

        regenerate_model: bool | int | Unset
        if isinstance(self.regenerate_model, Unset):
            regenerate_model = UNSET
        elif isinstance(self.regenerate_model, UpdateMeasurementsRequestRegenerateModelType1):
            regenerate_model = self.regenerate_model.value
        else:
            regenerate_model = self.regenerate_model


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "measurements": measurements,
        })
        if change_description is not UNSET:
            field_dict["changeDescription"] = change_description
        if regenerate_model is not UNSET:
            field_dict["regenerateModel"] = regenerate_model

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.update_measurements_request_measurements_type_0 import UpdateMeasurementsRequestMeasurementsType0 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_1 import UpdateMeasurementsRequestMeasurementsType1 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_10 import UpdateMeasurementsRequestMeasurementsType10 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_11 import UpdateMeasurementsRequestMeasurementsType11 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_12 import UpdateMeasurementsRequestMeasurementsType12 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_13 import UpdateMeasurementsRequestMeasurementsType13 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_14 import UpdateMeasurementsRequestMeasurementsType14 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_2 import UpdateMeasurementsRequestMeasurementsType2 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_3 import UpdateMeasurementsRequestMeasurementsType3 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_4 import UpdateMeasurementsRequestMeasurementsType4 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_5 import UpdateMeasurementsRequestMeasurementsType5 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_6 import UpdateMeasurementsRequestMeasurementsType6 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_7 import UpdateMeasurementsRequestMeasurementsType7 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_8 import UpdateMeasurementsRequestMeasurementsType8 # noqa: PLC0415
        from ..models.update_measurements_request_measurements_type_9 import UpdateMeasurementsRequestMeasurementsType9 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_measurements(data: object) -> UpdateMeasurementsRequestMeasurementsType0 | UpdateMeasurementsRequestMeasurementsType1 | UpdateMeasurementsRequestMeasurementsType10 | UpdateMeasurementsRequestMeasurementsType11 | UpdateMeasurementsRequestMeasurementsType12 | UpdateMeasurementsRequestMeasurementsType13 | UpdateMeasurementsRequestMeasurementsType14 | UpdateMeasurementsRequestMeasurementsType2 | UpdateMeasurementsRequestMeasurementsType3 | UpdateMeasurementsRequestMeasurementsType4 | UpdateMeasurementsRequestMeasurementsType5 | UpdateMeasurementsRequestMeasurementsType6 | UpdateMeasurementsRequestMeasurementsType7 | UpdateMeasurementsRequestMeasurementsType8 | UpdateMeasurementsRequestMeasurementsType9:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_0 = UpdateMeasurementsRequestMeasurementsType0.from_dict(data)



                return measurements_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_1 = UpdateMeasurementsRequestMeasurementsType1.from_dict(data)



                return measurements_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_2 = UpdateMeasurementsRequestMeasurementsType2.from_dict(data)



                return measurements_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_3 = UpdateMeasurementsRequestMeasurementsType3.from_dict(data)



                return measurements_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_4 = UpdateMeasurementsRequestMeasurementsType4.from_dict(data)



                return measurements_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_5 = UpdateMeasurementsRequestMeasurementsType5.from_dict(data)



                return measurements_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_6 = UpdateMeasurementsRequestMeasurementsType6.from_dict(data)



                return measurements_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_7 = UpdateMeasurementsRequestMeasurementsType7.from_dict(data)



                return measurements_type_7
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_8 = UpdateMeasurementsRequestMeasurementsType8.from_dict(data)



                return measurements_type_8
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_9 = UpdateMeasurementsRequestMeasurementsType9.from_dict(data)



                return measurements_type_9
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_10 = UpdateMeasurementsRequestMeasurementsType10.from_dict(data)



                return measurements_type_10
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_11 = UpdateMeasurementsRequestMeasurementsType11.from_dict(data)



                return measurements_type_11
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_12 = UpdateMeasurementsRequestMeasurementsType12.from_dict(data)



                return measurements_type_12
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_13 = UpdateMeasurementsRequestMeasurementsType13.from_dict(data)



                return measurements_type_13
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            measurements_type_14 = UpdateMeasurementsRequestMeasurementsType14.from_dict(data)



            return measurements_type_14

        measurements = _parse_measurements(d.pop("measurements"))


        def _parse_change_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        change_description = _parse_change_description(d.pop("changeDescription", UNSET))


        def _parse_regenerate_model(data: object) -> bool | Unset | UpdateMeasurementsRequestRegenerateModelType1:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                regenerate_model_type_1 = UpdateMeasurementsRequestRegenerateModelType1(data)



                return regenerate_model_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | Unset | UpdateMeasurementsRequestRegenerateModelType1, data)

        regenerate_model = _parse_regenerate_model(d.pop("regenerateModel", UNSET))


        update_measurements_request = cls(
            measurements=measurements,
            change_description=change_description,
            regenerate_model=regenerate_model,
        )

        return update_measurements_request

