"""Photo endpoints of spec 4.1.2 that exist so far: the direct-upload link of spec 6.2."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from application.photos import RequestPhotoUpload
from domain.access import Viewer
from domain.photo import ViewType
from entrypoints.http import schemas
from entrypoints.http.injection import Injected


class PhotoController(Controller):
    path = "/api/v1/avatars/{avatar_id:uuid}/photos"
    tags = ["photos"]
    security = [{"BearerToken": []}]

    @post(
        "/upload-url",
        status_code=HTTP_201_CREATED,
        summary="A signed link to upload one photo straight to storage",
    )
    async def upload_url(
        self,
        avatar_id: FromPath[UUID],
        data: JSONBody[schemas.PhotoUploadLinkRequest],
        viewer: Injected[Viewer],
        request_photo_upload: Injected[RequestPhotoUpload],
    ) -> schemas.PhotoUploadLinkBody:
        link = await request_photo_upload(
            viewer,
            avatar_id,
            view_type=ViewType(data.view_type),
            content_type=data.content_type,
            size_bytes=data.size_bytes,
        )
        return schemas.PhotoUploadLinkBody(
            photo_id=link.photo_id,
            view_type=link.view_type.value,
            upload_url=link.upload.url,
            method=link.upload.method,
            headers=dict(link.upload.headers),
            expires_at=link.upload.expires_at,
            max_bytes=link.max_bytes,
        )
