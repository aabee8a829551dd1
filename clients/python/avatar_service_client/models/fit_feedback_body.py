from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID

if TYPE_CHECKING:
  from ..models.fit_feedback_body_fit import FitFeedbackBodyFit
  from ..models.fit_preference_body import FitPreferenceBody
  from ..models.size_recommendation_body import SizeRecommendationBody





T = TypeVar("T", bound="FitFeedbackBody")



@_attrs_define
class FitFeedbackBody:
    """ 
        Attributes:
            brand (str):
            category (str):
            fit (FitFeedbackBodyFit):
            id (UUID):
            preference (FitPreferenceBody):
            recommendation (SizeRecommendationBody):
            size_worn (str):
     """

    brand: str
    category: str
    fit: FitFeedbackBodyFit
    id: UUID
    preference: FitPreferenceBody
    recommendation: SizeRecommendationBody
    size_worn: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.fit_feedback_body_fit import FitFeedbackBodyFit # noqa: PLC0415
        from ..models.fit_preference_body import FitPreferenceBody # noqa: PLC0415
        from ..models.size_recommendation_body import SizeRecommendationBody # noqa: PLC0415
        brand = self.brand

        category = self.category

        fit = self.fit.to_dict()

        id = str(self.id)

        preference = self.preference.to_dict()

        recommendation = self.recommendation.to_dict()

        size_worn = self.size_worn


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "brand": brand,
            "category": category,
            "fit": fit,
            "id": id,
            "preference": preference,
            "recommendation": recommendation,
            "sizeWorn": size_worn,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fit_feedback_body_fit import FitFeedbackBodyFit # noqa: PLC0415
        from ..models.fit_preference_body import FitPreferenceBody # noqa: PLC0415
        from ..models.size_recommendation_body import SizeRecommendationBody # noqa: PLC0415
        d = dict(src_dict)
        brand = d.pop("brand")

        category = d.pop("category")

        fit = FitFeedbackBodyFit.from_dict(d.pop("fit"))




        id = UUID(d.pop("id"))




        preference = FitPreferenceBody.from_dict(d.pop("preference"))




        recommendation = SizeRecommendationBody.from_dict(d.pop("recommendation"))




        size_worn = d.pop("sizeWorn")

        fit_feedback_body = cls(
            brand=brand,
            category=category,
            fit=fit,
            id=id,
            preference=preference,
            recommendation=recommendation,
            size_worn=size_worn,
        )


        fit_feedback_body.additional_properties = d
        return fit_feedback_body

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
