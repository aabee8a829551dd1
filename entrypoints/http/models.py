"""The 3D model endpoints of spec 4.1.5: list, generate, get, download."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Stream
from litestar.status_codes import (
    HTTP_201_CREATED,
    HTTP_304_NOT_MODIFIED,
    HTTP_307_TEMPORARY_REDIRECT,
)

from application.model_files import (
    ALL_FORMATS,
    ALL_LEVELS,
    DownloadModelFile,
    GenerateAvatarModels,
    GetModelFile,
    ListModelFiles,
)
from domain.access import Viewer
from domain.model_file import LodLevel, ModelFormat, main_model
from entrypoints.http import schemas
from entrypoints.http.injection import Injected

FormatName = Literal["glb", "gltf", "obj", "fbx"]
LevelName = Literal["high", "medium", "low", "mobile"]


class GenerateModelsRequest(schemas.Request):
    """Which files to make; every format at every level when left out."""

    formats: list[FormatName] = msgspec.field(
        default_factory=lambda: [f.value for f in ALL_FORMATS]
    )
    lod_levels: list[LevelName] = msgspec.field(
        default_factory=lambda: [level.value for level in ALL_LEVELS]
    )
    skin_tone: str | None = msgspec.field(default=None)  # "#rrggbb"; default: as last time


class GeneratedModelsBody(schemas.Response):
    avatar_id: UUID
    model_file_id: UUID | None  # the avatar's main model now (the most detailed GLB)
    models: list[schemas.ModelFileBody]


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    candidates = [c.strip().removeprefix("W/") for c in header.split(",")]
    return etag in candidates


class ModelController(Controller):
    path = "/api/v1/avatars/{avatar_id:uuid}/models"
    tags = ["3D models"]
    security = [{"BearerToken": []}]

    @get("/", summary="The avatar's 3D model files")
    async def list_models(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        list_model_files: Injected[ListModelFiles],
    ) -> list[schemas.ModelFileBody]:
        return [schemas.model_file_body(m) for m in await list_model_files(viewer, avatar_id)]

    @post(
        "/generate",
        status_code=HTTP_201_CREATED,
        summary="Generate model files now (formats x levels of detail)",
        description="Builds the avatar's body and writes the files before answering (about "
        "a second for all 16; see docs/adr/0034-model-generation-endpoint.md). A new file "
        "replaces the avatar's previous file of the same format and level.",
    )
    async def generate(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        generate_avatar_models: Injected[GenerateAvatarModels],
        data: JSONBody[GenerateModelsRequest | None] = None,
    ) -> GeneratedModelsBody:
        request = data or GenerateModelsRequest()
        files = await generate_avatar_models(
            viewer,
            avatar_id,
            formats=[ModelFormat(f) for f in request.formats],
            levels=[LodLevel(level) for level in request.lod_levels],
            skin_tone=request.skin_tone,
        )
        return GeneratedModelsBody(
            avatar_id=avatar_id,
            model_file_id=main_model(files).id,
            models=[schemas.model_file_body(f) for f in files],
        )

    @get("/{model_id:uuid}", summary="One model file's details")
    async def get_model(
        self,
        avatar_id: FromPath[UUID],
        model_id: FromPath[UUID],
        viewer: Injected[Viewer],
        get_model_file: Injected[GetModelFile],
    ) -> schemas.ModelFileBody:
        return schemas.model_file_body(await get_model_file(viewer, avatar_id, model_id))

    @get(
        "/{model_id:uuid}/download",
        summary="Download a model file",
        description="Streams the file (ETag, If-None-Match), or in the production profile "
        "redirects (307) to a short-lived signed link of the object store. Refused (403) "
        "to anyone but the owner when the owner has disallowed export.",
    )
    async def download(
        self,
        request: Request[Any, Any, Any],
        avatar_id: FromPath[UUID],
        model_id: FromPath[UUID],
        viewer: Injected[Viewer],
        download_model_file: Injected[DownloadModelFile],
    ) -> Response[Any]:
        download = await download_model_file(viewer, avatar_id, model_id)
        etag = f'"{download.sha256}"'
        if _etag_matches(request.headers.get("if-none-match"), etag):
            if download.chunks is not None:
                await download.chunks.aclose()  # type: ignore[attr-defined]
            return Response(
                content=b"",
                status_code=HTTP_304_NOT_MODIFIED,
                headers={"ETag": etag, "Cache-Control": "private, no-cache"},
            )
        if download.link is not None:
            return Redirect(
                download.link,
                status_code=HTTP_307_TEMPORARY_REDIRECT,
                headers={"Cache-Control": "no-store", "ETag": etag},
            )
        assert download.chunks is not None
        return Stream(
            download.chunks,
            media_type=download.content_type,
            headers={
                "ETag": etag,
                "Content-Length": str(download.size),
                "Content-Disposition": f'attachment; filename="{download.file_name}"',
                "Cache-Control": "private, no-cache",
            },
        )
