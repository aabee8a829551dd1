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
  from ..models.photo_upload_link_body_headers import PhotoUploadLinkBodyHeaders





T = TypeVar("T", bound="PhotoUploadLinkBody")



@_attrs_define
class PhotoUploadLinkBody:
    """ 
        Attributes:
            expires_at (datetime.datetime):
            headers (PhotoUploadLinkBodyHeaders):
            max_bytes (int):
            method (str):
            photo_id (UUID):
            upload_url (str):
            view_type (str):
     """

    expires_at: datetime.datetime
    headers: PhotoUploadLinkBodyHeaders
    max_bytes: int
    method: str
    photo_id: UUID
    upload_url: str
    view_type: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.photo_upload_link_body_headers import PhotoUploadLinkBodyHeaders # noqa: PLC0415
        expires_at = self.expires_at.isoformat()

        headers = self.headers.to_dict()

        max_bytes = self.max_bytes

        method = self.method

        photo_id = str(self.photo_id)

        upload_url = self.upload_url

        view_type = self.view_type


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "expiresAt": expires_at,
            "headers": headers,
            "maxBytes": max_bytes,
            "method": method,
            "photoId": photo_id,
            "uploadUrl": upload_url,
            "viewType": view_type,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.photo_upload_link_body_headers import PhotoUploadLinkBodyHeaders # noqa: PLC0415
        d = dict(src_dict)
        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))




        headers = PhotoUploadLinkBodyHeaders.from_dict(d.pop("headers"))




        max_bytes = d.pop("maxBytes")

        method = d.pop("method")

        photo_id = UUID(d.pop("photoId"))




        upload_url = d.pop("uploadUrl")

        view_type = d.pop("viewType")

        photo_upload_link_body = cls(
            expires_at=expires_at,
            headers=headers,
            max_bytes=max_bytes,
            method=method,
            photo_id=photo_id,
            upload_url=upload_url,
            view_type=view_type,
        )


        photo_upload_link_body.additional_properties = d
        return photo_upload_link_body

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
