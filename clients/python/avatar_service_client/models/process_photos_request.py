from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.direct_upload_input import DirectUploadInput





T = TypeVar("T", bound="ProcessPhotosRequest")



@_attrs_define
class ProcessPhotosRequest:
    """ 
        Attributes:
            uploads (list[DirectUploadInput] | Unset):
     """

    uploads: list[DirectUploadInput] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.direct_upload_input import DirectUploadInput # noqa: PLC0415
        uploads: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.uploads, Unset):
            uploads = []
            for uploads_item_data in self.uploads:
                uploads_item = uploads_item_data.to_dict()
                uploads.append(uploads_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if uploads is not UNSET:
            field_dict["uploads"] = uploads

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.direct_upload_input import DirectUploadInput # noqa: PLC0415
        d = dict(src_dict)
        _uploads = d.pop("uploads", UNSET)
        uploads: list[DirectUploadInput] | Unset = UNSET
        if _uploads is not UNSET:
            uploads = []
            for uploads_item_data in _uploads:
                uploads_item = DirectUploadInput.from_dict(uploads_item_data)



                uploads.append(uploads_item)


        process_photos_request = cls(
            uploads=uploads,
        )

        return process_photos_request

