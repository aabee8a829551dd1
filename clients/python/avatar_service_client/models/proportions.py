from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="Proportions")



@_attrs_define
class Proportions:
    """ 
        Attributes:
            shoulder_to_hip_ratio (float):
            waist_to_height_ratio (float):
            waist_to_hip_ratio (float):
     """

    shoulder_to_hip_ratio: float
    waist_to_height_ratio: float
    waist_to_hip_ratio: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        shoulder_to_hip_ratio = self.shoulder_to_hip_ratio

        waist_to_height_ratio = self.waist_to_height_ratio

        waist_to_hip_ratio = self.waist_to_hip_ratio


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "shoulderToHipRatio": shoulder_to_hip_ratio,
            "waistToHeightRatio": waist_to_height_ratio,
            "waistToHipRatio": waist_to_hip_ratio,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        shoulder_to_hip_ratio = d.pop("shoulderToHipRatio")

        waist_to_height_ratio = d.pop("waistToHeightRatio")

        waist_to_hip_ratio = d.pop("waistToHipRatio")

        proportions = cls(
            shoulder_to_hip_ratio=shoulder_to_hip_ratio,
            waist_to_height_ratio=waist_to_height_ratio,
            waist_to_hip_ratio=waist_to_hip_ratio,
        )


        proportions.additional_properties = d
        return proportions

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
