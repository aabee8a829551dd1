from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.preferences_allow_ai_training_type_1 import PreferencesAllowAITrainingType1
from ..models.preferences_allow_export_type_1 import PreferencesAllowExportType1
from ..models.preferences_auto_process_type_1 import PreferencesAutoProcessType1
from ..models.preferences_visibility import PreferencesVisibility
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="Preferences")



@_attrs_define
class Preferences:
    """ 
        Attributes:
            allow_ai_training (bool | PreferencesAllowAITrainingType1 | Unset):  Default: False.
            allow_export (bool | PreferencesAllowExportType1 | Unset):  Default: True.
            auto_process (bool | PreferencesAutoProcessType1 | Unset):  Default: True.
            shared_with (list[UUID] | Unset):
            visibility (PreferencesVisibility | Unset):  Default: PreferencesVisibility.PRIVATE.
     """

    allow_ai_training: bool | PreferencesAllowAITrainingType1 | Unset = False
    allow_export: bool | PreferencesAllowExportType1 | Unset = True
    auto_process: bool | PreferencesAutoProcessType1 | Unset = True
    shared_with: list[UUID] | Unset = UNSET
    visibility: PreferencesVisibility | Unset = PreferencesVisibility.PRIVATE





    def to_dict(self) -> dict[str, Any]:
        allow_ai_training: bool | int | Unset
        if isinstance(self.allow_ai_training, Unset):
            allow_ai_training = UNSET
        elif isinstance(self.allow_ai_training, PreferencesAllowAITrainingType1):
            allow_ai_training = self.allow_ai_training.value
        else:
            allow_ai_training = self.allow_ai_training

        allow_export: bool | int | Unset
        if isinstance(self.allow_export, Unset):
            allow_export = UNSET
        elif isinstance(self.allow_export, PreferencesAllowExportType1):
            allow_export = self.allow_export.value
        else:
            allow_export = self.allow_export

        auto_process: bool | int | Unset
        if isinstance(self.auto_process, Unset):
            auto_process = UNSET
        elif isinstance(self.auto_process, PreferencesAutoProcessType1):
            auto_process = self.auto_process.value
        else:
            auto_process = self.auto_process

        shared_with: list[str] | Unset = UNSET
        if not isinstance(self.shared_with, Unset):
            shared_with = []
            for shared_with_item_data in self.shared_with:
                shared_with_item = str(shared_with_item_data)
                shared_with.append(shared_with_item)



        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if allow_ai_training is not UNSET:
            field_dict["allowAITraining"] = allow_ai_training
        if allow_export is not UNSET:
            field_dict["allowExport"] = allow_export
        if auto_process is not UNSET:
            field_dict["autoProcess"] = auto_process
        if shared_with is not UNSET:
            field_dict["sharedWith"] = shared_with
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_allow_ai_training(data: object) -> bool | PreferencesAllowAITrainingType1 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                allow_ai_training_type_1 = PreferencesAllowAITrainingType1(data)



                return allow_ai_training_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | PreferencesAllowAITrainingType1 | Unset, data)

        allow_ai_training = _parse_allow_ai_training(d.pop("allowAITraining", UNSET))


        def _parse_allow_export(data: object) -> bool | PreferencesAllowExportType1 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                allow_export_type_1 = PreferencesAllowExportType1(data)



                return allow_export_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | PreferencesAllowExportType1 | Unset, data)

        allow_export = _parse_allow_export(d.pop("allowExport", UNSET))


        def _parse_auto_process(data: object) -> bool | PreferencesAutoProcessType1 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                auto_process_type_1 = PreferencesAutoProcessType1(data)



                return auto_process_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | PreferencesAutoProcessType1 | Unset, data)

        auto_process = _parse_auto_process(d.pop("autoProcess", UNSET))


        _shared_with = d.pop("sharedWith", UNSET)
        shared_with: list[UUID] | Unset = UNSET
        if _shared_with is not UNSET:
            shared_with = []
            for shared_with_item_data in _shared_with:
                shared_with_item = UUID(shared_with_item_data)



                shared_with.append(shared_with_item)


        _visibility = d.pop("visibility", UNSET)
        visibility: PreferencesVisibility | Unset
        if isinstance(_visibility,  Unset):
            visibility = UNSET
        else:
            visibility = PreferencesVisibility(_visibility)




        preferences = cls(
            allow_ai_training=allow_ai_training,
            allow_export=allow_export,
            auto_process=auto_process,
            shared_with=shared_with,
            visibility=visibility,
        )

        return preferences

