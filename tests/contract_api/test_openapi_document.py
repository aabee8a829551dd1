"""docs/openapi.json is the document the API serves (issue 18): regenerate it with
`avatar-service openapi > docs/openapi.json` when this fails."""

from __future__ import annotations

import json
from pathlib import Path

from entrypoints.http.contract import openapi_for_default_settings

CHECKED_IN = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_the_checked_in_openapi_document_is_the_one_the_api_serves() -> None:
    assert CHECKED_IN.read_text() == openapi_for_default_settings(), (
        "docs/openapi.json is stale: run `avatar-service openapi > docs/openapi.json`"
    )


def test_every_operation_declares_its_problem_answers_and_create_links_to_the_new_id() -> None:
    document = json.loads(CHECKED_IN.read_text())
    for path, item in document["paths"].items():
        for method, operation in item.items():
            errors = [s for s in operation["responses"] if s.startswith(("4", "5"))]
            for status in errors:
                content = operation["responses"][status]["content"]
                assert list(content) == ["application/problem+json"], (method, path, status)
            if operation.get("security"):
                assert {"401", "403"} <= set(errors), (method, path)
    created = document["paths"]["/api/v1/avatars"]["post"]["responses"]["201"]["links"]
    assert len(created) > 20
    assert all(link["parameters"]["avatar_id"] == "$response.body#/id" for link in created.values())
    compare = document["components"]["schemas"]["CompareRequest"]
    assert [set(form["required"]) for form in compare["oneOf"]] == [
        {"otherAvatarId"},
        {"fromVersion", "toVersion"},
    ]
