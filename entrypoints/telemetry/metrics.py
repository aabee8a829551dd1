"""The service's Prometheus metrics (spec 12.1), in one registry per process or, when several
processes serve (``avatar-service serve --workers N``), prometheus-client's multiprocess mode.

Multiprocess mode is chosen by ``PROMETHEUS_MULTIPROC_DIR`` being set before this module is
imported (``avatar-service serve`` sets it for its worker processes); ``render`` then sums the
files of every process. Names and labels are listed in docs/observability.md.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST

# Seconds: API latency (spec 9.1: CRUD p95 < 200 ms, other endpoints < 300 ms).
HTTP_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)
# Seconds: processing stages (spec 9.1: extraction < 60 s, model generation < 120 s).
STAGE_BUCKETS_S = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)

# -- business ------------------------------------------------------------------------------
AVATARS_CREATED = Counter(
    "avatar_avatars_created_total",
    "Avatars created, by type (measurement_based, photo_based, preset_based).",
    ["avatar_type"],
)
PROCESSING_OUTCOMES = Counter(
    "avatar_processing_outcomes_total",
    "Avatars whose processing ended, by type and outcome (completed, failed); the photo-based "
    "success rate is completed over all of avatar_type=photo_based.",
    ["avatar_type", "outcome"],
)
STAGE_SECONDS = Histogram(
    "avatar_processing_stage_seconds",
    "Time of each processing stage (photo_preprocessing, measurement_extraction, "
    "measurement_fitting, model_generation), successful or not.",
    ["stage", "outcome"],
    buckets=STAGE_BUCKETS_S,
)
JOB_SECONDS = Histogram(
    "avatar_job_seconds",
    "Time of each background job, by reason and outcome (ok, error: retried or dead-lettered).",
    ["reason", "outcome"],
    buckets=STAGE_BUCKETS_S,
)

# -- the API ---------------------------------------------------------------------------------
HTTP_SECONDS = Histogram(
    "avatar_http_request_duration_seconds",
    "API latency by method, route template and status code; its _count by status gives the "
    "request and error rates of every endpoint.",
    ["method", "route", "status"],
    buckets=HTTP_BUCKETS_S,
)
HTTP_IN_FLIGHT = Gauge(
    "avatar_http_requests_in_flight",
    "Requests being answered now.",
    multiprocess_mode="livesum",
)

# -- messaging -------------------------------------------------------------------------------
OUTBOX_BACKLOG = Gauge(
    "avatar_outbox_pending",
    "Messages waiting in the outbox for the broker (grows while the broker is away).",
    multiprocess_mode="max",
)
QUEUE_DEPTH = Gauge(
    "avatar_queue_depth",
    "Jobs waiting in a queue: the in-process queue (topic=inprocess) or, with Kafka, the "
    "consumer group's lag summed over the topic's partitions.",
    ["topic"],
    multiprocess_mode="livesum",
)
CONSUMER_LAG = Gauge(
    "avatar_kafka_consumer_lag",
    "Messages behind the high watermark, per topic and partition, after each handled job.",
    ["topic", "partition"],
    multiprocess_mode="max",
)
EVENTS_PUBLISHED = Counter(
    "avatar_messages_published_total",
    "Messages the outbox relay delivered to the broker, by channel (events, jobs).",
    ["channel"],
)

# -- storage and database --------------------------------------------------------------------
BLOB_BYTES_WRITTEN = Counter(
    "avatar_blob_bytes_written_total", "Bytes written to the object store (photos, models)."
)
DB_POOL_IN_USE = Gauge(
    "avatar_db_pool_connections_in_use",
    "Database connections checked out of the pool now.",
    multiprocess_mode="livesum",
)
DB_POOL_CAPACITY = Gauge(
    "avatar_db_pool_connections_max",
    "The most connections the pool hands out (size plus overflow).",
    multiprocess_mode="livesum",
)
DB_POOL_WAITS = Counter(
    "avatar_db_pool_exhausted_total",
    "Times a request for a connection found every one in use and had to wait or fail.",
)

# -- the models ------------------------------------------------------------------------------
BODY_MODEL_READY = Gauge(
    "avatar_body_model_ready",
    "1 when the body model can fit bodies now.",
    multiprocess_mode="max",
)
INFERENCE_PROVIDER = Gauge(
    "avatar_inference_provider_info",
    "The execution provider of each model.",
    ["model", "provider"],
    multiprocess_mode="max",
)


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROCESS_DIR_VARIABLE))


def render() -> bytes:
    """The exposition text of every metric of this process, or of all processes."""
    if multiprocess():
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest()


def serve_http(
    port: int, host: str = "0.0.0.0", ready: Callable[[], bool] | None = None
) -> WSGIServer:
    """Serve /metrics, and the probes /health and /ready, from a thread of this process (the
    worker, which has no API). /health answers while the process lives; /ready answers 200
    while ``ready()`` is true, else 503 (Kubernetes' readiness probe of the worker pods)."""
    from prometheus_client import make_wsgi_app

    metrics_app = make_wsgi_app()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path not in ("/health", "/ready"):
            return metrics_app(environ, start_response)  # type: ignore[no-any-return]
        ok = path == "/health" or ready is None or ready()
        status = ("ok" if path == "/health" else "ready") if ok else "not ready"
        body = json.dumps({"status": status}).encode()
        start_response(
            "200 OK" if ok else "503 Service Unavailable",
            [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        )
        return [body]

    server = make_server(host, port, app, _ThreadingServer, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="metrics-http", daemon=True).start()
    return server


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # probes every few seconds
        pass


def mark_process_dead(pid: int) -> None:
    """Forget the live gauges of a process that exited (multiprocess mode)."""
    if multiprocess():
        prometheus_multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]


@contextmanager
def timed_stage(stage: str) -> Iterator[None]:
    """Record the time of a processing stage, with its outcome, in STAGE_SECONDS."""
    started = time.perf_counter()
    outcome = "error"
    try:
        yield
        outcome = "ok"
    finally:
        STAGE_SECONDS.labels(stage=stage, outcome=outcome).observe(time.perf_counter() - started)


def watch_pool(engine: Any, capacity: int) -> None:
    """Keep DB_POOL_IN_USE current from the pool's checkout and checkin events (SQLAlchemy)."""
    from sqlalchemy import event

    pool = engine.sync_engine.pool
    DB_POOL_CAPACITY.set(capacity)
    in_use = [0]  # this process's connections; the gauge sums the processes

    @event.listens_for(pool, "checkout")
    def checked_out(*_: object) -> None:
        in_use[0] += 1
        DB_POOL_IN_USE.inc()
        if in_use[0] >= capacity:
            DB_POOL_WAITS.inc()

    @event.listens_for(pool, "checkin")
    def checked_in(*_: object) -> None:
        in_use[0] -= 1
        DB_POOL_IN_USE.dec()


_lag_by_partition: dict[tuple[str, int], int] = {}


def observe_consumer_lag(topic: str, partition: int, lag: int) -> None:
    """The Kafka worker's lag after a job: per partition, and summed per topic (queue depth)."""
    CONSUMER_LAG.labels(topic=topic, partition=str(partition)).set(lag)
    _lag_by_partition[(topic, partition)] = lag
    depth = sum(n for (name, _), n in _lag_by_partition.items() if name == topic)
    QUEUE_DEPTH.labels(topic=topic).set(depth)
