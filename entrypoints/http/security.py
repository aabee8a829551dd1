"""Security headers on every answer (issue 16, item 8), and CORS from the settings.

Every answer: ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``,
``X-Frame-Options: DENY`` and a Content-Security-Policy with ``frame-ancestors 'none'``. The
API's answers are data: their policy forbids everything (``default-src 'none'``). The viewer
(``/viewer``) gets a policy that allows what its page does and no more: its own scripts and
the import map inline in its page (by hash), WebAssembly and blob workers for the Draco
decoder, blob and data images, fetches to the API and to presigned model links (``https:``).
The API documentation (``/schema``) loads its renderer from a CDN: only framing is refused.
``Strict-Transport-Security`` when ``AVATAR_HSTS_MAX_AGE_S`` is set (behind TLS).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

from litestar.config.cors import CORSConfig
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.settings import Settings

VIEWER_PAGE = Path(__file__).parent / "static" / "viewer" / "index.html"
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_POLICY = "frame-ancestors 'none'"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)


def viewer_policy(page: Path = VIEWER_PAGE) -> str:
    """The viewer's policy, with the hash of every inline script of its page."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(page.read_text())
    )
    return (
        "default-src 'self'; "
        f"script-src 'self' {hashes} 'wasm-unsafe-eval'; "
        "worker-src 'self' blob:; img-src 'self' blob: data:; "
        "connect-src 'self' https: blob: data:; style-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )


def security_headers(settings: Settings) -> Any:
    """Litestar middleware adding the security headers to every HTTP answer."""
    viewer = viewer_policy()
    common = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]
    if settings.hsts_max_age_s > 0:
        common.append((b"strict-transport-security", f"max-age={settings.hsts_max_age_s}".encode()))
    policies = {
        kind: [*common, (b"content-security-policy", policy.encode())]
        for kind, policy in (("api", API_POLICY), ("viewer", viewer), ("docs", DOCS_POLICY))
    }

    def middleware_factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            path = scope["path"]
            kind = "viewer" if path.startswith("/viewer") else "docs"
            headers = policies[kind if path.startswith(("/viewer", "/schema")) else "api"]

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    present = {name.lower() for name, _ in message.get("headers", ())}
                    added = [h for h in headers if h[0] not in present]
                    message["headers"] = [*message.get("headers", ()), *added]
                await send(message)

            await app(scope, receive, send_with_headers)

        return middleware

    return middleware_factory


# What a browser client may send and read across origins.
CORS_HEADERS = ["Authorization", "Content-Type", "X-Client-Id", "If-None-Match"]
CORS_EXPOSED = [
    "Location",
    "ETag",
    "Retry-After",
    "RateLimit",
    "RateLimit-Policy",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Content-Disposition",
]


def cors_config(settings: Settings) -> CORSConfig | None:
    """CORS for the origins of ``AVATAR_CORS_ALLOW_ORIGINS`` (none: no CORS headers at all).
    Tokens travel in the Authorization header, never in cookies: no credentials mode."""
    origins = [o.strip().rstrip("/") for o in settings.cors_allow_origins.split(",") if o.strip()]
    if not origins:
        return None
    return CORSConfig(
        allow_origins=origins,
        allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        allow_headers=CORS_HEADERS,
        expose_headers=CORS_EXPOSED,
        allow_credentials=False,
        max_age=settings.cors_max_age_s,
    )
