from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.extraction_started_body_status import ExtractionStartedBodyStatus
from uuid import UUID






T = TypeVar("T", bound="ExtractionStartedBody")



@_attrs_define
class ExtractionStartedBody:
    """ 
        Attributes:
            id (UUID):
            job_id (UUID):
            message (str):
            processing_estimate (str):
            status (ExtractionStartedBodyStatus):
            version (int):
     """

    id: UUID
    job_id: UUID
    message: str
    processing_estimate: str
    status: ExtractionStartedBodyStatus
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        job_id = str(self.job_id)

        message = self.message

        processing_estimate = self.processing_estimate

        status = self.status.value

        version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "jobId": job_id,
            "message": message,
            "processingEstimate": processing_estimate,
            "status": status,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        job_id = UUID(d.pop("jobId"))




        message = d.pop("message")

        processing_estimate = d.pop("processingEstimate")

        status = ExtractionStartedBodyStatus(d.pop("status"))




        version = d.pop("version")

        extraction_started_body = cls(
            id=id,
            job_id=job_id,
            message=message,
            processing_estimate=processing_estimate,
            status=status,
            version=version,
        )


        extraction_started_body.additional_properties = d
        return extraction_started_body

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
