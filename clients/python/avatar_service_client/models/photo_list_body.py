from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID

if TYPE_CHECKING:
  from ..models.photo_body import PhotoBody





T = TypeVar("T", bound="PhotoListBody")



@_attrs_define
class PhotoListBody:
    """ 
        Attributes:
            avatar_id (UUID):
            photos (list[PhotoBody]):
            processing_estimate (None | str | Unset):
     """

    avatar_id: UUID
    photos: list[PhotoBody]
    processing_estimate: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.photo_body import PhotoBody # noqa: PLC0415
        avatar_id = str(self.avatar_id)

        photos = []
        for photos_item_data in self.photos:
            photos_item = photos_item_data.to_dict()
            photos.append(photos_item)



        processing_estimate: None | str | Unset
        if isinstance(self.processing_estimate, Unset):
            processing_estimate = UNSET
        else:
            processing_estimate = self.processing_estimate


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatarId": avatar_id,
            "photos": photos,
        })
        if processing_estimate is not UNSET:
            field_dict["processingEstimate"] = processing_estimate

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.photo_body import PhotoBody # noqa: PLC0415
        d = dict(src_dict)
        avatar_id = UUID(d.pop("avatarId"))




        photos = []
        _photos = d.pop("photos")
        for photos_item_data in (_photos):
            photos_item = PhotoBody.from_dict(photos_item_data)



            photos.append(photos_item)


        def _parse_processing_estimate(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        processing_estimate = _parse_processing_estimate(d.pop("processingEstimate", UNSET))


        photo_list_body = cls(
            avatar_id=avatar_id,
            photos=photos,
            processing_estimate=processing_estimate,
        )


        photo_list_body.additional_properties = d
        return photo_list_body

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
