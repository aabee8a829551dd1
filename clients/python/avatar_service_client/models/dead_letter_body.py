from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="DeadLetterBody")



@_attrs_define
class DeadLetterBody:
    """ 
        Attributes:
            attempts (int):
            avatar_id (UUID):
            error (str):
            failed_at (datetime.datetime | None):
            id (str):
            job_id (UUID):
            reason (str):
     """

    attempts: int
    avatar_id: UUID
    error: str
    failed_at: datetime.datetime | None
    id: str
    job_id: UUID
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        avatar_id = str(self.avatar_id)

        error = self.error

        failed_at: None | str
        if isinstance(self.failed_at, datetime.datetime):
            failed_at = self.failed_at.isoformat()
        else:
            failed_at = self.failed_at

        id = self.id

        job_id = str(self.job_id)

        reason = self.reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "attempts": attempts,
            "avatarId": avatar_id,
            "error": error,
            "failedAt": failed_at,
            "id": id,
            "jobId": job_id,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        avatar_id = UUID(d.pop("avatarId"))




        error = d.pop("error")

        def _parse_failed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failed_at_type_0 = datetime.datetime.fromisoformat(data)



                return failed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failed_at = _parse_failed_at(d.pop("failedAt"))


        id = d.pop("id")

        job_id = UUID(d.pop("jobId"))




        reason = d.pop("reason")

        dead_letter_body = cls(
            attempts=attempts,
            avatar_id=avatar_id,
            error=error,
            failed_at=failed_at,
            id=id,
            job_id=job_id,
            reason=reason,
        )


        dead_letter_body.additional_properties = d
        return dead_letter_body

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
