"""CloudEvents 1.0 in Kafka binary content mode: attributes as ``ce_*`` headers, data as value."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.contract.messages import CONTENT_TYPE, SOURCE, SPEC_VERSION, TRACEPARENT
from application.ports import OutboxMessage

Headers = list[tuple[str, bytes]]


def headers_for(message: OutboxMessage, trace_parent: str | None = None) -> Headers:
    """CloudEvents attributes, and the W3C ``traceparent`` (``trace_parent``, else the
    message's own) when the message belongs to a trace."""
    trace_parent = trace_parent or message.trace_parent
    trace = [(TRACEPARENT, trace_parent.encode())] if trace_parent else []
    return [
        ("ce_specversion", SPEC_VERSION.encode()),
        ("ce_id", str(message.id).encode()),
        ("ce_source", SOURCE.encode()),
        ("ce_type", message.type.encode()),
        ("ce_time", message.occurred_at.astimezone(UTC).isoformat().encode()),
        ("ce_subject", message.key.encode()),
        ("content-type", CONTENT_TYPE.encode()),
        *trace,
    ]


def header(headers: Headers | tuple[tuple[str, bytes], ...], name: str) -> str | None:
    """The value of header ``name`` (the last one, if repeated), or None."""
    found = None
    for key, value in headers:
        if key == name:
            found = value.decode()
    return found


def time_of(headers: Headers) -> datetime | None:
    value = header(headers, "ce_time")
    return datetime.fromisoformat(value) if value else None
