"""Request bodies the handlers read themselves, validated so a problem names the failing field.

msgspec says what is wrong in its error's text only; rather than read the path back out of
that text, ``first_issue`` walks the value and its type side by side and returns the first
field that does not convert, as a path of names and indexes (what ``problems.py`` shows).
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import msgspec
from litestar.exceptions import ClientException, ValidationException

T = TypeVar("T")
_SEQUENCES = (list, tuple, set, frozenset, Sequence)


class IssueKind(StrEnum):
    INVALID = "invalid"
    UNKNOWN = "unknown"  # a field the type does not declare
    MISSING = "missing"  # a required field absent


@dataclass(frozen=True, slots=True)
class BodyIssue:
    path: tuple[str | int, ...]
    kind: IssueKind
    message: str

    @property
    def field(self) -> str:
        """The path as a client writes it: ``photos[0].imageBase64``; ``body`` for the whole."""
        text = ""
        for step in self.path:
            text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
        return text or "body"


def first_issue(raw: Any, kind: Any, *, strict: bool = True) -> BodyIssue:
    """The first place where ``raw`` (decoded JSON or form values) does not fit ``kind``;
    call it once ``msgspec.convert(raw, kind)`` has failed."""
    return _locate(raw, kind, (), strict)


def convert(raw: Any, kind: type[T], *, strict: bool = True) -> T:
    """``raw`` as ``kind``; a ``ValidationException`` naming the first failing field."""
    try:
        return msgspec.convert(raw, kind, strict=strict)
    except msgspec.ValidationError:
        raise invalid_body(first_issue(raw, kind, strict=strict)) from None


def decode_json(body: bytes, kind: type[T], *, strict: bool = True) -> T:
    """A JSON body as ``kind``, with the problems Litestar gives its own JSON bodies: 400 when
    it is not JSON, 422 naming the field when it does not fit."""
    if not body.strip():
        raise ValidationException(
            "no body",
            extra=[{"key": "body", "message": "the request body is missing; send a JSON object"}],
        )
    try:
        raw = msgspec.json.decode(body)
    except msgspec.DecodeError as error:
        raise ClientException(str(error)) from None
    return convert(raw, kind, strict=strict)


def invalid_body(issue: BodyIssue) -> ValidationException:
    return ValidationException(
        f"invalid {issue.field}",
        extra=[{"key": issue.field, "message": issue.message, "source": "body"}],
    )


def _fits(raw: Any, kind: Any, strict: bool) -> bool:
    try:
        msgspec.convert(raw, kind, strict=strict)
    except msgspec.ValidationError:
        return False
    return True


def _locate(raw: Any, kind: Any, path: tuple[str | int, ...], strict: bool) -> BodyIssue:
    origin, args = get_origin(kind), get_args(kind)
    if origin is Annotated and _fits(raw, args[0], strict) is False:
        return _locate(raw, args[0], path, strict)  # else the constraint itself failed
    if origin in (Union, types.UnionType):
        members = [member for member in args if member is not type(None)]
        if raw is not None and len(members) == 1:
            return _locate(raw, members[0], path, strict)
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct) and isinstance(raw, dict):
        fields = msgspec.structs.fields(kind)
        if kind.__struct_config__.forbid_unknown_fields:
            known = {field.encode_name for field in fields}
            for key in raw:
                if key not in known:
                    message = f"Object contains unknown field `{key}`"
                    return BodyIssue((*path, key), IssueKind.UNKNOWN, message)
        for field in fields:
            if field.encode_name not in raw:
                if field.required:
                    message = f"Object missing required field `{field.encode_name}`"
                    return BodyIssue((*path, field.encode_name), IssueKind.MISSING, message)
                continue
            value = raw[field.encode_name]
            if not _fits(value, field.type, strict):
                return _locate(value, field.type, (*path, field.encode_name), strict)
    if origin in _SEQUENCES and isinstance(raw, list) and len(args) == 1:
        for index, item in enumerate(raw):
            if not _fits(item, args[0], strict):
                return _locate(item, args[0], (*path, index), strict)
    if origin is dict and isinstance(raw, dict) and len(args) == 2:
        for key, value in raw.items():
            if not _fits(value, args[1], strict):
                return _locate(value, args[1], (*path, str(key)), strict)
    try:  # the value itself: msgspec's message has no path at the top level
        msgspec.convert(raw, kind, strict=strict)
    except msgspec.ValidationError as error:
        return BodyIssue(path, IssueKind.INVALID, str(error))
    return BodyIssue(path, IssueKind.INVALID, "invalid value")
