from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID

if TYPE_CHECKING:
  from ..models.size_recommendation_body import SizeRecommendationBody





T = TypeVar("T", bound="SizeRecommendationsBody")



@_attrs_define
class SizeRecommendationsBody:
    """ 
        Attributes:
            avatar_id (UUID):
            recommendations (list[SizeRecommendationBody]):
     """

    avatar_id: UUID
    recommendations: list[SizeRecommendationBody]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.size_recommendation_body import SizeRecommendationBody # noqa: PLC0415
        avatar_id = str(self.avatar_id)

        recommendations = []
        for recommendations_item_data in self.recommendations:
            recommendations_item = recommendations_item_data.to_dict()
            recommendations.append(recommendations_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatarId": avatar_id,
            "recommendations": recommendations,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.size_recommendation_body import SizeRecommendationBody # noqa: PLC0415
        d = dict(src_dict)
        avatar_id = UUID(d.pop("avatarId"))




        recommendations = []
        _recommendations = d.pop("recommendations")
        for recommendations_item_data in (_recommendations):
            recommendations_item = SizeRecommendationBody.from_dict(recommendations_item_data)



            recommendations.append(recommendations_item)


        size_recommendations_body = cls(
            avatar_id=avatar_id,
            recommendations=recommendations,
        )


        size_recommendations_body.additional_properties = d
        return size_recommendations_body

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
