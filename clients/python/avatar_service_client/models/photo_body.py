from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="PhotoBody")



@_attrs_define
class PhotoBody:
    """ 
        Attributes:
            auto_delete_at (datetime.datetime):
            capture_date (datetime.datetime | None):
            created_at (datetime.datetime):
            deleted (bool):
            device_info (None | str):
            file_size (int):
            height (int):
            id (UUID):
            mime_type (str):
            original_filename (str):
            status (str):
            view_type (str):
            width (int):
            focal_length_35_mm (float | None | Unset):
            malware_scan (str | Unset):  Default: 'not_scanned'.
            processed_url (None | str | Unset):
            processing_error (None | str | Unset):
            thumbnail_url (None | str | Unset):
     """

    auto_delete_at: datetime.datetime
    capture_date: datetime.datetime | None
    created_at: datetime.datetime
    deleted: bool
    device_info: None | str
    file_size: int
    height: int
    id: UUID
    mime_type: str
    original_filename: str
    status: str
    view_type: str
    width: int
    focal_length_35_mm: float | None | Unset = UNSET
    malware_scan: str | Unset = 'not_scanned'
    processed_url: None | str | Unset = UNSET
    processing_error: None | str | Unset = UNSET
    thumbnail_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        auto_delete_at = self.auto_delete_at.isoformat()

        capture_date: None | str
        if isinstance(self.capture_date, datetime.datetime):
            capture_date = self.capture_date.isoformat()
        else:
            capture_date = self.capture_date

        created_at = self.created_at.isoformat()

        deleted = self.deleted

        device_info: None | str
        device_info = self.device_info

        file_size = self.file_size

        height = self.height

        id = str(self.id)

        mime_type = self.mime_type

        original_filename = self.original_filename

        status = self.status

        view_type = self.view_type

        width = self.width

        focal_length_35_mm: float | None | Unset
        if isinstance(self.focal_length_35_mm, Unset):
            focal_length_35_mm = UNSET
        else:
            focal_length_35_mm = self.focal_length_35_mm

        malware_scan = self.malware_scan

        processed_url: None | str | Unset
        if isinstance(self.processed_url, Unset):
            processed_url = UNSET
        else:
            processed_url = self.processed_url

        processing_error: None | str | Unset
        if isinstance(self.processing_error, Unset):
            processing_error = UNSET
        else:
            processing_error = self.processing_error

        thumbnail_url: None | str | Unset
        if isinstance(self.thumbnail_url, Unset):
            thumbnail_url = UNSET
        else:
            thumbnail_url = self.thumbnail_url


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "autoDeleteAt": auto_delete_at,
            "captureDate": capture_date,
            "createdAt": created_at,
            "deleted": deleted,
            "deviceInfo": device_info,
            "fileSize": file_size,
            "height": height,
            "id": id,
            "mimeType": mime_type,
            "originalFilename": original_filename,
            "status": status,
            "viewType": view_type,
            "width": width,
        })
        if focal_length_35_mm is not UNSET:
            field_dict["focalLength35mm"] = focal_length_35_mm
        if malware_scan is not UNSET:
            field_dict["malwareScan"] = malware_scan
        if processed_url is not UNSET:
            field_dict["processedUrl"] = processed_url
        if processing_error is not UNSET:
            field_dict["processingError"] = processing_error
        if thumbnail_url is not UNSET:
            field_dict["thumbnailUrl"] = thumbnail_url

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        auto_delete_at = datetime.datetime.fromisoformat(d.pop("autoDeleteAt"))




        def _parse_capture_date(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                capture_date_type_0 = datetime.datetime.fromisoformat(data)



                return capture_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        capture_date = _parse_capture_date(d.pop("captureDate"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        deleted = d.pop("deleted")

        def _parse_device_info(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        device_info = _parse_device_info(d.pop("deviceInfo"))


        file_size = d.pop("fileSize")

        height = d.pop("height")

        id = UUID(d.pop("id"))




        mime_type = d.pop("mimeType")

        original_filename = d.pop("originalFilename")

        status = d.pop("status")

        view_type = d.pop("viewType")

        width = d.pop("width")

        def _parse_focal_length_35_mm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        focal_length_35_mm = _parse_focal_length_35_mm(d.pop("focalLength35mm", UNSET))


        malware_scan = d.pop("malwareScan", UNSET)

        def _parse_processed_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        processed_url = _parse_processed_url(d.pop("processedUrl", UNSET))


        def _parse_processing_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        processing_error = _parse_processing_error(d.pop("processingError", UNSET))


        def _parse_thumbnail_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        thumbnail_url = _parse_thumbnail_url(d.pop("thumbnailUrl", UNSET))


        photo_body = cls(
            auto_delete_at=auto_delete_at,
            capture_date=capture_date,
            created_at=created_at,
            deleted=deleted,
            device_info=device_info,
            file_size=file_size,
            height=height,
            id=id,
            mime_type=mime_type,
            original_filename=original_filename,
            status=status,
            view_type=view_type,
            width=width,
            focal_length_35_mm=focal_length_35_mm,
            malware_scan=malware_scan,
            processed_url=processed_url,
            processing_error=processing_error,
            thumbnail_url=thumbnail_url,
        )


        photo_body.additional_properties = d
        return photo_body

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
