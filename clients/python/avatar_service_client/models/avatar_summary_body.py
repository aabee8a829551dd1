from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.avatar_summary_body_avatar_type import AvatarSummaryBodyAvatarType
from ..models.avatar_summary_body_status import AvatarSummaryBodyStatus
from ..models.avatar_summary_body_visibility import AvatarSummaryBodyVisibility
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="AvatarSummaryBody")



@_attrs_define
class AvatarSummaryBody:
    """ 
        Attributes:
            avatar_type (AvatarSummaryBodyAvatarType):
            body_type (None | str):
            created_at (datetime.datetime):
            id (UUID):
            name (str):
            status (AvatarSummaryBodyStatus):
            tags (list[str]):
            updated_at (datetime.datetime):
            version (int):
            visibility (AvatarSummaryBodyVisibility):
     """

    avatar_type: AvatarSummaryBodyAvatarType
    body_type: None | str
    created_at: datetime.datetime
    id: UUID
    name: str
    status: AvatarSummaryBodyStatus
    tags: list[str]
    updated_at: datetime.datetime
    version: int
    visibility: AvatarSummaryBodyVisibility
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        avatar_type = self.avatar_type.value

        body_type: None | str
        body_type = self.body_type

        created_at = self.created_at.isoformat()

        id = str(self.id)

        name = self.name

        status = self.status.value

        tags = self.tags



        updated_at = self.updated_at.isoformat()

        version = self.version

        visibility = self.visibility.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatarType": avatar_type,
            "bodyType": body_type,
            "createdAt": created_at,
            "id": id,
            "name": name,
            "status": status,
            "tags": tags,
            "updatedAt": updated_at,
            "version": version,
            "visibility": visibility,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        avatar_type = AvatarSummaryBodyAvatarType(d.pop("avatarType"))




        def _parse_body_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        body_type = _parse_body_type(d.pop("bodyType"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        id = UUID(d.pop("id"))




        name = d.pop("name")

        status = AvatarSummaryBodyStatus(d.pop("status"))




        tags = cast(list[str], d.pop("tags"))


        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))




        version = d.pop("version")

        visibility = AvatarSummaryBodyVisibility(d.pop("visibility"))




        avatar_summary_body = cls(
            avatar_type=avatar_type,
            body_type=body_type,
            created_at=created_at,
            id=id,
            name=name,
            status=status,
            tags=tags,
            updated_at=updated_at,
            version=version,
            visibility=visibility,
        )


        avatar_summary_body.additional_properties = d
        return avatar_summary_body

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
