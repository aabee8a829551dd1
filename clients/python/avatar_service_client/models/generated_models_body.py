from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID

if TYPE_CHECKING:
  from ..models.model_file_body import ModelFileBody





T = TypeVar("T", bound="GeneratedModelsBody")



@_attrs_define
class GeneratedModelsBody:
    """ 
        Attributes:
            avatar_id (UUID):
            model_file_id (None | UUID):
            models (list[ModelFileBody]):
     """

    avatar_id: UUID
    model_file_id: None | UUID
    models: list[ModelFileBody]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.model_file_body import ModelFileBody # noqa: PLC0415
        avatar_id = str(self.avatar_id)

        model_file_id: None | str
        if isinstance(self.model_file_id, UUID):
            model_file_id = str(self.model_file_id)
        else:
            model_file_id = self.model_file_id

        models = []
        for models_item_data in self.models:
            models_item = models_item_data.to_dict()
            models.append(models_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatarId": avatar_id,
            "modelFileId": model_file_id,
            "models": models,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_file_body import ModelFileBody # noqa: PLC0415
        d = dict(src_dict)
        avatar_id = UUID(d.pop("avatarId"))




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


        generated_models_body = cls(
            avatar_id=avatar_id,
            model_file_id=model_file_id,
            models=models,
        )


        generated_models_body.additional_properties = d
        return generated_models_body

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
