from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="FitPreferenceBody")



@_attrs_define
class FitPreferenceBody:
    """ 
        Attributes:
            category (str):
            feedback_count (int):
            fit (str):
            offset_cm (float):
     """

    category: str
    feedback_count: int
    fit: str
    offset_cm: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        category = self.category

        feedback_count = self.feedback_count

        fit = self.fit

        offset_cm = self.offset_cm


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "category": category,
            "feedbackCount": feedback_count,
            "fit": fit,
            "offsetCm": offset_cm,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = d.pop("category")

        feedback_count = d.pop("feedbackCount")

        fit = d.pop("fit")

        offset_cm = d.pop("offsetCm")

        fit_preference_body = cls(
            category=category,
            feedback_count=feedback_count,
            fit=fit,
            offset_cm=offset_cm,
        )


        fit_preference_body.additional_properties = d
        return fit_preference_body

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
