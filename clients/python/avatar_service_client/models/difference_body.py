from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="DifferenceBody")



@_attrs_define
class DifferenceBody:
    """ 
        Attributes:
            difference (float | None):
            left (float | None):
            measurement (str):
            percent_change (float | None):
            right (float | None):
     """

    difference: float | None
    left: float | None
    measurement: str
    percent_change: float | None
    right: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        difference: float | None
        difference = self.difference

        left: float | None
        left = self.left

        measurement = self.measurement

        percent_change: float | None
        percent_change = self.percent_change

        right: float | None
        right = self.right


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "difference": difference,
            "left": left,
            "measurement": measurement,
            "percentChange": percent_change,
            "right": right,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_difference(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        difference = _parse_difference(d.pop("difference"))


        def _parse_left(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        left = _parse_left(d.pop("left"))


        measurement = d.pop("measurement")

        def _parse_percent_change(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        percent_change = _parse_percent_change(d.pop("percentChange"))


        def _parse_right(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        right = _parse_right(d.pop("right"))


        difference_body = cls(
            difference=difference,
            left=left,
            measurement=measurement,
            percent_change=percent_change,
            right=right,
        )


        difference_body.additional_properties = d
        return difference_body

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
