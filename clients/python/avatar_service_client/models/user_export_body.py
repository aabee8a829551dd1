from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.consent_record_body import ConsentRecordBody
  from ..models.export_body import ExportBody
  from ..models.fit_export_body import FitExportBody





T = TypeVar("T", bound="UserExportBody")



@_attrs_define
class UserExportBody:
    """ 
        Attributes:
            avatars (list[ExportBody]):
            exported_at (datetime.datetime):
            format_ (str):
            user_id (UUID):
            consents (list[ConsentRecordBody] | None | Unset):
            fit (FitExportBody | None | Unset):
     """

    avatars: list[ExportBody]
    exported_at: datetime.datetime
    format_: str
    user_id: UUID
    consents: list[ConsentRecordBody] | None | Unset = UNSET
    fit: FitExportBody | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.consent_record_body import ConsentRecordBody # noqa: PLC0415
        from ..models.export_body import ExportBody # noqa: PLC0415
        from ..models.fit_export_body import FitExportBody # noqa: PLC0415
        avatars = []
        for avatars_item_data in self.avatars:
            avatars_item = avatars_item_data.to_dict()
            avatars.append(avatars_item)



        exported_at = self.exported_at.isoformat()

        format_ = self.format_

        user_id = str(self.user_id)

        consents: list[dict[str, Any]] | None | Unset
        if isinstance(self.consents, Unset):
            consents = UNSET
        elif isinstance(self.consents, list):
            consents = []
            for consents_type_0_item_data in self.consents:
                consents_type_0_item = consents_type_0_item_data.to_dict()
                consents.append(consents_type_0_item)


        else:
            consents = self.consents

        fit: dict[str, Any] | None | Unset
        if isinstance(self.fit, Unset):
            fit = UNSET
        elif isinstance(self.fit, FitExportBody):
            fit = self.fit.to_dict()
        else:
            fit = self.fit


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatars": avatars,
            "exportedAt": exported_at,
            "format": format_,
            "userId": user_id,
        })
        if consents is not UNSET:
            field_dict["consents"] = consents
        if fit is not UNSET:
            field_dict["fit"] = fit

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_record_body import ConsentRecordBody # noqa: PLC0415
        from ..models.export_body import ExportBody # noqa: PLC0415
        from ..models.fit_export_body import FitExportBody # noqa: PLC0415
        d = dict(src_dict)
        avatars = []
        _avatars = d.pop("avatars")
        for avatars_item_data in (_avatars):
            avatars_item = ExportBody.from_dict(avatars_item_data)



            avatars.append(avatars_item)


        exported_at = datetime.datetime.fromisoformat(d.pop("exportedAt"))




        format_ = d.pop("format")

        user_id = UUID(d.pop("userId"))




        def _parse_consents(data: object) -> list[ConsentRecordBody] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                consents_type_0 = []
                _consents_type_0 = data
                for consents_type_0_item_data in (_consents_type_0):
                    consents_type_0_item = ConsentRecordBody.from_dict(consents_type_0_item_data)



                    consents_type_0.append(consents_type_0_item)

                return consents_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ConsentRecordBody] | None | Unset, data)

        consents = _parse_consents(d.pop("consents", UNSET))


        def _parse_fit(data: object) -> FitExportBody | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                fit_type_0 = FitExportBody.from_dict(data)



                return fit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FitExportBody | None | Unset, data)

        fit = _parse_fit(d.pop("fit", UNSET))


        user_export_body = cls(
            avatars=avatars,
            exported_at=exported_at,
            format_=format_,
            user_id=user_id,
            consents=consents,
            fit=fit,
        )


        user_export_body.additional_properties = d
        return user_export_body

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
