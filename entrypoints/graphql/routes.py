"""The GraphQL endpoint: queries and mutations over HTTP POST (and GET for queries),
subscriptions over graphql-transport-ws, authenticated at ``connection_init`` with the same
JWT (``{"authorization": "Bearer <token>"}``; refused with 4403 otherwise). A socket whose
token expires is closed with 1008 (policy violation, as /api/v1/ws closes), "the token has
expired": a client reconnects with a fresh token."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from strawberry.exceptions import ConnectionRejectionError
from strawberry.litestar import make_graphql_controller
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from entrypoints.graphql.schema import Services, schema
from entrypoints.http.auth import InvalidToken

PATH = "/graphql"
POLICY_VIOLATION = 1008
EXPIRY_POLL_S = 5.0  # how soon a closed socket's expiry watch lets go of it


async def close_at_expiry(socket: Any, expires_at: float) -> None:
    """Close ``socket`` when its token expires; return early once the client has gone."""
    while socket.connection_state != "disconnect":
        left_s = expires_at - time.time()
        if left_s <= 0:
            with contextlib.suppress(Exception):  # the client may be leaving at the same time
                await socket.close(code=POLICY_VIOLATION, reason="the token has expired")
            return
        await asyncio.sleep(min(left_s, EXPIRY_POLL_S))


def graphql_routes(services: Services, max_body_bytes: int) -> list[type]:
    """The controller; bodies up to ``max_body_bytes`` (queries, and photos by the multipart
    request spec)."""

    expiry_watches: set[asyncio.Task[None]] = set()  # held until done (the loop keeps weak refs)

    async def custom_context() -> dict[str, Any]:
        return {"services": services}

    base = make_graphql_controller(
        schema,
        path=PATH,
        graphql_ide=None,  # GraphiQL loads its scripts from a CDN; send queries instead
        context_getter=custom_context,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        keep_alive=True,
        keep_alive_interval=20,
        multipart_uploads_enabled=True,
    )

    class GraphQLController(base):  # type: ignore[misc,valid-type]
        include_in_schema = False  # GraphQL documents itself: docs/schema.graphql
        request_max_body_size = max_body_bytes

        async def on_ws_connect(self, context: dict[str, Any]) -> None:
            params = context.get("connection_params") or {}
            raw = params.get("authorization") or params.get("Authorization") or ""
            scheme, _, token = str(raw).partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise ConnectionRejectionError({"message": "send authorization: Bearer <token>"})
            try:
                viewer, expires_at = services.verifier.verify_until(token.strip())
            except InvalidToken:
                raise ConnectionRejectionError({"message": "invalid token"}) from None
            context["viewer"], context["expires_at"] = viewer, expires_at
            watch = asyncio.create_task(close_at_expiry(context["socket"], expires_at))
            expiry_watches.add(watch)
            watch.add_done_callback(expiry_watches.discard)

    return [GraphQLController]
