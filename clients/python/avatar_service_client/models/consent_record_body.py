from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ConsentRecordBody")



@_attrs_define
class ConsentRecordBody:
    """ 
        Attributes:
            avatar_id (UUID):
            changed_by (UUID):
            client (str):
            new_value (str):
            old_value (None | str):
            recorded_at (datetime.datetime):
            subject (str):
     """

    avatar_id: UUID
    changed_by: UUID
    client: str
    new_value: str
    old_value: None | str
    recorded_at: datetime.datetime
    subject: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        avatar_id = str(self.avatar_id)

        changed_by = str(self.changed_by)

        client = self.client

        new_value = self.new_value

        old_value: None | str
        old_value = self.old_value

        recorded_at = self.recorded_at.isoformat()

        subject = self.subject


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatarId": avatar_id,
            "changedBy": changed_by,
            "client": client,
            "newValue": new_value,
            "oldValue": old_value,
            "recordedAt": recorded_at,
            "subject": subject,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        avatar_id = UUID(d.pop("avatarId"))




        changed_by = UUID(d.pop("changedBy"))




        client = d.pop("client")

        new_value = d.pop("newValue")

        def _parse_old_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        old_value = _parse_old_value(d.pop("oldValue"))


        recorded_at = datetime.datetime.fromisoformat(d.pop("recordedAt"))




        subject = d.pop("subject")

        consent_record_body = cls(
            avatar_id=avatar_id,
            changed_by=changed_by,
            client=client,
            new_value=new_value,
            old_value=old_value,
            recorded_at=recorded_at,
            subject=subject,
        )


        consent_record_body.additional_properties = d
        return consent_record_body

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
