"""Every error as RFC 9457 problem+json, naming the offending field where there is one."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.types import Empty
from litestar.utils.scope.state import ScopeState

from application.errors import (
    AvatarNotFound,
    BodyModelUnavailable,
    DeadLetterNotFound,
    InvalidCursor,
    JobNotFound,
    ModelFileNotFound,
    NotAllowed,
    PhotoNotFound,
    SizeChartNotFound,
    VersionNotFound,
)
from application.photo_intake import PhotosRejected
from application.ports import ScannerUnavailable
from domain.errors import (
    AvatarNameTaken,
    ConcurrentModification,
    DomainError,
    InvalidStatusTransition,
    InvalidValue,
    QuotaExceeded,
)
from domain.photo_checks import Check
from entrypoints.http.bodies import first_issue

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://avatar-service.dev/problems/"


class FieldError(msgspec.Struct):
    field: str
    message: str


class Problem(msgspec.Struct, omit_defaults=True):
    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    field: str | None = None
    errors: list[FieldError] | None = None


# Most specific first: the first class an error is an instance of decides.
DOMAIN_PROBLEMS: list[tuple[type[DomainError], int, str, str]] = [
    (AvatarNotFound, HTTP_404_NOT_FOUND, "not-found", "Avatar not found"),
    (VersionNotFound, HTTP_404_NOT_FOUND, "not-found", "Version not found"),
    (PhotoNotFound, HTTP_404_NOT_FOUND, "not-found", "Photo not found"),
    (JobNotFound, HTTP_404_NOT_FOUND, "not-found", "Job not found"),
    (DeadLetterNotFound, HTTP_404_NOT_FOUND, "not-found", "Dead letter not found"),
    (ModelFileNotFound, HTTP_404_NOT_FOUND, "not-found", "Model file not found"),
    (SizeChartNotFound, HTTP_404_NOT_FOUND, "not-found", "Size chart not found"),
    (BodyModelUnavailable, HTTP_503_SERVICE_UNAVAILABLE, "not-ready", "Body model not ready"),
    (NotAllowed, HTTP_403_FORBIDDEN, "forbidden", "Not allowed"),
    (QuotaExceeded, HTTP_403_FORBIDDEN, "quota-exceeded", "Avatar quota exceeded"),
    (AvatarNameTaken, HTTP_409_CONFLICT, "name-taken", "Avatar name already used"),
    (InvalidStatusTransition, HTTP_409_CONFLICT, "invalid-state", "Not possible in this state"),
    (ConcurrentModification, HTTP_409_CONFLICT, "conflict", "Changed concurrently"),
    (InvalidCursor, HTTP_400_BAD_REQUEST, "invalid-cursor", "Invalid cursor"),
    (InvalidValue, HTTP_422_UNPROCESSABLE_ENTITY, "invalid-value", "Invalid value"),
    (DomainError, HTTP_422_UNPROCESSABLE_ENTITY, "invalid-request", "Invalid request"),
]


def problem_response(
    status: int,
    kind: str,
    title: str,
    detail: str,
    request: Request[Any, Any, Any],
    *,
    field: str | None = None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    return Response(
        Problem(
            type=TYPE_BASE + kind,
            title=title,
            status=status,
            detail=detail,
            instance=request.url.path,
            field=field,
            errors=errors,
        ),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def domain_error_handler(request: Request[Any, Any, Any], error: Exception) -> Response[Problem]:
    assert isinstance(error, DomainError)
    for kind_of_error, status, kind, title in DOMAIN_PROBLEMS:
        if isinstance(error, kind_of_error):
            details = getattr(error, "details", ())
            errors = [FieldError(field=f, message=m) for f, m in details] or None
            return problem_response(
                status, kind, title, error.message, request, field=error.field, errors=errors
            )
    raise AssertionError("DomainError is the last entry")  # pragma: no cover


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _field_of(entry: dict[str, Any], source: str) -> str:
    """The field as the client named it: body paths are camelCase already, parameters are not."""
    key = str(entry.get("key") or "")
    if key in ("", "data"):
        return "body"
    return key if source == "body" else _camel(key)


def _source_of(entry: dict[str, Any]) -> str:
    raw = entry.get("source") or "body"
    return str(getattr(raw, "value", raw))


def _refused_body(request: Request[Any, Any, Any], error: ValidationException) -> FieldError | None:
    """Where Litestar refused a JSON body, its first failing field, found again from the
    decoded body and the handler's type: Litestar's entry has the path only in msgspec's text.
    No decoded body means there was none."""
    if not isinstance(error.__cause__, msgspec.ValidationError):
        return None  # raised by a handler, already naming its field
    data = request.route_handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return None
    body = ScopeState.from_scope(request.scope).json
    if body is Empty:
        return FieldError(field="body", message="the request body is missing; send a JSON object")
    issue = first_issue(body, data.annotation, strict=False)
    return FieldError(field=issue.field, message=issue.message)


def validation_handler(request: Request[Any, Any, Any], error: Exception) -> Response[Problem]:
    assert isinstance(error, ValidationException)
    entries = error.extra if isinstance(error.extra, list) else []
    if not entries:  # the body is not JSON at all
        return malformed_body(request, str(error.detail))
    body = _refused_body(request, error)
    errors = [
        body
        if body is not None and _source_of(e) == "body"
        else FieldError(field=_field_of(e, _source_of(e)), message=str(e.get("message") or ""))
        for e in entries
    ]
    first = errors[0]
    source = _source_of(entries[0])
    detail = f"{first.field}: {first.message}" + (
        f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    )
    status = HTTP_422_UNPROCESSABLE_ENTITY if source == "body" else HTTP_400_BAD_REQUEST
    return problem_response(
        status,
        "schema-violation",
        f"Invalid {source}",
        detail,
        request,
        field=first.field,
        errors=errors,
    )


def malformed_body(request: Request[Any, Any, Any], reason: str) -> Response[Problem]:
    return problem_response(
        HTTP_400_BAD_REQUEST,
        "malformed-body",
        "Malformed request body",
        f"the request body is not valid JSON: {reason}",
        request,
        field="body",
    )


def http_error_handler(request: Request[Any, Any, Any], error: Exception) -> Response[Problem]:
    assert isinstance(error, HTTPException)
    status = error.status_code
    headers = dict(error.headers or {})
    if isinstance(error, NotAuthorizedException) or status == HTTP_401_UNAUTHORIZED:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="avatar-service"')
    kind = {
        401: "unauthorized",
        403: "forbidden",
        404: "not-found",
        405: "method-not-allowed",
        413: "body-too-large",
    }.get(status, "http-error")
    title = {
        401: "Authentication required",
        403: "Forbidden",
        404: "Not found",
        413: "Request body too large",
    }.get(status, "Request refused")
    detail = str(error.detail)
    if status == HTTP_400_BAD_REQUEST and request.method in ("POST", "PUT", "PATCH"):
        # Litestar reports a body msgspec could not decode as a bare 400.
        return malformed_body(request, detail)
    if status == 413 and detail == "Request Entity Too Large":
        limit = request.app.request_max_body_size
        detail = f"the request body is larger than the limit of {limit} bytes"
    if status == 404 and detail == "Not Found":
        detail = f"no resource at {request.url.path} (identifiers are UUIDs)"
    return problem_response(status, kind, title, detail, request, headers=headers or None)


# The status of a refused photo, by the check it failed (the first failed photo decides).
PHOTO_CHECK_STATUS = {
    Check.EMPTY: HTTP_422_UNPROCESSABLE_ENTITY,
    Check.SIZE: 413,
    Check.FORMAT: 415,
    Check.MALWARE: HTTP_422_UNPROCESSABLE_ENTITY,
    Check.DECODING: HTTP_422_UNPROCESSABLE_ENTITY,
    Check.RESOLUTION: HTTP_422_UNPROCESSABLE_ENTITY,
    Check.CONTENT: HTTP_422_UNPROCESSABLE_ENTITY,
}


def photos_rejected_handler(request: Request[Any, Any, Any], error: Exception) -> Response[Problem]:
    """Every refused photo, each with its first failed check; ``type`` names that check."""
    assert isinstance(error, PhotosRejected)
    errors = [
        FieldError(field=r.field, message=f"{r.label}: {r.rejection.reason}")
        for r in error.rejections
    ]
    return problem_response(
        PHOTO_CHECK_STATUS[error.check],
        f"photo-{error.check.value}",
        "Photo rejected",
        error.message,
        request,
        field=error.field,
        errors=errors,
    )


def scanner_unavailable_handler(
    request: Request[Any, Any, Any], error: Exception
) -> Response[Problem]:
    log.warning("malware scanner unavailable: %s", error)
    return problem_response(
        503,
        "scanner-unavailable",
        "Malware scanner unavailable",
        "photos cannot be checked for malware right now; nothing was stored, try again later",
        request,
        headers={"Retry-After": "30"},
    )


def internal_error_handler(request: Request[Any, Any, Any], error: Exception) -> Response[Problem]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem_response(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "internal-error",
        "Internal error",
        "the service failed to handle this request; it has been logged",
        request,
    )


EXCEPTION_HANDLERS = {
    PhotosRejected: photos_rejected_handler,
    ScannerUnavailable: scanner_unavailable_handler,
    DomainError: domain_error_handler,
    ValidationException: validation_handler,
    HTTPException: http_error_handler,
    Exception: internal_error_handler,
}
