"""Rate limits at the HTTP edge (spec 9.3): every request but the probes counts against its
user (a valid bearer token) or its client address; over the limit the answer is 429 with
``Retry-After``. Every answer carries the IETF draft's headers
(draft-ietf-httpapi-ratelimit-headers): ``RateLimit-Policy`` and ``RateLimit`` (structured
fields, draft 07 onwards) and ``RateLimit-Limit``, ``RateLimit-Remaining``, ``RateLimit-Reset``
(the names of drafts up to 06, which most clients read). A WebSocket counts once, when it
opens (its token offered as the subprotocol ``bearer.<token>``, else its address); over the
limit the handshake is refused (HTTP 403, close code 1008) before the socket is accepted."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from application.rate_limits import CheckRateLimit
from domain.rate_limits import RateDecision
from entrypoints.http.auth import InvalidToken, TokenVerifier
from entrypoints.http.problems import PROBLEM_JSON, TYPE_BASE, Problem

UNLIMITED_PATHS = frozenset({"/health", "/ready", "/metrics"})  # probes and scrapes


def rate_limit_headers(decision: RateDecision) -> list[tuple[bytes, bytes]]:
    limit, reset = decision.limit, str(decision.reset_whole_s).encode()
    policy = f'"{limit.name}";q={limit.requests};w={limit.window_s}'.encode()
    return [
        (b"ratelimit-policy", policy),
        (b"ratelimit", f'"{limit.name}";r={decision.remaining};t='.encode() + reset),
        (b"ratelimit-limit", str(limit.requests).encode()),
        (b"ratelimit-remaining", str(decision.remaining).encode()),
        (b"ratelimit-reset", reset),
    ]


def client_address(scope: Scope, forwarded_header: str) -> str:
    """The peer's address, or, behind a proxy that appends it, the last entry of
    ``forwarded_header`` (say ``x-forwarded-for``; earlier entries are the client's word)."""
    if forwarded_header:
        name = forwarded_header.lower().encode()
        for key, value in scope.get("headers", ()):
            if key == name:
                return value.decode("latin-1").rsplit(",", 1)[-1].strip()
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _bearer(scope: Scope) -> str | None:
    if scope["type"] == ScopeType.WEBSOCKET:
        for protocol in scope.get("subprotocols") or ():
            if protocol.startswith("bearer.") and len(protocol) > len("bearer."):
                return str(protocol[len("bearer.") :])
    for key, value in scope.get("headers", ()):
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return None


def limit_requests(check: CheckRateLimit, verifier: TokenVerifier, forwarded_header: str) -> Any:
    """Litestar middleware counting every HTTP request against its limit (tokens verified
    here are cached by the verifier: the handler's own check costs a lookup)."""

    def middleware_factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            kind = scope["type"]
            if (
                kind not in (ScopeType.HTTP, ScopeType.WEBSOCKET)
                or scope["path"] in UNLIMITED_PATHS
            ):
                await app(scope, receive, send)
                return
            token = _bearer(scope)
            decision = None
            if token is not None:
                try:
                    viewer = verifier.verify(token)
                except InvalidToken:
                    pass  # counted against the address; the handler answers 401
                else:
                    decision = await check.for_user(viewer.user_id, viewer.role)
            if decision is None:
                decision = await check.for_address(client_address(scope, forwarded_header))
            if kind == ScopeType.WEBSOCKET:
                if decision.allowed:
                    await app(scope, receive, send)
                else:  # before the accept: the server answers the handshake with 403
                    await send({"type": "websocket.close", "code": 1008, "reason": "rate limited"})
                return
            headers = rate_limit_headers(decision)
            if not decision.allowed:
                await _refuse(scope, send, decision, headers)
                return

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", ()), *headers]
                await send(message)

            await app(scope, receive, send_with_headers)

        return middleware

    return middleware_factory


async def _refuse(
    scope: Scope, send: Send, decision: RateDecision, headers: list[tuple[bytes, bytes]]
) -> None:
    limit = decision.limit
    body = msgspec.json.encode(
        Problem(
            type=TYPE_BASE + "rate-limited",
            title="Too many requests",
            status=429,
            detail=(
                f"more than {limit.requests} requests in {limit.window_s} s ({limit.name} "
                f"limit); retry in {decision.reset_whole_s} s"
            ),
            instance=scope["path"],
        )
    )
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(decision.reset_whole_s).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})
