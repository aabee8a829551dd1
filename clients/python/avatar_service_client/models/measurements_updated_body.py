from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.measurements_updated_body_status import MeasurementsUpdatedBodyStatus
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="MeasurementsUpdatedBody")



@_attrs_define
class MeasurementsUpdatedBody:
    """ 
        Attributes:
            id (UUID):
            message (str):
            status (MeasurementsUpdatedBodyStatus):
            version (int):
            job_id (None | Unset | UUID):
     """

    id: UUID
    message: str
    status: MeasurementsUpdatedBodyStatus
    version: int
    job_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        message = self.message

        status = self.status.value

        version = self.version

        job_id: None | str | Unset
        if isinstance(self.job_id, Unset):
            job_id = UNSET
        elif isinstance(self.job_id, UUID):
            job_id = str(self.job_id)
        else:
            job_id = self.job_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "message": message,
            "status": status,
            "version": version,
        })
        if job_id is not UNSET:
            field_dict["jobId"] = job_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        message = d.pop("message")

        status = MeasurementsUpdatedBodyStatus(d.pop("status"))




        version = d.pop("version")

        def _parse_job_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                job_id_type_0 = UUID(data)



                return job_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        job_id = _parse_job_id(d.pop("jobId", UNSET))


        measurements_updated_body = cls(
            id=id,
            message=message,
            status=status,
            version=version,
            job_id=job_id,
        )


        measurements_updated_body.additional_properties = d
        return measurements_updated_body

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
