"""Liveness, readiness and the catalogue of presets."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Response, get

from application.ports import BodyModel, HealthCheck, ShapeEstimator, inference_of
from application.relay import OutboxBacklog
from domain.access import Viewer
from domain.measurements import SPECS_BY_NAME
from domain.presets import PRESETS
from entrypoints.http.injection import Injected
from entrypoints.http.schemas import PresetBody
from entrypoints.telemetry import metrics as service_metrics

RefreshMetrics = Callable[[], Awaitable[None]]


class SystemController(Controller):
    tags = ["system"]

    @get("/health", summary="Liveness: the process answers")
    async def health(self) -> dict[str, str]:
        return {"status": "ok"}

    @get("/ready", summary="Readiness: the database and the blob store answer")
    async def ready(
        self,
        database_health: Injected[HealthCheck],
        blob_health: Injected[HealthCheck],
        outbox_backlog: Injected[OutboxBacklog],
        body_model: Injected[BodyModel],
        shape_estimator: Injected[ShapeEstimator],
    ) -> Response[dict[str, Any]]:
        checks: dict[str, str] = {}
        details: dict[str, Any] = {}
        for name, health in (("database", database_health), ("blobStore", blob_health)):
            try:
                await health.check()
                checks[name] = "ok"
            except Exception as error:  # report any failure of a check, never raise
                checks[name] = f"unavailable: {type(error).__name__}: {error}"
        # Avatars are fitted by the body model: while its data is built (1-2 minutes the
        # first time on a machine) processing waits, and readiness says so.
        model = body_model.readiness()
        checks["bodyModel"] = "ok" if model.ready else f"preparing: {model.detail}"
        details["bodyModel"] = {"name": body_model.name, "detail": model.detail}
        # Which execution provider (TensorRT, CUDA or CPU) runs each inference model.
        details["inference"] = inference_of(shape_estimator)
        if checks["database"] == "ok":
            # Informational: a growing backlog means the broker is away, not that we are.
            details["outboxPending"] = await outbox_backlog()
        ready = all(value == "ok" for value in checks.values())
        return Response(
            {"status": "ready" if ready else "not ready", "checks": checks, **details},
            status_code=200 if ready else 503,
        )

    @get("/metrics", summary="Prometheus metrics", media_type=service_metrics.CONTENT_TYPE)
    async def metrics(self, refresh_metrics: Injected[RefreshMetrics]) -> Response[bytes]:
        # Every metric of spec 12.1, of this process or of all of them (docs/observability.md).
        await refresh_metrics()
        return Response(service_metrics.render(), media_type=service_metrics.CONTENT_TYPE)

    @get(
        "/api/v1/presets",
        summary="Preset bodies for preset_based avatars",
        security=[{"BearerToken": []}],
    )
    async def presets(self, viewer: Injected[Viewer]) -> list[PresetBody]:
        return [
            PresetBody(
                id=p.id,
                label=p.label,
                measurements={k: v for k, v in p.values.items() if k in SPECS_BY_NAME},
            )
            for p in PRESETS.values()
        ]
