"""End-to-end: photos through the real HTTP server, as a client sends them.

The bad-file corpus (tests/support/photo_corpus.py) goes through multipart uploads, each with
its exact status and problem; good photos are renders of the body model that MediaPipe must
find whole (front and side), processed in the background until their derived files exist.
"""

from __future__ import annotations

import asyncio
import base64
import io
import socket
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PIL import Image

from adapters.aes_gcm.blob_store import HEADER
from adapters.filesystem.blob_store import FilesystemBlobStore
from adapters.filesystem.signed_urls import UrlSigner
from application.ports import Gender
from application.storage import photo_key
from domain.measurements import MEASUREMENT_NAMES
from tests.e2e.conftest import LiveServer, embedded_settings, running_server
from tests.support import photo_corpus, photos
from tests.support.clamd import fake_clamd
from tests.support.stored_objects import read_object

API = "/api/v1/avatars"
PROBLEM_JSON = "application/problem+json"
MAX_BYTES = 10 * 1024 * 1024


@pytest.fixture(scope="module")
def owner(live: LiveServer) -> tuple[uuid.UUID, httpx.Client]:
    return live.user()


@pytest.fixture(scope="module")
def draft(owner: tuple[uuid.UUID, httpx.Client]) -> str:
    """A photo_based avatar created with JSON (a draft) for the corpus uploads."""
    _, client = owner
    response = client.post(API, json={"name": "Corpus", "avatarType": "photo_based"})
    assert response.status_code == 201, response.text
    avatar_id: str = response.json()["id"]
    return avatar_id


def front() -> bytes:
    return photos.photo(Gender.FEMALE, "front")


def side() -> bytes:
    return photos.photo(Gender.FEMALE, "side")


def indexed(*items: tuple[str, bytes, str]) -> tuple[dict[str, str], list[Any]]:
    """Multipart fields for photos (view, bytes, filename) as photos[N][file] / [viewType]."""
    data = {f"photos[{n}][viewType]": view for n, (view, _, _) in enumerate(items)}
    files = [
        (f"photos[{n}][file]", (filename, content, "image/jpeg"))
        for n, (_, content, filename) in enumerate(items)
    ]
    return data, files


