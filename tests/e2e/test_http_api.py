"""End-to-end: the HTTP API through a real uvicorn server, as a client sees it.

Every test uses users of its own (fresh UUIDs), so the module-wide server is shared safely.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID

import httpx
import jwt
import pytest

from domain.access import Role
from entrypoints.http.auth import signing_secret
from tests.e2e.conftest import LiveServer, embedded_settings, running_server
from tests.support import data

API = "/api/v1/avatars"
PROBLEM_JSON = "application/problem+json"
# The request body of spec 4.2.2.
SPEC_MEASUREMENTS: dict[str, Any] = {**data.SPEC_MEASUREMENTS, "unit": "metric"}
SPEC_CREATE_BODY: dict[str, Any] = {
    "name": "My Avatar",
    "avatarType": "measurement_based",
    "measurements": SPEC_MEASUREMENTS,
    "preferences": {"visibility": "private", "allowExport": True},
}
CM_PER_INCH = 2.54
KG_PER_POUND = 0.45359237


# -- helpers ---------------------------------------------------------------------------------
def measurement_avatar(name: str, **changes: Any) -> dict[str, Any]:
    """A create body for a measurement_based avatar: the spec's example with ``changes``."""
    return {
        "name": name,
        "avatarType": "measurement_based",
        "measurements": {**SPEC_MEASUREMENTS, **changes},
    }


