"""What /metrics reads at scrape time: gauges of state held elsewhere (the database, the
body model, the in-process queue)."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

from application.ports import inference_of
from entrypoints.container import Container
from entrypoints.telemetry import metrics


def gauge_refresher(container: Container) -> Callable[[], Awaitable[None]]:
    """A coroutine function that brings the scrape-time gauges up to date; never raises."""
    in_process = container.settings().resolved_event_bus == "inprocess"

    async def refresh() -> None:
        metrics.BODY_MODEL_READY.set(int(container.body_model().readiness().ready))
        inference = inference_of(container.shape_estimator())
        for model, provider in inference.items():
            metrics.INFERENCE_PROVIDER.labels(model=model, provider=provider).set(1)
        if in_process:
            metrics.QUEUE_DEPTH.labels(topic="inprocess").set(container.job_queue().pending())
        with contextlib.suppress(Exception):  # metrics never fail; /ready reports the database
            metrics.OUTBOX_BACKLOG.set(await container.outbox_backlog()())

    return refresh