def problem_of(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == PROBLEM_JSON
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status and problem["detail"]
    return problem


def wait_until_processed(client: httpx.Client, avatar_id: str, timeout_s: float = 30) -> list[Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        listed = client.get(f"{API}/{avatar_id}/photos")
        assert listed.status_code == 200, listed.text
        found: list[Any] = listed.json()["photos"]
        if found and all(p["status"] in ("processed", "failed") for p in found):
            return found
        assert time.monotonic() < deadline, found
        time.sleep(0.05)


# -- the corpus -------------------------------------------------------------------------------
@pytest.mark.parametrize("case", photo_corpus.corpus(), ids=lambda case: case.name)
def test_each_bad_file_gets_its_status_and_reason_and_nothing_is_stored(
    owner: tuple[uuid.UUID, httpx.Client], draft: str, case: photo_corpus.BadPhoto
) -> None:
    _, client = owner
    data, files = indexed((case.view_type, case.make(), case.filename))
    problem = problem_of(client.post(f"{API}/{draft}/photos", data=data, files=files), case.status)
    label = f"photos[0] ({case.view_type}, {case.filename})"
    [error] = problem["errors"]
    assert error["field"] == "photos[0]" and problem["field"] == "photos[0]"
    assert error["message"].startswith(f"{label}: ")
    assert case.matches(error["message"].removeprefix(f"{label}: ")), error["message"]
    assert problem["type"].rsplit("/", 1)[-1].startswith("photo-")
    listed = client.get(f"{API}/{draft}/photos", params={"includeDeleted": "true"})
    assert listed.json()["photos"] == []


def test_nothing_of_a_rejected_photo_is_in_storage(
    live: LiveServer, owner: tuple[uuid.UUID, httpx.Client], draft: str
) -> None:
    store = FilesystemBlobStore(
        live.settings.resolved_blob_dir, UrlSigner(live.settings.blob_url_signing_key())
    )
    user_id, _ = owner
    assert asyncio.run(store.list_objects(f"users/{user_id}/avatars/{draft}/")) == []


# -- good photos -------------------------------------------------------------------------------
def test_a_photo_based_avatar_is_created_from_front_and_side_and_its_photos_processed(
    live: LiveServer,
) -> None:
    _, client = live.user()
    data, files = indexed(("front", front(), "front.jpg"), ("side", side(), "side.jpg"))
    data |= {
        "name": "From photos",
        "avatarType": "photo_based",
        "heightCm": "168.5",
        "skinTone": "#8D5524",
    }
    data["preferences"] = '{"visibility": "private", "autoProcess": true}'
    response = client.post(API, data=data, files=files)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["avatarType"] == "photo_based" and created["name"] == "From photos"
    assert created["skinTone"] == "#8d5524"
    assert created["processingEstimate"]
    assert [p["viewType"] for p in created["photos"]] == ["front", "side"]
    assert {p["status"] for p in created["photos"]} == {"processing"}
    done = wait_until_processed(client, created["id"])
    assert {p["status"] for p in done} == {"processed"}, done
    for photo in done:
        assert photo["deviceInfo"] == "Google Pixel 9"
        assert photo["captureDate"] == "2026-05-17T08:30:00Z"
        assert photo["malwareScan"] == "not_scanned"
        thumbnail = httpx.get(live.base_url + photo["thumbnailUrl"])
        assert thumbnail.status_code == 200
        assert thumbnail.headers["content-type"] == "image/jpeg"
        processed = httpx.get(live.base_url + photo["processedUrl"])
        assert Image.open(io.BytesIO(processed.content)).mode == "RGBA"
    # With a processed front and side photo the avatar is measured from them (issue 7).
    deadline = time.monotonic() + 180
    while (avatar := client.get(f"{API}/{created['id']}").json())["status"] != "completed":
        assert avatar["status"] != "failed", avatar["processingError"]
        assert time.monotonic() < deadline, avatar["status"]
        time.sleep(0.2)
    measurements = avatar["measurements"]
    assert measurements["extractionMethod"] == "ai"
    assert measurements["height"] == pytest.approx(168.5, abs=1.5)
    assert all(0 <= c <= 1 for c in measurements["confidenceScores"].values())
    assert set(measurements["confidenceScores"]) == set(MEASUREMENT_NAMES)
    assert avatar["bodyAnalysis"] is not None and avatar["models"]


def test_files_named_after_their_view_are_accepted_too(live: LiveServer) -> None:
    _, client = live.user()
    created = client.post(API, json={"name": "Named parts", "avatarType": "photo_based"}).json()
    files = [("side", ("s.jpg", side(), "image/jpeg")), ("front", ("f.jpg", front(), "image/jpeg"))]
    response = client.post(
        f"{API}/{created['id']}/photos", data={"autoProcess": "false"}, files=files
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert [p["viewType"] for p in body["photos"]] == ["side", "front"]
    assert {p["status"] for p in body["photos"]} == {"uploaded"}
    process = client.post(f"{API}/{created['id']}/photos/process")
    assert process.status_code == 202, process.text
    assert {p["status"] for p in wait_until_processed(client, created["id"])} == {"processed"}


def test_the_stored_photo_has_no_gps_nor_any_other_metadata(live: LiveServer) -> None:
    user_id, client = live.user()
    avatar = client.post(API, json={"name": "GPS", "avatarType": "photo_based"}).json()
    tagged = photos.jpeg(
        photos.rendering(Gender.FEMALE, "front").image, exif=photos.camera_exif(gps=True)
    )
    data, files = indexed(("front", tagged, "gps.jpg"))
    response = client.post(f"{API}/{avatar['id']}/photos", data=data, files=files)
    assert response.status_code == 201, response.text
    photo = response.json()["photos"][0]
    store = FilesystemBlobStore(
        live.settings.resolved_blob_dir, UrlSigner(live.settings.blob_url_signing_key())
    )
    key = photo_key(user_id, uuid.UUID(avatar["id"]), uuid.UUID(photo["id"]), "jpg")
    assert asyncio.run(store.get(key)).startswith(HEADER)  # sealed on disk (ADR 52)
    stored = read_object(live.settings, key)
    assert len(Image.open(io.BytesIO(stored)).getexif()) == 0
    assert b"Exif" not in stored and b"Pixel" not in stored
    assert photo["deviceInfo"] == "Google Pixel 9"


def test_base64_json_is_accepted_for_clients_without_multipart(live: LiveServer) -> None:
    _, client = live.user()
    encoded = base64.b64encode(front()).decode()
    response = client.post(
        API,
        json={
            "name": "Base64",
            "avatarType": "photo_based",
            "heightCm": 170,
            "photos": [{"viewType": "front", "imageBase64": f"data:image/jpeg;base64,{encoded}"}],
        },
    )
    assert response.status_code == 201, response.text
    avatar = response.json()
    more = client.post(
        f"{API}/{avatar['id']}/photos",
        json={"photos": [{"viewType": "side", "imageBase64": base64.b64encode(side()).decode()}]},
    )
    assert more.status_code == 201, more.text
    assert {p["status"] for p in wait_until_processed(client, avatar["id"])} == {"processed"}
    bad = client.post(
        f"{API}/{avatar['id']}/photos",
        json={"photos": [{"viewType": "side", "imageBase64": "not base64!"}]},
    )
    assert problem_of(bad, 422)["field"] == "photos[0].imageBase64"


def test_a_base64_photo_that_fails_a_check_is_named_by_its_position(live: LiveServer) -> None:
    _, client = live.user()
    avatar = client.post(API, json={"name": "Base64 bad", "avatarType": "photo_based"}).json()
    room = base64.b64encode(photos.jpeg(photos.empty_room())).decode()
    good = base64.b64encode(front()).decode()
    response = client.post(
        f"{API}/{avatar['id']}/photos",
        json={
            "photos": [
                {"viewType": "front", "imageBase64": good, "filename": "me.jpg"},
                {"viewType": "side", "imageBase64": room, "filename": "room.jpg"},
            ]
        },
    )
    problem = problem_of(response, 422)
    assert problem["field"] == "photos[1]"
    assert problem["detail"] == "photos[1] (side, room.jpg): no person found"
    assert problem["errors"] == [
        {"field": "photos[1]", "message": "photos[1] (side, room.jpg): no person found"}
    ]


def test_photos_are_listed_deleted_and_gone(live: LiveServer) -> None:
    _, client = live.user()
    avatar = client.post(API, json={"name": "Delete", "avatarType": "photo_based"}).json()
    data, files = indexed(("front", front(), "front.jpg"))
    [photo] = client.post(f"{API}/{avatar['id']}/photos", data=data, files=files).json()["photos"]
    wait_until_processed(client, avatar["id"])
    assert client.delete(f"{API}/{avatar['id']}/photos/{photo['id']}").status_code == 204
    assert client.get(f"{API}/{avatar['id']}/photos").json()["photos"] == []
    deleted = client.get(f"{API}/{avatar['id']}/photos", params={"includeDeleted": "true"})
    assert deleted.json()["photos"][0]["status"] == "deleted"
    again = client.delete(f"{API}/{avatar['id']}/photos/{photo['id']}")
    assert problem_of(again, 404)["field"] == "photoId"


def test_a_direct_upload_is_validated_when_processing_is_asked(live: LiveServer) -> None:
    _, client = live.user()
    avatar = client.post(API, json={"name": "Direct", "avatarType": "photo_based"}).json()
    content = front()
    link = client.post(
        f"{API}/{avatar['id']}/photos/upload-url",
        json={"viewType": "front", "contentType": "image/jpeg", "sizeBytes": len(content)},
    ).json()
    put = httpx.put(live.base_url + link["uploadUrl"], content=content, headers=link["headers"])
    assert put.status_code == 201, put.text
    response = client.post(
        f"{API}/{avatar['id']}/photos/process",
        json={"uploads": [{"photoId": link["photoId"], "viewType": "front"}]},
    )
    assert response.status_code == 202, response.text
    [photo] = wait_until_processed(client, avatar["id"])
    assert photo["id"] == link["photoId"] and photo["status"] == "processed"


def test_form_mistakes_are_named(live: LiveServer, draft: str) -> None:
    _, client = live.user()
    mine = client.post(API, json={"name": "Form", "avatarType": "photo_based"}).json()["id"]
    photo = ("p.jpg", front(), "image/jpeg")
    no_view = client.post(f"{API}/{mine}/photos", files=[("photos[0][file]", photo)])
    assert problem_of(no_view, 422)["field"] == "photos[0][viewType]"
    odd_view = client.post(
        f"{API}/{mine}/photos",
        data={"photos[0][viewType]": "top"},
        files=[("photos[0][file]", photo)],
    )
    assert "front, side, back or other" in problem_of(odd_view, 422)["detail"]
    odd_part = client.post(f"{API}/{mine}/photos", files=[("picture", photo)])
    assert problem_of(odd_part, 422)["field"] == "picture"
    data, files = indexed(("front", front(), "f.jpg"))
    measured = client.post(
        API, data={**data, "name": "M", "avatarType": "measurement_based"}, files=files
    )
    assert problem_of(measured, 422)["field"] == "avatarType"
    nameless = client.post(API, data={**data, "avatarType": "photo_based"}, files=files)
    assert problem_of(nameless, 422)["field"] == "name"
    too_short = client.post(
        API, data={**data, "name": "H", "avatarType": "photo_based", "heightCm": "12"}, files=files
    )
    assert problem_of(too_short, 422)["field"] == "heightCm"
    not_mine = client.post(f"{API}/{draft}/photos", data=data, files=files)
    assert problem_of(not_mine, 404)["field"] == "id"
    anonymous = httpx.post(f"{live.base_url}{API}/{mine}/photos", data=data, files=files)
    assert anonymous.status_code == 401


def test_a_two_gigabyte_body_is_refused_before_it_is_read(live: LiveServer, draft: str) -> None:
    user, _ = live.user()
    token = live.token(user)
    host, port = live.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            (
                f"POST {API}/{uuid.uuid4()}/photos HTTP/1.1\r\nHost: {host}\r\n"
                f"Authorization: Bearer {token}\r\n"
                "Content-Type: multipart/form-data; boundary=xyz\r\n"
                f"Content-Length: {2 * 1024**3}\r\n\r\n"
            ).encode()
            + b"--xyz\r\n"
        )
        started = time.monotonic()
        reply = connection.recv(65536)
        assert time.monotonic() - started < 5
    # The avatar does not exist: refused before the body; the same for a real one, by size.
    assert reply.startswith(b"HTTP/1.1 404") or reply.startswith(b"HTTP/1.1 413"), reply[:200]
    _, client = live.user()
    mine = client.post(API, json={"name": "Big", "avatarType": "photo_based"}).json()["id"]
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            (
                f"POST {API}/{mine}/photos HTTP/1.1\r\nHost: {host}\r\n"
                f"Authorization: {client.headers['Authorization']}\r\n"
                "Content-Type: multipart/form-data; boundary=xyz\r\n"
                f"Content-Length: {2 * 1024**3}\r\n\r\n"
            ).encode()
        )
        reply = connection.recv(65536)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:300]
    assert b"larger than the limit" in reply


