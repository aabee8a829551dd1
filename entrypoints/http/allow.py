"""OPTIONS answers every method of a path (issue 18).

Litestar gives each group of handlers its own OPTIONS handler, so where two controllers serve
one path (GET and POST /api/v1/avatars) the ``Allow`` header named only one group's methods.
This middleware writes the union, read from the app's routes.
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Message, Receive, Scope, Send


def allow_every_method(app: ASGIApp) -> ASGIApp:
    """Litestar middleware: the ``Allow`` header of an OPTIONS answer lists every method the
    matched path serves."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope.get("method") != "OPTIONS":
            await app(scope, receive, send)
            return
        template = scope.get("path_template")
        methods: set[str] = set()
        for route in scope["litestar_app"].routes:
            if isinstance(route, HTTPRoute) and route.path_format == template:
                methods |= set(route.methods)
        allow = ", ".join(sorted(methods)).encode()

        async def send_allow(message: Message) -> None:
            if message["type"] == "http.response.start" and methods:
                headers = [(k, v) for k, v in message.get("headers") or [] if k.lower() != b"allow"]
                message["headers"] = [*headers, (b"allow", allow)]
            await send(message)

        await app(scope, receive, send_allow)

    return middleware
