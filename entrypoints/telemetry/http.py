"""The API's request middleware: a request id for the logs (X-Request-ID, accepted or made,
echoed back), and latency and status per route template (Prometheus)."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from opentelemetry import propagate
from opentelemetry.trace import SpanKind

from entrypoints.telemetry import logs, metrics, tracing

UNMATCHED_ROUTE = "unmatched"
REQUEST_ID_HEADER = b"x-request-id"
# A caller's id is kept if it is short and plain (it goes into every log line), else replaced.
_ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")


def request_id_of(scope: Scope) -> str:
    """The caller's X-Request-ID when it is plain enough to log, else a new one."""
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER:
            candidate = value.decode("latin-1").strip()
            if _ACCEPTED_REQUEST_ID.fullmatch(candidate):
                return candidate
    return uuid.uuid4().hex


def observe_requests(app: ASGIApp) -> ASGIApp:
    """Litestar middleware: time every HTTP request by method, route template and status."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]
        request_id = request_id_of(scope)
        logs.bind_request(request_id)
        logs.bind(avatar_id=(scope.get("path_params") or {}).get("avatar_id"))

        async def send_observed(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
                headers = list(message.get("headers") or [])
                headers.append((REQUEST_ID_HEADER, request_id.encode()))
                message["headers"] = headers
            await send(message)

        metrics.HTTP_IN_FLIGHT.inc()
        route = route_template(scope)
        method = scope.get("method", "GET")
        carrier = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope.get("headers", ())
            if name in (b"traceparent", b"tracestate")
        }
        try:
            with tracing.tracer.start_as_current_span(
                f"{method} {route}",
                context=propagate.extract(carrier),
                kind=SpanKind.SERVER,
                attributes={"http.request.method": method, "http.route": route},
            ) as span:
                await app(scope, receive, send_observed)
                span.set_attribute("http.response.status_code", status[0])
        finally:
            metrics.HTTP_IN_FLIGHT.dec()
            metrics.HTTP_SECONDS.labels(method=method, route=route, status=str(status[0])).observe(
                time.perf_counter() - started
            )

    return middleware


def route_template(scope: Scope | dict[str, Any]) -> str:
    """``/api/v1/avatars/{avatar_id}`` rather than the path, so labels stay few."""
    template = scope.get("path_template") or ""
    return str(template) or UNMATCHED_ROUTE
