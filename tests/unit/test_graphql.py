"""GraphQL at /graphql (spec 4.3): queries and mutations through the REST use cases with the
same rules and messages, the processing subscription over graphql-transport-ws, limits on
what one query may ask, and the checked-in SDL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.exceptions import WebSocketDisconnect

from entrypoints.graphql.schema import schema
from tests.support.live_service import API, MEASURED, LiveService, live_service

ROOT = Path(__file__).resolve().parents[2]
AVATAR_FIELDS = """
  id name status avatarType visibility version tags jobId processingTime
  processing { stage progress message }
  measurements { height waist unit estimated confidenceScores }
  bodyAnalysis { bodyType bodyTypeConfidence waistToHipRatio }
  models { format lodLevel fileSize downloadUrl }
"""
MEASUREMENTS = """{height: 175, weight: 70, chest: 95, waist: 80, hips: 100, shoulderWidth: 45,
  armLength: 60, inseam: 78, neckCircumference: 38}"""


@pytest.fixture
def service(tmp_path: Path) -> Iterator[LiveService]:
    yield from live_service(tmp_path)


def graphql(
    service: LiveService, user: uuid.UUID | None, query: str, **variables: Any
) -> dict[str, Any]:
    headers = service.headers(user) if user else {}
    answer = service.client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_the_checked_in_sdl_is_the_schema_served() -> None:
    checked_in = (ROOT / "docs" / "schema.graphql").read_text()
    assert checked_in == schema.as_str() + "\n", (
        "docs/schema.graphql is stale: strawberry export-schema entrypoints.graphql.schema:schema"
        " --output docs/schema.graphql"
    )


def test_an_avatar_created_by_mutation_reads_back_as_rest_shows_it(service: LiveService) -> None:
    owner = uuid.uuid4()
    created = graphql(
        service,
        owner,
        f"""mutation {{ createAvatar(input: {{name: "Graph", avatarType: MEASUREMENT_BASED,
            tags: ["a"], measurements: {MEASUREMENTS}}}) {{ {AVATAR_FIELDS} }} }}""",
    )
    assert "errors" not in created, created
    avatar = created["data"]["createAvatar"]
    assert (avatar["status"], avatar["processing"]["stage"]) == ("PROCESSING", "queued")
    service.body_model.gate.set()
    service.start_next_job().result(timeout=30)

    read = graphql(service, owner, f'{{ avatar(id: "{avatar["id"]}") {{ {AVATAR_FIELDS} }} }}')
    got = read["data"]["avatar"]
    rest = service.client.get(f"{API}/{avatar['id']}", headers=service.headers(owner)).json()
    assert got["status"] == "COMPLETED"
    assert got["processingTime"] == rest["processingTime"]
    assert got["measurements"]["height"] == rest["measurements"]["height"] == 175
    assert got["measurements"]["confidenceScores"] == rest["measurements"]["confidenceScores"]
    assert got["bodyAnalysis"]["bodyType"] == rest["bodyAnalysis"]["bodyType"]
    assert got["jobId"] == rest["jobId"] == avatar["jobId"]

    listed = graphql(
        service,
        owner,
        "{ avatars(filter: {status: COMPLETED}, pagination: {limit: 1}) "
        "{ items { id name } pageInfo { hasNextPage endCursor } } }",
    )
    assert listed["data"]["avatars"] == {
        "items": [{"id": avatar["id"], "name": "Graph"}],
        "pageInfo": {"hasNextPage": False, "endCursor": None},
    }
    versions = graphql(
        service, owner, f'{{ avatarVersions(avatarId: "{avatar["id"]}") {{ version changeType }} }}'
    )
    assert [v["version"] for v in versions["data"]["avatarVersions"]] == [1, 2]


def test_mutations_change_copy_regenerate_and_delete_through_the_use_cases(
    service: LiveService,
) -> None:
    owner = uuid.uuid4()
    service.body_model.gate.set()
    made = service.client.post(API, json=MEASURED, headers=service.headers(owner)).json()
    service.start_next_job().result(timeout=30)
    avatar_id = made["id"]

    updated = graphql(
        service,
        owner,
        f'mutation {{ updateAvatar(id: "{avatar_id}", input: {{name: "Renamed", '
        f"visibility: PUBLIC}}) {{ name visibility }} }}",
    )
    assert updated["data"]["updateAvatar"] == {"name": "Renamed", "visibility": "PUBLIC"}

    measured = graphql(
        service,
        owner,
        f'mutation {{ updateMeasurements(avatarId: "{avatar_id}", '
        f"measurements: {{waist: 78}}) {{ waist manualOverrides }} }}",
    )
    assert measured["data"]["updateMeasurements"]["waist"] == 78
    service.start_next_job().result(timeout=30)

    model = graphql(
        service,
        owner,
        f'mutation {{ regenerateModel(avatarId: "{avatar_id}", lodLevel: MOBILE) '
        f"{{ format lodLevel fileSize downloadUrl }} }}",
    )
    assert "errors" not in model, model
    assert (
        model["data"]["regenerateModel"]["format"],
        model["data"]["regenerateModel"]["lodLevel"],
    ) == ("GLB", "MOBILE")
    assert model["data"]["regenerateModel"]["fileSize"] > 0

    copy = graphql(
        service,
        owner,
        f'mutation {{ duplicateAvatar(id: "{avatar_id}", name: "Copy") '
        f"{{ id name parentAvatar {{ id name }} }} }}",
    )
    assert copy["data"]["duplicateAvatar"]["parentAvatar"] == {"id": avatar_id, "name": "Renamed"}

    deleted = graphql(service, owner, f'mutation {{ deleteAvatar(id: "{avatar_id}") }}')
    assert deleted["data"]["deleteAvatar"] is True
    gone = service.client.get(f"{API}/{avatar_id}", headers=service.headers(owner))
    assert gone.status_code == 404


def test_errors_carry_the_rest_message_and_a_code_and_nothing_is_written(
    service: LiveService,
) -> None:
    owner, stranger = uuid.uuid4(), uuid.uuid4()
    refused = graphql(
        service,
        owner,
        'mutation { createAvatar(input: {name: "Tall", avatarType: MEASUREMENT_BASED, '
        "measurements: {height: 400}}) { id } }",
    )
    rest = service.client.post(
        API,
        json={**MEASURED, "name": "Tall", "measurements": {"height": 400}},
        headers=service.headers(owner),
    ).json()
    error = refused["errors"][0]
    assert error["message"] == rest["detail"]
    assert error["extensions"]["code"] == "INVALID_VALUE"
    assert error["extensions"]["field"] == rest["field"]
    assert service.client.get(API, headers=service.headers(owner)).json()["items"] == []

    made = service.client.post(API, json=MEASURED, headers=service.headers(owner)).json()
    hidden = graphql(service, stranger, f'{{ avatar(id: "{made["id"]}") {{ id }} }}')
    assert hidden == {"data": {"avatar": None}}
    not_yours = graphql(service, stranger, f'mutation {{ deleteAvatar(id: "{made["id"]}") }}')
    assert not_yours["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert not_yours["errors"][0]["message"] == f"avatar {made['id']} not found"

    anonymous = graphql(service, None, "{ avatars { items { id } } }")
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    bad_id = graphql(service, owner, '{ avatar(id: "nope") { id } }')
    assert bad_id["errors"][0]["extensions"] == {"code": "INVALID_VALUE", "field": "id"}


def test_too_deep_or_too_large_queries_are_refused_before_they_run(service: LiveService) -> None:
    owner = uuid.uuid4()
    nested = "id"
    for _ in range(10):
        nested = f"parentAvatar {{ {nested} }}"
    deep = graphql(service, owner, f"{{ avatars {{ items {{ {nested} }} }} }}")
    assert "exceeds maximum operation depth" in deep["errors"][0]["message"]
    assert deep.get("data") is None

    large = graphql(service, owner, "{ avatars { items { " + "id " * 2500 + "} } }")
    assert "token" in large["errors"][0]["message"].lower()
    aliases = " ".join(f"a{n}: avatars {{ items {{ id }} }}" for n in range(40))
    many = graphql(service, owner, f"{{ {aliases} }}")
    assert "aliases" in many["errors"][0]["message"].lower()


def subscribe(socket: Any, avatar_id: str) -> None:
    socket.send_json(
        {
            "id": "1",
            "type": "subscribe",
            "payload": {
                "query": "subscription ($id: ID!) { avatarProcessingStatus(avatarId: $id) "
                "{ eventId avatarId status stage progress message processingTime "
                "avatar { id status measurements { height } } } }",
                "variables": {"id": avatar_id},
            },
        }
    )


def test_the_subscription_streams_the_stages_then_the_completed_avatar(
    service: LiveService,
) -> None:
    owner = uuid.uuid4()
    made = service.client.post(API, json=MEASURED, headers=service.headers(owner)).json()
    with service.client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json(
            {
                "type": "connection_init",
                "payload": {"authorization": service.headers(owner)["Authorization"]},
            }
        )
        assert ws.receive_json(timeout=5)["type"] == "connection_ack"
        subscribe(ws, made["id"])
        running = service.start_next_job()
        assert service.body_model.fitting.wait(10)
        updates = []
        service.body_model.gate.set()
        while True:
            message = ws.receive_json(timeout=30)
            if message["type"] == "complete":
                break
            assert message["type"] == "next", message
            updates.append(message["payload"]["data"]["avatarProcessingStatus"])
        running.result(timeout=30)
    stages = [u["stage"] for u in updates if u["status"] == "PROCESSING"]
    assert stages[-2:] == ["measurement_fitting", "model_generation"]
    assert updates[-1]["status"] == "COMPLETED"
    assert updates[-1]["avatar"] == {
        "id": made["id"],
        "status": "COMPLETED",
        "measurements": {"height": 175.0},
    }
    assert updates[-1]["processingTime"] > 0


def test_a_subscription_needs_a_valid_token_and_a_readable_avatar(service: LiveService) -> None:
    owner, stranger = uuid.uuid4(), uuid.uuid4()
    made = service.client.post(API, json=MEASURED, headers=service.headers(owner)).json()
    with service.client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authorization": "Bearer nope"}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json(timeout=5)
    assert closed.value.code == 4403

    with service.client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        token = service.headers(stranger)["Authorization"]
        ws.send_json({"type": "connection_init", "payload": {"authorization": token}})
        assert ws.receive_json(timeout=5)["type"] == "connection_ack"
        subscribe(ws, made["id"])
        message = ws.receive_json(timeout=5)
        assert message["type"] == "next"
        assert message["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_a_socket_whose_token_expires_is_closed_with_1008(service: LiveService) -> None:
    owner = uuid.uuid4()
    made = service.client.post(API, json=MEASURED, headers=service.headers(owner)).json()
    token = service.token(owner, ttl_s=2)
    with service.client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
        assert ws.receive_json(timeout=5)["type"] == "connection_ack"
        subscribe(ws, made["id"])  # waits for a job nobody runs, until the token expires
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                ws.receive_json(timeout=10)
    assert closed.value.code == 1008
    assert closed.value.detail == "the token has expired"


UPLOAD = """mutation ($id: ID!, $photos: [PhotoUploadInput!]!) {
  uploadPhotos(avatarId: $id, photos: $photos) { id viewType status }
}"""


def upload(service: LiveService, user: uuid.UUID, avatar_id: str, files: list[bytes]) -> Any:
    """A request by the GraphQL multipart request spec: operations, map, then the files."""
    operations = {
        "query": UPLOAD,
        "variables": {
            "id": avatar_id,
            "photos": [{"file": None, "viewType": "FRONT"} for _ in files],
        },
    }
    mapping = {str(n): [f"variables.photos.{n}.file"] for n in range(len(files))}
    return service.client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(mapping)},
        files={str(n): (f"photo-{n}.jpg", data, "image/jpeg") for n, data in enumerate(files)},
        headers=service.headers(user),
    )


def test_an_upload_that_fails_the_photo_checks_is_refused_and_nothing_is_stored(
    service: LiveService,
) -> None:
    owner = uuid.uuid4()
    draft = service.client.post(
        API, json={"name": "Photos", "avatarType": "photo_based"}, headers=service.headers(owner)
    ).json()
    answer = upload(service, owner, draft["id"], [b"%PDF-1.7 not a photo at all"])
    assert answer.status_code == 200, answer.text
    error = answer.json()["errors"][0]
    assert error["extensions"]["code"] == "PHOTO_FORMAT"
    assert error["extensions"]["field"] == "photos[0]"
    assert "photos[0]" in error["message"]
    listed = service.client.get(
        f"{API}/{draft['id']}/photos", headers=service.headers(owner)
    ).json()
    assert listed["photos"] == []


@pytest.mark.anny
@pytest.mark.mediapipe
def test_a_front_photo_uploaded_by_graphql_is_checked_stored_and_processing_starts(
    service: LiveService,
) -> None:
    from tests.support import photos

    owner = uuid.uuid4()
    draft = service.client.post(
        API, json={"name": "Photos", "avatarType": "photo_based"}, headers=service.headers(owner)
    ).json()
    answer = upload(service, owner, draft["id"], [photos.photo(view="front")])
    body = answer.json()
    assert "errors" not in body, body
    assert [(p["viewType"], p["status"]) for p in body["data"]["uploadPhotos"]] == [
        ("FRONT", "processing")
    ]
    avatar = service.client.get(f"{API}/{draft['id']}", headers=service.headers(owner)).json()
    assert (avatar["status"], avatar["processing"]["stage"]) == ("processing", "photo_processing")
    assert avatar["jobId"] is not None
