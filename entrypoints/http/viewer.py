"""The avatar viewer: a static page showing an avatar's GLB (three.js) with its measurements.

``/viewer/{avatarId}`` serves the same page for every avatar; its script fetches the avatar
and its model with the caller's token (``#token=...`` in the address, or typed in). three.js
and the Draco decoder are package data under ``static/viewer/vendor`` (no network at run
time; docs/adr/0033-viewer-bundling.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from litestar import Controller, get
from litestar.datastructures import CacheControlHeader
from litestar.params import FromPath
from litestar.response import File
from litestar.static_files import create_static_files_router

STATIC = Path(__file__).parent / "static" / "viewer"


class ViewerController(Controller):
    path = "/viewer"
    tags = ["viewer"]
    include_in_schema = False

    @get("/{avatar_id:uuid}", summary="See an avatar in 3D", media_type="text/html")
    async def page(self, avatar_id: FromPath[UUID]) -> File:
        return File(
            STATIC / "index.html",
            media_type="text/html",  # Litestar adds the charset itself
            content_disposition_type="inline",
            headers={"Cache-Control": "no-cache"},
        )


def viewer_routes() -> list[Any]:
    """The page and its static files (cached by browsers for a day)."""
    return [
        ViewerController,
        create_static_files_router(
            path="/viewer/static",
            directories=[STATIC],
            name="viewer-static",
            cache_control=CacheControlHeader(max_age=86400, public=True),
        ),
    ]
