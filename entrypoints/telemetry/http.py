"""The API's request middleware: latency and status per route template (Prometheus)."""

from __future__ import annotations

import time
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.telemetry import metrics

UNMATCHED_ROUTE = "unmatched"


def observe_requests(app: ASGIApp) -> ASGIApp:
    """Litestar middleware: time every HTTP request by method, route template and status."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def send_observed(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        metrics.HTTP_IN_FLIGHT.inc()
        try:
            await app(scope, receive, send_observed)
        finally:
            metrics.HTTP_IN_FLIGHT.dec()
            metrics.HTTP_SECONDS.labels(
                method=scope.get("method", "GET"),
                route=route_template(scope),
                status=str(status[0]),
            ).observe(time.perf_counter() - started)

    return middleware


def route_template(scope: Scope | dict[str, Any]) -> str:
    """``/api/v1/avatars/{avatar_id}`` rather than the path, so labels stay few."""
    template = scope.get("path_template") or ""
    return str(template) or UNMATCHED_ROUTE
