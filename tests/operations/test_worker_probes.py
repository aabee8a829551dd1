"""The worker, which has no API, answers Kubernetes' probes on its metrics port: /health while
the process lives, /ready while its consumers run and the body model can fit (deploy/k8s)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from entrypoints.telemetry import metrics


@pytest.fixture
def probe_server() -> Iterator[tuple[str, threading.Event]]:
    ready = threading.Event()
    server = metrics.serve_http(0, "127.0.0.1", ready=ready.is_set)
    try:
        yield f"http://127.0.0.1:{server.server_port}", ready
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_health_answers_and_ready_follows_the_worker_state(
    probe_server: tuple[str, threading.Event],
) -> None:
    base, ready = probe_server
    assert _get(f"{base}/health") == (200, b'{"status": "ok"}')
    status, body = _get(f"{base}/ready")
    assert (status, json.loads(body)) == (503, {"status": "not ready"})
    ready.set()
    assert _get(f"{base}/ready") == (200, b'{"status": "ready"}')
    ready.clear()
    assert _get(f"{base}/ready")[0] == 503


def test_the_metrics_are_still_served(probe_server: tuple[str, threading.Event]) -> None:
    base, _ = probe_server
    for path in ("/metrics", "/"):
        status, body = _get(base + path)
        assert status == 200
        assert b"avatar_avatars_created_total" in body
