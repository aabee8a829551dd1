"""The page at / for people trying the service (static files, no build step, no CDN), and the
development sign-in it uses in the embedded profile."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import msgspec
from litestar import Controller, get, post
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody
from litestar.response import File
from litestar.static_files import create_static_files_router

from domain.access import Role
from entrypoints.http.auth import issue_token
from entrypoints.settings import Settings

STATIC = Path(__file__).parent / "static" / "app"
DEV_TOKEN_TTL_S = 8 * 3600
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)


def page_policy(page: Path = STATIC / "index.html") -> str:
    """The page's Content-Security-Policy: its own scripts and the inline import map (by
    hash), three.js's Draco decoder (WebAssembly, blob workers), fetches and the WebSocket to
    this origin; nothing framed, nothing framing it. Sent by the page itself, so the
    security headers middleware keeps it instead of the API's ``default-src 'none'``."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(page.read_text())
    )
    return (
        "default-src 'self'; "
        f"script-src 'self' {hashes} 'wasm-unsafe-eval'; "
        "worker-src 'self' blob:; img-src 'self' blob: data:; "
        "connect-src 'self' ws: wss: blob: data:; style-src 'self'; "
        "frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )


class DevTokenRequest(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    user_id: UUID | None = None


class DevToken(msgspec.Struct, rename="camel"):
    token: str
    user_id: UUID
    expires_in_s: int


def home_routes(settings: Settings) -> list[Any]:
    embedded = settings.profile == "embedded"
    policy = page_policy()

    class HomeController(Controller):
        include_in_schema = False

        @get("/", media_type="text/html")
        async def page(self) -> File:
            return File(
                STATIC / "index.html",
                media_type="text/html",
                content_disposition_type="inline",
                headers={
                    "Cache-Control": "no-cache",
                    "Content-Security-Policy": policy,
                    "X-Frame-Options": "DENY",
                },
            )

        @post("/dev/token", status_code=200)
        async def dev_token(self, data: JSONBody[DevTokenRequest]) -> DevToken:
            """A user token signed with this service's secret: the embedded profile only
            (a single machine, tried out by its own user); 404 in production."""
            if not embedded:
                raise NotFoundException("development tokens are given by the embedded profile only")
            user_id = data.user_id or uuid4()
            token = issue_token(settings, user_id, Role.USER, ttl_s=DEV_TOKEN_TTL_S)
            return DevToken(token=token, user_id=user_id, expires_in_s=DEV_TOKEN_TTL_S)

    return [
        HomeController,
        create_static_files_router(
            path="/app/static",
            directories=[STATIC],
            name="app-static",
            include_in_schema=False,
            cache_control=CacheControlHeader(max_age=300, public=True),
        ),
    ]
