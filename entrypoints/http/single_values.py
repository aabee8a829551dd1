"""A query parameter the document gives one value is refused when it comes twice (issue 18).

Litestar reads a scalar parameter sent twice (``?until=a&until=b``) as one of its values and
answers as if the other had not been sent; the OpenAPI document says such a parameter takes one
value, so the API refuses the request with a 400 that names it. Which parameters take one value
is read from the completed document itself (entrypoints/http/contract.py), per route and method.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from litestar.enums import ScopeType
from litestar.exceptions import ValidationException
from litestar.types import ASGIApp, Receive, Scope, Send


def _takes_a_list(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kinds = schema.get("type")
    if kinds == "array" or (isinstance(kinds, list) and "array" in kinds):
        return True
    return any(_takes_a_list(s) for s in (*schema.get("oneOf", ()), *schema.get("anyOf", ())))


def single_valued(document: dict[str, Any]) -> dict[tuple[str, str], frozenset[str]]:
    """The query parameters of each (path template, METHOD) that take one value."""
    found: dict[tuple[str, str], frozenset[str]] = {}
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            names = frozenset(
                parameter["name"]
                for parameter in operation.get("parameters", ())
                if parameter.get("in") == "query" and not _takes_a_list(parameter.get("schema"))
            )
            if names:
                found[(path, method.upper())] = names
    return found


def refuse_repeated_query_parameters(app: ASGIApp) -> ASGIApp:
    """Middleware: a 400 problem naming the first single-valued query parameter sent twice."""
    by_route: dict[tuple[str, str], frozenset[str]] | None = None

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal by_route
        query = scope.get("query_string", b"")
        if scope["type"] == ScopeType.HTTP and b"&" in query:
            if by_route is None:
                by_route = single_valued(scope["litestar_app"].openapi_schema.to_schema())
            route = (scope.get("path_template", ""), scope["method"])
            names = by_route.get(route, frozenset())
            seen: set[str] = set()
            for name, _ in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
                if name in names and name in seen:
                    raise ValidationException(
                        detail=f"{name} takes one value",
                        extra=[{"key": name, "message": "takes one value", "source": "query"}],
                    )
                seen.add(name)
        await app(scope, receive, send)

    return middleware