def create(client: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(API, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def create_measured(client: httpx.Client, name: str, **changes: Any) -> dict[str, Any]:
    return create(client, measurement_avatar(name, **changes))


def create_draft(client: httpx.Client, name: str, **extra: Any) -> dict[str, Any]:
    """A photo_based avatar: it stays in draft, so it costs no background work."""
    return create(client, {"name": name, "avatarType": "photo_based", **extra})


def wait_for_status(
    client: httpx.Client, avatar_id: str, status: str = "completed", timeout_s: float = 180.0
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        response = client.get(f"{API}/{avatar_id}")
        assert response.status_code == 200, response.text
        avatar: dict[str, Any] = response.json()
        if avatar["status"] == status:
            return avatar
        assert avatar["status"] != "failed", avatar["processingError"]
        assert time.monotonic() < deadline, f"avatar still {avatar['status']}, not {status}"
        time.sleep(0.05)


def all_items(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    """Every avatar of the caller matching ``params``, following the cursors."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(100):
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get(API, params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        items.extend(page["items"])
        cursor = page["nextCursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination did not end")


def names_of(client: httpx.Client, **params: Any) -> list[str]:
    return [item["name"] for item in all_items(client, limit=100, **params)]


def count(client: httpx.Client) -> int:
    return len(all_items(client, limit=100))


def assert_problem(
    response: httpx.Response,
    status: int,
    *,
    field: str | None = None,
    mentions: str | None = None,
) -> dict[str, Any]:
    """An RFC 9457 problem with ``status``, naming ``field`` and/or mentioning ``mentions``."""
    assert response.status_code == status, response.text
    content_type = response.headers.get("content-type", "")
    assert content_type.split(";")[0].strip() == PROBLEM_JSON, content_type
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    assert problem["type"] and problem["title"] and problem["detail"], problem
    if field is not None:
        assert problem.get("field") == field, problem
    if mentions is not None:
        text = f"{problem.get('field') or ''} {problem['detail']}".lower()
        assert mentions.lower() in text, problem
    return problem


def snake_case_keys(value: object, path: str = "") -> list[str]:
    """Keys with an underscore, anywhere in a JSON document (free-form maps excepted)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if "_" in key:
                found.append(f"{path}.{key}")
            if key not in ("sizeRecommendations", "generationParameters", "confidenceScores"):
                found.extend(snake_case_keys(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(snake_case_keys(item, f"{path}[{index}]"))
    return found


@pytest.fixture
def alice(live: LiveServer) -> httpx.Client:
    return live.user()[1]


@pytest.fixture
def bob(live: LiveServer) -> httpx.Client:
    return live.user()[1]


# -- system endpoints ------------------------------------------------------------------------
def test_health_answers_without_a_token(live: LiveServer) -> None:
    response = httpx.get(f"{live.base_url}/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_reports_the_database_ok(live: LiveServer) -> None:
    response = httpx.get(f"{live.base_url}/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_openapi_document_is_3_1_with_the_avatar_paths_and_bearer_scheme(
    live: LiveServer,
) -> None:
    response = httpx.get(f"{live.base_url}/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    paths = document["paths"]
    for path in (
        "/api/v1/avatars",
        "/api/v1/avatars/{avatar_id}",
        "/api/v1/avatars/{avatar_id}/versions",
        "/api/v1/avatars/{avatar_id}/duplicate",
        "/api/v1/avatars/{avatar_id}/compare",
        "/api/v1/avatars/{avatar_id}/export",
        "/api/v1/avatars/{avatar_id}/measurements",
        "/api/v1/avatars/{avatar_id}/measurements/validate",
    ):
        assert path in paths, path
    assert {"get", "post"} <= set(paths["/api/v1/avatars"])
    assert {"get", "put", "delete"} <= set(paths["/api/v1/avatars/{avatar_id}"])
    scheme = document["components"]["securitySchemes"]["BearerToken"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert {"BearerToken": []} in paths["/api/v1/avatars"]["post"]["security"]


# -- the README walk-through -----------------------------------------------------------------
def test_readme_walk_through_creates_fetches_updates_and_versions_an_avatar(
    any_live: LiveServer,
) -> None:
    user_id = uuid.uuid4()
    token = any_live.token(user_id, Role.USER)
    with httpx.Client(
        base_url=any_live.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=15
    ) as client:
        response = client.post(API, json=SPEC_CREATE_BODY)
        assert response.status_code == 201, response.text
        assert response.headers["content-type"].startswith("application/json")
        created = response.json()
        assert snake_case_keys(created) == []
        UUID(created["id"])
        assert created["userId"] == str(user_id)
        assert created["name"] == "My Avatar"
        assert created["avatarType"] == "measurement_based"
        assert created["status"] == "processing"
        assert created["version"] == 1
        assert created["visibility"] == "private"
        assert created["allowExport"] is True
        assert created["createdAt"].endswith("Z") or "+00:00" in created["createdAt"]
        assert created["processingEstimate"]
        assert created["measurements"]["shoulderWidth"] == 45
        assert created["measurements"]["neckCircumference"] == 38
        avatar_id = created["id"]

        completed = wait_for_status(client, avatar_id, "completed")
        assert snake_case_keys(completed) == []
        analysis = completed["bodyAnalysis"]
        assert analysis is not None
        assert analysis["bodyType"] == completed["bodyType"]
        assert 0 <= analysis["confidence"] <= 1
        assert analysis["proportions"]["waistToHipRatio"] == pytest.approx(0.8, abs=0.001)
        assert completed["bodyAnalysisId"] == analysis["id"]
        assert completed["measurements"]["waist"] == 80

        response = client.put(
            f"{API}/{avatar_id}/measurements",
            json={"measurements": {"waist": 78, "hips": 98}, "regenerateModel": True},
        )
        assert response.status_code == 200, response.text
        regenerating = response.json()
        assert regenerating == {
            "id": avatar_id,
            "status": "processing",
            "message": "Measurements updated. 3D model regeneration in progress.",
            "version": 3,
            "jobId": regenerating["jobId"],
        }
        assert response.headers["location"] == f"/api/v1/jobs/{regenerating['jobId']}"
        assert UUID(regenerating["jobId"]) != UUID(created["jobId"])

        response = client.get(f"{API}/{avatar_id}/versions")
        assert response.status_code == 200, response.text
        versions = response.json()
        assert snake_case_keys(versions) == []
        # 1: as typed; 2: the fitted body's profile (estimated values added); 3: the update.
        assert [v["version"] for v in versions] == [1, 2, 3]
        assert versions[0]["changeType"] == "initial"
        assert versions[1]["changeType"] == "regeneration"
        assert set(versions[1]["measurements"]["estimated"]) == {
            "bicep",
            "forearm",
            "wrist",
            "thigh",
            "calf",
            "ankle",
        }
        assert versions[2]["changeType"] == "measurement_update"
        assert {"waist", "hips"} <= set(versions[2]["measurements"]["manualOverrides"])
        assert versions[2]["measurements"]["waist"] == 78
        assert versions[2]["measurements"]["hips"] == 98
        assert versions[0]["measurements"]["waist"] == 80
        assert versions[2]["changedBy"] == str(user_id)
        for version in versions[1:]:  # every snapshot of a whole profile carries its analysis
            assert version["bodyAnalysis"] is not None, version["version"]

        regenerated = wait_for_status(client, avatar_id, "completed")
        assert regenerated["version"] == 4
        assert regenerated["measurements"]["waist"] == 78
        assert regenerated["bodyAnalysis"] is not None


# -- creating avatars ------------------------------------------------------------------------
def test_preset_based_avatar_starts_from_the_chosen_preset(live: LiveServer) -> None:
    _, client = live.user()
    response = client.get("/api/v1/presets")
    assert response.status_code == 200, response.text
    presets = response.json()
    assert presets, "the catalogue is empty"
    preset = presets[0]
    assert {"id", "label", "measurements"} <= set(preset)

    created = create(
        client, {"name": "From preset", "avatarType": "preset_based", "presetId": preset["id"]}
    )
    assert created["avatarType"] == "preset_based"
    assert created["status"] == "processing"
    shown = created["measurements"]
    for name, value in preset["measurements"].items():
        assert shown[name] == pytest.approx(value), name
    assert shown["extractionMethod"] == "preset"
    assert shown["manualOverrides"] == []

    adjusted = create(
        client,
        {
            "name": "From preset, adjusted",
            "avatarType": "preset_based",
            "presetId": preset["id"],
            "measurements": {"waist": preset["measurements"]["waist"] + 2},
        },
    )
    assert adjusted["measurements"]["waist"] == pytest.approx(preset["measurements"]["waist"] + 2)
    assert adjusted["measurements"]["extractionMethod"] == "mixed"
    assert adjusted["measurements"]["manualOverrides"] == ["waist"]
    assert wait_for_status(client, created["id"])["bodyAnalysis"] is not None


def test_preset_based_avatar_with_an_unknown_preset_is_refused(alice: httpx.Client) -> None:
    response = alice.post(
        API, json={"name": "Nobody", "avatarType": "preset_based", "presetId": "no_such_body"}
    )
    assert_problem(response, 422, field="presetId", mentions="no_such_body")
    assert count(alice) == 0


def test_presets_need_a_token(live: LiveServer) -> None:
    assert_problem(httpx.get(f"{live.base_url}/api/v1/presets"), 401)


def test_photo_based_avatar_stays_in_draft(alice: httpx.Client) -> None:
    created = create_draft(alice, "From photos")
    assert created["status"] == "draft"
    assert created["avatarType"] == "photo_based"
    assert created["measurements"] is None
    assert created["processingEstimate"] is None
    time.sleep(0.2)  # long enough for the in-process worker to act, if it wrongly would
    fetched = alice.get(f"{API}/{created['id']}").json()
    assert fetched["status"] == "draft"
    assert fetched["bodyAnalysis"] is None
    assert_problem(alice.get(f"{API}/{created['id']}/measurements"), 422, field="measurements")


def test_photo_based_avatar_with_measurements_is_refused(alice: httpx.Client) -> None:
    body = {"name": "Photos", "avatarType": "photo_based", "measurements": SPEC_MEASUREMENTS}
    assert_problem(alice.post(API, json=body), 422, field="measurements")
    assert count(alice) == 0


def test_imperial_measurements_come_back_as_typed_and_are_stored_metric(
    any_live: LiveServer,
) -> None:
    _, alice = any_live.user()
    typed = {
        "height": 68.9,
        "weight": 154.32,
        "chest": 37.4,
        "waist": 31.5,
        "hips": 39.37,
        "shoulderWidth": 17.72,
        "armLength": 23.62,
        "inseam": 30.71,
        "neckCircumference": 14.96,
    }
    created = create(
        alice,
        {
            "name": "Imperial",
            "avatarType": "measurement_based",
            "measurements": {**typed, "unit": "imperial"},
        },
    )
    for source in (
        created["measurements"],
        alice.get(f"{API}/{created['id']}/measurements").json(),
    ):
        assert source["unit"] == "imperial"
        for name, value in typed.items():
            assert source[name] == pytest.approx(value, abs=0.005), name

    metric = create_measured(alice, "Metric twin")
    response = alice.post(f"{API}/{created['id']}/compare", json={"otherAvatarId": metric["id"]})
    assert response.status_code == 200, response.text
    comparison = response.json()
    assert comparison["unit"] == "metric"
    stored = {d["measurement"]: d["left"] for d in comparison["differences"]}
    for name, value in typed.items():
        factor = KG_PER_POUND if name == "weight" else CM_PER_INCH
        assert stored[name] == pytest.approx(value * factor, abs=1e-4), name


# -- listing ---------------------------------------------------------------------------------
def test_list_filters_by_status_type_tag_and_visibility(any_live: LiveServer) -> None:
    _, client = any_live.user()
    create(client, {**measurement_avatar("summer body"), "tags": ["summer", "2025"]})
    create(
        client,
        {
            **measurement_avatar("winter body"),
            "tags": ["winter"],
            "preferences": {"visibility": "public"},
        },
    )
    create_draft(client, "beach photos", tags=["summer"])
    create(
        client, {"name": "preset body", "avatarType": "preset_based", "presetId": "female_average"}
    )
    for avatar in all_items(client):
        if avatar["avatarType"] != "photo_based":
            wait_for_status(client, avatar["id"])

    assert sorted(names_of(client)) == [
        "beach photos",
        "preset body",
        "summer body",
        "winter body",
    ]
    assert names_of(client, status="draft") == ["beach photos"]
    assert sorted(names_of(client, status="completed")) == [
        "preset body",
        "summer body",
        "winter body",
    ]
    assert names_of(client, status="processing") == []
    assert sorted(names_of(client, avatarType="measurement_based")) == [
        "summer body",
        "winter body",
    ]
    assert names_of(client, avatarType="preset_based") == ["preset body"]
    assert sorted(names_of(client, tag="summer")) == ["beach photos", "summer body"]
    assert names_of(client, tag="summer", avatarType="photo_based") == ["beach photos"]
    assert names_of(client, tag="2025") == ["summer body"]
    assert names_of(client, tag="autumn") == []
    assert names_of(client, visibility="public") == ["winter body"]


def test_list_sorts_by_name_and_by_creation_time(any_live: LiveServer) -> None:
    _, client = any_live.user()
    order = ["delta", "alpha", "echo", "charlie", "bravo"]
    for name in order:
        create_draft(client, name)
    assert names_of(client, sort="name") == sorted(order)
    assert names_of(client, sort="-name") == sorted(order, reverse=True)
    assert names_of(client, sort="createdAt") == order
    assert names_of(client, sort="-createdAt") == list(reversed(order))
    assert names_of(client) == list(reversed(order)), "the default is newest first"


@pytest.mark.parametrize("sort", ["-createdAt", "createdAt", "name", "-name", "-updatedAt"])
def test_cursor_pagination_returns_every_avatar_exactly_once(live: LiveServer, sort: str) -> None:
    _, client = live.user()
    for number in range(5):
        create_draft(client, f"avatar {number}")
    expected = names_of(client, sort=sort)
    seen: list[str] = []
    page_sizes: list[int] = []
    cursor: str | None = None
    for _ in range(10):
        params: dict[str, Any] = {"limit": 2, "sort": sort}
        if cursor:
            params["cursor"] = cursor
        response = client.get(API, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert page["limit"] == 2
        page_sizes.append(len(page["items"]))
        seen.extend(item["name"] for item in page["items"])
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert page_sizes == [2, 2, 1]
    assert len(seen) == len(set(seen)) == 5, seen
    assert seen == expected


def test_cursor_pagination_keeps_the_filter(live: LiveServer) -> None:
    _, client = live.user()
    for number in range(3):
        create_draft(client, f"draft {number}")
        create(
            client,
            {
                "name": f"preset {number}",
                "avatarType": "preset_based",
                "presetId": "male_slim",
                "preferences": {"autoProcess": False},
            },
        )
    names = [a["name"] for a in all_items(client, limit=1, avatarType="photo_based")]
    assert sorted(names) == ["draft 0", "draft 1", "draft 2"]


def test_invalid_cursor_is_a_bad_request(alice: httpx.Client) -> None:
    assert_problem(alice.get(API, params={"cursor": "not-a-cursor"}), 400, field="cursor")


def test_cursor_of_another_sort_order_is_a_bad_request(alice: httpx.Client) -> None:
    for number in range(3):
        create_draft(alice, f"avatar {number}")
    cursor = alice.get(API, params={"limit": 1, "sort": "name"}).json()["nextCursor"]
    assert cursor
    assert_problem(
        alice.get(API, params={"limit": 1, "sort": "-createdAt", "cursor": cursor}),
        400,
        field="cursor",
    )


@pytest.mark.parametrize("limit", ["0", "-1", "101", "many"])
def test_limit_out_of_range_is_a_bad_request(alice: httpx.Client, limit: str) -> None:
    assert_problem(alice.get(API, params={"limit": limit}), 400, field="limit")


@pytest.mark.parametrize(
    "param",
    [
        "status",
        pytest.param(
            "avatarType",
        ),
        "visibility",
    ],
)
def test_unknown_filter_value_is_a_bad_request(alice: httpx.Client, param: str) -> None:
    assert_problem(alice.get(API, params={param: "bogus"}), 400, field=param)


def test_unknown_sort_is_refused_naming_sort(alice: httpx.Client) -> None:
    response = alice.get(API, params={"sort": "weight"})
    assert response.status_code in (400, 422)
    assert_problem(response, response.status_code, field="sort")


def test_list_shows_only_the_callers_own_avatars(live: LiveServer) -> None:
    _, alice = live.user()
    _, bob = live.user()
    create_draft(alice, "mine")
    create_draft(bob, "bob's public", preferences={"visibility": "public"})
    assert names_of(alice) == ["mine"]
    assert names_of(bob) == ["bob's public"]


# -- one avatar ------------------------------------------------------------------------------
def test_updating_details_changes_only_the_given_fields(alice: httpx.Client) -> None:
    created = create_measured(alice, "Before")
    wait_for_status(alice, created["id"])
    response = alice.put(
        f"{API}/{created['id']}",
        json={
            "name": "After",
            "description": "Summer body measurements",
            "tags": ["summer", "2025"],
            "visibility": "public",
            "allowAITraining": True,
        },
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["name"] == "After"
    assert updated["description"] == "Summer body measurements"
    assert updated["tags"] == ["summer", "2025"]
    assert updated["visibility"] == "public"
    assert updated["allowAITraining"] is True
    assert updated["allowExport"] is True, "left out, so unchanged"

    fetched = alice.get(f"{API}/{created['id']}").json()
    for key in ("name", "description", "tags", "visibility", "allowAITraining", "allowExport"):
        assert fetched[key] == updated[key], key
    assert fetched["version"] == 2, "details are not a new version (1: typed, 2: fitted)"
    assert fetched["measurements"]["waist"] == 80
    assert fetched["status"] == "completed"

    response = alice.put(f"{API}/{created['id']}", json={})
    assert response.status_code == 200
    assert response.json()["name"] == "After"


def test_renaming_to_a_name_already_used_conflicts_and_changes_nothing(
    alice: httpx.Client,
) -> None:
    create_draft(alice, "Taken")
    other = create_draft(alice, "Other")
    response = alice.put(f"{API}/{other['id']}", json={"name": "Taken", "description": "x"})
    assert_problem(response, 409, field="name", mentions="Taken")
    fetched = alice.get(f"{API}/{other['id']}").json()
    assert fetched["name"] == "Other"
    assert fetched["description"] is None


def test_renaming_to_its_own_name_is_fine(alice: httpx.Client) -> None:
    avatar = create_draft(alice, "Same")
    response = alice.put(f"{API}/{avatar['id']}", json={"name": "Same"})
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Same"


def test_deleting_an_avatar_while_it_is_processing_leaves_nothing_behind(
    alice: httpx.Client,
) -> None:
    avatar = create_measured(alice, "Short-lived")
    assert avatar["status"] == "processing"
    assert alice.delete(f"{API}/{avatar['id']}").status_code == 204
    time.sleep(0.2)  # the queued job finds nothing to do
    assert_problem(alice.get(f"{API}/{avatar['id']}"), 404)
    assert count(alice) == 0


def test_deleted_avatar_is_gone(alice: httpx.Client) -> None:
    created = create_measured(alice, "Doomed")
    keep = create_draft(alice, "Kept")
    response = alice.delete(f"{API}/{created['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert_problem(alice.get(f"{API}/{created['id']}"), 404, field="id")
    assert_problem(alice.get(f"{API}/{created['id']}/versions"), 404, field="id")
    assert_problem(alice.get(f"{API}/{created['id']}/measurements"), 404, field="id")
    assert_problem(alice.delete(f"{API}/{created['id']}"), 404, field="id")
    assert names_of(alice) == ["Kept"]
    assert alice.get(f"{API}/{keep['id']}").status_code == 200
    # The name is free again.
    create_measured(alice, "Doomed")


def test_duplicate_makes_a_new_avatar_pointing_at_its_parent(alice: httpx.Client) -> None:
    original = create_measured(alice, "Original", waist=82)
    wait_for_status(alice, original["id"])
    response = alice.post(f"{API}/{original['id']}/duplicate", json={"name": "Copy"})
    assert response.status_code == 201, response.text
    copy = response.json()
    assert copy["id"] != original["id"]
    assert copy["parentAvatarId"] == original["id"]
    assert copy["name"] == "Copy"
    assert copy["userId"] == original["userId"]
    assert copy["version"] == 1
    assert copy["measurements"]["waist"] == 82
    assert copy["measurements"]["id"] != original["measurements"]["id"]
    assert wait_for_status(alice, copy["id"])["bodyAnalysis"] is not None
    assert alice.get(f"{API}/{original['id']}").json()["name"] == "Original"

    for taken in ("Copy", "Original"):
        response = alice.post(f"{API}/{original['id']}/duplicate", json={"name": taken})
        assert_problem(response, 409, field="name", mentions=taken)
    assert count(alice) == 2


def test_duplicate_of_another_users_public_avatar_belongs_to_the_caller(
    live: LiveServer,
) -> None:
    owner_id, owner = live.user()
    reader_id, reader = live.user()
    source = create_measured(owner, "Public body")
    owner.put(f"{API}/{source['id']}", json={"visibility": "public"})
    response = reader.post(f"{API}/{source['id']}/duplicate", json={"name": "My copy"})
    assert response.status_code == 201, response.text
    copy = response.json()
    assert copy["userId"] == str(reader_id)
    assert copy["parentAvatarId"] == source["id"]
    assert copy["visibility"] == "private"
    assert names_of(reader) == ["My copy"]
    assert names_of(owner) == ["Public body"]
    assert owner_id != reader_id


def test_compare_two_avatars_lists_the_differences(alice: httpx.Client) -> None:
    left = create_measured(alice, "Left")
    right = create_measured(alice, "Right", waist=85, hips=104)
    response = alice.post(f"{API}/{left['id']}/compare", json={"otherAvatarId": right["id"]})
    assert response.status_code == 200, response.text
    comparison = response.json()
    assert snake_case_keys(comparison) == []
    differences = {d["measurement"]: d for d in comparison["differences"]}
    assert len(differences) == 9, "every measurement either avatar has"
    changed = {name: d for name, d in differences.items() if d["difference"] != 0}
    assert set(changed) == {"waist", "hips"}
    assert changed["waist"]["left"] == 80 and changed["waist"]["right"] == 85
    assert changed["waist"]["difference"] == pytest.approx(5)
    assert changed["waist"]["percentChange"] == pytest.approx(6.25)
    assert changed["hips"]["difference"] == pytest.approx(4)
    assert changed["hips"]["percentChange"] == pytest.approx(4.0)


def test_compare_two_versions_lists_what_the_update_changed(alice: httpx.Client) -> None:
    avatar = create_measured(alice, "Versioned")
    wait_for_status(alice, avatar["id"])
    response = alice.put(
        f"{API}/{avatar['id']}/measurements",
        json={"measurements": {"waist": 78, "hips": 98}, "regenerateModel": False},
    )
    assert response.status_code == 200, response.text
    response = alice.post(f"{API}/{avatar['id']}/compare", json={"fromVersion": 2, "toVersion": 3})
    assert response.status_code == 200, response.text
    comparison = response.json()
    assert (comparison["left"], comparison["right"]) == ("version 2", "version 3")
    changed = {d["measurement"]: d for d in comparison["differences"] if d["difference"] != 0}
    assert len(comparison["differences"]) == 15
    assert set(changed) == {"waist", "hips"}
    assert changed["waist"]["difference"] == pytest.approx(-2)
    assert changed["waist"]["percentChange"] == pytest.approx(-2.5)
    assert changed["hips"]["difference"] == pytest.approx(-2)

    response = alice.post(f"{API}/{avatar['id']}/compare", json={"fromVersion": 1, "toVersion": 4})
    assert_problem(response, 404, field="toVersion")
    assert_problem(alice.post(f"{API}/{avatar['id']}/compare", json={}), 422, field="otherAvatarId")


def test_export_is_an_attachment_with_the_avatar_and_its_versions(alice: httpx.Client) -> None:
    avatar = create_measured(alice, "Exported")
    wait_for_status(alice, avatar["id"])
    alice.put(
        f"{API}/{avatar['id']}/measurements",
        json={"measurements": {"waist": 79}, "regenerateModel": False},
    )
    response = alice.get(f"{API}/{avatar['id']}/export")
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment")
    assert f"avatar-{avatar['id']}.json" in disposition
    document = json.loads(response.content)
    assert snake_case_keys(document) == []
    assert document["avatar"]["id"] == avatar["id"]
    assert document["avatar"]["version"] == 3
    assert document["avatar"]["measurements"]["waist"] == 79
    assert [v["version"] for v in document["versions"]] == [1, 2, 3]
    assert document["versions"][2]["changeType"] == "measurement_update"
    assert len(document["models"]) == 16 and document["photos"] == []
    assert document["exportedAt"]


def test_export_is_refused_when_export_is_disallowed(alice: httpx.Client) -> None:
    avatar = create(
        alice,
        {**measurement_avatar("Private body"), "preferences": {"allowExport": False}},
    )
    assert avatar["allowExport"] is False
    response = alice.get(f"{API}/{avatar['id']}/export")
    assert_problem(response, 403, field="allowExport", mentions="allowExport")
    assert "content-disposition" not in response.headers

    alice.put(f"{API}/{avatar['id']}", json={"allowExport": True})
    assert alice.get(f"{API}/{avatar['id']}/export").status_code == 200


def test_get_and_put_measurements(alice: httpx.Client) -> None:
    avatar = create_measured(alice, "Measured")
    wait_for_status(alice, avatar["id"])
    response = alice.get(f"{API}/{avatar['id']}/measurements")
    assert response.status_code == 200, response.text
    measurements = response.json()
    assert snake_case_keys(measurements) == []
    for name, value in SPEC_MEASUREMENTS.items():
        assert measurements[name] == value, name
    # The typed values stay as typed; the fit added the others and says so.
    assert measurements["extractionMethod"] == "mixed"
    assert set(measurements["manualOverrides"]) == set(SPEC_MEASUREMENTS) - {"unit"}
    assert set(measurements["estimated"]) == {"bicep", "forearm", "wrist", "thigh", "calf", "ankle"}
    typed = set(SPEC_MEASUREMENTS) - {"unit"}
    assert all(measurements["confidenceScores"][n] > 0.95 for n in typed)

    response = alice.put(
        f"{API}/{avatar['id']}/measurements",
        json={
            "measurements": {"chest": 97, "bicep": 31},
            "regenerateModel": False,
            "changeDescription": "gym season",
        },
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "id": avatar["id"],
        "status": "completed",
        "message": "Measurements updated.",
        "version": 3,
        "jobId": None,  # nothing to poll: no regeneration
    }
    after = alice.get(f"{API}/{avatar['id']}/measurements").json()
    assert after["chest"] == 97 and after["bicep"] == 31 and after["waist"] == 80
    assert {"chest", "bicep"} <= set(after["manualOverrides"])
    assert "bicep" not in after["estimated"]
    versions = alice.get(f"{API}/{avatar['id']}/versions").json()
    assert versions[-1]["changeDescription"] == "gym season"
    fetched = alice.get(f"{API}/{avatar['id']}").json()
    assert fetched["status"] == "completed" and fetched["version"] == 3


def test_put_measurements_in_inches_on_a_metric_avatar_converts_them(alice: httpx.Client) -> None:
    avatar = create_measured(alice, "Switching units")
    wait_for_status(alice, avatar["id"])
    response = alice.put(
        f"{API}/{avatar['id']}/measurements",
        json={"measurements": {"waist": 31.5, "unit": "imperial"}, "regenerateModel": False},
    )
    assert response.status_code == 200, response.text
    after = alice.get(f"{API}/{avatar['id']}/measurements").json()
    assert after["unit"] == "imperial"
    assert after["waist"] == pytest.approx(31.5, abs=0.005)
    assert after["height"] == pytest.approx(175 / CM_PER_INCH, abs=0.005)


def test_invalid_measurement_update_is_refused_and_changes_nothing(alice: httpx.Client) -> None:
    avatar = create_measured(alice, "Stable")
    wait_for_status(alice, avatar["id"])
    for body, field in (
        ({"measurements": {"waist": -1}}, "measurements.waist"),
        ({"measurements": {"chest": 500}}, "measurements.chest"),
        ({"measurements": {"waist": 190}}, "measurements.waist"),
        ({"measurements": {}}, "measurements"),
        ({"measurements": {"waist": 70, "bogus": 1}}, "measurements.bogus"),
    ):
        response = alice.put(f"{API}/{avatar['id']}/measurements", json=body)
        assert_problem(response, 422, field=field)
    assert len(alice.get(f"{API}/{avatar['id']}/versions").json()) == 2
    fetched = alice.get(f"{API}/{avatar['id']}").json()
    assert fetched["version"] == 2 and fetched["measurements"]["waist"] == 80


def test_validate_measurements_says_valid_or_names_the_bad_one(alice: httpx.Client) -> None:
    avatar = create_measured(alice, "Validated")
    url = f"{API}/{avatar['id']}/measurements/validate"
    response = alice.post(url, json={"measurements": SPEC_MEASUREMENTS})
    assert response.status_code == 200, response.text
    assert response.json()["valid"] is True

    response = alice.post(url, json={"measurements": {**SPEC_MEASUREMENTS, "waist": 500}})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["valid"] is False
    assert result["field"] == "measurements.waist"
    assert "waist" in result["message"]

    # Any subset with the height is enough: the body fit fills the rest.
    partial = {k: v for k, v in SPEC_MEASUREMENTS.items() if k != "inseam"}
    assert alice.post(url, json={"measurements": partial}).json()["valid"] is True
    no_height = {k: v for k, v in SPEC_MEASUREMENTS.items() if k != "height"}
    result = alice.post(url, json={"measurements": no_height}).json()
    assert (result["valid"], result["field"]) == (False, "measurements.height")

    # Each value in range, together no human body: named, with what it disagrees with.
    odd = {"height": 150, "chest": 80, "waist": 150, "hips": 95}
    result = alice.post(url, json={"measurements": odd}).json()
    assert (result["valid"], result["field"]) == (False, "measurements.waist")
    assert "disagrees with" in result["message"] and "about" in result["message"]
    assert result["errors"][0]["field"] == "measurements.waist"

    inches = {**SPEC_MEASUREMENTS, "unit": "imperial"}  # 175 in tall is not a person
    result = alice.post(url, json={"measurements": inches}).json()
    assert result["valid"] is False and result["field"] == "measurements.height"

    fetched = alice.get(f"{API}/{avatar['id']}").json()
    assert fetched["version"] == 1 and fetched["measurements"]["waist"] == 80


# -- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body", [b'{"name": "x", avatarType: "photo_based"}', b"{'name': 'x'}", b"not json at all"]
)
def test_malformed_json_is_a_bad_request(alice: httpx.Client, body: bytes) -> None:
    response = alice.post(API, content=body, headers={"content-type": "application/json"})
    assert_problem(response, 400, mentions="JSON")
    assert count(alice) == 0


def test_truncated_json_is_a_bad_request_saying_the_json_is_malformed(
    alice: httpx.Client,
) -> None:
    response = alice.post(
        API, content=b'{"name": "x", "avatarType": ', headers={"content-type": "application/json"}
    )
    assert_problem(response, 400, mentions="JSON")
    assert count(alice) == 0


def test_unknown_field_is_refused_naming_it(alice: httpx.Client) -> None:
    body = {**measurement_avatar("Typo"), "colour": "blue"}
    assert_problem(alice.post(API, json=body), 422, field="colour", mentions="colour")
    body = measurement_avatar("Typo", waste=80)
    assert_problem(alice.post(API, json=body), 422, field="measurements.waste")
    body = {**measurement_avatar("Typo"), "preferences": {"visibilty": "public"}}
    assert_problem(alice.post(API, json=body), 422, field="preferences.visibilty")
    assert count(alice) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": 123}, "name"),
        ({"avatarType": "hologram"}, "avatarType"),
        ({"measurements": {**SPEC_MEASUREMENTS, "height": "tall"}}, "measurements.height"),
        ({"measurements": {**SPEC_MEASUREMENTS, "unit": "cubits"}}, "measurements.unit"),
        ({"preferences": {"visibility": "secret"}}, "preferences.visibility"),
        ({"tags": "summer"}, "tags"),
        ({"preferences": {"sharedWith": ["not-a-uuid"]}}, "preferences.sharedWith"),
    ],
)
def test_wrong_type_is_refused_naming_the_field(
    alice: httpx.Client, change: dict[str, Any], field: str
) -> None:
    response = alice.post(API, json={**measurement_avatar("Typed"), **change})
    problem = assert_problem(response, 422)
    assert problem["field"].startswith(field), problem
    assert count(alice) == 0


def test_missing_required_field_is_refused_naming_it(alice: httpx.Client) -> None:
    response = alice.post(API, json={"avatarType": "measurement_based"})
    assert_problem(response, 422, mentions="name")
    assert count(alice) == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("height", -175),
        ("weight", 0),
        ("chest", 10_000),
        ("inseam", 5),
        ("neckCircumference", -1e9),
        ("hips", 1e300),
    ],
)
def test_negative_or_absurd_measurement_is_refused_naming_it(
    alice: httpx.Client, name: str, value: float
) -> None:
    response = alice.post(API, json=measurement_avatar("Absurd", **{name: value}))
    assert_problem(response, 422, field=f"measurements.{name}")
    assert count(alice) == 0


def test_infinite_measurement_is_refused(alice: httpx.Client) -> None:
    body = json.dumps(measurement_avatar("Infinite")).replace('"height": 175', '"height": 1e999')
    response = alice.post(API, content=body, headers={"content-type": "application/json"})
    assert response.status_code in (400, 422), response.text
    assert_problem(response, response.status_code, mentions="out of range")
    assert count(alice) == 0


def test_waist_exceeding_chest_by_100_cm_is_refused(alice: httpx.Client) -> None:
    response = alice.post(API, json=measurement_avatar("Odd", chest=95, waist=195, hips=100))
    problem = assert_problem(response, 422, field="measurements.waist")
    assert "chest" in problem["detail"]
    assert count(alice) == 0


def test_name_of_256_characters_is_refused_and_255_accepted(alice: httpx.Client) -> None:
    response = alice.post(API, json=measurement_avatar("n" * 256))
    assert_problem(response, 422, field="name", mentions="255")
    assert count(alice) == 0
    create_draft(alice, "n" * 255)
    assert count(alice) == 1


@pytest.mark.parametrize("name", ["", "   ", "bell\u0007"])
def test_empty_or_unprintable_name_is_refused(alice: httpx.Client, name: str) -> None:
    assert_problem(alice.post(API, json=measurement_avatar(name)), 422, field="name")
    assert count(alice) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": "d" * 2001}, "description"),
        ({"tags": [f"tag{n}" for n in range(21)]}, "tags"),
        ({"tags": ["t" * 51]}, "tags"),
        ({"preferences": {"sharedWith": [str(uuid.uuid4()) for _ in range(101)]}}, "sharedWith"),
    ],
)
def test_oversized_fields_are_refused_naming_them(
    alice: httpx.Client, change: dict[str, Any], field: str
) -> None:
    response = alice.post(API, json={**measurement_avatar("Big"), **change})
    problem = assert_problem(response, 422)
    assert field in problem["field"], problem
    assert count(alice) == 0


def test_duplicate_name_conflicts(alice: httpx.Client) -> None:
    create_measured(alice, "Twin")
    assert_problem(alice.post(API, json=measurement_avatar("Twin")), 409, field="name")
    assert_problem(alice.post(API, json=measurement_avatar("  Twin ")), 409, field="name")
    assert count(alice) == 1


def test_the_same_name_is_fine_for_two_users(live: LiveServer) -> None:
    _, alice = live.user()
    _, bob = live.user()
    create_draft(alice, "Common name")
    create_draft(bob, "Common name")


def test_empty_body_is_refused_saying_the_body_is_missing(alice: httpx.Client) -> None:
    response = alice.post(API, content=b"", headers={"content-type": "application/json"})
    assert response.status_code in (400, 422), response.text
    problem = assert_problem(response, response.status_code)
    assert any(word in problem["detail"].lower() for word in ("missing", "required", "empty"))
    assert count(alice) == 0


@pytest.mark.parametrize("body", [b"null", b"[]", b'"name"', b"42"])
def test_body_that_is_not_an_object_is_refused(alice: httpx.Client, body: bytes) -> None:
    response = alice.post(API, content=body, headers={"content-type": "application/json"})
    assert_problem(response, 422, field="body", mentions="object")
    assert count(alice) == 0


def test_unknown_avatar_id_is_not_found(alice: httpx.Client) -> None:
    missing = uuid.uuid4()
    for response in (
        alice.get(f"{API}/{missing}"),
        alice.put(f"{API}/{missing}", json={"name": "x"}),
        alice.delete(f"{API}/{missing}"),
        alice.get(f"{API}/{missing}/versions"),
        alice.get(f"{API}/{missing}/measurements"),
        alice.put(f"{API}/{missing}/measurements", json={"measurements": {"waist": 80}}),
        alice.get(f"{API}/{missing}/export"),
        alice.post(f"{API}/{missing}/duplicate", json={"name": "x"}),
    ):
        assert_problem(response, 404, field="id", mentions=str(missing))
    assert count(alice) == 0


def test_non_uuid_id_is_not_found(alice: httpx.Client) -> None:
    for response in (
        alice.get(f"{API}/not-a-uuid"),
        alice.put(f"{API}/12345", json={"name": "x"}),
        alice.delete(f"{API}/not-a-uuid"),
        alice.get(f"{API}/not-a-uuid/versions"),
    ):
        assert_problem(response, 404, mentions="UUID")


def test_unknown_path_and_method_are_problems(alice: httpx.Client) -> None:
    assert_problem(alice.get("/api/v1/nothing-here"), 404)
    assert_problem(alice.patch(f"{API}/{uuid.uuid4()}", json={}), 405)


def test_missing_token_is_unauthorized_with_a_challenge(live: LiveServer) -> None:
    with httpx.Client(base_url=live.base_url) as anonymous:
        for response in (
            anonymous.get(API),
            anonymous.post(API, json=SPEC_CREATE_BODY),
            anonymous.get(f"{API}/{uuid.uuid4()}"),
        ):
            assert_problem(response, 401, mentions="Authorization")
            assert response.headers["www-authenticate"].startswith("Bearer")
        response = anonymous.get(API, headers={"Authorization": "Basic dXNlcjpwYXNz"})
        assert_problem(response, 401, mentions="Bearer")
        assert "www-authenticate" in response.headers


def bad_token_cases(live: LiveServer, user_id: UUID) -> Iterator[tuple[str, str, str]]:
    """(case, token, what the problem mentions) for tokens the service must refuse."""
    now = int(time.time())
    yield "expired", live.token(user_id, Role.USER, ttl_s=-60), "expired"
    claims = {"sub": str(user_id), "roles": ["user"], "iat": now, "exp": now + 600}
    yield "forged", jwt.encode(claims, "another-secret-" + "x" * 32, algorithm="HS256"), "sign"
    secret = signing_secret(live.settings)
    assert secret is not None
    not_uuid = {**claims, "sub": "alice"}
    yield "sub not uuid", jwt.encode(not_uuid, secret, algorithm="HS256"), "subject"
    no_exp = {"sub": str(user_id), "roles": ["user"]}
    yield "no exp", jwt.encode(no_exp, secret, algorithm="HS256"), "exp"
    yield "alg none", jwt.encode(claims, None, algorithm="none"), "invalid"
    yield "garbage", "not.a.jwt", "invalid"


def test_bad_tokens_are_unauthorized_and_write_nothing(live: LiveServer) -> None:
    user_id, owner = live.user()
    for case, token, mention in bad_token_cases(live, user_id):
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=live.base_url, headers=headers) as client:
            response = client.get(API)
            problem = assert_problem(response, 401)
            assert mention in problem["detail"].lower(), (case, problem)
            assert response.headers["www-authenticate"].startswith("Bearer"), case
            response = client.post(API, json=SPEC_CREATE_BODY)
            assert_problem(response, 401)
    assert count(owner) == 0


def test_expired_token_is_unauthorized(live: LiveServer) -> None:
    user_id = uuid.uuid4()
    token = live.token(user_id, Role.USER, ttl_s=-60)
    response = httpx.get(f"{live.base_url}{API}", headers={"Authorization": f"Bearer {token}"})
    problem = assert_problem(response, 401)
    assert "expired" in problem["detail"]


def test_token_signed_with_another_secret_is_unauthorized(live: LiveServer) -> None:
    now = int(time.time())
    claims = {"sub": str(uuid.uuid4()), "roles": ["admin"], "iat": now, "exp": now + 600}
    token = jwt.encode(claims, "not-the-service-secret-" + "y" * 32, algorithm="HS256")
    response = httpx.get(f"{live.base_url}{API}", headers={"Authorization": f"Bearer {token}"})
    assert_problem(response, 401, mentions="signature")


def test_token_whose_subject_is_not_a_uuid_is_unauthorized(live: LiveServer) -> None:
    now = int(time.time())
    secret = signing_secret(live.settings)
    token = jwt.encode({"sub": "alice", "iat": now, "exp": now + 600}, secret, algorithm="HS256")
    response = httpx.get(f"{live.base_url}{API}", headers={"Authorization": f"Bearer {token}"})
    assert_problem(response, 401, mentions="sub")


def test_another_users_private_avatar_is_not_found(live: LiveServer) -> None:
    _, owner = live.user()
    _, stranger = live.user()
    avatar = create_measured(owner, "Secret")
    wait_for_status(owner, avatar["id"])
    url = f"{API}/{avatar['id']}"
    for response in (
        stranger.get(url),
        stranger.put(url, json={"name": "Hijacked", "visibility": "public"}),
        stranger.delete(url),
        stranger.get(f"{url}/versions"),
        stranger.get(f"{url}/measurements"),
        stranger.put(f"{url}/measurements", json={"measurements": {"waist": 70}}),
        stranger.post(f"{url}/measurements/validate", json={"measurements": SPEC_MEASUREMENTS}),
        stranger.get(f"{url}/export"),
        stranger.post(f"{url}/duplicate", json={"name": "Stolen"}),
        stranger.post(f"{url}/compare", json={"fromVersion": 1, "toVersion": 1}),
    ):
        problem = assert_problem(response, 404, field="id")
        assert "Secret" not in problem["detail"]
    mine = create_measured(stranger, "Mine")
    response = stranger.post(f"{API}/{mine['id']}/compare", json={"otherAvatarId": avatar["id"]})
    assert_problem(response, 404, field="id")

    fetched = owner.get(url).json()
    assert fetched["name"] == "Secret" and fetched["visibility"] == "private"
    assert fetched["version"] == 2 and fetched["measurements"]["waist"] == 80
    assert names_of(stranger) == ["Mine"]


def test_another_users_public_avatar_is_readable_but_not_modifiable(live: LiveServer) -> None:
    _, owner = live.user()
    _, reader = live.user()
    avatar = create_measured(owner, "Showcase")
    owner.put(f"{API}/{avatar['id']}", json={"visibility": "public"})
    wait_for_status(owner, avatar["id"])
    url = f"{API}/{avatar['id']}"

    response = reader.get(url)
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Showcase"
    assert reader.get(f"{url}/versions").status_code == 200
    assert reader.get(f"{url}/measurements").status_code == 200

    for response in (
        reader.put(url, json={"name": "Defaced"}),
        reader.delete(url),
        reader.put(f"{url}/measurements", json={"measurements": {"waist": 70}}),
    ):
        assert_problem(response, 403, field="id", mentions="owner")
    fetched = owner.get(url).json()
    assert fetched["name"] == "Showcase" and fetched["version"] == 2
    assert fetched["measurements"]["waist"] == 80


def test_shared_avatar_is_readable_only_by_users_in_shared_with(live: LiveServer) -> None:
    _, owner = live.user()
    friend_id, friend = live.user()
    _, stranger = live.user()
    avatar = create_draft(
        owner, "For my tailor", preferences={"visibility": "shared", "sharedWith": [str(friend_id)]}
    )
    assert avatar["sharedWith"] == [str(friend_id)]
    url = f"{API}/{avatar['id']}"

    response = friend.get(url)
    assert response.status_code == 200, response.text
    assert response.json()["sharedWith"] == [], "the share list is the owner's business"
    assert_problem(stranger.get(url), 404, field="id")
    assert_problem(friend.put(url, json={"name": "Mine now"}), 403, field="id")
    assert names_of(friend) == []

    owner.put(url, json={"sharedWith": []})
    assert_problem(friend.get(url), 404, field="id")
    assert owner.get(url).json()["name"] == "For my tailor"


def test_admin_may_read_any_avatar(live: LiveServer) -> None:
    _, owner = live.user()
    _, admin = live.user(Role.ADMIN)
    avatar = create_draft(owner, "Private")
    assert admin.get(f"{API}/{avatar['id']}").status_code == 200


def test_user_role_is_refused_an_eleventh_avatar(any_live: LiveServer) -> None:
    _, client = any_live.user(Role.USER)
    for number in range(10):
        create_draft(client, f"avatar {number}")
    response = client.post(API, json=measurement_avatar("eleventh"))
    assert_problem(response, 403, mentions="10")
    source = all_items(client)[0]
    response = client.post(f"{API}/{source['id']}/duplicate", json={"name": "eleventh copy"})
    assert_problem(response, 403, mentions="10")
    assert count(client) == 10


def test_premium_role_may_create_an_eleventh_avatar(live: LiveServer) -> None:
    _, client = live.user(Role.PREMIUM)
    for number in range(10):
        create_draft(client, f"avatar {number}")
    create_measured(client, "eleventh")
    create_draft(client, "twelfth")
    assert count(client) == 12


def test_body_over_one_mebibyte_is_refused_with_413(alice: httpx.Client) -> None:
    body = {**measurement_avatar("Huge"), "description": "x" * (1024 * 1024 + 10)}
    response = alice.post(API, json=body)
    assert_problem(response, 413)
    assert count(alice) == 0


@pytest.fixture(scope="module")
def small_body_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = embedded_settings(
        tmp_path_factory.mktemp("e2e-small-body"), AVATAR_MAX_JSON_BODY_BYTES="2048"
    )
    with running_server(settings) as server:
        yield server


def test_body_over_the_configured_limit_is_refused_with_413(
    small_body_server: LiveServer,
) -> None:
    _, client = small_body_server.user()
    body = {**measurement_avatar("Long story"), "description": "x" * 1990}
    response = client.post(API, json=body)
    assert_problem(response, 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server must count
        payload = json.dumps(body).encode()
        for start in range(0, len(payload), 512):
            yield payload[start : start + 512]

    response = client.post(API, content=chunks(), headers={"content-type": "application/json"})
    assert_problem(response, 413)
    assert count(client) == 0
    create_measured(client, "Short story")
    assert count(client) == 1


# -- concurrency: one transaction per use case must also mean no lost writes -------------------
# Each runs on SQLite and PostgreSQL: writers take turns (BEGIN IMMEDIATE on SQLite, row and
# owner locks on PostgreSQL), so none of these races loses or duplicates a write.
RACING_BACKENDS = pytest.mark.parametrize(
    "any_live", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


def burst(
    live: LiveServer, user_id: UUID, role: Role, requests: list[tuple[str, str, Any]]
) -> list[httpx.Response]:
    """Send ``requests`` at the same moment, each on its own connection."""
    barrier = threading.Barrier(len(requests))
    token = live.token(user_id, role)

    def send(request: tuple[str, str, Any]) -> httpx.Response:
        method, url, body = request
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=live.base_url, headers=headers, timeout=30) as client:
            client.get("/health")  # connect first, so the requests leave together
            barrier.wait(timeout=30)
            return client.request(method, url, json=body)

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(send, requests))


def test_concurrent_creates_with_one_name_make_one_avatar(any_live: LiveServer) -> None:
    user_id, client = any_live.user(Role.PREMIUM)
    body = {"name": "Contested", "avatarType": "photo_based"}
    responses = burst(any_live, user_id, Role.PREMIUM, [("POST", API, body)] * 8)
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7
    for response in responses:
        if response.status_code == 409:
            assert_problem(response, 409, field="name")
    assert count(client) == 1


@RACING_BACKENDS
def test_concurrent_creates_never_exceed_the_quota(any_live: LiveServer) -> None:
    for _ in range(3):
        user_id, client = any_live.user(Role.USER)
        for number in range(9):
            create_draft(client, f"avatar {number}")
        requests = [
            ("POST", API, {"name": f"racer {n}", "avatarType": "photo_based"}) for n in range(12)
        ]
        responses = burst(any_live, user_id, Role.USER, requests)
        assert sorted(r.status_code for r in responses) == [201] + [403] * 11
        assert count(client) == 10


@RACING_BACKENDS
def test_concurrent_measurement_updates_each_make_a_version_or_conflict(
    any_live: LiveServer,
) -> None:
    user_id, client = any_live.user()
    avatar = create_measured(client, "Busy")
    wait_for_status(client, avatar["id"])
    url = f"{API}/{avatar['id']}/measurements"
    requests = [
        ("PUT", url, {"measurements": {"waist": 70 + n}, "regenerateModel": False})
        for n in range(5)
    ]
    responses = burst(any_live, user_id, Role.USER, requests)
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {200, 409}, [r.text for r in responses if r.status_code != 200]
    versions = client.get(f"{API}/{avatar['id']}/versions").json()
    assert [v["version"] for v in versions] == list(range(1, 3 + statuses.count(200)))


@RACING_BACKENDS
def test_concurrent_detail_updates_are_not_lost(any_live: LiveServer) -> None:
    user_id, client = any_live.user()
    for attempt in range(6):
        avatar = create_draft(client, f"Edited {attempt}")
        url = f"{API}/{avatar['id']}"
        requests = [("PUT", url, {"description": "described"}), ("PUT", url, {"tags": ["tagged"]})]
        responses = burst(any_live, user_id, Role.USER, requests)
        assert [r.status_code for r in responses] == [200, 200]
        fetched = client.get(url).json()
        assert (fetched["description"], fetched["tags"]) == ("described", ["tagged"]), attempt


@RACING_BACKENDS
def test_avatar_edited_while_processing_still_completes(any_live: LiveServer) -> None:
    _, client = any_live.user()
    ids = []
    for number in range(5):
        avatar = create_measured(client, f"Edited at once {number}")
        response = client.put(f"{API}/{avatar['id']}", json={"description": "edited"})
        assert response.status_code == 200, response.text
        ids.append(avatar["id"])
    deadline = time.monotonic() + 180  # five fits and 80 model files on a busy CI machine
    statuses: list[str] = []
    while time.monotonic() < deadline:
        fetched = [client.get(f"{API}/{avatar_id}").json() for avatar_id in ids]
        statuses = [a["status"] for a in fetched]
        if set(statuses) == {"completed"}:
            break
        time.sleep(0.1)
    assert statuses == ["completed"] * 5
    assert {a["description"] for a in fetched} == {"edited"}
