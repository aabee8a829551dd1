"""The alert rules of spec 12.2 (deploy/prometheus/alerts.yml): valid for Prometheus, and
over metrics the service exposes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml
from prometheus_client.metrics import MetricWrapperBase

from entrypoints.telemetry import metrics
from tests.support.tools import missing_tool

ALERTS = Path(__file__).resolve().parents[2] / "deploy" / "prometheus" / "alerts.yml"
# Spec 12.2, one alert each (the storage quota comes from the object store's own metrics).
SPEC_ALERTS = {
    "AvatarProcessingFailureRateHigh",
    "AvatarQueueDepthHigh",
    "AvatarApiErrorRateHigh",
    "AvatarDatabasePoolExhausted",
    "AvatarStorageQuotaHigh",
}
EXTERNAL_METRICS = {"minio_bucket_usage_total_bytes", "avatar_storage_quota_bytes"}
PROMQL_WORDS = {"sum", "rate", "by", "on", "or", "max", "le", "histogram_quantile", "increase"}


def _rules() -> list[dict[str, object]]:
    document = yaml.safe_load(ALERTS.read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def test_promtool_accepts_the_rules() -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        missing_tool(
            "promtool",
            "the alert rules were not checked by Prometheus",
            "apt-get install prometheus",
        )
    done = subprocess.run(
        [promtool, "check", "rules", str(ALERTS)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_alert_of_the_spec_is_there_with_a_runbook() -> None:
    rules = _rules()
    assert {str(rule["alert"]) for rule in rules} >= SPEC_ALERTS
    for rule in rules:
        annotations = rule["annotations"]
        assert isinstance(annotations, dict)
        assert str(annotations["runbook"]).startswith("docs/operations.md#"), rule["alert"]


def test_the_rules_read_metrics_the_service_exposes() -> None:
    collectors = [c for c in vars(metrics).values() if isinstance(c, MetricWrapperBase)]
    exposed = {
        sample_name
        for collector in collectors
        for family in collector.describe()
        for sample_name in (
            family.name,
            family.name + "_total",
            family.name + "_count",
            family.name + "_bucket",
        )
    }
    for rule in _rules():
        names = set(re.findall(r"\b([a-z_]+_[a-z_]+)\b(?=[{\[\s)])", str(rule["expr"])))
        names -= PROMQL_WORDS | EXTERNAL_METRICS | {"group_left", "histogram_quantile"}
        assert names <= exposed, (rule["alert"], names - exposed)
