from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.photo_upload_link_request_content_type import PhotoUploadLinkRequestContentType
from ..models.photo_upload_link_request_view_type import PhotoUploadLinkRequestViewType






T = TypeVar("T", bound="PhotoUploadLinkRequest")



@_attrs_define
class PhotoUploadLinkRequest:
    """ 
        Attributes:
            content_type (PhotoUploadLinkRequestContentType):
            size_bytes (int): bytes
            view_type (PhotoUploadLinkRequestViewType):
     """

    content_type: PhotoUploadLinkRequestContentType
    size_bytes: int
    view_type: PhotoUploadLinkRequestViewType





    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type.value

        size_bytes = self.size_bytes

        view_type = self.view_type.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "contentType": content_type,
            "sizeBytes": size_bytes,
            "viewType": view_type,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_type = PhotoUploadLinkRequestContentType(d.pop("contentType"))




        size_bytes = d.pop("sizeBytes")

        view_type = PhotoUploadLinkRequestViewType(d.pop("viewType"))




        photo_upload_link_request = cls(
            content_type=content_type,
            size_bytes=size_bytes,
            view_type=view_type,
        )

        return photo_upload_link_request

