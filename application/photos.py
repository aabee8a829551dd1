"""Direct photo upload (spec 6.2): a signed link to put one photo straight into storage.

The client uploads to the link, then asks for processing; the photo intake (its own issue)
validates the uploaded object exactly like a multipart upload before any row points to it.
Until then the object has no row, and the orphan sweep removes it if it is never processed.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.access import load_modifiable
from application.ports import BlobStore, IdGenerator, PresignedUpload, UnitOfWorkFactory
from application.storage import photo_key
from domain.access import Viewer
from domain.errors import InvalidValue
from domain.photo import ViewType
from domain.photo_checks import UPLOAD_FORMATS

PHOTO_TYPES = {image_format.mime_type: image_format.extension for image_format in UPLOAD_FORMATS}


@dataclass(frozen=True, slots=True)
class PhotoUploadLink:
    photo_id: UUID
    view_type: ViewType
    key: str
    upload: PresignedUpload
    max_bytes: int


class RequestPhotoUpload:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        blobs: BlobStore,
        ids: IdGenerator,
        *,
        max_photo_bytes: int,
        link_expiry_s: int,
    ) -> None:
        self._uow_factory, self._blobs, self._ids = uow_factory, blobs, ids
        self._max_photo_bytes, self._link_expiry_s = max_photo_bytes, link_expiry_s

    async def __call__(
        self,
        viewer: Viewer,
        avatar_id: UUID,
        *,
        view_type: ViewType,
        content_type: str,
        size_bytes: int,
    ) -> PhotoUploadLink:
        """A link for one photo of ``size_bytes`` of ``content_type`` to the owner's avatar."""
        extension = PHOTO_TYPES.get(content_type)
        if extension is None:
            raise InvalidValue(
                f"photos are {', '.join(PHOTO_TYPES)}, not {content_type}", field="contentType"
            )
        if not 0 < size_bytes <= self._max_photo_bytes:
            raise InvalidValue(f"a photo has 1 to {self._max_photo_bytes} bytes", field="sizeBytes")
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_modifiable(uow, avatar_id, viewer)
        photo_id = self._ids.new_id()
        key = photo_key(avatar.user_id, avatar.id, photo_id, extension)
        upload = await self._blobs.upload_url(key, content_type, size_bytes, self._link_expiry_s)
        return PhotoUploadLink(photo_id, view_type, key, upload, self._max_photo_bytes)
