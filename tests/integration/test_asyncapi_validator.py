"""The AsyncAPI document passes the official AsyncAPI parser (@asyncapi/parser, Node.js)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.node import require_node, run_node

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "asyncapi.json"


@pytest.mark.slow
def test_the_official_asyncapi_parser_accepts_the_document() -> None:
    require_node("the AsyncAPI document was not validated")
    result = run_node("validate_asyncapi.mjs", str(DOCUMENT))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VALID" in result.stdout
