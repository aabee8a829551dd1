"""Body analysis, size recommendations, fit feedback and size charts through the real server."""

from __future__ import annotations

import time
from typing import Any

import httpx

from domain.access import Role
from tests.e2e.conftest import LiveServer
from tests.support.data import SPEC_MEASUREMENTS
from tests.unit.test_size_recommendation import acme

API = "/api/v1/avatars"
EN = "EN 13402-3"


def completed_woman(client: httpx.Client, name: str) -> str:
    body = {
        "name": name,
        "avatarType": "measurement_based",
        "gender": "female",
        "measurements": SPEC_MEASUREMENTS,  # bust 95: EN 13402-3 M (90-98)
    }
    response = client.post(API, json=body)
    assert response.status_code == 201, response.text
    avatar_id: str = response.json()["id"]
    deadline = time.monotonic() + 60
    while True:
        avatar: dict[str, Any] = client.get(f"{API}/{avatar_id}").json()
        if avatar["status"] == "completed":
            return avatar_id
        assert avatar["status"] != "failed", avatar["processingError"]
        assert time.monotonic() < deadline, avatar["status"]
        time.sleep(0.1)


def test_the_analysis_the_sizes_and_feedback_that_moves_them(live: LiveServer) -> None:
    _, alice = live.user()
    avatar_id = completed_woman(alice, "analysed")

    analysis = alice.get(f"{API}/{avatar_id}/analysis")
    assert analysis.status_code == 200, analysis.text
    body = analysis.json()
    assert body["bodyType"] in {"apple", "pear", "rectangle", "hourglass", "inverted_triangle"}
    assert 0.0 <= body["confidence"] <= 1.0
    assert body["bodyTypeRule"] and body["bodyTypeProbabilities"]
    assert body["symmetryScore"] == 1.0 and body["symmetrySource"] == "body_model"
    assert body["version"] == 2  # the fitted profile's version
    assert body["sizeRecommendations"][f"{EN}/tops"] == "M"
    assert body["fitPreferences"] == {"tops": "regular", "bottoms": "regular"}

    sizes = alice.get(
        f"{API}/{avatar_id}/size-recommendations", params={"brand": EN, "category": "tops"}
    )
    assert sizes.status_code == 200, sizes.text
    [tops] = sizes.json()["recommendations"]
    assert tops["size"] == "M" and tops["chartGender"] == "female"
    assert abs(sum(tops["probabilities"].values()) - 1.0) < 0.01
    assert tops["reasons"][0].startswith("chest 95 cm is in M (90-98)")
    fitted = alice.get(
        f"{API}/{avatar_id}/size-recommendations",
        params={"brand": EN, "category": "tops", "fit": "oversized"},
    ).json()["recommendations"][0]
    assert fitted["size"] in {"L", "XL"}

    feedback = alice.post(
        f"{API}/{avatar_id}/fit-feedback",
        json={"brand": EN, "category": "tops", "sizeWorn": "M", "fit": {"chest": "too_tight"}},
    )
    assert feedback.status_code == 201, feedback.text
    learned = feedback.json()
    assert learned["preference"]["offsetCm"] > 0
    assert learned["recommendation"]["size"] == "L"
    after = alice.get(f"{API}/{avatar_id}/analysis").json()
    assert after["sizeRecommendations"][f"{EN}/tops"] == "L"
    assert after["fitPreferences"]["tops"] != "regular"

    export = alice.get("/api/v1/users/me/export").json()
    assert [f["sizeWorn"] for f in export["fit"]["feedback"]] == ["M"]
    assert export["fit"]["preferences"][0]["category"] == "tops"

    regenerated = alice.post(f"{API}/{avatar_id}/analysis/regenerate")
    assert regenerated.status_code == 200, regenerated.text
    assert regenerated.json()["id"] != body["id"]
    assert regenerated.json()["sizeRecommendations"][f"{EN}/tops"] == "L"

    changed = alice.put(
        f"{API}/{avatar_id}/measurements",
        json={"measurements": {"waist": 70}, "regenerateModel": False},
    )
    assert changed.status_code == 200, changed.text
    assert alice.get(f"{API}/{avatar_id}/analysis").json()["version"] == 3


def test_feedback_and_recommendations_are_refused_with_a_reason(live: LiveServer) -> None:
    _, alice = live.user()
    _, bob = live.user()
    avatar_id = completed_woman(alice, "private")
    unknown = alice.get(f"{API}/{avatar_id}/size-recommendations", params={"brand": "Nobody"})
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert "no size chart for Nobody" in unknown.json()["detail"]
    wrong_size = alice.post(
        f"{API}/{avatar_id}/fit-feedback",
        json={"brand": EN, "category": "tops", "sizeWorn": "Q", "fit": {"chest": "right"}},
    )
    assert wrong_size.status_code == 422 and wrong_size.json()["field"] == "sizeWorn"
    wrong_area = alice.post(
        f"{API}/{avatar_id}/fit-feedback",
        json={"brand": EN, "category": "tops", "sizeWorn": "M", "fit": {"inseam": "right"}},
    )
    assert wrong_area.status_code == 422 and wrong_area.json()["field"] == "fit.inseam"
    others = bob.post(
        f"{API}/{avatar_id}/fit-feedback",
        json={"brand": EN, "category": "tops", "sizeWorn": "M", "fit": {"chest": "right"}},
    )
    assert others.status_code == 404
    assert bob.get(f"{API}/{avatar_id}/analysis").status_code == 404


def test_admins_add_replace_and_delete_a_brands_chart_and_wrong_ones_are_refused(
    live: LiveServer,
) -> None:
    _, user = live.user()
    _, admin = live.user(Role.ADMIN)
    address = "/api/v1/size-charts/Acme/tops/male"
    document = acme()
    assert user.put(address, json=document).status_code == 403
    added = admin.put(address, json=document)
    assert added.status_code == 201, added.text
    assert admin.put(address, json=document).status_code == 200
    listed = user.get("/api/v1/size-charts", params={"brand": "acme"}).json()
    assert [c["brand"] for c in listed] == ["Acme"]

    overlapping = acme()
    overlapping["sizes"][1]["ranges"]["chest"] = [93, 102]
    refused = admin.put(address, json=overlapping)
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["field"] == "sizes[1].ranges.chest"
    assert "overlap" in refused.json()["detail"]
    gapped = acme()
    gapped["sizes"][2]["ranges"]["waist"] = [85, 90]
    assert "gap" in admin.put(address, json=gapped).json()["detail"]
    for field, value in (("unit", "mm"), ("measurements", ["chest", "belly"])):
        wrong = admin.put(address, json=acme(**{field: value}))
        assert wrong.status_code == 422, wrong.text
        assert wrong.json()["field"].startswith(field)
    elsewhere = admin.put("/api/v1/size-charts/Other/tops/male", json=document)
    assert elsewhere.status_code == 422 and elsewhere.json()["field"] == "brand"

    assert admin.delete("/api/v1/size-charts/Acme/tops").status_code == 204
    assert admin.delete("/api/v1/size-charts/Acme/tops").status_code == 404
    assert user.get("/api/v1/size-charts", params={"brand": "acme"}).json() == []
