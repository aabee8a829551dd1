"""End-to-end: the hints and the EXIF focal length of a photo avatar reach the estimator, and
POST .../measurements/extract measures the current photos again (ADR 44), through a real
server whose estimator records what it is given (the measuring itself is tested elsewhere).
"""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from dependency_injector import providers

from application.ports import (
    EstimationProgress,
    FitRequest,
    FittedBody,
    Gender,
    ProcessedView,
    ShapeEstimate,
)
from domain.photo import ViewType
from domain.photo_checks import BodyHints, Clothing
from entrypoints.container import Container
from tests.e2e.conftest import LiveServer, embedded_settings, running_server
from tests.support import photos
from tests.support.bodies import anny_body_model

API = "/api/v1/avatars"
PROBLEM_JSON = "application/problem+json"
EXIF_IFD, FOCAL_LENGTH_IN_35MM_FILM = 0x8769, 0xA405


@dataclass
class RecordingEstimator:
    """Returns ``body`` and records the views and hints of every call."""

    body: FittedBody
    calls: list[tuple[list[ProcessedView], BodyHints]] = field(default_factory=list)

    async def estimate(
        self,
        views: Sequence[ProcessedView],
        hints: BodyHints,
        progress: EstimationProgress | None = None,
    ) -> ShapeEstimate:
        self.calls.append((list(views), hints))
        measurements: Mapping[str, float] = dict(self.body.measurements)
        return ShapeEstimate(self.body.shape, measurements, dict.fromkeys(measurements, 0.8))


@pytest.fixture(scope="module")
def estimator() -> RecordingEstimator:
    fitted = asyncio.run(anny_body_model().fit(FitRequest({"height": 168.0}, Gender.FEMALE)))
    return RecordingEstimator(fitted)


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, estimator: RecordingEstimator
) -> Iterator[LiveServer]:
    settings = embedded_settings(
        tmp_path_factory.mktemp("e2e-extract"),
        AVATAR_AUTO_MODEL_FORMATS="glb",
        AVATAR_AUTO_MODEL_LEVELS="mobile",
    )

    def record(container: Container) -> None:
        container.shape_estimator.override(providers.Object(estimator))

    with running_server(settings, record) as live:
        yield live


def front_with_focal_length(focal_35mm: int) -> bytes:
    exif = photos.camera_exif()
    exif.get_ifd(EXIF_IFD)[FOCAL_LENGTH_IN_35MM_FILM] = focal_35mm
    return photos.jpeg(photos.rendering(Gender.FEMALE, "front").image, exif=exif)


