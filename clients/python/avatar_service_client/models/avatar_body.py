from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.avatar_body_avatar_type import AvatarBodyAvatarType
from ..models.avatar_body_status import AvatarBodyStatus
from ..models.avatar_body_visibility import AvatarBodyVisibility
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.body_analysis_body import BodyAnalysisBody
  from ..models.measurements_body import MeasurementsBody
  from ..models.model_file_body import ModelFileBody
  from ..models.processing_body import ProcessingBody





T = TypeVar("T", bound="AvatarBody")



@_attrs_define
class AvatarBody:
    """ 
        Attributes:
            allow_ai_training (bool):
            allow_export (bool):
            avatar_type (AvatarBodyAvatarType):
            body_analysis (BodyAnalysisBody | None):
            body_analysis_id (None | UUID):
            body_type (None | str):
            created_at (datetime.datetime):
            description (None | str):
            id (UUID):
            measurement_profile_id (None | UUID):
            measurements (MeasurementsBody | None):
            model_file_id (None | UUID):
            models (list[ModelFileBody]):
            name (str):
            parent_avatar_id (None | UUID):
            processing_completed_at (datetime.datetime | None):
            processing_error (None | str):
            processing_started_at (datetime.datetime | None):
            shared_with (list[UUID]):
            status (AvatarBodyStatus):
            tags (list[str]):
            updated_at (datetime.datetime):
            user_id (UUID):
            version (int):
            visibility (AvatarBodyVisibility):
            job_id (None | Unset | UUID):
            processing (None | ProcessingBody | Unset):
            processing_estimate (None | str | Unset):
            processing_time (float | None | Unset):
            skin_tone (None | str | Unset):
     """

    allow_ai_training: bool
    allow_export: bool
    avatar_type: AvatarBodyAvatarType
    body_analysis: BodyAnalysisBody | None
    body_analysis_id: None | UUID
    body_type: None | str
    created_at: datetime.datetime
    description: None | str
    id: UUID
    measurement_profile_id: None | UUID
    measurements: MeasurementsBody | None
    model_file_id: None | UUID
    models: list[ModelFileBody]
    name: str
    parent_avatar_id: None | UUID
    processing_completed_at: datetime.datetime | None
    processing_error: None | str
    processing_started_at: datetime.datetime | None
    shared_with: list[UUID]
    status: AvatarBodyStatus
    tags: list[str]
    updated_at: datetime.datetime
    user_id: UUID
    version: int
    visibility: AvatarBodyVisibility
    job_id: None | Unset | UUID = UNSET
    processing: None | ProcessingBody | Unset = UNSET
    processing_estimate: None | str | Unset = UNSET
    processing_time: float | None | Unset = UNSET
    skin_tone: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.body_analysis_body import BodyAnalysisBody # noqa: PLC0415
        from ..models.measurements_body import MeasurementsBody # noqa: PLC0415
        from ..models.model_file_body import ModelFileBody # noqa: PLC0415
        from ..models.processing_body import ProcessingBody # noqa: PLC0415
        allow_ai_training = self.allow_ai_training

        allow_export = self.allow_export

        avatar_type = self.avatar_type.value

        body_analysis: dict[str, Any] | None
        if isinstance(self.body_analysis, BodyAnalysisBody):
            body_analysis = self.body_analysis.to_dict()
        else:
            body_analysis = self.body_analysis

        body_analysis_id: None | str
        if isinstance(self.body_analysis_id, UUID):
            body_analysis_id = str(self.body_analysis_id)
        else:
            body_analysis_id = self.body_analysis_id

        body_type: None | str
        body_type = self.body_type

        created_at = self.created_at.isoformat()

        description: None | str
        description = self.description

        id = str(self.id)

        measurement_profile_id: None | str
        if isinstance(self.measurement_profile_id, UUID):
            measurement_profile_id = str(self.measurement_profile_id)
        else:
            measurement_profile_id = self.measurement_profile_id

        measurements: dict[str, Any] | None
        if isinstance(self.measurements, MeasurementsBody):
            measurements = self.measurements.to_dict()
        else:
            measurements = self.measurements

        model_file_id: None | str
        if isinstance(self.model_file_id, UUID):
            model_file_id = str(self.model_file_id)
        else:
            model_file_id = self.model_file_id

        models = []
        for models_item_data in self.models:
            models_item = models_item_data.to_dict()
            models.append(models_item)



        name = self.name

        parent_avatar_id: None | str
        if isinstance(self.parent_avatar_id, UUID):
            parent_avatar_id = str(self.parent_avatar_id)
        else:
            parent_avatar_id = self.parent_avatar_id

        processing_completed_at: None | str
        if isinstance(self.processing_completed_at, datetime.datetime):
            processing_completed_at = self.processing_completed_at.isoformat()
        else:
            processing_completed_at = self.processing_completed_at

        processing_error: None | str
        processing_error = self.processing_error

        processing_started_at: None | str
        if isinstance(self.processing_started_at, datetime.datetime):
            processing_started_at = self.processing_started_at.isoformat()
        else:
            processing_started_at = self.processing_started_at

        shared_with = []
        for shared_with_item_data in self.shared_with:
            shared_with_item = str(shared_with_item_data)
            shared_with.append(shared_with_item)



        status = self.status.value

        tags = self.tags



        updated_at = self.updated_at.isoformat()

        user_id = str(self.user_id)

        version = self.version

        visibility = self.visibility.value

        job_id: None | str | Unset
        if isinstance(self.job_id, Unset):
            job_id = UNSET
        elif isinstance(self.job_id, UUID):
            job_id = str(self.job_id)
        else:
            job_id = self.job_id

        processing: dict[str, Any] | None | Unset
        if isinstance(self.processing, Unset):
            processing = UNSET
        elif isinstance(self.processing, ProcessingBody):
            processing = self.processing.to_dict()
        else:
            processing = self.processing

        processing_estimate: None | str | Unset
        if isinstance(self.processing_estimate, Unset):
            processing_estimate = UNSET
        else:
            processing_estimate = self.processing_estimate

        processing_time: float | None | Unset
        if isinstance(self.processing_time, Unset):
            processing_time = UNSET
        else:
            processing_time = self.processing_time

        skin_tone: None | str | Unset
        if isinstance(self.skin_tone, Unset):
            skin_tone = UNSET
        else:
            skin_tone = self.skin_tone


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "allowAITraining": allow_ai_training,
            "allowExport": allow_export,
            "avatarType": avatar_type,
            "bodyAnalysis": body_analysis,
            "bodyAnalysisId": body_analysis_id,
            "bodyType": body_type,
            "createdAt": created_at,
            "description": description,
            "id": id,
            "measurementProfileId": measurement_profile_id,
            "measurements": measurements,
            "modelFileId": model_file_id,
            "models": models,
            "name": name,
            "parentAvatarId": parent_avatar_id,
            "processingCompletedAt": processing_completed_at,
            "processingError": processing_error,
            "processingStartedAt": processing_started_at,
            "sharedWith": shared_with,
            "status": status,
            "tags": tags,
            "updatedAt": updated_at,
            "userId": user_id,
            "version": version,
            "visibility": visibility,
        })
        if job_id is not UNSET:
            field_dict["jobId"] = job_id
        if processing is not UNSET:
            field_dict["processing"] = processing
        if processing_estimate is not UNSET:
            field_dict["processingEstimate"] = processing_estimate
        if processing_time is not UNSET:
            field_dict["processingTime"] = processing_time
        if skin_tone is not UNSET:
            field_dict["skinTone"] = skin_tone

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.body_analysis_body import BodyAnalysisBody # noqa: PLC0415
        from ..models.measurements_body import MeasurementsBody # noqa: PLC0415
        from ..models.model_file_body import ModelFileBody # noqa: PLC0415
        from ..models.processing_body import ProcessingBody # noqa: PLC0415
        d = dict(src_dict)
        allow_ai_training = d.pop("allowAITraining")

        allow_export = d.pop("allowExport")

        avatar_type = AvatarBodyAvatarType(d.pop("avatarType"))




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


        def _parse_body_analysis_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                body_analysis_id_type_0 = UUID(data)



                return body_analysis_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        body_analysis_id = _parse_body_analysis_id(d.pop("bodyAnalysisId"))


        def _parse_body_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        body_type = _parse_body_type(d.pop("bodyType"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))


        id = UUID(d.pop("id"))




        def _parse_measurement_profile_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                measurement_profile_id_type_0 = UUID(data)



                return measurement_profile_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        measurement_profile_id = _parse_measurement_profile_id(d.pop("measurementProfileId"))


        def _parse_measurements(data: object) -> MeasurementsBody | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                measurements_type_0 = MeasurementsBody.from_dict(data)



                return measurements_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeasurementsBody | None, data)

        measurements = _parse_measurements(d.pop("measurements"))


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


        models = []
        _models = d.pop("models")
        for models_item_data in (_models):
            models_item = ModelFileBody.from_dict(models_item_data)



            models.append(models_item)


        name = d.pop("name")

        def _parse_parent_avatar_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                parent_avatar_id_type_0 = UUID(data)



                return parent_avatar_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        parent_avatar_id = _parse_parent_avatar_id(d.pop("parentAvatarId"))


        def _parse_processing_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                processing_completed_at_type_0 = datetime.datetime.fromisoformat(data)



                return processing_completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        processing_completed_at = _parse_processing_completed_at(d.pop("processingCompletedAt"))


        def _parse_processing_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        processing_error = _parse_processing_error(d.pop("processingError"))


        def _parse_processing_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                processing_started_at_type_0 = datetime.datetime.fromisoformat(data)



                return processing_started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        processing_started_at = _parse_processing_started_at(d.pop("processingStartedAt"))


        shared_with = []
        _shared_with = d.pop("sharedWith")
        for shared_with_item_data in (_shared_with):
            shared_with_item = UUID(shared_with_item_data)



            shared_with.append(shared_with_item)


        status = AvatarBodyStatus(d.pop("status"))




        tags = cast(list[str], d.pop("tags"))


        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))




        user_id = UUID(d.pop("userId"))




        version = d.pop("version")

        visibility = AvatarBodyVisibility(d.pop("visibility"))




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


        def _parse_processing(data: object) -> None | ProcessingBody | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                processing_type_0 = ProcessingBody.from_dict(data)



                return processing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProcessingBody | Unset, data)

        processing = _parse_processing(d.pop("processing", UNSET))


        def _parse_processing_estimate(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        processing_estimate = _parse_processing_estimate(d.pop("processingEstimate", UNSET))


        def _parse_processing_time(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        processing_time = _parse_processing_time(d.pop("processingTime", UNSET))


        def _parse_skin_tone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        skin_tone = _parse_skin_tone(d.pop("skinTone", UNSET))


        avatar_body = cls(
            allow_ai_training=allow_ai_training,
            allow_export=allow_export,
            avatar_type=avatar_type,
            body_analysis=body_analysis,
            body_analysis_id=body_analysis_id,
            body_type=body_type,
            created_at=created_at,
            description=description,
            id=id,
            measurement_profile_id=measurement_profile_id,
            measurements=measurements,
            model_file_id=model_file_id,
            models=models,
            name=name,
            parent_avatar_id=parent_avatar_id,
            processing_completed_at=processing_completed_at,
            processing_error=processing_error,
            processing_started_at=processing_started_at,
            shared_with=shared_with,
            status=status,
            tags=tags,
            updated_at=updated_at,
            user_id=user_id,
            version=version,
            visibility=visibility,
            job_id=job_id,
            processing=processing,
            processing_estimate=processing_estimate,
            processing_time=processing_time,
            skin_tone=skin_tone,
        )


        avatar_body.additional_properties = d
        return avatar_body

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
