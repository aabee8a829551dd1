"""Prometheus metrics of spec 12.1 over the real app (embedded profile, no background worker)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from prometheus_client import REGISTRY

from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]

# Spec 12.1, metric by metric (docs/observability.md).
SPEC_METRICS = (
    "avatar_avatars_created_total",
    "avatar_processing_outcomes_total",
    "avatar_processing_stage_seconds",
    "avatar_job_seconds",
    "avatar_http_request_duration_seconds",
    "avatar_queue_depth",
    "avatar_kafka_consumer_lag",
    "avatar_outbox_pending",
    "avatar_db_pool_connections_in_use",
    "avatar_blob_bytes_written_total",
)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    settings = load_settings(
        {
            "AVATAR_DATA_DIR": str(tmp_path),
            "AVATAR_RUN_WORKERS": "false",
            "AVATAR_LOG_LEVEL": "WARNING",
        }
    )
    with TestClient(app=create_app(build_container(settings))) as test_client:
        yield test_client


def test_latency_is_recorded_per_route_template_and_status(client: TestClient) -> None:  # type: ignore[type-arg]
    def count(route: str, status: str) -> float:
        labels = {"method": "GET", "route": route, "status": status}
        value = REGISTRY.get_sample_value("avatar_http_request_duration_seconds_count", labels)
        return value or 0.0

    health_before = count("/health", "200")
    avatar_before = count("/api/v1/avatars/{avatar_id}", "401")
    assert client.get("/health").status_code == 200
    assert client.get("/api/v1/avatars/3f1c2a9e-8d1b-4c3e-9a2f-5b6c7d8e9f01").status_code == 401
    text = client.get("/metrics").text
    assert count("/health", "200") == health_before + 1
    # The template, never the id: one series per route, whatever the ids.
    assert count("/api/v1/avatars/{avatar_id}", "401") == avatar_before + 1
    assert "3f1c2a9e" not in text


def test_every_metric_of_the_spec_is_exposed(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    for name in SPEC_METRICS:
        assert f"# TYPE {name.removesuffix('_total')}" in response.text, name
    assert "avatar_outbox_pending 0.0" in response.text
    assert "avatar_body_model_ready " in response.text


def test_several_processes_report_one_sum(tmp_path: Path) -> None:
    """Multiprocess mode: each process writes its own file, /metrics adds them up."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    count = (
        "from entrypoints.telemetry import metrics; "
        "metrics.AVATARS_CREATED.labels(avatar_type='photo_based').inc(2)"
    )
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, cwd=ROOT, check=True)
    render = "from entrypoints.telemetry import metrics; print(metrics.render().decode())"
    done = subprocess.run(
        [sys.executable, "-c", render], env=env, cwd=ROOT, check=True, capture_output=True
    )
    text = done.stdout.decode()
    assert 'avatar_avatars_created_total{avatar_type="photo_based"} 4.0' in text
