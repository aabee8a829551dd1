"""The Python client generated from docs/openapi.json (openapi-python-client, issue 18): it
is what the generator makes of the checked-in document, and it works against a live server."""

from __future__ import annotations

import filecmp
import io
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.e2e.conftest import LiveServer, embedded_settings, running_server

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "clients"


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__"])
    found = [*comparison.left_only, *comparison.right_only, *comparison.diff_files]
    for name in comparison.common_dirs:
        found += _differences(left / name, right / name)
    return found


def test_the_python_client_is_generated_from_the_checked_in_document(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable, "-m", "openapi_python_client", "generate",
            "--path", str(ROOT / "docs" / "openapi.json"),
            "--config", str(CLIENTS / "openapi-python-client.yaml"),
            "--custom-template-path", str(CLIENTS / "openapi-python-client-templates"),
            "--output-path", str(tmp_path / "python"),
        ],
        check=True, capture_output=True, cwd=CLIENTS,
    )  # fmt: skip
    assert _differences(CLIENTS / "python", tmp_path / "python") == [], (
        "clients/python is stale: regenerate it (README, 'Typed clients')"
    )


@pytest.mark.anny
@pytest.mark.slow
def test_the_python_client_creates_polls_reads_and_downloads(live: LiveServer) -> None:
    sys.path.insert(0, str(CLIENTS / "python"))
    from avatar_service_client import AuthenticatedClient
    from avatar_service_client.api.avatars import (
        api_v1_avatars_avatar_id_get_avatar as get_avatar,
    )
    from avatar_service_client.api.avatars import (
        api_v1_avatars_avatar_id_measurements_get_measurements as get_measurements,
    )
    from avatar_service_client.api.avatars import api_v1_avatars_create as create_avatar
    from avatar_service_client.api.tag3d_models import (
        api_v1_avatars_avatar_id_models_model_id_download_download as download,
    )
    from avatar_service_client.models import AvatarBody, CreateAvatarRequest, MeasurementsBody
    from avatar_service_client.types import File

    client = AuthenticatedClient(
        base_url=live.base_url, token=live.token(uuid.uuid4()), timeout=30.0
    )
    created = create_avatar.sync(
        client=client,
        body=CreateAvatarRequest.from_dict(
            {
                "name": "Typed",
                "avatarType": "measurement_based",
                "measurements": {"height": 172, "weight": 68},
            }
        ),
    )
    assert isinstance(created, AvatarBody)
    deadline = time.monotonic() + 240
    avatar = created
    while avatar.status != "completed" and time.monotonic() < deadline:
        time.sleep(1)
        fetched = get_avatar.sync(avatar_id=created.id, client=client)
        assert isinstance(fetched, AvatarBody)
        avatar = fetched
    assert avatar.status == "completed", avatar.status
    measurements = get_measurements.sync(avatar_id=created.id, client=client)
    assert isinstance(measurements, MeasurementsBody) and measurements.height == 172
    assert avatar.models
    glb = next(m for m in avatar.models if m.format_ == "glb")
    response = download.sync_detailed(avatar_id=created.id, model_id=glb.id, client=client)
    assert response.status_code == 200 and isinstance(response.parsed, File)
    assert response.parsed.payload.read(4) == b"glTF"


def test_the_python_clients_multipart_body_is_a_form_the_api_reads(tmp_path: Path) -> None:
    """Create's multipart model (the one the generator left unimported before the template):
    its parts are read by the API's form reader, which names the photo it refused."""
    sys.path.insert(0, str(CLIENTS / "python"))
    from avatar_service_client import AuthenticatedClient
    from avatar_service_client.api.avatars import api_v1_avatars_create as create_avatar
    from avatar_service_client.models import (
        ApiV1AvatarsCreateFilesBody,
        ApiV1AvatarsCreateFilesBodyAvatarType,
        ApiV1AvatarsCreateFilesBodyPhotos0ViewType,
        Problem,
    )
    from avatar_service_client.types import File

    from domain.access import Role
    from entrypoints.http.auth import issue_token
    from entrypoints.settings import load_settings
    from tests.support.harness import TEST_JWT_SECRET, http_client_for_tests

    body = ApiV1AvatarsCreateFilesBody(
        name="Typed form",
        avatar_type=ApiV1AvatarsCreateFilesBodyAvatarType.PHOTO_BASED,
        photos0file=File(payload=io.BytesIO(b"not an image"), file_name="front.jpg"),
        photos_0_view_type=ApiV1AvatarsCreateFilesBodyPhotos0ViewType.FRONT,
        height_cm=172.0,
        auto_process=False,
    )
    token = issue_token(
        load_settings({"AVATAR_JWT_SECRET": TEST_JWT_SECRET}), uuid.uuid4(), Role.USER
    )
    for test_client in http_client_for_tests(tmp_path):
        test_client.headers["Authorization"] = f"Bearer {token}"
        client = AuthenticatedClient(base_url=str(test_client.base_url), token=token)
        client.set_httpx_client(test_client)  # the app in this process, with the token
        response = create_avatar.sync_detailed(client=client, body=body)
        assert response.status_code == 415, response.content
        assert isinstance(response.parsed, Problem) and response.parsed.field == "photos[0]"


@pytest.mark.slow
def test_the_python_client_uploads_a_png_through_a_signed_link(tmp_path: Path) -> None:
    """A signed upload link takes JPEG, PNG or WebP bodies: the generated function sends the
    File's own type (the custom endpoint_module.py.jinja), so a PNG is taken as a PNG."""
    sys.path.insert(0, str(CLIENTS / "python"))
    from urllib.parse import parse_qs, unquote, urlsplit

    from avatar_service_client import AuthenticatedClient
    from avatar_service_client.api.direct_transfer import api_v1_blobs_key_upload as upload
    from avatar_service_client.api.photos import (
        api_v1_avatars_avatar_id_photos_upload_url_upload_url as upload_url,
    )
    from avatar_service_client.models import PhotoUploadLinkBody, PhotoUploadLinkRequest
    from avatar_service_client.types import File

    png = b"\x89PNG\r\n\x1a\n" + bytes(24)
    settings = embedded_settings(tmp_path, AVATAR_RUN_WORKERS="false")  # local signed links
    with running_server(settings) as server:
        user = uuid.uuid4()
        client = AuthenticatedClient(base_url=server.base_url, token=server.token(user))
        avatar = server.client(user).post(
            "/api/v1/avatars", json={"name": "Linked", "avatarType": "photo_based"}
        )
        link = upload_url.sync(
            avatar_id=avatar.json()["id"],
            client=client,
            body=PhotoUploadLinkRequest.from_dict(
                {"viewType": "front", "contentType": "image/png", "sizeBytes": len(png)}
            ),
        )
        assert isinstance(link, PhotoUploadLinkBody), link
        url = urlsplit(link.upload_url)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        response = upload.sync_detailed(
            key=unquote(url.path.split("/api/v1/blobs/", 1)[1]),
            client=client,
            body=File(payload=io.BytesIO(png), mime_type="image/png"),
            expires=query["expires"],
            signature=query["signature"],
            size=query["size"],
            type_=query["type"],
        )
        assert response.status_code == 201, response.content
