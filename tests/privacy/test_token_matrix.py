"""Tests that attack (issue 16, item 9): every operation of the OpenAPI document, called with
the tokens of user A (the owner), user B, a premium user, an admin, an expired token, a token
signed with another key and no token, on user A's private avatar and everything under it.
No one but A reads or changes A's data (admins read, and change nothing of it); every
operation that needs a token refuses the bad ones with 401; A's data is intact afterwards."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from litestar.testing import TestClient

from application import storage
from domain.access import Role
from domain.model_file import GenerationMethod, LodLevel, ModelFile, ModelFormat
from entrypoints.container import Container
from entrypoints.http.app import create_app
from entrypoints.http.auth import issue_token
from entrypoints.settings import Settings
from tests.privacy.stored_photos import store_processed_photo
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.harness import container_for_tests, settings_for_tests

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
SECRET = "token-matrix-secret-of-at-least-32-bytes!"
ALICE, BOB, PREMIUM, ADMIN = (uuid.uuid4() for _ in range(4))
METHODS = ("get", "put", "post", "delete", "patch")
REFUSED = {403, 404}  # 404: another user's private avatar does not exist for them

# Bodies the operations accept from their owner: a refusal then comes from who asks, not from
# what they sent.
BODIES: dict[tuple[str, str], Any] = {
    ("POST", "/api/v1/avatars"): {
        "name": "mine too",
        "avatarType": "measurement_based",
        "measurements": SPEC_MEASUREMENTS,
    },
    ("PUT", "/api/v1/avatars/{avatar_id}"): {"name": "taken over", "visibility": "public"},
    ("POST", "/api/v1/avatars/{avatar_id}/compare"): {"fromVersion": 1, "toVersion": 1},
    ("POST", "/api/v1/avatars/{avatar_id}/duplicate"): {"name": "a copy"},
    ("POST", "/api/v1/avatars/{avatar_id}/fit-feedback"): {
        "brand": "Acme",
        "category": "tops",
        "sizeWorn": "M",
        "fit": {"chest": "too_tight"},
    },
    ("PUT", "/api/v1/avatars/{avatar_id}/measurements"): {"measurements": {"waist": 70}},
    ("POST", "/api/v1/avatars/{avatar_id}/measurements/validate"): {"measurements": {"waist": 70}},
    ("POST", "/api/v1/avatars/{avatar_id}/models/generate"): {"formats": ["glb"]},
    ("POST", "/api/v1/avatars/{avatar_id}/photos/process"): {},
    ("POST", "/api/v1/avatars/{avatar_id}/photos/upload-url"): {
        "viewType": "front",
        "contentType": "image/jpeg",
        "sizeBytes": 1000,
    },
    ("PUT", "/api/v1/size-charts/{brand}/{category}/{gender}"): {},
}
ADMIN_ONLY = {
    ("GET", "/api/v1/admin/audit-log"),
    ("GET", "/api/v1/admin/users/{user_id}/avatars"),
    ("POST", "/api/v1/admin/avatars/{avatar_id}/reprocess"),
    ("GET", "/api/v1/admin/dead-letters"),
    ("POST", "/api/v1/admin/dead-letters/{letter_id}/replay"),
    ("PUT", "/api/v1/size-charts/{brand}/{category}/{gender}"),
    ("DELETE", "/api/v1/size-charts/{brand}/{category}"),
}
# Operations on the caller's own data, or on nobody's: checked by what they answer.
OWN_OR_NOBODYS = {
    ("GET", "/api/v1/avatars"),
    ("POST", "/api/v1/avatars"),
    ("GET", "/api/v1/users/me/export"),
    ("DELETE", "/api/v1/users/me"),
    ("GET", "/api/v1/presets"),
    ("GET", "/api/v1/size-charts"),
}
# Reads of another user's avatar an admin may make (spec 8.1: admins see everything), and
# operations that read it to write only the caller's own data.
ADMIN_READS = {"GET"}
READS_TO_OWN = {
    ("POST", "/api/v1/avatars/{avatar_id}/compare"),
    ("POST", "/api/v1/avatars/{avatar_id}/duplicate"),
    ("POST", "/api/v1/avatars/{avatar_id}/measurements/validate"),
}


def _operations() -> list[tuple[str, str, bool]]:
    document = json.loads(DOCUMENT.read_text())
    return [
        (method.upper(), path, bool(operation.get("security")))
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _tokens(settings: Settings) -> dict[str, str | None]:
    now = int(time.time())
    expired = {"sub": str(ALICE), "roles": ["user"], "iat": now - 7200, "exp": now - 3600}
    forged = {"sub": str(ALICE), "roles": ["admin"], "iat": now, "exp": now + 3600}
    return {
        "alice": issue_token(settings, ALICE, Role.USER),
        "bob": issue_token(settings, BOB, Role.USER),
        "premium": issue_token(settings, PREMIUM, Role.PREMIUM),
        "admin": issue_token(settings, ADMIN, Role.ADMIN),
        "expired": jwt.encode(expired, SECRET, algorithm="HS256"),
        "other key": jwt.encode(forged, "another-key-of-at-least-32-bytes-long!", "HS256"),
        "none": None,
    }


class World:
    """Alice's private avatar, processed, with a version, a photo, a model file and a job."""

    def __init__(self, client: TestClient, container: Container, tokens: dict[str, str | None]):  # type: ignore[type-arg]
        self.client, self.tokens = client, tokens
        created = self.call("alice", "POST", "/api/v1/avatars", BODIES[("POST", "/api/v1/avatars")])
        assert created.status_code == 201, created.text
        self.avatar_id, self.job_id = created.json()["id"], created.json()["jobId"]
        for _ in range(200):
            if (
                self.call("alice", "GET", f"/api/v1/avatars/{self.avatar_id}").json()["status"]
                == "completed"
            ):
                break
            time.sleep(0.05)
        avatar_uuid = uuid.UUID(self.avatar_id)
        with client.portal() as portal:
            photo = portal.call(
                store_processed_photo,
                container.uow_factory(),
                container.blobs(),
                ALICE,
                avatar_uuid,
                container.clock().now(),
            )
            self.model_id = portal.call(self._model_file, container, avatar_uuid)
        self.photo_id, self.photo_key = str(photo.id), photo.storage_key
        self.before = self.alice_sees()

    @staticmethod
    async def _model_file(container: Container, avatar_id: uuid.UUID) -> str:
        model_id = uuid.uuid4()
        key = storage.model_key(ALICE, avatar_id, model_id, "high", "glb")
        await container.blobs().put(key, b"glTF-binary", "model/gltf-binary")
        async with container.uow_factory()() as uow:
            await uow.model_files.add(
                ModelFile(
                    id=model_id,
                    avatar_id=avatar_id,
                    format=ModelFormat.GLB,
                    lod_level=LodLevel.HIGH,
                    file_size=11,
                    storage_key=key,
                    storage_bucket="memory",
                    vertex_count=3,
                    face_count=1,
                    texture_count=0,
                    generation_method=GenerationMethod.PARAMETRIC,
                    created_at=container.clock().now(),
                )
            )
            await uow.commit()
        return str(model_id)

    def path(self, template: str) -> str:
        values = {
            "avatar_id": self.avatar_id,
            "photo_id": self.photo_id,
            "model_id": self.model_id,
            "job_id": self.job_id,
            "key": self.photo_key,
            "brand": "acme",
            "category": "tops",
            "gender": "female",
            "user_id": str(ALICE),
            "letter_id": "0",
        }
        return template.format(**values)

    def call(self, who: str, method: str, path: str, body: Any = None) -> Any:
        token = self.tokens[who]
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None:
            kwargs["json"] = body
        return self.client.request(method, path, **kwargs)

    def alice_sees(self) -> dict[str, Any]:
        avatar = self.call("alice", "GET", f"/api/v1/avatars/{self.avatar_id}").json()
        photos = self.call("alice", "GET", f"/api/v1/avatars/{self.avatar_id}/photos").json()
        versions = self.call("alice", "GET", f"/api/v1/avatars/{self.avatar_id}/versions").json()
        return {
            "name": avatar["name"],
            "visibility": avatar["visibility"],
            "version": avatar["version"],
            "measurements": avatar.get("measurements"),
            "photos": sorted(p["id"] for p in photos["photos"] if not p.get("deleted")),
            "versions": len(versions),
        }


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    settings = settings_for_tests(
        {
            "AVATAR_DATA_DIR": str(tmp_path_factory.mktemp("matrix")),
            "AVATAR_RUN_WORKERS": "true",
            "AVATAR_JWT_SECRET": SECRET,
            "AVATAR_LOG_LEVEL": "CRITICAL",
        }
    )
    container = container_for_tests(settings=settings)
    with TestClient(app=create_app(container, migrate_on_start=False)) as client:
        yield World(client, container, _tokens(settings))


