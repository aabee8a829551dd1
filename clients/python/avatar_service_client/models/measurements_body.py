from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.measurements_body_gender_type_1 import MeasurementsBodyGenderType1
from ..models.measurements_body_gender_type_2_type_1 import MeasurementsBodyGenderType2Type1
from ..models.measurements_body_gender_type_3_type_1 import MeasurementsBodyGenderType3Type1
from ..models.measurements_body_unit import MeasurementsBodyUnit
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.measurements_body_confidence_scores import MeasurementsBodyConfidenceScores





T = TypeVar("T", bound="MeasurementsBody")



@_attrs_define
class MeasurementsBody:
    """ 
        Attributes:
            arm_length (float | None):
            chest (float | None):
            confidence_scores (MeasurementsBodyConfidenceScores):
            created_at (datetime.datetime):
            extraction_method (str):
            height (float):
            hips (float | None):
            id (UUID):
            inseam (float | None):
            manual_overrides (list[str]):
            neck_circumference (float | None):
            shoulder_width (float | None):
            unit (MeasurementsBodyUnit):
            updated_at (datetime.datetime):
            waist (float | None):
            weight (float | None):
            ankle (float | None | Unset):
            bicep (float | None | Unset):
            calf (float | None | Unset):
            estimated (list[str] | Unset):
            forearm (float | None | Unset):
            gender (MeasurementsBodyGenderType1 | MeasurementsBodyGenderType2Type1 | MeasurementsBodyGenderType3Type1 | None
                | Unset):
            thigh (float | None | Unset):
            wrist (float | None | Unset):
     """

    arm_length: float | None
    chest: float | None
    confidence_scores: MeasurementsBodyConfidenceScores
    created_at: datetime.datetime
    extraction_method: str
    height: float
    hips: float | None
    id: UUID
    inseam: float | None
    manual_overrides: list[str]
    neck_circumference: float | None
    shoulder_width: float | None
    unit: MeasurementsBodyUnit
    updated_at: datetime.datetime
    waist: float | None
    weight: float | None
    ankle: float | None | Unset = UNSET
    bicep: float | None | Unset = UNSET
    calf: float | None | Unset = UNSET
    estimated: list[str] | Unset = UNSET
    forearm: float | None | Unset = UNSET
    gender: MeasurementsBodyGenderType1 | MeasurementsBodyGenderType2Type1 | MeasurementsBodyGenderType3Type1 | None | Unset = UNSET
    thigh: float | None | Unset = UNSET
    wrist: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.measurements_body_confidence_scores import MeasurementsBodyConfidenceScores # noqa: PLC0415
        arm_length: float | None
        arm_length = self.arm_length

        chest: float | None
        chest = self.chest

        confidence_scores = self.confidence_scores.to_dict()

        created_at = self.created_at.isoformat()

        extraction_method = self.extraction_method

        height = self.height

        hips: float | None
        hips = self.hips

        id = str(self.id)

        inseam: float | None
        inseam = self.inseam

        manual_overrides = self.manual_overrides



        neck_circumference: float | None
        neck_circumference = self.neck_circumference

        shoulder_width: float | None
        shoulder_width = self.shoulder_width

        unit = self.unit.value

        updated_at = self.updated_at.isoformat()

        waist: float | None
        waist = self.waist

        weight: float | None
        weight = self.weight

        ankle: float | None | Unset
        if isinstance(self.ankle, Unset):
            ankle = UNSET
        else:
            ankle = self.ankle

        bicep: float | None | Unset
        if isinstance(self.bicep, Unset):
            bicep = UNSET
        else:
            bicep = self.bicep

        calf: float | None | Unset
        if isinstance(self.calf, Unset):
            calf = UNSET
        else:
            calf = self.calf

        estimated: list[str] | Unset = UNSET
        if not isinstance(self.estimated, Unset):
            estimated = self.estimated



        forearm: float | None | Unset
        if isinstance(self.forearm, Unset):
            forearm = UNSET
        else:
            forearm = self.forearm

        gender: None | str | Unset
        if isinstance(self.gender, Unset):
            gender = UNSET
        elif isinstance(self.gender, MeasurementsBodyGenderType1):
            gender = self.gender.value
        elif isinstance(self.gender, MeasurementsBodyGenderType2Type1):
            gender = self.gender.value
        elif isinstance(self.gender, MeasurementsBodyGenderType3Type1):
            gender = self.gender.value
        else:
            gender = self.gender

        thigh: float | None | Unset
        if isinstance(self.thigh, Unset):
            thigh = UNSET
        else:
            thigh = self.thigh

        wrist: float | None | Unset
        if isinstance(self.wrist, Unset):
            wrist = UNSET
        else:
            wrist = self.wrist


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "armLength": arm_length,
            "chest": chest,
            "confidenceScores": confidence_scores,
            "createdAt": created_at,
            "extractionMethod": extraction_method,
            "height": height,
            "hips": hips,
            "id": id,
            "inseam": inseam,
            "manualOverrides": manual_overrides,
            "neckCircumference": neck_circumference,
            "shoulderWidth": shoulder_width,
            "unit": unit,
            "updatedAt": updated_at,
            "waist": waist,
            "weight": weight,
        })
        if ankle is not UNSET:
            field_dict["ankle"] = ankle
        if bicep is not UNSET:
            field_dict["bicep"] = bicep
        if calf is not UNSET:
            field_dict["calf"] = calf
        if estimated is not UNSET:
            field_dict["estimated"] = estimated
        if forearm is not UNSET:
            field_dict["forearm"] = forearm
        if gender is not UNSET:
            field_dict["gender"] = gender
        if thigh is not UNSET:
            field_dict["thigh"] = thigh
        if wrist is not UNSET:
            field_dict["wrist"] = wrist

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.measurements_body_confidence_scores import MeasurementsBodyConfidenceScores # noqa: PLC0415
        d = dict(src_dict)
        def _parse_arm_length(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        arm_length = _parse_arm_length(d.pop("armLength"))


        def _parse_chest(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        chest = _parse_chest(d.pop("chest"))


        confidence_scores = MeasurementsBodyConfidenceScores.from_dict(d.pop("confidenceScores"))




        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        extraction_method = d.pop("extractionMethod")

        height = d.pop("height")

        def _parse_hips(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        hips = _parse_hips(d.pop("hips"))


        id = UUID(d.pop("id"))




        def _parse_inseam(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        inseam = _parse_inseam(d.pop("inseam"))


        manual_overrides = cast(list[str], d.pop("manualOverrides"))


        def _parse_neck_circumference(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        neck_circumference = _parse_neck_circumference(d.pop("neckCircumference"))


        def _parse_shoulder_width(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        shoulder_width = _parse_shoulder_width(d.pop("shoulderWidth"))


        unit = MeasurementsBodyUnit(d.pop("unit"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))




        def _parse_waist(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        waist = _parse_waist(d.pop("waist"))


        def _parse_weight(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        weight = _parse_weight(d.pop("weight"))


        def _parse_ankle(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        ankle = _parse_ankle(d.pop("ankle", UNSET))


        def _parse_bicep(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        bicep = _parse_bicep(d.pop("bicep", UNSET))


        def _parse_calf(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        calf = _parse_calf(d.pop("calf", UNSET))


        estimated = cast(list[str], d.pop("estimated", UNSET))


        def _parse_forearm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        forearm = _parse_forearm(d.pop("forearm", UNSET))


        def _parse_gender(data: object) -> MeasurementsBodyGenderType1 | MeasurementsBodyGenderType2Type1 | MeasurementsBodyGenderType3Type1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_1 = MeasurementsBodyGenderType1(data)



                return gender_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_2_type_1 = MeasurementsBodyGenderType2Type1(data)



                return gender_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_3_type_1 = MeasurementsBodyGenderType3Type1(data)



                return gender_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeasurementsBodyGenderType1 | MeasurementsBodyGenderType2Type1 | MeasurementsBodyGenderType3Type1 | None | Unset, data)

        gender = _parse_gender(d.pop("gender", UNSET))


        def _parse_thigh(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        thigh = _parse_thigh(d.pop("thigh", UNSET))


        def _parse_wrist(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        wrist = _parse_wrist(d.pop("wrist", UNSET))


        measurements_body = cls(
            arm_length=arm_length,
            chest=chest,
            confidence_scores=confidence_scores,
            created_at=created_at,
            extraction_method=extraction_method,
            height=height,
            hips=hips,
            id=id,
            inseam=inseam,
            manual_overrides=manual_overrides,
            neck_circumference=neck_circumference,
            shoulder_width=shoulder_width,
            unit=unit,
            updated_at=updated_at,
            waist=waist,
            weight=weight,
            ankle=ankle,
            bicep=bicep,
            calf=calf,
            estimated=estimated,
            forearm=forearm,
            gender=gender,
            thigh=thigh,
            wrist=wrist,
        )


        measurements_body.additional_properties = d
        return measurements_body

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
