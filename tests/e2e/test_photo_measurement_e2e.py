"""End-to-end: a person standing naturally, photographed front and side by a phone, uploaded
with her height, gender and clothing through the real HTTP API, and measured by the shipped
estimator (ADR 43) close to her true body."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from domain.measurements import MEASUREMENT_NAMES
from tests.e2e.conftest import LiveServer, embedded_settings, running_server
from tests.support.photo_subjects import natural_photo_pair

pytestmark = pytest.mark.slow

API = "/api/v1/avatars"
# Measured on this pair: chest +1.3, waist +0.4, hips -1.9 cm off with the stance settled
# first (ADR 61; before it +2.0, +1.3, -0.3 with regressor version 4, +1.6, +1.2, 0.0 with
# version 3); the estimator before ADR 43 was 5-18 cm off on natural stances.
BOUND_CM = 3.5
HEIGHT_BOUND_CM = 2.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = embedded_settings(
        tmp_path_factory.mktemp("e2e-photo-measurement"),
        AVATAR_AUTO_MODEL_FORMATS="glb",
        AVATAR_AUTO_MODEL_LEVELS="mobile",
    )
    with running_server(settings) as live:
        yield live


def wait_until_completed(client: httpx.Client, avatar_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 300  # a loaded machine; it takes seconds otherwise
    while True:
        response = client.get(f"{API}/{avatar_id}")
        assert response.status_code == 200, response.text
        avatar: dict[str, Any] = response.json()
        if avatar["status"] == "completed":
            return avatar
        assert avatar["status"] != "failed", avatar["processingError"]
        assert time.monotonic() < deadline, avatar["status"]
        time.sleep(0.2)


def test_a_natural_stance_pair_uploaded_with_hints_is_measured_close_to_the_truth(
    server: LiveServer,
) -> None:
    pair = natural_photo_pair()
    _, client = server.user()
    files = [
        ("front", ("front.jpg", pair.front, "image/jpeg")),
        ("side", ("side.jpg", pair.side, "image/jpeg")),
    ]
    form = {
        "name": "Standing naturally",
        "avatarType": "photo_based",
        "heightCm": f"{pair.typed_height_cm:g}",
        "gender": pair.gender.value,
        "clothing": "tight",
    }
    created = client.post(API, data=form, files=files)
    assert created.status_code == 201, created.text
    assert [p["viewType"] for p in created.json()["photos"]] == ["front", "side"]
    assert all(p["focalLength35mm"] for p in created.json()["photos"])  # the files' EXIF

    avatar = wait_until_completed(client, created.json()["id"])
    measurements = avatar["measurements"]
    truth = pair.truth_for(pair.gender)
    assert measurements["extractionMethod"] == "ai"
    assert abs(measurements["height"] - truth["height"]) < HEIGHT_BOUND_CM
    for name in ("chest", "waist", "hips"):
        error = measurements[name] - truth[name]
        assert abs(error) < BOUND_CM, f"{name} {error:+.1f} cm"
    confidences = measurements["confidenceScores"]
    assert set(confidences) == set(MEASUREMENT_NAMES)
    assert all(0.0 <= confidences[name] <= 1.0 for name in MEASUREMENT_NAMES)
