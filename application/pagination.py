"""Opaque keyset cursors for list endpoints: the sort key and id of the last row of a page."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from uuid import UUID

from application.errors import InvalidCursor
from application.ports import AvatarSummary, SortField
from domain.avatar import Avatar


def sort_key(avatar: Avatar | AvatarSummary, sort: SortField) -> datetime | str:
    if sort is SortField.NAME:
        return avatar.name
    return avatar.created_at if sort is SortField.CREATED_AT else avatar.updated_at


def encode_cursor(avatar: Avatar | AvatarSummary, sort: SortField, descending: bool) -> str:
    key = sort_key(avatar, sort)
    value = key.isoformat() if isinstance(key, datetime) else key
    raw = json.dumps([sort.value, descending, value, str(avatar.id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: SortField, descending: bool) -> tuple[datetime | str, UUID]:
    """The keyset in ``cursor``; ``InvalidCursor`` if malformed or made for another order."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        sort_name, was_descending, value, avatar_id = json.loads(raw)
        if sort_name != sort.value or was_descending != descending:
            raise InvalidCursor(
                "the cursor belongs to another sort order; restart without it", field="cursor"
            )
        key: datetime | str = value if sort is SortField.NAME else datetime.fromisoformat(value)
        return key, UUID(avatar_id)
    except InvalidCursor:
        raise
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise InvalidCursor("the cursor is not one this service issued", field="cursor") from None