OPERATIONS = _operations()


@pytest.mark.parametrize("who", ["expired", "other key", "none"])
def test_every_operation_that_needs_a_token_refuses_a_bad_one(world: World, who: str) -> None:
    wrong = []
    for method, template, secured in OPERATIONS:
        if not secured:
            continue
        answer = world.call(who, method, world.path(template), BODIES.get((method, template)))
        if answer.status_code != 401:
            wrong.append(f"{method} {template}: {answer.status_code}")
    assert wrong == []


@pytest.mark.parametrize("who", ["bob", "premium", "admin"])
def test_no_one_else_reads_or_changes_alices_avatar(world: World, who: str) -> None:
    wrong = []
    for method, template, secured in OPERATIONS:
        operation = (method, template)
        if not secured or operation in OWN_OR_NOBODYS or operation in ADMIN_ONLY:
            continue
        answer = world.call(who, method, world.path(template), BODIES.get(operation))
        status = answer.status_code
        assert status < 500, (who, method, template, answer.text)
        if who == "admin" and (method in ADMIN_READS or operation in READS_TO_OWN):
            continue  # admins read every avatar
        if status not in REFUSED:
            wrong.append(f"{method} {template}: {status} {answer.text[:120]}")
    assert wrong == []
    assert world.alice_sees() == world.before


