from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.create_avatar_request_avatar_type import CreateAvatarRequestAvatarType
from ..models.create_avatar_request_clothing_type_0 import CreateAvatarRequestClothingType0
from ..models.create_avatar_request_gender_type_0 import CreateAvatarRequestGenderType0
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.base_64_photo import Base64Photo
  from ..models.measurements_input_type_0 import MeasurementsInputType0
  from ..models.measurements_input_type_1 import MeasurementsInputType1
  from ..models.preferences import Preferences





T = TypeVar("T", bound="CreateAvatarRequest")



@_attrs_define
class CreateAvatarRequest:
    """ 
        Attributes:
            avatar_type (CreateAvatarRequestAvatarType):
            name (str): 1 to 255 characters, no control characters, not blank; unique per user
            clothing (CreateAvatarRequestClothingType0 | None | Unset):
            description (None | str | Unset):
            gender (CreateAvatarRequestGenderType0 | None | Unset):
            height_cm (float | None | Unset):
            measurements (MeasurementsInputType0 | MeasurementsInputType1 | None | Unset):
            photos (list[Base64Photo] | None | Unset):
            preferences (Preferences | Unset):
            preset_id (None | str | Unset):
            skin_tone (None | str | Unset):
            tags (list[str] | Unset):
            weight_kg (float | None | Unset):
     """

    avatar_type: CreateAvatarRequestAvatarType
    name: str
    clothing: CreateAvatarRequestClothingType0 | None | Unset = UNSET
    description: None | str | Unset = UNSET
    gender: CreateAvatarRequestGenderType0 | None | Unset = UNSET
    height_cm: float | None | Unset = UNSET
    measurements: MeasurementsInputType0 | MeasurementsInputType1 | None | Unset = UNSET
    photos: list[Base64Photo] | None | Unset = UNSET
    preferences: Preferences | Unset = UNSET
    preset_id: None | str | Unset = UNSET
    skin_tone: None | str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    weight_kg: float | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.base_64_photo import Base64Photo # noqa: PLC0415
        from ..models.measurements_input_type_0 import MeasurementsInputType0 # noqa: PLC0415
        from ..models.measurements_input_type_1 import MeasurementsInputType1 # noqa: PLC0415
        from ..models.preferences import Preferences # noqa: PLC0415
        avatar_type = self.avatar_type.value

        name = self.name

        clothing: None | str | Unset
        if isinstance(self.clothing, Unset):
            clothing = UNSET
        elif isinstance(self.clothing, CreateAvatarRequestClothingType0):
            clothing = self.clothing.value
        else:
            clothing = self.clothing

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        gender: None | str | Unset
        if isinstance(self.gender, Unset):
            gender = UNSET
        elif isinstance(self.gender, CreateAvatarRequestGenderType0):
            gender = self.gender.value
        else:
            gender = self.gender

        height_cm: float | None | Unset
        if isinstance(self.height_cm, Unset):
            height_cm = UNSET
        else:
            height_cm = self.height_cm

        measurements: dict[str, Any] | None | Unset
        if isinstance(self.measurements, Unset):
            measurements = UNSET
        elif isinstance(self.measurements, MeasurementsInputType0):
            measurements = self.measurements.to_dict()
        elif isinstance(self.measurements, MeasurementsInputType1):
            measurements = self.measurements.to_dict()
        else:
            measurements = self.measurements

        photos: list[dict[str, Any]] | None | Unset
        if isinstance(self.photos, Unset):
            photos = UNSET
        elif isinstance(self.photos, list):
            photos = []
            for photos_type_0_item_data in self.photos:
                photos_type_0_item = photos_type_0_item_data.to_dict()
                photos.append(photos_type_0_item)


        else:
            photos = self.photos

        preferences: dict[str, Any] | Unset = UNSET
        if not isinstance(self.preferences, Unset):
            preferences = self.preferences.to_dict()

        preset_id: None | str | Unset
        if isinstance(self.preset_id, Unset):
            preset_id = UNSET
        else:
            preset_id = self.preset_id

        skin_tone: None | str | Unset
        if isinstance(self.skin_tone, Unset):
            skin_tone = UNSET
        else:
            skin_tone = self.skin_tone

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags



        weight_kg: float | None | Unset
        if isinstance(self.weight_kg, Unset):
            weight_kg = UNSET
        else:
            weight_kg = self.weight_kg


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "avatarType": avatar_type,
            "name": name,
        })
        if clothing is not UNSET:
            field_dict["clothing"] = clothing
        if description is not UNSET:
            field_dict["description"] = description
        if gender is not UNSET:
            field_dict["gender"] = gender
        if height_cm is not UNSET:
            field_dict["heightCm"] = height_cm
        if measurements is not UNSET:
            field_dict["measurements"] = measurements
        if photos is not UNSET:
            field_dict["photos"] = photos
        if preferences is not UNSET:
            field_dict["preferences"] = preferences
        if preset_id is not UNSET:
            field_dict["presetId"] = preset_id
        if skin_tone is not UNSET:
            field_dict["skinTone"] = skin_tone
        if tags is not UNSET:
            field_dict["tags"] = tags
        if weight_kg is not UNSET:
            field_dict["weightKg"] = weight_kg

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.base_64_photo import Base64Photo # noqa: PLC0415
        from ..models.measurements_input_type_0 import MeasurementsInputType0 # noqa: PLC0415
        from ..models.measurements_input_type_1 import MeasurementsInputType1 # noqa: PLC0415
        from ..models.preferences import Preferences # noqa: PLC0415
        d = dict(src_dict)
        avatar_type = CreateAvatarRequestAvatarType(d.pop("avatarType"))




        name = d.pop("name")

        def _parse_clothing(data: object) -> CreateAvatarRequestClothingType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                clothing_type_0 = CreateAvatarRequestClothingType0(data)



                return clothing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateAvatarRequestClothingType0 | None | Unset, data)

        clothing = _parse_clothing(d.pop("clothing", UNSET))


        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        def _parse_gender(data: object) -> CreateAvatarRequestGenderType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_0 = CreateAvatarRequestGenderType0(data)



                return gender_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateAvatarRequestGenderType0 | None | Unset, data)

        gender = _parse_gender(d.pop("gender", UNSET))


        def _parse_height_cm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        height_cm = _parse_height_cm(d.pop("heightCm", UNSET))


        def _parse_measurements(data: object) -> MeasurementsInputType0 | MeasurementsInputType1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_measurements_input_type_0 = MeasurementsInputType0.from_dict(data)



                return componentsschemas_measurements_input_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_measurements_input_type_1 = MeasurementsInputType1.from_dict(data)



                return componentsschemas_measurements_input_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeasurementsInputType0 | MeasurementsInputType1 | None | Unset, data)

        measurements = _parse_measurements(d.pop("measurements", UNSET))


        def _parse_photos(data: object) -> list[Base64Photo] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                photos_type_0 = []
                _photos_type_0 = data
                for photos_type_0_item_data in (_photos_type_0):
                    photos_type_0_item = Base64Photo.from_dict(photos_type_0_item_data)



                    photos_type_0.append(photos_type_0_item)

                return photos_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Base64Photo] | None | Unset, data)

        photos = _parse_photos(d.pop("photos", UNSET))


        _preferences = d.pop("preferences", UNSET)
        preferences: Preferences | Unset
        if isinstance(_preferences,  Unset):
            preferences = UNSET
        else:
            preferences = Preferences.from_dict(_preferences)




        def _parse_preset_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preset_id = _parse_preset_id(d.pop("presetId", UNSET))


        def _parse_skin_tone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        skin_tone = _parse_skin_tone(d.pop("skinTone", UNSET))


        tags = cast(list[str], d.pop("tags", UNSET))


        def _parse_weight_kg(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        weight_kg = _parse_weight_kg(d.pop("weightKg", UNSET))


        create_avatar_request = cls(
            avatar_type=avatar_type,
            name=name,
            clothing=clothing,
            description=description,
            gender=gender,
            height_cm=height_cm,
            measurements=measurements,
            photos=photos,
            preferences=preferences,
            preset_id=preset_id,
            skin_tone=skin_tone,
            tags=tags,
            weight_kg=weight_kg,
        )

        return create_avatar_request

