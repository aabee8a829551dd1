"""Structured logs (structlog): JSON lines in production, readable text in development.

Every line carries ``request_id``, ``user_id``, ``avatar_id`` and ``trace_id`` (null where
none applies), bound per request or job in context variables. The standard library's loggers
(ours, uvicorn's, aiokafka's) go through the same processors, so every line has one shape.

Never logged: a token, photo bytes or a measurement value. ``redact`` removes them from
every event, whatever a call site passes (tests/operations/test_logs.py).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog
from structlog.contextvars import bind_contextvars, clear_contextvars, merge_contextvars

from domain.measurements import SPECS_BY_NAME

CONTEXT_KEYS = ("request_id", "user_id", "avatar_id", "trace_id")
REDACTED = "[redacted]"
# Keys whose values are secrets, image data or a body's measurements.
_SECRET_KEY = re.compile(
    r"token|authorization|password|secret|cookie|api_?key|photo|image|bytes|payload|"
    r"measurement|data$",
    re.IGNORECASE,
)
_MEASUREMENT_KEYS = {name.lower() for name in SPECS_BY_NAME} | {
    "height_cm",
    "weight_kg",
    "shoulder_width",
    "arm_length",
    "neck_circumference",
}
# In free text: bearer tokens, JWTs, and numbers with a unit of length or mass.
_TEXT_PATTERNS = (
    (re.compile(r"(?i)bearer\s+[\w\-.~+/]+=*"), "Bearer " + REDACTED),
    (re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]*"), REDACTED),
    (re.compile(r"(?i)\b\d+(?:\.\d+)?\s*(?:cm|mm|kg|lbs?|in|inches)\b"), REDACTED),
)


def redact_text(text: str) -> str:
    for pattern, replacement in _TEXT_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _redact_value(key: str, value: Any) -> Any:
    if key in CONTEXT_KEYS or key in ("level", "timestamp", "logger", "span_id"):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return f"[{len(value)} bytes]"
    if _SECRET_KEY.search(key) or key.lower() in _MEASUREMENT_KEYS:
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: _redact_value(str(k), v) for k, v in value.items()}
    return value


def redact(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: no secret, image data or measurement value leaves the process."""
    for key in list(event):
        event[key] = _redact_value(key, event[key])
    return event


def _context_keys(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Every line has every context key, null when it does not apply, and the trace id."""
    if event.get("trace_id") is None:
        trace_id, span_id = _current_trace()
        if trace_id is not None:
            event["trace_id"], event["span_id"] = trace_id, span_id
    for key in CONTEXT_KEYS:
        event.setdefault(key, None)
    return event


def _current_trace() -> tuple[str | None, str | None]:
    from opentelemetry import trace

    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None, None
    return format(context.trace_id, "032x"), format(context.span_id, "016x")


def configure_logging(level: str, fmt: str) -> None:
    """Route structlog and the standard library through one pipeline: ``fmt`` is ``json``
    (one JSON object a line, production) or ``text`` (development)."""
    shared: list[Any] = [
        merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _context_keys,
        structlog.processors.format_exc_info,
        redact,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared[:1],
            structlog.stdlib.PositionalArgumentsFormatter(),
            *shared[1:],
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), *shared],
        processors=[
            _render_message,
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            renderer,
        ],
    )
    handler = _StandardError()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))  # no plugin chatter
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True


class _StandardError(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a line is written (tests capture it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _render_message(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    # A %-formatted message of the standard library is complete only now: redact it again.
    if isinstance(event.get("event"), str):
        event["event"] = redact_text(event["event"])
    return event


def bind_request(request_id: str) -> None:
    """Start a request's log context: its id, nothing else yet."""
    clear_contextvars()
    bind_contextvars(request_id=request_id)


def bind(**values: object) -> None:
    """Add ``user_id``, ``avatar_id``... to the context of the current request or job."""
    bind_contextvars(**{key: str(value) for key, value in values.items() if value is not None})