def test_alice_herself_reads_everything_the_matrix_targets(world: World) -> None:
    """The refusals above mean something only if the same calls work for the owner."""
    failed = []
    for method, template, secured in OPERATIONS:
        if method != "GET" or not secured or (method, template) in ADMIN_ONLY:
            continue
        answer = world.call("alice", method, world.path(template))
        if answer.status_code not in (200, 307, 422):  # 422: nothing fitted to analyse
            failed.append(f"{template}: {answer.status_code}")
    assert failed == []


@pytest.mark.parametrize("who", ["alice", "bob", "premium"])
def test_admin_operations_refuse_everyone_else(world: World, who: str) -> None:
    for method, template in sorted(ADMIN_ONLY):
        answer = world.call(who, method, world.path(template), BODIES.get((method, template)))
        assert answer.status_code in (400, 403, 422), (method, template, answer.status_code)
        assert answer.status_code == 403 or method == "PUT"  # a body is read before the role


def test_own_data_operations_hand_each_caller_only_their_own(world: World) -> None:
    alices = f'"id":"{world.avatar_id}"'  # an admin's copy names it as its parent only
    for who in ("bob", "premium", "admin"):
        listing = world.call(who, "GET", "/api/v1/avatars").text
        assert alices not in listing.replace(" ", "")
        export = world.call(who, "GET", "/api/v1/users/me/export")
        assert export.status_code == 200 and alices not in export.text.replace(" ", "")
        if who != "admin":
            assert world.avatar_id not in export.text
        erased = world.call(who, "DELETE", "/api/v1/users/me")
        assert erased.status_code == 200
    assert world.alice_sees() == world.before


def test_signed_links_need_their_signature_whoever_asks(world: World) -> None:
    for who in ("alice", "bob", "none"):
        for method in ("GET", "PUT"):
            answer = world.call(who, method, f"/api/v1/blobs/{world.photo_key}")
            assert 400 <= answer.status_code < 500, (who, method, answer.status_code)
