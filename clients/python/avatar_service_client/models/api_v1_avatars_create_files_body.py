from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field
import json
from .. import types

from ..types import UNSET, Unset

from ..models.api_v1_avatars_create_files_body_avatar_type import ApiV1AvatarsCreateFilesBodyAvatarType
from ..models.api_v1_avatars_create_files_body_clothing import ApiV1AvatarsCreateFilesBodyClothing
from ..models.api_v1_avatars_create_files_body_gender import ApiV1AvatarsCreateFilesBodyGender
from ..models.api_v1_avatars_create_files_body_photos_0_view_type import ApiV1AvatarsCreateFilesBodyPhotos0ViewType
from ..types import File, FileTypes
from ..types import UNSET, Unset
from io import BytesIO
from typing import cast

if TYPE_CHECKING:
  from ..models.preferences import Preferences





T = TypeVar("T", bound="ApiV1AvatarsCreateFilesBody")



@_attrs_define
class ApiV1AvatarsCreateFilesBody:
    """ 
        Attributes:
            avatar_type (ApiV1AvatarsCreateFilesBodyAvatarType): photo_based
            name (str): the avatar's name
            auto_process (bool | Unset): queue the photos (default true)
            clothing (ApiV1AvatarsCreateFilesBodyClothing | Unset): hint: what the person wears in the photos
            description (str | Unset): the avatar's description
            front (File | Unset): a photo named after its view (also side, back, other)
            gender (ApiV1AvatarsCreateFilesBodyGender | Unset): hint: the body's sex for the body model
            height_cm (float | Unset): hint: the height typed by the user, in cm (the scale); 100-250 cm
            photos0file (File | Unset): a photo (JPEG, PNG or WebP); photos[1][file]... the same
            photos_0_view_type (ApiV1AvatarsCreateFilesBodyPhotos0ViewType | Unset): the view of photos[0]
            preferences (Preferences | Unset):
            skin_tone (str | Unset): #rrggbb, the base colour of the model files
            tags (str | Unset): a JSON array or comma-separated tags
            weight_kg (float | Unset): hint: the weight, in kg; 25-300 kg
     """

    avatar_type: ApiV1AvatarsCreateFilesBodyAvatarType
    name: str
    auto_process: bool | Unset = UNSET
    clothing: ApiV1AvatarsCreateFilesBodyClothing | Unset = UNSET
    description: str | Unset = UNSET
    front: File | Unset = UNSET
    gender: ApiV1AvatarsCreateFilesBodyGender | Unset = UNSET
    height_cm: float | Unset = UNSET
    photos0file: File | Unset = UNSET
    photos_0_view_type: ApiV1AvatarsCreateFilesBodyPhotos0ViewType | Unset = UNSET
    preferences: Preferences | Unset = UNSET
    skin_tone: str | Unset = UNSET
    tags: str | Unset = UNSET
    weight_kg: float | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.preferences import Preferences # noqa: PLC0415
        avatar_type = self.avatar_type.value

        name = self.name

        auto_process = self.auto_process

        clothing: str | Unset = UNSET
        if not isinstance(self.clothing, Unset):
            clothing = self.clothing.value


        description = self.description

        front: FileTypes | Unset = UNSET
        if not isinstance(self.front, Unset):
            front = self.front.to_tuple()


        gender: str | Unset = UNSET
        if not isinstance(self.gender, Unset):
            gender = self.gender.value


        height_cm = self.height_cm

        photos0file: FileTypes | Unset = UNSET
        if not isinstance(self.photos0file, Unset):
            photos0file = self.photos0file.to_tuple()


        photos_0_view_type: str | Unset = UNSET
        if not isinstance(self.photos_0_view_type, Unset):
            photos_0_view_type = self.photos_0_view_type.value


        preferences: dict[str, Any] | Unset = UNSET
        if not isinstance(self.preferences, Unset):
            preferences = self.preferences.to_dict()

        skin_tone = self.skin_tone

        tags = self.tags

        weight_kg = self.weight_kg


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "avatarType": avatar_type,
            "name": name,
        })
        if auto_process is not UNSET:
            field_dict["autoProcess"] = auto_process
        if clothing is not UNSET:
            field_dict["clothing"] = clothing
        if description is not UNSET:
            field_dict["description"] = description
        if front is not UNSET:
            field_dict["front"] = front
        if gender is not UNSET:
            field_dict["gender"] = gender
        if height_cm is not UNSET:
            field_dict["heightCm"] = height_cm
        if photos0file is not UNSET:
            field_dict["photos[0][file]"] = photos0file
        if photos_0_view_type is not UNSET:
            field_dict["photos[0][viewType]"] = photos_0_view_type
        if preferences is not UNSET:
            field_dict["preferences"] = preferences
        if skin_tone is not UNSET:
            field_dict["skinTone"] = skin_tone
        if tags is not UNSET:
            field_dict["tags"] = tags
        if weight_kg is not UNSET:
            field_dict["weightKg"] = weight_kg

        return field_dict


    def to_multipart(self) -> types.RequestFiles:
        from ..models.preferences import Preferences # noqa: PLC0415
        files: types.RequestFiles = []

        files.append(("avatarType",  (None, str(self.avatar_type.value).encode(), "text/plain")))



        files.append(("name", (None, str(self.name).encode(), "text/plain")))



        if not isinstance(self.auto_process, Unset):
            files.append(("autoProcess", (None, str(self.auto_process).encode(), "text/plain")))



        if not isinstance(self.clothing, Unset):
            files.append(("clothing",  (None, str(self.clothing.value).encode(), "text/plain")))



        if not isinstance(self.description, Unset):
            files.append(("description", (None, str(self.description).encode(), "text/plain")))



        if not isinstance(self.front, Unset):
            files.append(("front", self.front.to_tuple()))



        if not isinstance(self.gender, Unset):
            files.append(("gender",  (None, str(self.gender.value).encode(), "text/plain")))



        if not isinstance(self.height_cm, Unset):
            files.append(("heightCm", (None, str(self.height_cm).encode(), "text/plain")))



        if not isinstance(self.photos0file, Unset):
            files.append(("photos[0][file]", self.photos0file.to_tuple()))



        if not isinstance(self.photos_0_view_type, Unset):
            files.append(("photos[0][viewType]",  (None, str(self.photos_0_view_type.value).encode(), "text/plain")))



        if not isinstance(self.preferences, Unset):
            files.append(("preferences", (None, json.dumps( self.preferences.to_dict()).encode(), "application/json")))



        if not isinstance(self.skin_tone, Unset):
            files.append(("skinTone", (None, str(self.skin_tone).encode(), "text/plain")))



        if not isinstance(self.tags, Unset):
            files.append(("tags", (None, str(self.tags).encode(), "text/plain")))



        if not isinstance(self.weight_kg, Unset):
            files.append(("weightKg", (None, str(self.weight_kg).encode(), "text/plain")))





        return files


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preferences import Preferences # noqa: PLC0415
        d = dict(src_dict)
        avatar_type = ApiV1AvatarsCreateFilesBodyAvatarType(d.pop("avatarType"))




        name = d.pop("name")

        auto_process = d.pop("autoProcess", UNSET)

        _clothing = d.pop("clothing", UNSET)
        clothing: ApiV1AvatarsCreateFilesBodyClothing | Unset
        if isinstance(_clothing,  Unset):
            clothing = UNSET
        else:
            clothing = ApiV1AvatarsCreateFilesBodyClothing(_clothing)




        description = d.pop("description", UNSET)

        _front = d.pop("front", UNSET)
        front: File | Unset
        if isinstance(_front,  Unset):
            front = UNSET
        else:
            front = File(
             payload = BytesIO(_front)
        )




        _gender = d.pop("gender", UNSET)
        gender: ApiV1AvatarsCreateFilesBodyGender | Unset
        if isinstance(_gender,  Unset):
            gender = UNSET
        else:
            gender = ApiV1AvatarsCreateFilesBodyGender(_gender)




        height_cm = d.pop("heightCm", UNSET)

        _photos0file = d.pop("photos[0][file]", UNSET)
        photos0file: File | Unset
        if isinstance(_photos0file,  Unset):
            photos0file = UNSET
        else:
            photos0file = File(
             payload = BytesIO(_photos0file)
        )




        _photos_0_view_type = d.pop("photos[0][viewType]", UNSET)
        photos_0_view_type: ApiV1AvatarsCreateFilesBodyPhotos0ViewType | Unset
        if isinstance(_photos_0_view_type,  Unset):
            photos_0_view_type = UNSET
        else:
            photos_0_view_type = ApiV1AvatarsCreateFilesBodyPhotos0ViewType(_photos_0_view_type)




        _preferences = d.pop("preferences", UNSET)
        preferences: Preferences | Unset
        if isinstance(_preferences,  Unset):
            preferences = UNSET
        else:
            preferences = Preferences.from_dict(_preferences)




        skin_tone = d.pop("skinTone", UNSET)

        tags = d.pop("tags", UNSET)

        weight_kg = d.pop("weightKg", UNSET)

        api_v1_avatars_create_files_body = cls(
            avatar_type=avatar_type,
            name=name,
            auto_process=auto_process,
            clothing=clothing,
            description=description,
            front=front,
            gender=gender,
            height_cm=height_cm,
            photos0file=photos0file,
            photos_0_view_type=photos_0_view_type,
            preferences=preferences,
            skin_tone=skin_tone,
            tags=tags,
            weight_kg=weight_kg,
        )

        return api_v1_avatars_create_files_body

