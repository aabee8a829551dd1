"""The deployment files are valid against their published schemas, read from packages of the
test extra so nothing downloads here (docs/adr/0055-deployment-schema-validation.md):

- every document of deploy/k8s against the Kubernetes JSON schemas of the pinned versions
  (kubernetes-validate, strict: an unknown field is an error, as `kubectl apply
  --validate=strict` makes it); the KEDA ScaledObject, a custom resource those schemas lack,
  against tests/operations/schemas/keda-scaledobject-v1alpha1.json, written from KEDA's
  documented fields, with the Kubernetes definitions for its metadata;
- docker-compose.yml against the compose-spec schema that check-jsonschema vendors.

Each check is shown refusing a broken copy of the real file, so a validator that accepts
everything cannot pass.
"""

from __future__ import annotations

import copy
import importlib.resources
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml
from check_jsonschema.builtin_schemas import get_builtin_schema
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
KEDA_SCHEMA = Path(__file__).with_name("schemas") / "keda-scaledobject-v1alpha1.json"
# The oldest Kubernetes the manifests are written for and the newest kubernetes-validate
# (pinned in pyproject.toml) ships: an API removed or renamed in between fails one of them.
KUBERNETES_VERSIONS = ("1.29", "1.37")
CUSTOM_API_GROUPS = {"keda.sh"}

Document = dict[str, Any]


def _documents() -> list[tuple[str, Document]]:
    return [
        (f"{path.name}:{document['kind']}/{document['metadata']['name']}", document)
        for path in sorted(K8S.glob("*.yaml"))
        for document in yaml.safe_load_all(path.read_text())
        if document
    ]


DOCUMENTS = _documents()


def _compose() -> Document:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())  # type: ignore[no-any-return]


def _keda_validator(version: str) -> jsonschema.protocols.Validator:
    definitions = json.loads(
        importlib.resources.files("kubernetes_validate")
        .joinpath("kubernetes-json-schema", f"v{version}.0-local-strict", "_definitions.json")
        .read_text()
    )
    schema = json.loads(KEDA_SCHEMA.read_text())
    registry: Registry[Any] = Resource.from_contents(definitions) @ Registry()
    return jsonschema.Draft202012Validator(schema, registry=registry)


def validate_manifest(document: Document, version: str) -> None:
    """Raise if ``document`` is not a valid object of Kubernetes ``version`` (or of KEDA)."""
    if document["apiVersion"].split("/")[0] in CUSTOM_API_GROUPS:
        _keda_validator(version).validate(document)
    else:
        kubernetes_validate.validate(document, version, strict=True)


def _compose_validator() -> jsonschema.protocols.Validator:
    schema = get_builtin_schema("vendor.compose-spec")
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize(("where", "document"), DOCUMENTS, ids=[w for w, _ in DOCUMENTS])
def test_every_manifest_is_valid_against_the_kubernetes_schemas(
    where: str, document: Document, version: str
) -> None:
    validate_manifest(document, version)


def test_the_manifests_hold_what_a_deployment_needs() -> None:
    kinds = {(d["apiVersion"], d["kind"]) for _, d in DOCUMENTS}
    assert {
        ("apps/v1", "Deployment"),
        ("v1", "Service"),
        ("autoscaling/v2", "HorizontalPodAutoscaler"),
        ("keda.sh/v1alpha1", "ScaledObject"),
        ("policy/v1", "PodDisruptionBudget"),
        ("v1", "ConfigMap"),
        ("v1", "Secret"),
    } <= kinds


def _deployment(name: str) -> Document:
    return copy.deepcopy(
        next(d for _, d in DOCUMENTS if d["kind"] == "Deployment" and d["metadata"]["name"] == name)
    )


def _first_of(kind: str) -> Document:
    return copy.deepcopy(next(d for _, d in DOCUMENTS if d["kind"] == kind))


def _misspelled_probe(d: Document) -> None:
    container = d["spec"]["template"]["spec"]["containers"][0]
    container["livenesProbe"] = container.pop("livenessProbe")


def _replicas_as_text(d: Document) -> None:
    d["spec"]["replicas"] = "three"


def _container_without_a_name(d: Document) -> None:
    del d["spec"]["template"]["spec"]["containers"][0]["name"]


def _deployment_without_a_selector(d: Document) -> None:
    del d["spec"]["selector"]


BROKEN_DEPLOYMENTS: dict[str, Callable[[Document], None]] = {
    "misspelled field": _misspelled_probe,
    "wrong type": _replicas_as_text,
    "missing container name": _container_without_a_name,
    "missing selector": _deployment_without_a_selector,
}


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("breakage", BROKEN_DEPLOYMENTS, ids=list(BROKEN_DEPLOYMENTS))
def test_a_broken_deployment_is_refused(breakage: str, version: str) -> None:
    deployment = _deployment("avatar-service-api")
    BROKEN_DEPLOYMENTS[breakage](deployment)
    with pytest.raises(kubernetes_validate.ValidationError):
        validate_manifest(deployment, version)


