from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.avatar_body import AvatarBody
  from ..models.model_file_body import ModelFileBody
  from ..models.photo_body import PhotoBody
  from ..models.version_body import VersionBody





T = TypeVar("T", bound="ExportBody")



@_attrs_define
class ExportBody:
    """ 
        Attributes:
            avatar (AvatarBody):
            exported_at (datetime.datetime):
            format_ (str):
            models (list[ModelFileBody]):
            photos (list[PhotoBody]):
            versions (list[VersionBody]):
     """

    avatar: AvatarBody
    exported_at: datetime.datetime
    format_: str
    models: list[ModelFileBody]
    photos: list[PhotoBody]
    versions: list[VersionBody]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.avatar_body import AvatarBody # noqa: PLC0415
        from ..models.model_file_body import ModelFileBody # noqa: PLC0415
        from ..models.photo_body import PhotoBody # noqa: PLC0415
        from ..models.version_body import VersionBody # noqa: PLC0415
        avatar = self.avatar.to_dict()

        exported_at = self.exported_at.isoformat()

        format_ = self.format_

        models = []
        for models_item_data in self.models:
            models_item = models_item_data.to_dict()
            models.append(models_item)



        photos = []
        for photos_item_data in self.photos:
            photos_item = photos_item_data.to_dict()
            photos.append(photos_item)



        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatar": avatar,
            "exportedAt": exported_at,
            "format": format_,
            "models": models,
            "photos": photos,
            "versions": versions,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.avatar_body import AvatarBody # noqa: PLC0415
        from ..models.model_file_body import ModelFileBody # noqa: PLC0415
        from ..models.photo_body import PhotoBody # noqa: PLC0415
        from ..models.version_body import VersionBody # noqa: PLC0415
        d = dict(src_dict)
        avatar = AvatarBody.from_dict(d.pop("avatar"))




        exported_at = datetime.datetime.fromisoformat(d.pop("exportedAt"))




        format_ = d.pop("format")

        models = []
        _models = d.pop("models")
        for models_item_data in (_models):
            models_item = ModelFileBody.from_dict(models_item_data)



            models.append(models_item)


        photos = []
        _photos = d.pop("photos")
        for photos_item_data in (_photos):
            photos_item = PhotoBody.from_dict(photos_item_data)



            photos.append(photos_item)


        versions = []
        _versions = d.pop("versions")
        for versions_item_data in (_versions):
            versions_item = VersionBody.from_dict(versions_item_data)



            versions.append(versions_item)


        export_body = cls(
            avatar=avatar,
            exported_at=exported_at,
            format_=format_,
            models=models,
            photos=photos,
            versions=versions,
        )


        export_body.additional_properties = d
        return export_body

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
