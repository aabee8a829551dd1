"""OpenTelemetry tracing: off by default; ``AVATAR_TRACING=otlp`` exports spans over OTLP/HTTP
to ``OTEL_EXPORTER_OTLP_ENDPOINT`` (default http://localhost:4318; headers, timeouts and the
rest from the standard ``OTEL_*`` variables).

One trace runs from the HTTP request through the outbox (the message keeps the traceparent),
the broker (a ``traceparent`` header) and the worker to each processing stage.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from entrypoints.settings import Settings

tracer = trace.get_tracer("avatar-service")
_configured: list[TracerProvider] = []


def configure_tracing(settings: Settings, role: str) -> None:
    """Export this process's spans when ``settings.tracing`` says so; else nothing is
    recorded (the API's no-op tracer). ``role`` is ``api`` or ``worker``."""
    if settings.tracing == "off" or _configured:
        return
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    install(BatchSpanProcessor(OTLPSpanExporter()), role)


def install(processor: SpanProcessor, role: str = "api") -> TracerProvider:
    """Make ``processor`` receive every span of this process (tests: an in-memory one)."""
    if _configured:
        _configured[0].add_span_processor(processor)
        return _configured[0]
    provider = TracerProvider(
        resource=Resource.create({"service.name": "avatar-service", "service.role": role})
    )
    provider.add_span_processor(processor)
    trace.set_tracer_provider(provider)
    _configured.append(provider)
    return provider


@contextlib.contextmanager
def span(name: str, **attributes: str | int | float) -> Iterator[trace.Span]:
    """A child span of the current one, with ``attributes``."""
    with tracer.start_as_current_span(name, attributes=attributes) as current:
        yield current
