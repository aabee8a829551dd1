"""Bad bodies at the HTTP edge get a 4xx problem+json naming the field, whoever reads the body:
Litestar (the JSON handlers), the create handler (JSON or a streamed form) or the photo upload."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from domain.access import Role
from entrypoints.http.auth import issue_token
from entrypoints.http.bodies import IssueKind, first_issue
from entrypoints.http.schemas import CreateAvatarRequest
from entrypoints.settings import load_settings
from tests.support.harness import TEST_JWT_SECRET, http_client_for_tests

API = "/api/v1/avatars"
MEASURED = {
    "name": "Typed",
    "avatarType": "measurement_based",
    "measurements": {"height": 175, "weight": 70, "chest": 95, "waist": 80, "hips": 100},
}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    for test_client in http_client_for_tests(tmp_path):
        settings = load_settings({"AVATAR_JWT_SECRET": TEST_JWT_SECRET})
        token = issue_token(settings, uuid.uuid4(), Role.USER)
        test_client.headers["Authorization"] = f"Bearer {token}"
        yield test_client


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["detail"].startswith(body["field"]) or body["field"] == "body", body
    return body


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({**MEASURED, "colour": "blue"}, "colour", "unknown field `colour`"),
        ({**MEASURED, "preferences": {"visibilty": "x"}}, "preferences.visibilty", "unknown"),
        ({**MEASURED, "name": 123}, "name", "Expected `str`, got `int`"),
        ({**MEASURED, "preferences": {"sharedWith": ["x"]}}, "preferences.sharedWith[0]", "UUID"),
        ({"avatarType": "measurement_based"}, "name", "missing required field `name`"),
        ([], "body", "Expected `object`"),
    ],
)
def test_a_json_create_that_does_not_fit_names_the_field(
    client: TestClient,  # type: ignore[type-arg]
    body: Any,
    field: str,
    says: str,
) -> None:
    refused = problem(client.post(API, json=body), 422)
    assert refused["field"] == field and says in refused["detail"], refused


def test_a_json_create_that_is_not_json_or_empty_is_refused(client: TestClient) -> None:  # type: ignore[type-arg]
    headers = {"content-type": "application/json"}
    assert "JSON" in problem(client.post(API, content=b"{'name'", headers=headers), 400)["detail"]
    assert "missing" in problem(client.post(API, content=b"", headers=headers), 422)["detail"]
    assert client.post(API, json=MEASURED).status_code == 201


def test_a_body_litestar_refuses_is_named_from_the_body_not_its_message(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    avatar_id = client.post(API, json=MEASURED).json()["id"]
    url = f"{API}/{avatar_id}/measurements"
    refused = problem(client.put(url, json={"measurements": {"waste": 80}}), 422)
    assert refused["field"] == "measurements.waste", refused
    refused = problem(client.put(url, json={"measurements": {"height": "tall"}}), 422)
    assert refused["field"] == "measurements.height", refused
    headers = {"content-type": "application/json"}
    refused = problem(client.put(url, content=b"", headers=headers), 422)
    assert refused["field"] == "body" and "missing" in refused["detail"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"avatarType": "photo_based"}, "name"),
        ({"name": "Me"}, "avatarType"),
        ({"name": "Me", "avatarType": "photo_based", "colour": "blue"}, "colour"),
        ({"name": "Me", "avatarType": "photo_based", "heightCm": "tall"}, "heightCm"),
        (
            {"name": "Me", "avatarType": "photo_based", "preferences": '{"visibility": "x"}'},
            "preferences.visibility",
        ),
    ],
)
def test_a_multipart_create_with_a_bad_field_names_it(
    client: TestClient,  # type: ignore[type-arg]
    fields: dict[str, str],
    field: str,
) -> None:
    files = {"front": ("front.jpg", b"\xff\xd8\xff" + b"\0" * 100, "image/jpeg")}
    refused = problem(client.post(API, data=fields, files=files), 422)
    assert refused["field"] == field, refused
    assert client.get(API).json()["items"] == []


def test_a_multipart_create_with_a_file_that_is_no_image_names_the_photo(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    fields = {"name": "Me", "avatarType": "photo_based"}
    files = {"photos[0][file]": ("notes.txt", b"just some text" * 10, "image/jpeg")}
    refused = problem(
        client.post(API, data={**fields, "photos[0][viewType]": "front"}, files=files), 415
    )
    assert refused["field"] == "photos[0]" and "notes.txt" in refused["detail"]


def test_a_json_photo_upload_with_a_bad_photo_field_names_it(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    avatar_id = client.post(API, json={"name": "Draft", "avatarType": "photo_based"}).json()["id"]
    body = {"photos": [{"viewType": "front", "imageBase64": 42}]}
    refused = problem(client.post(f"{API}/{avatar_id}/photos", json=body), 422)
    assert refused["field"] == "photos[0].imageBase64", refused


def test_the_openapi_document_keeps_both_bodies_of_the_create(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    document = client.get("/schema/openapi.json").json()
    content = document["paths"][API]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(content)
    assert any(name.endswith("CreateAvatarRequest") for name in document["components"]["schemas"])


def test_the_first_issue_is_found_from_the_value_and_its_type() -> None:
    issue = first_issue({**MEASURED, "tags": ["t" * 51]}, CreateAvatarRequest, strict=False)
    assert (issue.field, issue.kind) == ("tags[0]", IssueKind.INVALID)
    issue = first_issue({**MEASURED, "measurements": {"hip": 1}}, CreateAvatarRequest)
    assert (issue.field, issue.kind) == ("measurements.hip", IssueKind.UNKNOWN)
