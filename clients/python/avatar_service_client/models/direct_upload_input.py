from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.direct_upload_input_view_type import DirectUploadInputViewType
from uuid import UUID






T = TypeVar("T", bound="DirectUploadInput")



@_attrs_define
class DirectUploadInput:
    """ 
        Attributes:
            photo_id (UUID):
            view_type (DirectUploadInputViewType):
     """

    photo_id: UUID
    view_type: DirectUploadInputViewType





    def to_dict(self) -> dict[str, Any]:
        photo_id = str(self.photo_id)

        view_type = self.view_type.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "photoId": photo_id,
            "viewType": view_type,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        photo_id = UUID(d.pop("photoId"))




        view_type = DirectUploadInputViewType(d.pop("viewType"))




        direct_upload_input = cls(
            photo_id=photo_id,
            view_type=view_type,
        )

        return direct_upload_input

