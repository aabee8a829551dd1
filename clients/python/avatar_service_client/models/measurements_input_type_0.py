from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.measurements_input_type_0_unit_type_1 import MeasurementsInputType0UnitType1
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="MeasurementsInputType0")



@_attrs_define
class MeasurementsInputType0:
    """ 
        Attributes:
            ankle (float | None | Unset): ankle girth in cm, 15-40
            arm_length (float | None | Unset): arm length in cm, 40-95
            bicep (float | None | Unset): bicep girth in cm, 15-65
            calf (float | None | Unset): calf girth in cm, 20-65
            chest (float | None | Unset): chest girth in cm, 55-200
            forearm (float | None | Unset): forearm girth in cm, 15-50
            height (float | None | Unset): height in cm, 100-250
            hips (float | None | Unset): hip girth in cm, 60-200
            inseam (float | None | Unset): inseam in cm, 45-105
            neck_circumference (float | None | Unset): neck girth in cm, 25-60
            shoulder_width (float | None | Unset): shoulder width in cm, 25-65
            thigh (float | None | Unset): thigh girth in cm, 30-100
            unit (MeasurementsInputType0UnitType1 | None | Unset):
            waist (float | None | Unset): waist girth in cm, 45-200
            weight (float | None | Unset): weight in kg, 25-300
            wrist (float | None | Unset): wrist girth in cm, 10-28
     """

    ankle: float | None | Unset = UNSET
    arm_length: float | None | Unset = UNSET
    bicep: float | None | Unset = UNSET
    calf: float | None | Unset = UNSET
    chest: float | None | Unset = UNSET
    forearm: float | None | Unset = UNSET
    height: float | None | Unset = UNSET
    hips: float | None | Unset = UNSET
    inseam: float | None | Unset = UNSET
    neck_circumference: float | None | Unset = UNSET
    shoulder_width: float | None | Unset = UNSET
    thigh: float | None | Unset = UNSET
    unit: MeasurementsInputType0UnitType1 | None | Unset = UNSET
    waist: float | None | Unset = UNSET
    weight: float | None | Unset = UNSET
    wrist: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        ankle: float | None | Unset
        if isinstance(self.ankle, Unset):
            ankle = UNSET
        else:
            ankle = self.ankle

        arm_length: float | None | Unset
        if isinstance(self.arm_length, Unset):
            arm_length = UNSET
        else:
            arm_length = self.arm_length

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

        chest: float | None | Unset
        if isinstance(self.chest, Unset):
            chest = UNSET
        else:
            chest = self.chest

        forearm: float | None | Unset
        if isinstance(self.forearm, Unset):
            forearm = UNSET
        else:
            forearm = self.forearm

        height: float | None | Unset
        if isinstance(self.height, Unset):
            height = UNSET
        else:
            height = self.height

        hips: float | None | Unset
        if isinstance(self.hips, Unset):
            hips = UNSET
        else:
            hips = self.hips

        inseam: float | None | Unset
        if isinstance(self.inseam, Unset):
            inseam = UNSET
        else:
            inseam = self.inseam

        neck_circumference: float | None | Unset
        if isinstance(self.neck_circumference, Unset):
            neck_circumference = UNSET
        else:
            neck_circumference = self.neck_circumference

        shoulder_width: float | None | Unset
        if isinstance(self.shoulder_width, Unset):
            shoulder_width = UNSET
        else:
            shoulder_width = self.shoulder_width

        thigh: float | None | Unset
        if isinstance(self.thigh, Unset):
            thigh = UNSET
        else:
            thigh = self.thigh

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        elif isinstance(self.unit, MeasurementsInputType0UnitType1):
            unit = self.unit.value
        else:
            unit = self.unit

        waist: float | None | Unset
        if isinstance(self.waist, Unset):
            waist = UNSET
        else:
            waist = self.waist

        weight: float | None | Unset
        if isinstance(self.weight, Unset):
            weight = UNSET
        else:
            weight = self.weight

        wrist: float | None | Unset
        if isinstance(self.wrist, Unset):
            wrist = UNSET
        else:
            wrist = self.wrist


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if ankle is not UNSET:
            field_dict["ankle"] = ankle
        if arm_length is not UNSET:
            field_dict["armLength"] = arm_length
        if bicep is not UNSET:
            field_dict["bicep"] = bicep
        if calf is not UNSET:
            field_dict["calf"] = calf
        if chest is not UNSET:
            field_dict["chest"] = chest
        if forearm is not UNSET:
            field_dict["forearm"] = forearm
        if height is not UNSET:
            field_dict["height"] = height
        if hips is not UNSET:
            field_dict["hips"] = hips
        if inseam is not UNSET:
            field_dict["inseam"] = inseam
        if neck_circumference is not UNSET:
            field_dict["neckCircumference"] = neck_circumference
        if shoulder_width is not UNSET:
            field_dict["shoulderWidth"] = shoulder_width
        if thigh is not UNSET:
            field_dict["thigh"] = thigh
        if unit is not UNSET:
            field_dict["unit"] = unit
        if waist is not UNSET:
            field_dict["waist"] = waist
        if weight is not UNSET:
            field_dict["weight"] = weight
        if wrist is not UNSET:
            field_dict["wrist"] = wrist

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_ankle(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        ankle = _parse_ankle(d.pop("ankle", UNSET))


        def _parse_arm_length(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        arm_length = _parse_arm_length(d.pop("armLength", UNSET))


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


        def _parse_chest(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        chest = _parse_chest(d.pop("chest", UNSET))


        def _parse_forearm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        forearm = _parse_forearm(d.pop("forearm", UNSET))


        def _parse_height(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        height = _parse_height(d.pop("height", UNSET))


        def _parse_hips(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        hips = _parse_hips(d.pop("hips", UNSET))


        def _parse_inseam(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        inseam = _parse_inseam(d.pop("inseam", UNSET))


        def _parse_neck_circumference(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        neck_circumference = _parse_neck_circumference(d.pop("neckCircumference", UNSET))


        def _parse_shoulder_width(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        shoulder_width = _parse_shoulder_width(d.pop("shoulderWidth", UNSET))


        def _parse_thigh(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        thigh = _parse_thigh(d.pop("thigh", UNSET))


        def _parse_unit(data: object) -> MeasurementsInputType0UnitType1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                unit_type_1 = MeasurementsInputType0UnitType1(data)



                return unit_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeasurementsInputType0UnitType1 | None | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))


        def _parse_waist(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        waist = _parse_waist(d.pop("waist", UNSET))


        def _parse_weight(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        weight = _parse_weight(d.pop("weight", UNSET))


        def _parse_wrist(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        wrist = _parse_wrist(d.pop("wrist", UNSET))


        measurements_input_type_0 = cls(
            ankle=ankle,
            arm_length=arm_length,
            bicep=bicep,
            calf=calf,
            chest=chest,
            forearm=forearm,
            height=height,
            hips=hips,
            inseam=inseam,
            neck_circumference=neck_circumference,
            shoulder_width=shoulder_width,
            thigh=thigh,
            unit=unit,
            waist=waist,
            weight=weight,
            wrist=wrist,
        )


        measurements_input_type_0.additional_properties = d
        return measurements_input_type_0

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
