from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.generate_models_request_formats_item import GenerateModelsRequestFormatsItem
from ..models.generate_models_request_lod_levels_item import GenerateModelsRequestLodLevelsItem
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="GenerateModelsRequest")



@_attrs_define
class GenerateModelsRequest:
    """ Which files to make; every format at every level when left out.

        Attributes:
            formats (list[GenerateModelsRequestFormatsItem] | Unset):
            lod_levels (list[GenerateModelsRequestLodLevelsItem] | Unset):
            skin_tone (None | str | Unset):
     """

    formats: list[GenerateModelsRequestFormatsItem] | Unset = UNSET
    lod_levels: list[GenerateModelsRequestLodLevelsItem] | Unset = UNSET
    skin_tone: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        formats: list[str] | Unset = UNSET
        if not isinstance(self.formats, Unset):
            formats = []
            for formats_item_data in self.formats:
                formats_item = formats_item_data.value
                formats.append(formats_item)



        lod_levels: list[str] | Unset = UNSET
        if not isinstance(self.lod_levels, Unset):
            lod_levels = []
            for lod_levels_item_data in self.lod_levels:
                lod_levels_item = lod_levels_item_data.value
                lod_levels.append(lod_levels_item)



        skin_tone: None | str | Unset
        if isinstance(self.skin_tone, Unset):
            skin_tone = UNSET
        else:
            skin_tone = self.skin_tone


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if formats is not UNSET:
            field_dict["formats"] = formats
        if lod_levels is not UNSET:
            field_dict["lodLevels"] = lod_levels
        if skin_tone is not UNSET:
            field_dict["skinTone"] = skin_tone

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _formats = d.pop("formats", UNSET)
        formats: list[GenerateModelsRequestFormatsItem] | Unset = UNSET
        if _formats is not UNSET:
            formats = []
            for formats_item_data in _formats:
                formats_item = GenerateModelsRequestFormatsItem(formats_item_data)



                formats.append(formats_item)


        _lod_levels = d.pop("lodLevels", UNSET)
        lod_levels: list[GenerateModelsRequestLodLevelsItem] | Unset = UNSET
        if _lod_levels is not UNSET:
            lod_levels = []
            for lod_levels_item_data in _lod_levels:
                lod_levels_item = GenerateModelsRequestLodLevelsItem(lod_levels_item_data)



                lod_levels.append(lod_levels_item)


        def _parse_skin_tone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        skin_tone = _parse_skin_tone(d.pop("skinTone", UNSET))


        generate_models_request = cls(
            formats=formats,
            lod_levels=lod_levels,
            skin_tone=skin_tone,
        )

        return generate_models_request