def test_an_autoscaler_target_in_the_wrong_form_is_refused() -> None:
    hpa = _first_of("HorizontalPodAutoscaler")
    hpa["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] = "70%"
    with pytest.raises(kubernetes_validate.ValidationError, match=r"'70%' is not of type"):
        validate_manifest(hpa, KUBERNETES_VERSIONS[0])


def test_an_api_version_kubernetes_removed_is_refused() -> None:
    # policy/v1beta1 PodDisruptionBudgets went away in Kubernetes 1.25.
    budget = _first_of("PodDisruptionBudget")
    budget["apiVersion"] = "policy/v1beta1"
    with pytest.raises(kubernetes_validate.SchemaNotFoundError):
        validate_manifest(budget, KUBERNETES_VERSIONS[0])


def _lag_as_a_number(d: Document) -> None:
    d["spec"]["triggers"][0]["metadata"]["lagThreshold"] = 20  # metadata values are strings


def _hpa_field_name(d: Document) -> None:
    d["spec"]["minReplicas"] = d["spec"].pop("minReplicaCount")


def _kafka_trigger_without_brokers(d: Document) -> None:
    del d["spec"]["triggers"][0]["metadata"]["bootstrapServers"]


def _no_target(d: Document) -> None:
    del d["spec"]["scaleTargetRef"]


def _bad_label(d: Document) -> None:
    d["metadata"]["labels"] = {"tier": 1}  # ObjectMeta, from the Kubernetes definitions


BROKEN_SCALED_OBJECTS: dict[str, Callable[[Document], None]] = {
    "lag threshold as a number": _lag_as_a_number,
    "HPA field name": _hpa_field_name,
    "kafka trigger without brokers": _kafka_trigger_without_brokers,
    "no scale target": _no_target,
    "label that is not a string": _bad_label,
}


@pytest.mark.parametrize("breakage", BROKEN_SCALED_OBJECTS, ids=list(BROKEN_SCALED_OBJECTS))
def test_a_broken_scaled_object_is_refused(breakage: str) -> None:
    scaled = _first_of("ScaledObject")
    BROKEN_SCALED_OBJECTS[breakage](scaled)
    with pytest.raises(jsonschema.ValidationError):
        validate_manifest(scaled, KUBERNETES_VERSIONS[0])


def test_the_workers_scale_on_the_lag_of_the_groups_they_consume() -> None:
    from adapters.contract.messages import Topics
    from entrypoints.settings import Settings

    scaled = _first_of("ScaledObject")["spec"]
    worker = _deployment("avatar-service-worker")
    assert scaled["scaleTargetRef"]["name"] == worker["metadata"]["name"]
    group = Settings().kafka_group_id
    # adapters/kafka/worker.py: the jobs topic in the group, retries in the group's -retry,
    # the photo jobs (a lane of their own, ADR 58) in -photos and -photos-retry.
    watched = {(t["metadata"]["topic"], t["metadata"]["consumerGroup"]) for t in scaled["triggers"]}
    assert watched == {
        (Topics().jobs, group),
        (Topics().jobs_retry, f"{group}-retry"),
        (Topics().photo_jobs, f"{group}-photos"),
        (Topics().photo_jobs_retry, f"{group}-photos-retry"),
    }
    config = _first_of("ConfigMap")["data"]
    assert {t["metadata"]["bootstrapServers"] for t in scaled["triggers"]} == {
        config["AVATAR_KAFKA_BOOTSTRAP"]
    }


def test_docker_compose_is_valid_against_the_compose_spec() -> None:
    _compose_validator().validate(_compose())


def _compose_misspelled_services(c: Document) -> None:
    c["service"] = c.pop("services")


def _compose_bad_condition(c: Document) -> None:
    c["services"]["api"]["depends_on"]["migrate"]["condition"] = "service_finished"


def _compose_unknown_service_key(c: Document) -> None:
    c["services"]["worker"]["replica"] = 2  # deploy.replicas is the field


def _compose_ports_as_text(c: Document) -> None:
    c["services"]["api"]["ports"] = "8000:8000"  # a list, even of one


BROKEN_COMPOSE: dict[str, Callable[[Document], None]] = {
    "misspelled top-level key": _compose_misspelled_services,
    "unknown depends_on condition": _compose_bad_condition,
    "unknown service key": _compose_unknown_service_key,
    "wrong type": _compose_ports_as_text,
}


@pytest.mark.parametrize("breakage", BROKEN_COMPOSE, ids=list(BROKEN_COMPOSE))
def test_a_broken_compose_file_is_refused(breakage: str) -> None:
    compose = _compose()
    BROKEN_COMPOSE[breakage](compose)
    with pytest.raises(jsonschema.ValidationError):
        _compose_validator().validate(compose)
