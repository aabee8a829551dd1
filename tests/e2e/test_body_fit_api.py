"""Measurement-based and preset avatars through the API: the body fit fills, checks, says."""

from __future__ import annotations

import httpx
import pytest

from domain.measurements import MEASUREMENT_NAMES
from tests.e2e.conftest import LiveServer
from tests.e2e.test_http_api import API, assert_problem, create, wait_for_status

pytestmark = pytest.mark.slow


@pytest.fixture
def alice(live: LiveServer) -> httpx.Client:
    return live.user()[1]


def test_the_height_and_a_few_girths_give_a_whole_fitted_body(alice: httpx.Client) -> None:
    avatar = create(
        alice,
        {
            "name": "Few numbers",
            "avatarType": "measurement_based",
            "gender": "female",
            "measurements": {"height": 165, "waist": 72, "hips": 99},
        },
    )
    assert avatar["status"] == "processing"
    done = wait_for_status(alice, avatar["id"])
    measurements = done["measurements"]
    assert (measurements["height"], measurements["waist"], measurements["hips"]) == (165, 72, 99)
    assert measurements["gender"] == "female"
    assert set(measurements["estimated"]) == set(MEASUREMENT_NAMES) - {"height", "waist", "hips"}
    assert all(measurements[name] is not None for name in ("chest", "inseam", "armLength"))
    scores = measurements["confidenceScores"]
    assert min(scores[n] for n in ("height", "waist", "hips")) > 0.95
    assert max(scores[n] for n in measurements["estimated"]) < 0.95
    assert measurements["extractionMethod"] == "mixed"
    assert done["bodyAnalysis"] is not None
    versions = alice.get(f"{API}/{avatar['id']}/versions").json()
    assert [v["changeType"] for v in versions] == ["initial", "regeneration"]
    # The fitted body is the one the model files were made from.
    models = alice.get(f"{API}/{avatar['id']}/models").json()
    assert models, "a completed avatar has model files"


def test_a_vector_no_body_has_is_refused_naming_what_disagrees(alice: httpx.Client) -> None:
    response = alice.post(
        API,
        json={
            "name": "Impossible",
            "avatarType": "measurement_based",
            "measurements": {"height": 150, "chest": 80, "waist": 150, "hips": 95},
        },
    )
    problem = assert_problem(response, 422, field="measurements.waist")
    assert "disagrees with" in problem["detail"]
    assert problem["errors"][0]["field"] == "measurements.waist"
    assert alice.get(API).json()["items"] == [], "nothing was stored"


def test_a_preset_avatar_is_fitted_to_its_preset(alice: httpx.Client) -> None:
    avatar = create(
        alice, {"name": "Preset", "avatarType": "preset_based", "presetId": "male_average"}
    )
    done = wait_for_status(alice, avatar["id"])
    measurements = done["measurements"]
    assert measurements["gender"] == "male"
    assert measurements["extractionMethod"] == "preset"
    presets = {p["id"]: p for p in alice.get("/api/v1/presets").json()}
    for name, value in presets["male_average"]["measurements"].items():
        assert measurements[name] == value, name
    assert len(measurements["estimated"]) == len(MEASUREMENT_NAMES) - len(
        presets["male_average"]["measurements"]
    )


def test_readiness_reports_the_body_model(alice: httpx.Client) -> None:
    body = alice.get("/ready").json()
    assert body["checks"]["bodyModel"] in ("ok",) or body["checks"]["bodyModel"].startswith(
        "preparing"
    )
    assert body["bodyModel"]["name"] == "anny"
    # The execution provider of the photo regressor (no GPU here: the CPU).
    assert body["inference"] == {"photo_regressor": "CPUExecutionProvider"}
    metrics = alice.get("/metrics")
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert (
        'avatar_inference_provider_info{model="photo_regressor",provider="CPUExecutionProvider"} 1'
        in text
    )
    assert "avatar_body_model_ready " in text and "avatar_outbox_pending " in text


def test_the_skin_tone_given_at_creation_colours_the_model_files(alice: httpx.Client) -> None:
    avatar = create(
        alice,
        {
            "name": "Toned",
            "avatarType": "measurement_based",
            "measurements": {"height": 180},
            "skinTone": "#8D5524",
        },
    )
    assert avatar["skinTone"] == "#8d5524"
    wait_for_status(alice, avatar["id"])
    models = alice.get(f"{API}/{avatar['id']}/models").json()
    assert {m["generationParameters"]["appearance"]["skinTone"] for m in models} == {"#8d5524"}
    response = alice.post(
        API,
        json={
            "name": "Bad tone",
            "avatarType": "measurement_based",
            "measurements": {"height": 180},
            "skinTone": "brown",
        },
    )
    assert_problem(response, 422, field="skinTone")
