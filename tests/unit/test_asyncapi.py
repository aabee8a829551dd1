"""The AsyncAPI document in docs/ is the one the code generates, and covers every event."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.contract.asyncapi import asyncapi_document, render
from adapters.contract.messages import EVENT_TYPES, PAYLOADS
from domain.events import EVENT_NAMES

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "asyncapi.json"


def test_the_checked_in_document_matches_the_code() -> None:
    assert DOCUMENT.read_text() == render(), (
        "docs/asyncapi.json is stale: run `avatar-service asyncapi > docs/asyncapi.json`"
    )


def test_every_domain_event_has_a_versioned_message_type() -> None:
    assert set(EVENT_TYPES) == set(EVENT_NAMES)
    for event_type, _ in EVENT_TYPES.values():
        assert event_type.startswith("com.perfit.") and event_type.endswith(".v1")


def test_every_message_of_every_channel_is_defined_with_its_schema() -> None:
    document = asyncapi_document()
    assert document["asyncapi"] == "3.0.0"
    components = document["components"]
    for channel in document["channels"].values():
        for reference in channel["messages"].values():
            name = reference["$ref"].rsplit("/", 1)[-1]
            payload = components["messages"][name]["payload"]["$ref"].rsplit("/", 1)[-1]
            assert payload in components["schemas"]
    assert {m["name"] for m in components["messages"].values()} == set(PAYLOADS)
    created = components["schemas"]["AvatarCreatedV1"]
    assert set(created["required"]) >= {"avatarId", "userId", "occurredAt", "avatarType"}
    json.dumps(document)  # serialisable as it is


def test_the_readme_event_table_names_every_event_type() -> None:
    readme = (DOCUMENT.parents[1] / "README.md").read_text()
    row = next(line for line in readme.splitlines() if line.startswith("| `avatar.events` |"))
    for event_type, _ in EVENT_TYPES.values():
        family, name = event_type.removeprefix("com.perfit.").removesuffix(".v1").split(".")
        assert f"com.perfit.{family}." in row and name in row, event_type
