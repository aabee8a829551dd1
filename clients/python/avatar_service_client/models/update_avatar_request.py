from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.update_avatar_request_allow_ai_training_type_0_type_1 import UpdateAvatarRequestAllowAITrainingType0Type1
from ..models.update_avatar_request_allow_export_type_0_type_1 import UpdateAvatarRequestAllowExportType0Type1
from ..models.update_avatar_request_visibility_type_0 import UpdateAvatarRequestVisibilityType0
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="UpdateAvatarRequest")



@_attrs_define
class UpdateAvatarRequest:
    """ 
        Attributes:
            allow_ai_training (bool | None | Unset | UpdateAvatarRequestAllowAITrainingType0Type1):
            allow_export (bool | None | Unset | UpdateAvatarRequestAllowExportType0Type1):
            description (None | str | Unset):
            name (None | str | Unset):
            shared_with (list[UUID] | None | Unset):
            tags (list[str] | None | Unset):
            visibility (None | Unset | UpdateAvatarRequestVisibilityType0):
     """

    allow_ai_training: bool | None | Unset | UpdateAvatarRequestAllowAITrainingType0Type1 = UNSET
    allow_export: bool | None | Unset | UpdateAvatarRequestAllowExportType0Type1 = UNSET
    description: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    shared_with: list[UUID] | None | Unset = UNSET
    tags: list[str] | None | Unset = UNSET
    visibility: None | Unset | UpdateAvatarRequestVisibilityType0 = UNSET





    def to_dict(self) -> dict[str, Any]:
        allow_ai_training: bool | int | None | Unset
        if isinstance(self.allow_ai_training, Unset):
            allow_ai_training = UNSET
        elif isinstance(self.allow_ai_training, UpdateAvatarRequestAllowAITrainingType0Type1):
            allow_ai_training = self.allow_ai_training.value
        else:
            allow_ai_training = self.allow_ai_training

        allow_export: bool | int | None | Unset
        if isinstance(self.allow_export, Unset):
            allow_export = UNSET
        elif isinstance(self.allow_export, UpdateAvatarRequestAllowExportType0Type1):
            allow_export = self.allow_export.value
        else:
            allow_export = self.allow_export

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        shared_with: list[str] | None | Unset
        if isinstance(self.shared_with, Unset):
            shared_with = UNSET
        elif isinstance(self.shared_with, list):
            shared_with = []
            for shared_with_type_0_item_data in self.shared_with:
                shared_with_type_0_item = str(shared_with_type_0_item_data)
                shared_with.append(shared_with_type_0_item)


        else:
            shared_with = self.shared_with

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags


        else:
            tags = self.tags

        visibility: None | str | Unset
        if isinstance(self.visibility, Unset):
            visibility = UNSET
        elif isinstance(self.visibility, UpdateAvatarRequestVisibilityType0):
            visibility = self.visibility.value
        else:
            visibility = self.visibility


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if allow_ai_training is not UNSET:
            field_dict["allowAITraining"] = allow_ai_training
        if allow_export is not UNSET:
            field_dict["allowExport"] = allow_export
        if description is not UNSET:
            field_dict["description"] = description
        if name is not UNSET:
            field_dict["name"] = name
        if shared_with is not UNSET:
            field_dict["sharedWith"] = shared_with
        if tags is not UNSET:
            field_dict["tags"] = tags
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_allow_ai_training(data: object) -> bool | None | Unset | UpdateAvatarRequestAllowAITrainingType0Type1:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                allow_ai_training_type_0_type_1 = UpdateAvatarRequestAllowAITrainingType0Type1(data)



                return allow_ai_training_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | None | Unset | UpdateAvatarRequestAllowAITrainingType0Type1, data)

        allow_ai_training = _parse_allow_ai_training(d.pop("allowAITraining", UNSET))


        def _parse_allow_export(data: object) -> bool | None | Unset | UpdateAvatarRequestAllowExportType0Type1:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                allow_export_type_0_type_1 = UpdateAvatarRequestAllowExportType0Type1(data)



                return allow_export_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | None | Unset | UpdateAvatarRequestAllowExportType0Type1, data)

        allow_export = _parse_allow_export(d.pop("allowExport", UNSET))


        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        def _parse_shared_with(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                shared_with_type_0 = []
                _shared_with_type_0 = data
                for shared_with_type_0_item_data in (_shared_with_type_0):
                    shared_with_type_0_item = UUID(shared_with_type_0_item_data)



                    shared_with_type_0.append(shared_with_type_0_item)

                return shared_with_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        shared_with = _parse_shared_with(d.pop("sharedWith", UNSET))


        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))


        def _parse_visibility(data: object) -> None | Unset | UpdateAvatarRequestVisibilityType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                visibility_type_0 = UpdateAvatarRequestVisibilityType0(data)



                return visibility_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpdateAvatarRequestVisibilityType0, data)

        visibility = _parse_visibility(d.pop("visibility", UNSET))


        update_avatar_request = cls(
            allow_ai_training=allow_ai_training,
            allow_export=allow_export,
            description=description,
            name=name,
            shared_with=shared_with,
            tags=tags,
            visibility=visibility,
        )

        return update_avatar_request

