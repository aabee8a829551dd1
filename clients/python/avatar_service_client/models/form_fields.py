from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.form_fields_auto_process_type_0_type_1 import FormFieldsAutoProcessType0Type1
from ..models.form_fields_clothing_type_0 import FormFieldsClothingType0
from ..models.form_fields_gender_type_0 import FormFieldsGenderType0
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.preferences import Preferences





T = TypeVar("T", bound="FormFields")



@_attrs_define
class FormFields:
    """ The text fields of a multipart create or upload, as typed values.

        Attributes:
            auto_process (bool | FormFieldsAutoProcessType0Type1 | None | Unset):
            avatar_type (None | str | Unset):
            clothing (FormFieldsClothingType0 | None | Unset):
            description (None | str | Unset):
            gender (FormFieldsGenderType0 | None | Unset):
            height_cm (float | None | Unset):
            name (None | str | Unset):
            preferences (Preferences | Unset):
            skin_tone (None | str | Unset):
            tags (list[str] | Unset):
            weight_kg (float | None | Unset):
     """

    auto_process: bool | FormFieldsAutoProcessType0Type1 | None | Unset = UNSET
    avatar_type: None | str | Unset = UNSET
    clothing: FormFieldsClothingType0 | None | Unset = UNSET
    description: None | str | Unset = UNSET
    gender: FormFieldsGenderType0 | None | Unset = UNSET
    height_cm: float | None | Unset = UNSET
    name: None | str | Unset = UNSET
    preferences: Preferences | Unset = UNSET
    skin_tone: None | str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    weight_kg: float | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.preferences import Preferences # noqa: PLC0415
        auto_process: bool | int | None | Unset
        if isinstance(self.auto_process, Unset):
            auto_process = UNSET
        elif isinstance(self.auto_process, FormFieldsAutoProcessType0Type1):
            auto_process = self.auto_process.value
        else:
            auto_process = self.auto_process

        avatar_type: None | str | Unset
        if isinstance(self.avatar_type, Unset):
            avatar_type = UNSET
        else:
            avatar_type = self.avatar_type

        clothing: None | str | Unset
        if isinstance(self.clothing, Unset):
            clothing = UNSET
        elif isinstance(self.clothing, FormFieldsClothingType0):
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
        elif isinstance(self.gender, FormFieldsGenderType0):
            gender = self.gender.value
        else:
            gender = self.gender

        height_cm: float | None | Unset
        if isinstance(self.height_cm, Unset):
            height_cm = UNSET
        else:
            height_cm = self.height_cm

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        preferences: dict[str, Any] | Unset = UNSET
        if not isinstance(self.preferences, Unset):
            preferences = self.preferences.to_dict()

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
        })
        if auto_process is not UNSET:
            field_dict["autoProcess"] = auto_process
        if avatar_type is not UNSET:
            field_dict["avatarType"] = avatar_type
        if clothing is not UNSET:
            field_dict["clothing"] = clothing
        if description is not UNSET:
            field_dict["description"] = description
        if gender is not UNSET:
            field_dict["gender"] = gender
        if height_cm is not UNSET:
            field_dict["heightCm"] = height_cm
        if name is not UNSET:
            field_dict["name"] = name
        if preferences is not UNSET:
            field_dict["preferences"] = preferences
        if skin_tone is not UNSET:
            field_dict["skinTone"] = skin_tone
        if tags is not UNSET:
            field_dict["tags"] = tags
        if weight_kg is not UNSET:
            field_dict["weightKg"] = weight_kg

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preferences import Preferences # noqa: PLC0415
        d = dict(src_dict)
        def _parse_auto_process(data: object) -> bool | FormFieldsAutoProcessType0Type1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                auto_process_type_0_type_1 = FormFieldsAutoProcessType0Type1(data)



                return auto_process_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | FormFieldsAutoProcessType0Type1 | None | Unset, data)

        auto_process = _parse_auto_process(d.pop("autoProcess", UNSET))


        def _parse_avatar_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        avatar_type = _parse_avatar_type(d.pop("avatarType", UNSET))


        def _parse_clothing(data: object) -> FormFieldsClothingType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                clothing_type_0 = FormFieldsClothingType0(data)



                return clothing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FormFieldsClothingType0 | None | Unset, data)

        clothing = _parse_clothing(d.pop("clothing", UNSET))


        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        def _parse_gender(data: object) -> FormFieldsGenderType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_0 = FormFieldsGenderType0(data)



                return gender_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FormFieldsGenderType0 | None | Unset, data)

        gender = _parse_gender(d.pop("gender", UNSET))


        def _parse_height_cm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        height_cm = _parse_height_cm(d.pop("heightCm", UNSET))


        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        _preferences = d.pop("preferences", UNSET)
        preferences: Preferences | Unset
        if isinstance(_preferences,  Unset):
            preferences = UNSET
        else:
            preferences = Preferences.from_dict(_preferences)




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


        form_fields = cls(
            auto_process=auto_process,
            avatar_type=avatar_type,
            clothing=clothing,
            description=description,
            gender=gender,
            height_cm=height_cm,
            name=name,
            preferences=preferences,
            skin_tone=skin_tone,
            tags=tags,
            weight_kg=weight_kg,
        )

        return form_fields

