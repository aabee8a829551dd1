from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.preset_body_measurements import PresetBodyMeasurements





T = TypeVar("T", bound="PresetBody")



@_attrs_define
class PresetBody:
    """ 
        Attributes:
            id (str):
            label (str):
            measurements (PresetBodyMeasurements):
     """

    id: str
    label: str
    measurements: PresetBodyMeasurements
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.preset_body_measurements import PresetBodyMeasurements # noqa: PLC0415
        id = self.id

        label = self.label

        measurements = self.measurements.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "label": label,
            "measurements": measurements,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preset_body_measurements import PresetBodyMeasurements # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        label = d.pop("label")

        measurements = PresetBodyMeasurements.from_dict(d.pop("measurements"))




        preset_body = cls(
            id=id,
            label=label,
            measurements=measurements,
        )


        preset_body.additional_properties = d
        return preset_body

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
