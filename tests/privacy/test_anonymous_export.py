"""An anonymous export for sharing (spec 8.2): nothing that names the owner, values to the cm,
dates to the month."""

from __future__ import annotations

import re
import uuid

from tests.privacy.conftest import API, Api

ALICE = uuid.UUID("aaaaaaaa-0000-4000-8000-000000000001")
BOB = uuid.UUID("bbbbbbbb-0000-4000-8000-000000000002")
MEASUREMENTS = {"height": 175.4, "weight": 70.6, "chest": 95.5, "waist": 80.49, "hips": 100.2}


def _create(api: Api, **preferences: object) -> str:
    response = api.call(
        "POST",
        API,
        ALICE,
        json={
            "name": "Jane Doe's body",
            "description": "for my tailor at 12 Rue Example",
            "avatarType": "measurement_based",
            "measurements": MEASUREMENTS,
            "preferences": preferences,
            "tags": ["jane"],
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_the_anonymous_export_names_no_one_and_coarsens_values_and_dates(api: Api) -> None:
    avatar_id = _create(api, visibility="public")
    response = api.call("GET", f"{API}/{avatar_id}/export/anonymous", BOB)
    assert response.status_code == 200, response.text
    text, document = response.text, response.json()
    for secret in (str(ALICE), avatar_id, "Jane", "Rue Example", "jane", "photo", "storageKey"):
        assert secret not in text
    assert document["format"] == "avatar-anonymous/v1"
    measured = document["measurements"]
    assert {k: measured[k] for k in MEASUREMENTS} == {
        "height": 175,
        "weight": 71,
        "chest": 96,
        "waist": 80,
        "hips": 100,
    }
    assert all(isinstance(value, int) for value in measured.values())
    months = [document["createdMonth"], document["updatedMonth"]]
    months += [v["month"] for v in document["versions"]]
    assert all(re.fullmatch(r"\d{4}-\d{2}", month) for month in months)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no day anywhere


def test_the_anonymous_export_keeps_the_owners_choices(api: Api) -> None:
    private = _create(api)
    assert api.call("GET", f"{API}/{private}/export/anonymous", BOB).status_code == 404
    assert api.call("GET", f"{API}/{private}/export/anonymous", ALICE).status_code == 200
    api.call("PUT", f"{API}/{private}", ALICE, json={"allowExport": False, "visibility": "public"})
    assert api.call("GET", f"{API}/{private}/export/anonymous", BOB).status_code == 403
    assert api.call("GET", f"{API}/{private}/export/anonymous", None).status_code == 401
