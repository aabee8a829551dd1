from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.job_body_status import JobBodyStatus
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="JobBody")



@_attrs_define
class JobBody:
    """ 
        Attributes:
            avatar_id (UUID):
            error (None | str):
            job_id (UUID):
            progress_percent (int):
            retryable (bool | None):
            stage (None | str):
            status (JobBodyStatus):
     """

    avatar_id: UUID
    error: None | str
    job_id: UUID
    progress_percent: int
    retryable: bool | None
    stage: None | str
    status: JobBodyStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        avatar_id = str(self.avatar_id)

        error: None | str
        error = self.error

        job_id = str(self.job_id)

        progress_percent = self.progress_percent

        retryable: bool | None
        retryable = self.retryable

        stage: None | str
        stage = self.stage

        status = self.status.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatarId": avatar_id,
            "error": error,
            "jobId": job_id,
            "progressPercent": progress_percent,
            "retryable": retryable,
            "stage": stage,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        avatar_id = UUID(d.pop("avatarId"))




        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        job_id = UUID(d.pop("jobId"))




        progress_percent = d.pop("progressPercent")

        def _parse_retryable(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        retryable = _parse_retryable(d.pop("retryable"))


        def _parse_stage(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stage = _parse_stage(d.pop("stage"))


        status = JobBodyStatus(d.pop("status"))




        job_body = cls(
            avatar_id=avatar_id,
            error=error,
            job_id=job_id,
            progress_percent=progress_percent,
            retryable=retryable,
            stage=stage,
            status=status,
        )


        job_body.additional_properties = d
        return job_body

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
