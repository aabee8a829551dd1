"""Anonymous exports of avatars, for sharing (spec 8.2)."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Controller, get
from litestar.params import FromPath

from application.privacy import ExportAnonymousAvatar
from domain.access import Viewer
from entrypoints.http.injection import Injected


class AnonymousVersionBody(msgspec.Struct, rename="camel"):
    version: int
    change_type: str
    month: str


class AnonymousExportBody(msgspec.Struct, rename="camel"):
    """No user id, name, photo, EXIF or model file; measurements to the cm, dates to the month."""

    format: str
    avatar_type: str
    gender: str | None
    measurements: dict[str, int]
    body_type: str | None
    ratios: dict[str, float]
    created_month: str
    updated_month: str
    versions: list[AnonymousVersionBody]


class SharingController(Controller):
    path = "/api/v1/avatars"
    tags = ["privacy"]
    security = [{"BearerToken": []}]

    @get(
        "/{avatar_id:uuid}/export/anonymous",
        summary="The avatar without anything that names its owner, to share",
    )
    async def export_anonymous(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        export_anonymous_avatar: Injected[ExportAnonymousAvatar],
    ) -> AnonymousExportBody:
        found = await export_anonymous_avatar(viewer, avatar_id)
        return AnonymousExportBody(
            format="avatar-anonymous/v1",
            avatar_type=found.avatar_type,
            gender=found.gender,
            measurements=found.measurements,
            body_type=found.body_type,
            ratios=found.ratios,
            created_month=found.created_month,
            updated_month=found.updated_month,
            versions=[
                AnonymousVersionBody(v.version, v.change_type, v.month) for v in found.versions
            ],
        )
