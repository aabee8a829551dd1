"""Signed direct-transfer links of the filesystem store, through the real HTTP server."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator

import httpx
import pytest

from adapters.aes_gcm.blob_store import HEADER
from adapters.filesystem.blob_store import FilesystemBlobStore
from adapters.filesystem.signed_urls import UrlSigner
from tests.e2e.conftest import LiveServer
from tests.support.stored_objects import read_object

KEY = "users/u1/avatars/a1/photos/front.jpg"
PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def store(live: LiveServer) -> FilesystemBlobStore:
    """A second handle on the server's store: same folder, same signing key."""
    settings = live.settings
    return FilesystemBlobStore(
        settings.resolved_blob_dir, UrlSigner(settings.blob_url_signing_key())
    )


@pytest.fixture
def anonymous(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.base_url, timeout=15) as client:
        yield client


def test_an_upload_link_stores_exactly_what_it_allows_and_a_download_link_serves_it(
    store: FilesystemBlobStore, anonymous: httpx.Client
) -> None:
    data = b"\xff\xd8\xff" + bytes(range(256)) * 40
    upload = asyncio.run(store.upload_url(KEY, "image/jpeg", len(data), expires_s=60))
    response = anonymous.put(upload.url, content=data, headers=dict(upload.headers))
    assert response.status_code == 201, response.text
    assert response.json()["sha256"] == hashlib.sha256(data).hexdigest()
    download = asyncio.run(store.download_url(KEY, expires_s=60))
    response = anonymous.get(download)
    assert response.status_code == 200 and response.content == data
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["etag"] == f'"{hashlib.sha256(data).hexdigest()}"'


@pytest.mark.parametrize(
    ("body", "content_type", "status", "mention"),
    [
        (b"x" * 11, "image/jpeg", 413, "exactly 10 bytes"),
        (b"x" * 9, "image/jpeg", 422, "got 9 of 10 bytes"),
        (b"x" * 10, "image/png", 400, "image/jpeg"),
    ],
)
def test_an_upload_that_breaks_the_links_terms_is_refused_and_not_stored(
    store: FilesystemBlobStore,
    anonymous: httpx.Client,
    body: bytes,
    content_type: str,
    status: int,
    mention: str,
) -> None:
    key = f"users/u2/avatars/a2/photos/{status}.jpg"
    upload = asyncio.run(store.upload_url(key, "image/jpeg", 10, expires_s=60))
    response = anonymous.put(upload.url, content=body, headers={"Content-Type": content_type})
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_JSON
    assert mention in response.text
    assert not asyncio.run(store.exists(key))


def test_expired_or_tampered_links_are_forbidden(
    store: FilesystemBlobStore, anonymous: httpx.Client
) -> None:
    asyncio.run(store.put("users/u3/a.bin", b"secret body", "application/octet-stream"))
    expired = asyncio.run(store.download_url("users/u3/a.bin", expires_s=-1))
    response = anonymous.get(expired)
    assert response.status_code == 403 and "expired" in response.json()["detail"]
    valid = asyncio.run(store.download_url("users/u3/a.bin", expires_s=60))
    for tampered in (
        valid.replace("u3/a.bin", "u3/b.bin"),
        valid.replace("signature=", "signature=f"),
        valid.replace("signature=", "signature=%C3%A9%E2%82%AC"),  # non-ASCII: was a 500
    ):
        response = anonymous.get(tampered)
        assert response.status_code == 403, tampered
        assert response.headers["content-type"] == PROBLEM_JSON
    response = anonymous.get(valid)
    assert response.status_code == 200 and response.content == b"secret body"


def test_a_photo_upload_link_takes_the_photo_straight_into_the_avatars_folder(
    live: LiveServer, store: FilesystemBlobStore
) -> None:
    user_id, client = live.user()
    avatar = client.post("/api/v1/avatars", json={"name": "direct", "avatarType": "photo_based"})
    assert avatar.status_code == 201, avatar.text
    avatar_id = avatar.json()["id"]
    photo = b"\xff\xd8\xff\xe0" + b"\x00" * 1000
    response = client.post(
        f"/api/v1/avatars/{avatar_id}/photos/upload-url",
        json={"viewType": "front", "contentType": "image/jpeg", "sizeBytes": len(photo)},
    )
    assert response.status_code == 201, response.text
    link = response.json()
    assert link["method"] == "PUT" and link["maxBytes"] == 10 * 1024 * 1024
    assert link["headers"] == {"Content-Type": "image/jpeg", "Content-Length": str(len(photo))}
    stored = client.put(link["uploadUrl"], content=photo, headers=link["headers"])
    assert stored.status_code == 201, stored.text
    key = f"users/{user_id}/avatars/{avatar_id}/photos/{link['photoId']}.jpg"
    assert read_object(live.settings, key) == photo
    assert asyncio.run(store.get(key)).startswith(HEADER)  # sealed on disk (ADR 52)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"viewType": "front", "contentType": "image/gif", "sizeBytes": 10}, "contentType"),
        (
            {"viewType": "front", "contentType": "image/png", "sizeBytes": 11 * 1024 * 1024},
            "sizeBytes",
        ),
        ({"viewType": "front", "contentType": "image/png", "sizeBytes": 0}, "sizeBytes"),
        ({"viewType": "top", "contentType": "image/png", "sizeBytes": 10}, "viewType"),
    ],
)
def test_a_photo_upload_link_is_refused_for_what_no_photo_may_be(
    live: LiveServer, body: dict[str, object], field: str
) -> None:
    _, client = live.user()
    avatar_id = client.post(
        "/api/v1/avatars", json={"name": "x", "avatarType": "photo_based"}
    ).json()["id"]
    response = client.post(f"/api/v1/avatars/{avatar_id}/photos/upload-url", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["field"] == field


def test_only_the_owner_gets_a_photo_upload_link(live: LiveServer) -> None:
    _, owner = live.user()
    _, stranger = live.user()
    avatar_id = owner.post(
        "/api/v1/avatars", json={"name": "x", "avatarType": "photo_based"}
    ).json()["id"]
    response = stranger.post(
        f"/api/v1/avatars/{avatar_id}/photos/upload-url",
        json={"viewType": "front", "contentType": "image/png", "sizeBytes": 10},
    )
    assert response.status_code == 404
