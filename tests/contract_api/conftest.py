"""The live servers of tests/e2e, for the contract tests."""

from tests.e2e.conftest import live  # noqa: F401
