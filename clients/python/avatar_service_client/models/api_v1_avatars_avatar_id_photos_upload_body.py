from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field
import json
from .. import types

from ..types import UNSET, Unset

from ..models.api_v1_avatars_avatar_id_photos_upload_body_clothing import ApiV1AvatarsAvatarIdPhotosUploadBodyClothing
from ..models.api_v1_avatars_avatar_id_photos_upload_body_gender import ApiV1AvatarsAvatarIdPhotosUploadBodyGender
from ..models.api_v1_avatars_avatar_id_photos_upload_body_photos_0_view_type import ApiV1AvatarsAvatarIdPhotosUploadBodyPhotos0ViewType
from ..types import File, FileTypes
from ..types import UNSET, Unset
from io import BytesIO






T = TypeVar("T", bound="ApiV1AvatarsAvatarIdPhotosUploadBody")



@_attrs_define
class ApiV1AvatarsAvatarIdPhotosUploadBody:
    """ 
        Attributes:
            auto_process (bool | Unset): queue the photos (default true)
            clothing (ApiV1AvatarsAvatarIdPhotosUploadBodyClothing | Unset): hint: what the person wears in the photos
            front (File | Unset): a photo named after its view (also side, back, other)
            gender (ApiV1AvatarsAvatarIdPhotosUploadBodyGender | Unset): hint: the body's sex for the body model
            height_cm (float | Unset): hint: the height typed by the user, in cm (the scale); 100-250 cm
            photos0file (File | Unset): a photo (JPEG, PNG or WebP); photos[1][file]... the same
            photos_0_view_type (ApiV1AvatarsAvatarIdPhotosUploadBodyPhotos0ViewType | Unset): the view of photos[0]
            weight_kg (float | Unset): hint: the weight, in kg; 25-300 kg
     """

    auto_process: bool | Unset = UNSET
    clothing: ApiV1AvatarsAvatarIdPhotosUploadBodyClothing | Unset = UNSET
    front: File | Unset = UNSET
    gender: ApiV1AvatarsAvatarIdPhotosUploadBodyGender | Unset = UNSET
    height_cm: float | Unset = UNSET
    photos0file: File | Unset = UNSET
    photos_0_view_type: ApiV1AvatarsAvatarIdPhotosUploadBodyPhotos0ViewType | Unset = UNSET
    weight_kg: float | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        auto_process = self.auto_process

        clothing: str | Unset = UNSET
        if not isinstance(self.clothing, Unset):
            clothing = self.clothing.value


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


        weight_kg = self.weight_kg


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if auto_process is not UNSET:
            field_dict["autoProcess"] = auto_process
        if clothing is not UNSET:
            field_dict["clothing"] = clothing
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
        if weight_kg is not UNSET:
            field_dict["weightKg"] = weight_kg

        return field_dict


    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        if not isinstance(self.auto_process, Unset):
            files.append(("autoProcess", (None, str(self.auto_process).encode(), "text/plain")))



        if not isinstance(self.clothing, Unset):
            files.append(("clothing",  (None, str(self.clothing.value).encode(), "text/plain")))



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



        if not isinstance(self.weight_kg, Unset):
            files.append(("weightKg", (None, str(self.weight_kg).encode(), "text/plain")))





        return files


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        auto_process = d.pop("autoProcess", UNSET)

        _clothing = d.pop("clothing", UNSET)
        clothing: ApiV1AvatarsAvatarIdPhotosUploadBodyClothing | Unset
        if isinstance(_clothing,  Unset):
            clothing = UNSET
        else:
            clothing = ApiV1AvatarsAvatarIdPhotosUploadBodyClothing(_clothing)




        _front = d.pop("front", UNSET)
        front: File | Unset
        if isinstance(_front,  Unset):
            front = UNSET
        else:
            front = File(
             payload = BytesIO(_front)
        )




        _gender = d.pop("gender", UNSET)
        gender: ApiV1AvatarsAvatarIdPhotosUploadBodyGender | Unset
        if isinstance(_gender,  Unset):
            gender = UNSET
        else:
            gender = ApiV1AvatarsAvatarIdPhotosUploadBodyGender(_gender)




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
        photos_0_view_type: ApiV1AvatarsAvatarIdPhotosUploadBodyPhotos0ViewType | Unset
        if isinstance(_photos_0_view_type,  Unset):
            photos_0_view_type = UNSET
        else:
            photos_0_view_type = ApiV1AvatarsAvatarIdPhotosUploadBodyPhotos0ViewType(_photos_0_view_type)




        weight_kg = d.pop("weightKg", UNSET)

        api_v1_avatars_avatar_id_photos_upload_body = cls(
            auto_process=auto_process,
            clothing=clothing,
            front=front,
            gender=gender,
            height_cm=height_cm,
            photos0file=photos0file,
            photos_0_view_type=photos_0_view_type,
            weight_kg=weight_kg,
        )

        return api_v1_avatars_avatar_id_photos_upload_body

