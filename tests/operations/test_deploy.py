"""The container image, the Kubernetes manifests and docker-compose.yml agree with the service
(no Docker engine or cluster here: the files are read and checked against the code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from entrypoints.settings import PREFIX, Settings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
SETTINGS = {PREFIX + name.upper() for name in Settings.__struct_fields__}


def _documents() -> list[dict[str, Any]]:
    return [
        document
        for path in sorted(K8S.glob("*.yaml"))
        for document in yaml.safe_load_all(path.read_text())
        if document
    ]


def _of_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in _documents() if d["kind"] == kind}


def test_the_image_is_multi_stage_non_root_with_a_health_check_and_a_prepared_body_model() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.count("\nFROM ") + dockerfile.startswith("FROM ") >= 2
    assert "\nUSER avatar" in dockerfile and "useradd" in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/health" in dockerfile
    assert "avatar-service models prepare" in dockerfile


def test_the_deployments_probe_the_health_endpoints_and_ask_for_the_spec_resources() -> None:
    deployments = _of_kind("Deployment")
    assert set(deployments) == {"avatar-service-api", "avatar-service-worker"}
    api = deployments["avatar-service-api"]["spec"]["template"]["spec"]["containers"][0]
    assert api["livenessProbe"]["httpGet"]["path"] == "/health"
    assert api["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert api["resources"]["requests"] == {"memory": "512Mi", "cpu": "500m"}  # spec 7.2
    worker = deployments["avatar-service-worker"]["spec"]["template"]["spec"]["containers"][0]
    assert worker["command"] == ["avatar-service", "worker"]
    # The worker answers the probes on its metrics port (entrypoints/telemetry/metrics.py).
    assert worker["livenessProbe"]["httpGet"] == {"path": "/health", "port": "metrics"}
    assert worker["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "metrics"}
    assert {"name": "metrics", "containerPort": Settings().worker_metrics_port} in worker["ports"]
    assert worker["resources"]["limits"] == {"memory": "2Gi", "cpu": "2000m"}
    for deployment in deployments.values():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= deployment["spec"]["template"]["metadata"]["labels"].items()


def test_the_api_scales_on_cpu_and_the_workers_on_consumer_lag() -> None:
    hpa = _of_kind("HorizontalPodAutoscaler")["avatar-service-api"]["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (3, 10)  # spec 7.3
    assert any(m["resource"]["name"] == "cpu" for m in hpa["metrics"])
    scaled = _of_kind("ScaledObject")["avatar-service-worker"]["spec"]
    assert (scaled["minReplicaCount"], scaled["maxReplicaCount"]) == (2, 20)
    assert scaled["triggers"][0]["type"] == "kafka"
    assert set(_of_kind("PodDisruptionBudget")) == {"avatar-service-api", "avatar-service-worker"}


def test_configuration_names_only_settings_the_service_reads() -> None:
    config = _of_kind("ConfigMap")["avatar-service-config"]["data"]
    secret = _of_kind("Secret")["avatar-service-secrets"]["stringData"]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    compose_environment = compose["services"]["api"]["environment"]
    for name in [*config, *secret, *compose_environment]:
        if name.startswith(PREFIX):
            assert name in SETTINGS, name


def test_compose_runs_the_same_image_and_commands_as_kubernetes() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["migrate"]["build"] == "."
    assert services["api"]["image"] == services["worker"]["image"] == "avatar-service:latest"
    assert services["api"]["command"][:2] == ["avatar-service", "serve"]
    assert services["worker"]["command"] == ["avatar-service", "worker"]
    assert "http://127.0.0.1:9100/ready" in services["worker"]["healthcheck"]["test"]
    assert {"postgres", "kafka", "minio"} <= set(services)
    assert services["postgres"]["image"] == "postgres:16"
