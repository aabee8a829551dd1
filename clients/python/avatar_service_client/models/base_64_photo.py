from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.base_64_photo_view_type import Base64PhotoViewType
from ..types import UNSET, Unset






T = TypeVar("T", bound="Base64Photo")



@_attrs_define
class Base64Photo:
    """ A photo as base64, for clients that cannot send multipart (a ``data:`` URL is fine).

        Attributes:
            image_base_64 (str):
            view_type (Base64PhotoViewType):
            filename (str | Unset):  Default: ''.
     """

    image_base_64: str
    view_type: Base64PhotoViewType
    filename: str | Unset = ''





    def to_dict(self) -> dict[str, Any]:
        image_base_64 = self.image_base_64

        view_type = self.view_type.value

        filename = self.filename


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "imageBase64": image_base_64,
            "viewType": view_type,
        })
        if filename is not UNSET:
            field_dict["filename"] = filename

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        image_base_64 = d.pop("imageBase64")

        view_type = Base64PhotoViewType(d.pop("viewType"))




        filename = d.pop("filename", UNSET)

        base_64_photo = cls(
            image_base_64=image_base_64,
            view_type=view_type,
            filename=filename,
        )

        return base_64_photo

