from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="CompareVersions")



@_attrs_define
class CompareVersions:
    """ 
        Attributes:
            from_version (int): fromVersion
            to_version (int): toVersion
     """

    from_version: int
    to_version: int





    def to_dict(self) -> dict[str, Any]:
        from_version = self.from_version

        to_version = self.to_version


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "fromVersion": from_version,
            "toVersion": to_version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_version = d.pop("fromVersion")

        to_version = d.pop("toVersion")

        compare_versions = cls(
            from_version=from_version,
            to_version=to_version,
        )

        return compare_versions

