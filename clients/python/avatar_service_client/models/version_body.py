from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.body_analysis_body import BodyAnalysisBody
  from ..models.measurements_body import MeasurementsBody





T = TypeVar("T", bound="VersionBody")



@_attrs_define
class VersionBody:
    """ 
        Attributes:
            avatar_id (UUID):
            body_analysis (BodyAnalysisBody | None):
            change_description (None | str):
            change_type (str):
            changed_by (UUID):
            created_at (datetime.datetime):
            id (UUID):
            measurements (MeasurementsBody):
            model_file_id (None | UUID):
            version (int):
     """

    avatar_id: UUID
    body_analysis: BodyAnalysisBody | None
    change_description: None | str
    change_type: str
    changed_by: UUID
    created_at: datetime.datetime
    id: UUID
    measurements: MeasurementsBody
    model_file_id: None | UUID
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.body_analysis_body import BodyAnalysisBody # noqa: PLC0415
        from ..models.measurements_body import MeasurementsBody # noqa: PLC0415
        avatar_id = str(self.avatar_id)

        body_analysis: dict[str, Any] | None
        if isinstance(self.body_analysis, BodyAnalysisBody):
            body_analysis = self.body_analysis.to_dict()
        else:
            body_analysis = self.body_analysis

        change_description: None | str
        change_description = self.change_description

        change_type = self.change_type

        changed_by = str(self.changed_by)

        created_at = self.created_at.isoformat()

        id = str(self.id)

        measurements = self.measurements.to_dict()

        model_file_id: None | str
        if isinstance(self.model_file_id, UUID):
            model_file_id = str(self.model_file_id)
        else:
            model_file_id = self.model_file_id

        version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatarId": avatar_id,
            "bodyAnalysis": body_analysis,
            "changeDescription": change_description,
            "changeType": change_type,
            "changedBy": changed_by,
            "createdAt": created_at,
            "id": id,
            "measurements": measurements,
            "modelFileId": model_file_id,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.body_analysis_body import BodyAnalysisBody # noqa: PLC0415
        from ..models.measurements_body import MeasurementsBody # noqa: PLC0415
        d = dict(src_dict)
        avatar_id = UUID(d.pop("avatarId"))




        def _parse_body_analysis(data: object) -> BodyAnalysisBody | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                body_analysis_type_0 = BodyAnalysisBody.from_dict(data)



                return body_analysis_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BodyAnalysisBody | None, data)

        body_analysis = _parse_body_analysis(d.pop("bodyAnalysis"))


        def _parse_change_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        change_description = _parse_change_description(d.pop("changeDescription"))


        change_type = d.pop("changeType")

        changed_by = UUID(d.pop("changedBy"))




        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        id = UUID(d.pop("id"))




        measurements = MeasurementsBody.from_dict(d.pop("measurements"))




        def _parse_model_file_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_file_id_type_0 = UUID(data)



                return model_file_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        model_file_id = _parse_model_file_id(d.pop("modelFileId"))


        version = d.pop("version")

        version_body = cls(
            avatar_id=avatar_id,
            body_analysis=body_analysis,
            change_description=change_description,
            change_type=change_type,
            changed_by=changed_by,
            created_at=created_at,
            id=id,
            measurements=measurements,
            model_file_id=model_file_id,
            version=version,
        )


        version_body.additional_properties = d
        return version_body

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
