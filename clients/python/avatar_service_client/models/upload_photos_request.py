from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.upload_photos_request_auto_process_type_1 import UploadPhotosRequestAutoProcessType1
from ..models.upload_photos_request_clothing_type_0 import UploadPhotosRequestClothingType0
from ..models.upload_photos_request_gender_type_0 import UploadPhotosRequestGenderType0
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.base_64_photo import Base64Photo





T = TypeVar("T", bound="UploadPhotosRequest")



@_attrs_define
class UploadPhotosRequest:
    """ 
        Attributes:
            photos (list[Base64Photo]):
            auto_process (bool | Unset | UploadPhotosRequestAutoProcessType1):  Default: True.
            clothing (None | Unset | UploadPhotosRequestClothingType0):
            gender (None | Unset | UploadPhotosRequestGenderType0):
            height_cm (float | None | Unset):
            weight_kg (float | None | Unset):
     """

    photos: list[Base64Photo]
    auto_process: bool | Unset | UploadPhotosRequestAutoProcessType1 = True
    clothing: None | Unset | UploadPhotosRequestClothingType0 = UNSET
    gender: None | Unset | UploadPhotosRequestGenderType0 = UNSET
    height_cm: float | None | Unset = UNSET
    weight_kg: float | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.base_64_photo import Base64Photo # noqa: PLC0415
        photos = []
        for photos_item_data in self.photos:
            photos_item = photos_item_data.to_dict()
            photos.append(photos_item)



        auto_process: bool | int | Unset
        if isinstance(self.auto_process, Unset):
            auto_process = UNSET
        elif isinstance(self.auto_process, UploadPhotosRequestAutoProcessType1):
            auto_process = self.auto_process.value
        else:
            auto_process = self.auto_process

        clothing: None | str | Unset
        if isinstance(self.clothing, Unset):
            clothing = UNSET
        elif isinstance(self.clothing, UploadPhotosRequestClothingType0):
            clothing = self.clothing.value
        else:
            clothing = self.clothing

        gender: None | str | Unset
        if isinstance(self.gender, Unset):
            gender = UNSET
        elif isinstance(self.gender, UploadPhotosRequestGenderType0):
            gender = self.gender.value
        else:
            gender = self.gender

        height_cm: float | None | Unset
        if isinstance(self.height_cm, Unset):
            height_cm = UNSET
        else:
            height_cm = self.height_cm

        weight_kg: float | None | Unset
        if isinstance(self.weight_kg, Unset):
            weight_kg = UNSET
        else:
            weight_kg = self.weight_kg


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "photos": photos,
        })
        if auto_process is not UNSET:
            field_dict["autoProcess"] = auto_process
        if clothing is not UNSET:
            field_dict["clothing"] = clothing
        if gender is not UNSET:
            field_dict["gender"] = gender
        if height_cm is not UNSET:
            field_dict["heightCm"] = height_cm
        if weight_kg is not UNSET:
            field_dict["weightKg"] = weight_kg

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.base_64_photo import Base64Photo # noqa: PLC0415
        d = dict(src_dict)
        photos = []
        _photos = d.pop("photos")
        for photos_item_data in (_photos):
            photos_item = Base64Photo.from_dict(photos_item_data)



            photos.append(photos_item)


        def _parse_auto_process(data: object) -> bool | Unset | UploadPhotosRequestAutoProcessType1:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                auto_process_type_1 = UploadPhotosRequestAutoProcessType1(data)



                return auto_process_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | Unset | UploadPhotosRequestAutoProcessType1, data)

        auto_process = _parse_auto_process(d.pop("autoProcess", UNSET))


        def _parse_clothing(data: object) -> None | Unset | UploadPhotosRequestClothingType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                clothing_type_0 = UploadPhotosRequestClothingType0(data)



                return clothing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UploadPhotosRequestClothingType0, data)

        clothing = _parse_clothing(d.pop("clothing", UNSET))


        def _parse_gender(data: object) -> None | Unset | UploadPhotosRequestGenderType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_0 = UploadPhotosRequestGenderType0(data)



                return gender_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UploadPhotosRequestGenderType0, data)

        gender = _parse_gender(d.pop("gender", UNSET))


        def _parse_height_cm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        height_cm = _parse_height_cm(d.pop("heightCm", UNSET))


        def _parse_weight_kg(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        weight_kg = _parse_weight_kg(d.pop("weightKg", UNSET))


        upload_photos_request = cls(
            photos=photos,
            auto_process=auto_process,
            clothing=clothing,
            gender=gender,
            height_cm=height_cm,
            weight_kg=weight_kg,
        )

        return upload_photos_request

