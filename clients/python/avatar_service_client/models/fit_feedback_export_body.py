from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.fit_feedback_export_body_fit import FitFeedbackExportBodyFit





T = TypeVar("T", bound="FitFeedbackExportBody")



@_attrs_define
class FitFeedbackExportBody:
    """ 
        Attributes:
            avatar_id (UUID):
            brand (str):
            category (str):
            created_at (datetime.datetime):
            fit (FitFeedbackExportBodyFit):
            id (UUID):
            size_worn (str):
     """

    avatar_id: UUID
    brand: str
    category: str
    created_at: datetime.datetime
    fit: FitFeedbackExportBodyFit
    id: UUID
    size_worn: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.fit_feedback_export_body_fit import FitFeedbackExportBodyFit # noqa: PLC0415
        avatar_id = str(self.avatar_id)

        brand = self.brand

        category = self.category

        created_at = self.created_at.isoformat()

        fit = self.fit.to_dict()

        id = str(self.id)

        size_worn = self.size_worn


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatarId": avatar_id,
            "brand": brand,
            "category": category,
            "createdAt": created_at,
            "fit": fit,
            "id": id,
            "sizeWorn": size_worn,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fit_feedback_export_body_fit import FitFeedbackExportBodyFit # noqa: PLC0415
        d = dict(src_dict)
        avatar_id = UUID(d.pop("avatarId"))




        brand = d.pop("brand")

        category = d.pop("category")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        fit = FitFeedbackExportBodyFit.from_dict(d.pop("fit"))




        id = UUID(d.pop("id"))




        size_worn = d.pop("sizeWorn")

        fit_feedback_export_body = cls(
            avatar_id=avatar_id,
            brand=brand,
            category=category,
            created_at=created_at,
            fit=fit,
            id=id,
            size_worn=size_worn,
        )


        fit_feedback_export_body.additional_properties = d
        return fit_feedback_export_body

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
