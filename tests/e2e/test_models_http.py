"""The 3D model endpoints (spec 4.1.5) through a real server.

The body model is the synthetic figure (tests/support/figure.py) so the files are made in a
fraction of a second; tests/e2e/test_viewer.py runs the real anny body end to end.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from dependency_injector import providers

from entrypoints.container import Container
from tests.e2e.conftest import LiveServer, embedded_settings, running_server
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.figure import FigureBodyModel

API = "/api/v1/avatars"


def use_the_figure(container: Container) -> None:
    container.body_model.override(providers.Object(FigureBodyModel()))


@pytest.fixture(scope="module")
def figure_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = embedded_settings(tmp_path_factory.mktemp("e2e-models"))
    with running_server(settings, use_the_figure) as server:
        yield server


def completed_avatar(client: httpx.Client, name: str, **preferences: Any) -> dict[str, Any]:
    body = {
        "name": name,
        "avatarType": "measurement_based",
        "measurements": SPEC_MEASUREMENTS,
        "preferences": {"visibility": "public", "allowExport": True, **preferences},
    }
    response = client.post(API, json=body)
    assert response.status_code == 201, response.text
    avatar_id = response.json()["id"]
    deadline = time.monotonic() + 30
    while True:
        avatar: dict[str, Any] = client.get(f"{API}/{avatar_id}").json()
        if avatar["status"] == "completed":
            return avatar
        assert avatar["status"] != "failed", avatar["processingError"]
        assert time.monotonic() < deadline, avatar["status"]
        time.sleep(0.05)


def model_of(models: list[dict[str, Any]], model_format: str, level: str) -> dict[str, Any]:
    return next(m for m in models if (m["format"], m["lodLevel"]) == (model_format, level))


def test_a_completed_avatar_has_every_format_at_every_level(figure_live: LiveServer) -> None:
    _, client = figure_live.user()
    avatar = completed_avatar(client, "Sixteen files")
    response = client.get(f"{API}/{avatar['id']}/models")
    assert response.status_code == 200, response.text
    models = response.json()
    assert len(models) == 16
    assert {(m["format"], m["lodLevel"]) for m in models} == {
        (f, level)
        for f in ("glb", "gltf", "obj", "fbx")
        for level in ("high", "medium", "low", "mobile")
    }
    glb_high = model_of(models, "glb", "high")
    assert avatar["modelFileId"] == glb_high["id"]
    assert glb_high["generationParameters"]["bodyModel"] == {"name": "figure", "version": "1"}
    detail = client.get(f"{API}/{avatar['id']}/models/{glb_high['id']}")
    assert detail.status_code == 200 and detail.json() == glb_high


def test_a_download_streams_the_file_with_its_type_name_and_etag(figure_live: LiveServer) -> None:
    _, client = figure_live.user()
    avatar = completed_avatar(client, "Downloads")
    models = client.get(f"{API}/{avatar['id']}/models").json()
    glb = model_of(models, "glb", "mobile")
    response = client.get(glb["downloadUrl"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "model/gltf-binary"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="avatar-{avatar["id"]}-mobile.glb"'
    )
    assert response.content[:4] == b"glTF" and len(response.content) == glb["fileSize"]
    etag = response.headers["etag"]
    assert etag == f'"{hashlib.sha256(response.content).hexdigest()}"'
    again = client.get(glb["downloadUrl"], headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""

    obj = client.get(model_of(models, "obj", "low")["downloadUrl"])
    assert obj.headers["content-type"] == "application/zip"
    assert obj.headers["content-disposition"].endswith('-low.obj.zip"')
    assert sorted(zipfile.ZipFile(io.BytesIO(obj.content)).namelist()) == [
        "avatar.mtl",
        "avatar.obj",
    ]
    fbx = client.get(model_of(models, "fbx", "high")["downloadUrl"])
    assert fbx.headers["content-type"] == "application/octet-stream"
    assert fbx.content.startswith(b"Kaydara FBX Binary  \x00")


def test_generate_makes_the_chosen_files_and_replaces_their_predecessors(
    figure_live: LiveServer,
) -> None:
    _, client = figure_live.user()
    avatar = completed_avatar(client, "Regenerated")
    before = client.get(f"{API}/{avatar['id']}/models").json()
    response = client.post(
        f"{API}/{avatar['id']}/models/generate",
        json={"formats": ["glb", "obj"], "lodLevels": ["mobile"], "skinTone": "#8d5524"},
    )
    assert response.status_code == 201, response.text
    generated = response.json()
    assert [(m["format"], m["lodLevel"]) for m in generated["models"]] == [
        ("glb", "mobile"),
        ("obj", "mobile"),
    ]
    assert generated["models"][0]["generationParameters"]["appearance"] == {"skinTone": "#8d5524"}
    after = client.get(f"{API}/{avatar['id']}/models").json()
    assert len(after) == 16
    replaced = {model_of(before, "glb", "mobile")["id"], model_of(before, "obj", "mobile")["id"]}
    assert replaced.isdisjoint({m["id"] for m in after})
    assert client.get(f"{API}/{avatar['id']}").json()["modelFileId"] == generated["modelFileId"]


def test_generate_refuses_what_it_cannot_make(figure_live: LiveServer) -> None:
    _, client = figure_live.user()
    avatar = completed_avatar(client, "Refusals")
    url = f"{API}/{avatar['id']}/models/generate"
    wrong_format = client.post(url, json={"formats": ["stl"]})
    assert wrong_format.status_code == 422 and wrong_format.json()["field"] == "formats[0]"
    wrong_tone = client.post(url, json={"skinTone": "beige"})
    assert wrong_tone.status_code == 422 and wrong_tone.json()["field"] == "skinTone"
    _, stranger = figure_live.user()
    assert stranger.post(url, json={}).status_code == 403


def test_others_download_only_while_the_owner_allows_export(figure_live: LiveServer) -> None:
    _, owner = figure_live.user()
    _, other = figure_live.user()
    avatar = completed_avatar(owner, "Shared model")
    glb = model_of(other.get(f"{API}/{avatar['id']}/models").json(), "glb", "low")
    assert other.get(glb["downloadUrl"]).status_code == 200
    changed = owner.put(f"{API}/{avatar['id']}", json={"allowExport": False})
    assert changed.status_code == 200, changed.text
    refused = other.get(glb["downloadUrl"])
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert "disallowed export" in refused.json()["detail"]
    assert refused.json()["field"] == "allowExport"
    export = other.get(f"{API}/{avatar['id']}/export")
    assert export.status_code == 403 and "disallowed export" in export.json()["detail"]
    assert owner.get(glb["downloadUrl"]).status_code == 200  # the owner keeps their files


def test_an_unknown_model_file_is_a_404_problem(figure_live: LiveServer) -> None:
    _, client = figure_live.user()
    avatar = completed_avatar(client, "Missing model")
    response = client.get(f"{API}/{avatar['id']}/models/00000000-0000-4000-8000-000000000999")
    assert response.status_code == 404
    assert response.json()["title"] == "Model file not found"


def test_the_viewer_page_and_its_libraries_are_served_without_network(
    figure_live: LiveServer,
) -> None:
    client = figure_live.client()
    page = client.get("/viewer/00000000-0000-4000-8000-000000000001")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for path in (
        "/viewer/static/viewer.js",
        "/viewer/static/vendor/three/build/three.module.min.js",
        "/viewer/static/vendor/three/examples/jsm/loaders/GLTFLoader.js",
        "/viewer/static/vendor/three/examples/jsm/libs/draco/gltf/draco_decoder.wasm",
        "/viewer/static/vendor/three/LICENSE",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    # every script, style and module the page names comes from the service itself
    references = re.findall(
        r'(?:src|href)="([^"]+)"|"(?:three|three/addons/)": "([^"]+)"', page.text
    )
    assert references and all(
        (a or b).startswith(("/viewer/static/", "data:")) for a, b in references
    ), references


def test_generate_without_a_body_makes_every_file(figure_live: LiveServer) -> None:
    _, client = figure_live.user()
    avatar = completed_avatar(client, "Everything again")
    response = client.post(f"{API}/{avatar['id']}/models/generate")
    assert response.status_code == 201, response.text
    assert len(response.json()["models"]) == 16
