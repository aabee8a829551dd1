"""The signed-in user's copy of their data and its erasure, through the real HTTP server."""

from __future__ import annotations

import asyncio

from adapters.filesystem.blob_store import FilesystemBlobStore
from adapters.filesystem.signed_urls import UrlSigner
from tests.e2e.conftest import LiveServer
from tests.support.data import SPEC_MEASUREMENTS

API = "/api/v1/avatars"


def test_a_user_downloads_everything_then_erases_it_and_others_keep_theirs(
    live: LiveServer,
) -> None:
    user_id, alice = live.user()
    _, bob = live.user()
    for name, allow_export in (("mine", True), ("private copy", False)):
        response = alice.post(
            API,
            json={
                "name": name,
                "avatarType": "measurement_based",
                "measurements": SPEC_MEASUREMENTS,
                "preferences": {"allowExport": allow_export},
            },
        )
        assert response.status_code == 201, response.text
    kept = bob.post(API, json={"name": "bob's", "avatarType": "photo_based"}).json()["id"]
    store = FilesystemBlobStore(
        live.settings.resolved_blob_dir, UrlSigner(live.settings.blob_url_signing_key())
    )
    asyncio.run(store.put(f"users/{user_id}/avatars/x/photos/a.jpg", b"jpeg", "image/jpeg"))

    export = alice.get("/api/v1/users/me/export")
    assert export.status_code == 200
    assert "attachment" in export.headers["content-disposition"]
    document = export.json()
    assert document["format"] == "user-export/v1" and document["userId"] == str(user_id)
    assert sorted(a["avatar"]["name"] for a in document["avatars"]) == ["mine", "private copy"]

    erased = alice.delete("/api/v1/users/me")
    assert erased.status_code == 200
    receipt = erased.json()
    assert receipt["erasedAvatars"] == 2 and receipt["erasedObjects"] == 1
    assert receipt["userId"] == str(user_id) and receipt["erasedAt"]
    assert alice.get(API).json()["items"] == []
    assert asyncio.run(store.list_objects(f"users/{user_id}/")) == []
    assert bob.get(f"{API}/{kept}").status_code == 200
    assert alice.get("/api/v1/users/me/export").json()["avatars"] == []


def test_the_user_endpoints_need_a_token(live: LiveServer) -> None:
    anonymous = live.client()
    assert anonymous.get("/api/v1/users/me/export").status_code == 401
    assert anonymous.delete("/api/v1/users/me").status_code == 401
