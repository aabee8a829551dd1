"""Tools the project can install for its tests (Node.js and its packages, Chromium, Tansu,
PostgreSQL's initdb). A test that cannot find one skips through ``missing_tool``, saying what
was not checked and how to install it; under CI (CI=true) such a skip is a failure
(tests/conftest.py), because .ci/run installs them."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

MISSING_TOOL = "MISSING TOOL"


def missing_tool_reason(tool: str, consequence: str, install: str) -> str:
    """The skip reason the CI check recognises."""
    return f"{MISSING_TOOL} {tool}: {consequence} ({install})"


def missing_tool(tool: str, consequence: str, install: str) -> NoReturn:
    pytest.skip(missing_tool_reason(tool, consequence, install))


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
