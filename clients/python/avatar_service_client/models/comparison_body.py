from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.comparison_body_unit import ComparisonBodyUnit
from typing import cast

if TYPE_CHECKING:
  from ..models.difference_body import DifferenceBody





T = TypeVar("T", bound="ComparisonBody")



@_attrs_define
class ComparisonBody:
    """ 
        Attributes:
            body_type_left (None | str):
            body_type_right (None | str):
            differences (list[DifferenceBody]):
            left (str):
            right (str):
            unit (ComparisonBodyUnit):
     """

    body_type_left: None | str
    body_type_right: None | str
    differences: list[DifferenceBody]
    left: str
    right: str
    unit: ComparisonBodyUnit
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.difference_body import DifferenceBody # noqa: PLC0415
        body_type_left: None | str
        body_type_left = self.body_type_left

        body_type_right: None | str
        body_type_right = self.body_type_right

        differences = []
        for differences_item_data in self.differences:
            differences_item = differences_item_data.to_dict()
            differences.append(differences_item)



        left = self.left

        right = self.right

        unit = self.unit.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "bodyTypeLeft": body_type_left,
            "bodyTypeRight": body_type_right,
            "differences": differences,
            "left": left,
            "right": right,
            "unit": unit,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.difference_body import DifferenceBody # noqa: PLC0415
        d = dict(src_dict)
        def _parse_body_type_left(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        body_type_left = _parse_body_type_left(d.pop("bodyTypeLeft"))


        def _parse_body_type_right(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        body_type_right = _parse_body_type_right(d.pop("bodyTypeRight"))


        differences = []
        _differences = d.pop("differences")
        for differences_item_data in (_differences):
            differences_item = DifferenceBody.from_dict(differences_item_data)



            differences.append(differences_item)


        left = d.pop("left")

        right = d.pop("right")

        unit = ComparisonBodyUnit(d.pop("unit"))




        comparison_body = cls(
            body_type_left=body_type_left,
            body_type_right=body_type_right,
            differences=differences,
            left=left,
            right=right,
            unit=unit,
        )


        comparison_body.additional_properties = d
        return comparison_body

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
