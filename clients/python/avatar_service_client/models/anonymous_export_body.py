from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.anonymous_export_body_measurements import AnonymousExportBodyMeasurements
  from ..models.anonymous_export_body_ratios import AnonymousExportBodyRatios
  from ..models.anonymous_version_body import AnonymousVersionBody





T = TypeVar("T", bound="AnonymousExportBody")



@_attrs_define
class AnonymousExportBody:
    """ 
        Attributes:
            avatar_type (str):
            body_type (None | str):
            created_month (str):
            format_ (str):
            gender (None | str):
            measurements (AnonymousExportBodyMeasurements):
            ratios (AnonymousExportBodyRatios):
            updated_month (str):
            versions (list[AnonymousVersionBody]):
     """

    avatar_type: str
    body_type: None | str
    created_month: str
    format_: str
    gender: None | str
    measurements: AnonymousExportBodyMeasurements
    ratios: AnonymousExportBodyRatios
    updated_month: str
    versions: list[AnonymousVersionBody]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.anonymous_export_body_measurements import AnonymousExportBodyMeasurements # noqa: PLC0415
        from ..models.anonymous_export_body_ratios import AnonymousExportBodyRatios # noqa: PLC0415
        from ..models.anonymous_version_body import AnonymousVersionBody # noqa: PLC0415
        avatar_type = self.avatar_type

        body_type: None | str
        body_type = self.body_type

        created_month = self.created_month

        format_ = self.format_

        gender: None | str
        gender = self.gender

        measurements = self.measurements.to_dict()

        ratios = self.ratios.to_dict()

        updated_month = self.updated_month

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatarType": avatar_type,
            "bodyType": body_type,
            "createdMonth": created_month,
            "format": format_,
            "gender": gender,
            "measurements": measurements,
            "ratios": ratios,
            "updatedMonth": updated_month,
            "versions": versions,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.anonymous_export_body_measurements import AnonymousExportBodyMeasurements # noqa: PLC0415
        from ..models.anonymous_export_body_ratios import AnonymousExportBodyRatios # noqa: PLC0415
        from ..models.anonymous_version_body import AnonymousVersionBody # noqa: PLC0415
        d = dict(src_dict)
        avatar_type = d.pop("avatarType")

        def _parse_body_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        body_type = _parse_body_type(d.pop("bodyType"))


        created_month = d.pop("createdMonth")

        format_ = d.pop("format")

        def _parse_gender(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gender = _parse_gender(d.pop("gender"))


        measurements = AnonymousExportBodyMeasurements.from_dict(d.pop("measurements"))




        ratios = AnonymousExportBodyRatios.from_dict(d.pop("ratios"))




        updated_month = d.pop("updatedMonth")

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in (_versions):
            versions_item = AnonymousVersionBody.from_dict(versions_item_data)



            versions.append(versions_item)


        anonymous_export_body = cls(
            avatar_type=avatar_type,
            body_type=body_type,
            created_month=created_month,
            format_=format_,
            gender=gender,
            measurements=measurements,
            ratios=ratios,
            updated_month=updated_month,
            versions=versions,
        )


        anonymous_export_body.additional_properties = d
        return anonymous_export_body

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
