from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from uuid import UUID






T = TypeVar("T", bound="CompareWithAvatar")



@_attrs_define
class CompareWithAvatar:
    """ 
        Attributes:
            other_avatar_id (UUID):
     """

    other_avatar_id: UUID





    def to_dict(self) -> dict[str, Any]:
        other_avatar_id = str(self.other_avatar_id)


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "otherAvatarId": other_avatar_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        other_avatar_id = UUID(d.pop("otherAvatarId"))




        compare_with_avatar = cls(
            other_avatar_id=other_avatar_id,
        )

        return compare_with_avatar