def test_a_photo_streamed_past_the_limit_is_cut_off(live: LiveServer) -> None:
    _, client = live.user()
    mine = client.post(API, json={"name": "Stream", "avatarType": "photo_based"}).json()["id"]
    boundary = "streamboundary"

    def body() -> Iterator[bytes]:  # no Content-Length: the server counts as it reads
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="front"; '
            f'filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
        ).encode()
        yield front()
        for _ in range(12):
            yield b"\x00" * (1024 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post(
        f"{API}/{mine}/photos",
        content=body(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    problem = problem_of(response, 413)
    assert problem["type"].endswith("/photo-size")
    assert f"larger than the limit of {MAX_BYTES} bytes" in problem["detail"]


def test_the_openapi_document_lists_the_photo_endpoints(live: LiveServer) -> None:
    paths = httpx.get(f"{live.base_url}/schema/openapi.json").json()["paths"]
    photos_path = "/api/v1/avatars/{avatar_id}/photos"
    assert {"get", "post"} <= set(paths[photos_path])
    assert "delete" in paths[photos_path + "/{photo_id}"]
    assert "post" in paths[photos_path + "/process"]


# -- malware scanning -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with fake_clamd() as (_, address):
        settings = embedded_settings(
            tmp_path_factory.mktemp("e2e-clamav"),
            AVATAR_MALWARE_SCANNER="clamav",
            AVATAR_CLAMAV_ADDRESS=address,
        )
        with running_server(settings) as server:
            yield server


def test_with_clamav_configured_malware_is_refused_and_clean_photos_say_so(
    scanned: LiveServer,
) -> None:
    _, client = scanned.user()
    avatar = client.post(API, json={"name": "Scanned", "avatarType": "photo_based"}).json()
    data, files = indexed(("front", photo_corpus.eicar_jpeg(), "eicar.jpg"))
    problem = problem_of(client.post(f"{API}/{avatar['id']}/photos", data=data, files=files), 422)
    assert problem["type"].endswith("/photo-malware")
    assert problem["detail"].endswith("the file contains malware (Eicar-Test-Signature)")
    data, files = indexed(("front", front(), "clean.jpg"))
    response = client.post(f"{API}/{avatar['id']}/photos", data=data, files=files)
    assert response.status_code == 201, response.text
    assert response.json()["photos"][0]["malwareScan"] == "clean"


def test_the_expiry_command_lists_and_deletes_expired_photos(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    import subprocess

    from tests.support.processes import service_command, service_environment

    env = service_environment(AVATAR_DATA_DIR=str(tmp_path_factory.mktemp("cli-expire")))
    for arguments in (("--dry-run",), ()):
        done = subprocess.run(
            service_command("photos", "expire", *arguments),
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "0 expired photos" in done.stderr


def test_a_photo_avatar_without_a_side_photo_says_what_to_upload(live: LiveServer) -> None:
    _, client = live.user()
    data, files = indexed(("front", front(), "front.jpg"))
    data |= {"name": "Front only", "avatarType": "photo_based", "heightCm": "170"}
    response = client.post(API, data=data, files=files)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "processing"  # spec 4.2.1: photo_processing has begun
    deadline = time.monotonic() + 120
    while (avatar := client.get(f"{API}/{created['id']}").json())["status"] == "processing":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert avatar["status"] == "failed"
    assert "upload a side photo" in avatar["processingError"]
    # The missing photo: the avatar goes back to processing and is measured.
    data, files = indexed(("side", side(), "side.jpg"))
    response = client.post(f"{API}/{created['id']}/photos", data=data, files=files)
    assert response.status_code == 201, response.text
    deadline = time.monotonic() + 180
    while (avatar := client.get(f"{API}/{created['id']}").json())["status"] != "completed":
        assert avatar["status"] != "failed" or time.monotonic() < deadline, avatar
        assert time.monotonic() < deadline, avatar["status"]
        time.sleep(0.2)
    assert avatar["measurements"]["extractionMethod"] == "ai"
