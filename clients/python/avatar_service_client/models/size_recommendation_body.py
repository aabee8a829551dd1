from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.size_recommendation_body_other_fits import SizeRecommendationBodyOtherFits
  from ..models.size_recommendation_body_probabilities import SizeRecommendationBodyProbabilities





T = TypeVar("T", bound="SizeRecommendationBody")



@_attrs_define
class SizeRecommendationBody:
    """ 
        Attributes:
            brand (str):
            category (str):
            chart_gender (str):
            fit (str):
            other_fits (SizeRecommendationBodyOtherFits):
            probabilities (SizeRecommendationBodyProbabilities):
            reasons (list[str]):
            shift_cm (float):
            size (str):
            source (str):
     """

    brand: str
    category: str
    chart_gender: str
    fit: str
    other_fits: SizeRecommendationBodyOtherFits
    probabilities: SizeRecommendationBodyProbabilities
    reasons: list[str]
    shift_cm: float
    size: str
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.size_recommendation_body_other_fits import SizeRecommendationBodyOtherFits # noqa: PLC0415
        from ..models.size_recommendation_body_probabilities import SizeRecommendationBodyProbabilities # noqa: PLC0415
        brand = self.brand

        category = self.category

        chart_gender = self.chart_gender

        fit = self.fit

        other_fits = self.other_fits.to_dict()

        probabilities = self.probabilities.to_dict()

        reasons = self.reasons



        shift_cm = self.shift_cm

        size = self.size

        source = self.source


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "brand": brand,
            "category": category,
            "chartGender": chart_gender,
            "fit": fit,
            "otherFits": other_fits,
            "probabilities": probabilities,
            "reasons": reasons,
            "shiftCm": shift_cm,
            "size": size,
            "source": source,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.size_recommendation_body_other_fits import SizeRecommendationBodyOtherFits # noqa: PLC0415
        from ..models.size_recommendation_body_probabilities import SizeRecommendationBodyProbabilities # noqa: PLC0415
        d = dict(src_dict)
        brand = d.pop("brand")

        category = d.pop("category")

        chart_gender = d.pop("chartGender")

        fit = d.pop("fit")

        other_fits = SizeRecommendationBodyOtherFits.from_dict(d.pop("otherFits"))




        probabilities = SizeRecommendationBodyProbabilities.from_dict(d.pop("probabilities"))




        reasons = cast(list[str], d.pop("reasons"))


        shift_cm = d.pop("shiftCm")

        size = d.pop("size")

        source = d.pop("source")

        size_recommendation_body = cls(
            brand=brand,
            category=category,
            chart_gender=chart_gender,
            fit=fit,
            other_fits=other_fits,
            probabilities=probabilities,
            reasons=reasons,
            shift_cm=shift_cm,
            size=size,
            source=source,
        )


        size_recommendation_body.additional_properties = d
        return size_recommendation_body

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
