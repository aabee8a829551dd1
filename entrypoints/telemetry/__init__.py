"""Operations telemetry: Prometheus metrics, structured logs and OpenTelemetry traces.

Only the entrypoints configure them (docs/observability.md, ADR 47); the adapters that carry
a trace across the outbox and the broker use the OpenTelemetry API alone, which does nothing
until a process configures it.
"""
