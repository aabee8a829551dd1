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
  from ..models.model_file_body_generation_parameters import ModelFileBodyGenerationParameters





T = TypeVar("T", bound="ModelFileBody")



@_attrs_define
class ModelFileBody:
    """ 
        Attributes:
            created_at (datetime.datetime):
            download_url (str):
            face_count (int):
            file_size (int):
            format_ (str):
            generation_method (str):
            generation_parameters (ModelFileBodyGenerationParameters):
            id (UUID):
            lod_level (str):
            texture_count (int):
            vertex_count (int):
     """

    created_at: datetime.datetime
    download_url: str
    face_count: int
    file_size: int
    format_: str
    generation_method: str
    generation_parameters: ModelFileBodyGenerationParameters
    id: UUID
    lod_level: str
    texture_count: int
    vertex_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.model_file_body_generation_parameters import ModelFileBodyGenerationParameters # noqa: PLC0415
        created_at = self.created_at.isoformat()

        download_url = self.download_url

        face_count = self.face_count

        file_size = self.file_size

        format_ = self.format_

        generation_method = self.generation_method

        generation_parameters = self.generation_parameters.to_dict()

        id = str(self.id)

        lod_level = self.lod_level

        texture_count = self.texture_count

        vertex_count = self.vertex_count


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "createdAt": created_at,
            "downloadUrl": download_url,
            "faceCount": face_count,
            "fileSize": file_size,
            "format": format_,
            "generationMethod": generation_method,
            "generationParameters": generation_parameters,
            "id": id,
            "lodLevel": lod_level,
            "textureCount": texture_count,
            "vertexCount": vertex_count,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_file_body_generation_parameters import ModelFileBodyGenerationParameters # noqa: PLC0415
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        download_url = d.pop("downloadUrl")

        face_count = d.pop("faceCount")

        file_size = d.pop("fileSize")

        format_ = d.pop("format")

        generation_method = d.pop("generationMethod")

        generation_parameters = ModelFileBodyGenerationParameters.from_dict(d.pop("generationParameters"))




        id = UUID(d.pop("id"))




        lod_level = d.pop("lodLevel")

        texture_count = d.pop("textureCount")

        vertex_count = d.pop("vertexCount")

        model_file_body = cls(
            created_at=created_at,
            download_url=download_url,
            face_count=face_count,
            file_size=file_size,
            format_=format_,
            generation_method=generation_method,
            generation_parameters=generation_parameters,
            id=id,
            lod_level=lod_level,
            texture_count=texture_count,
            vertex_count=vertex_count,
        )


        model_file_body.additional_properties = d
        return model_file_body

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