def problem_of(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == PROBLEM_JSON
    problem: dict[str, Any] = response.json()
    return problem


def wait_for(client: httpx.Client, avatar_id: str, status: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        avatar: dict[str, Any] = client.get(f"{API}/{avatar_id}").json()
        if avatar["status"] == status:
            return avatar
        assert avatar["status"] != "failed", avatar["processingError"]
        assert time.monotonic() < deadline, avatar["status"]
        time.sleep(0.1)


def calls_for(estimator: RecordingEstimator, count: int) -> list[Any]:
    deadline = time.monotonic() + 30
    while len(estimator.calls) < count:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return estimator.calls


def test_multipart_hints_and_the_exif_focal_length_reach_the_estimator_then_extract_again(
    server: LiveServer, estimator: RecordingEstimator
) -> None:
    _, client = server.user()
    files = [
        ("front", ("front.jpg", front_with_focal_length(26), "image/jpeg")),
        ("side", ("side.jpg", photos.photo(Gender.FEMALE, "side"), "image/jpeg")),
    ]
    form = {
        "name": "Hinted",
        "avatarType": "photo_based",
        "heightCm": "168",
        "weightKg": "61.5",
        "gender": "female",
        "clothing": "tight",
    }
    created = client.post(API, data=form, files=files)
    assert created.status_code == 201, created.text
    avatar_id = created.json()["id"]
    assert {p["focalLength35mm"] for p in created.json()["photos"]} == {26.0, None}
    measured = wait_for(client, avatar_id, "completed")
    before = len(estimator.calls)
    [views, hints] = next(
        (views, hints) for views, hints in estimator.calls if hints.weight_kg == 61.5
    )
    assert hints == BodyHints(
        height_cm=168.0, weight_kg=61.5, gender=Gender.FEMALE, clothing=Clothing.TIGHT
    )
    front = next(view for view in views if view.view_type is ViewType.FRONT)
    diagonal_px = math.hypot(front.mask.width, front.mask.height)
    assert front.focal_length_px == pytest.approx(26.0 * diagonal_px / math.hypot(36.0, 24.0))

    typed = client.put(
        f"{API}/{avatar_id}/measurements",
        json={"measurements": {"chest": 91.0}, "regenerateModel": False},
    )
    assert typed.status_code == 200, typed.text
    started = client.post(f"{API}/{avatar_id}/measurements/extract")
    assert started.status_code == 202, started.text
    body = started.json()
    assert body["status"] == "processing" and body["processingEstimate"]
    done = wait_for(client, avatar_id, "completed")
    assert len(calls_for(estimator, before + 1)) > before
    measurements = done["measurements"]
    assert measurements["chest"] == 91.0 and measurements["manualOverrides"] == ["chest"]
    assert measurements["extractionMethod"] == "mixed"
    assert done["version"] == measured["version"] + 2
    versions = client.get(f"{API}/{avatar_id}/versions").json()
    assert versions[-1]["changeType"] == "regeneration"


def test_json_hints_and_bad_hints_are_named(server: LiveServer) -> None:
    _, client = server.user()
    draft = client.post(
        API,
        json={
            "name": "Draft",
            "avatarType": "photo_based",
            "gender": "male",
            "clothing": "loose",
            "heightCm": 181,
        },
    )
    assert draft.status_code == 201, draft.text
    assert draft.json()["status"] == "draft"
    bad_clothing = client.post(
        API, json={"name": "B", "avatarType": "photo_based", "clothing": "baggy"}
    )
    assert problem_of(bad_clothing, 422)["field"] == "clothing"
    on_measurements = client.post(
        API,
        json={
            "name": "M",
            "avatarType": "measurement_based",
            "measurements": {"height": 170},
            "clothing": "tight",
        },
    )
    problem = problem_of(on_measurements, 422)
    assert problem["field"] == "clothing" and "photo_based" in problem["detail"]
    files = [("front", ("front.jpg", photos.photo(Gender.FEMALE, "front"), "image/jpeg"))]
    form = {"name": "Form", "avatarType": "photo_based"}
    for name, value in (("gender", "other"), ("clothing", "baggy"), ("heightCm", "tall")):
        response = client.post(API, data={**form, name: value}, files=files)
        assert problem_of(response, 422)["field"] == name, response.text
    too_tall = client.post(API, data={**form, "heightCm": "400"}, files=files)
    assert problem_of(too_tall, 422)["field"] == "heightCm"
    more = client.post(
        f"{API}/{draft.json()['id']}/photos", data={"clothing": "baggy"}, files=files
    )
    assert problem_of(more, 422)["field"] == "clothing"


def test_extract_is_refused_clearly_without_photos_and_for_someone_elses_avatar(
    server: LiveServer,
) -> None:
    _, client = server.user()
    draft = client.post(API, json={"name": "Empty", "avatarType": "photo_based"}).json()
    missing = problem_of(client.post(f"{API}/{draft['id']}/measurements/extract"), 422)
    assert missing["field"] == "photos"
    assert "upload a front and a side photo" in missing["detail"]
    _, stranger = server.user()
    other = problem_of(stranger.post(f"{API}/{draft['id']}/measurements/extract"), 404)
    assert other["field"] == "id"
    unknown = stranger.post(f"{API}/{uuid.uuid4()}/measurements/extract")
    assert problem_of(unknown, 404)["type"].endswith("/not-found")


def test_the_openapi_document_declares_the_hints_and_the_extract_endpoint(
    server: LiveServer,
) -> None:
    document = httpx.get(f"{server.base_url}/schema/openapi.json").json()
    paths = document["paths"]
    extract = paths["/api/v1/avatars/{avatar_id}/measurements/extract"]["post"]
    assert "202" in extract["responses"]
    create = paths["/api/v1/avatars"]["post"]["requestBody"]["content"]
    form = create["multipart/form-data"]["schema"]["properties"]
    assert form["gender"]["enum"] == ["female", "male"]
    assert form["clothing"]["enum"] == ["tight", "regular", "loose"]
    assert {"heightCm", "weightKg", "photos[0][file]"} <= set(form)
    upload = paths["/api/v1/avatars/{avatar_id}/photos"]["post"]["requestBody"]["content"]
    assert "clothing" in upload["multipart/form-data"]["schema"]["properties"]
    schemas = document["components"]["schemas"]
    request = next(s for name, s in schemas.items() if name.endswith("CreateAvatarRequest"))
    properties = request["properties"]
    assert {"heightCm", "weightKg", "gender", "clothing"} <= set(properties)
    assert "loose" in str(properties["clothing"])
