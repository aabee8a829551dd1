"""The GraphQL endpoint: queries and mutations over HTTP POST (and GET for queries),
subscriptions over graphql-transport-ws, authenticated at ``connection_init`` with the same
JWT (``{"authorization": "Bearer <token>"}``; refused with 4403 otherwise)."""

from __future__ import annotations

from typing import Any

from strawberry.exceptions import ConnectionRejectionError
from strawberry.litestar import make_graphql_controller
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from entrypoints.graphql.schema import Services, schema
from entrypoints.http.auth import InvalidToken

PATH = "/graphql"


def graphql_routes(services: Services, max_body_bytes: int) -> list[type]:
    """The controller; bodies up to ``max_body_bytes`` (queries, and photos by the multipart
    request spec)."""

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
                context["viewer"] = services.verifier.verify(token.strip())
            except InvalidToken:
                raise ConnectionRejectionError({"message": "invalid token"}) from None

    return [GraphQLController]
