from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.reprocess_body_status import ReprocessBodyStatus
from uuid import UUID






T = TypeVar("T", bound="ReprocessBody")



@_attrs_define
class ReprocessBody:
    """ 
        Attributes:
            avatar_id (UUID):
            job_id (UUID):
            status (ReprocessBodyStatus):
     """

    avatar_id: UUID
    job_id: UUID
    status: ReprocessBodyStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        avatar_id = str(self.avatar_id)

        job_id = str(self.job_id)

        status = self.status.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatarId": avatar_id,
            "jobId": job_id,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        avatar_id = UUID(d.pop("avatarId"))




        job_id = UUID(d.pop("jobId"))




        status = ReprocessBodyStatus(d.pop("status"))




        reprocess_body = cls(
            avatar_id=avatar_id,
            job_id=job_id,
            status=status,
        )


        reprocess_body.additional_properties = d
        return reprocess_body

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
