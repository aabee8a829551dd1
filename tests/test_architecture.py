"""The layer boundaries are checked, not remembered."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = {"domain", "application", "adapters", "entrypoints", "inference_onnx"}


def _imported_top_level(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_domain_imports_only_the_standard_library_and_itself() -> None:
    allowed = set(sys.stdlib_module_names) | {"domain", "__future__"}
    strays = {m: f for m, f in _imported_top_level("domain").items() if m not in allowed}
    assert strays == {}


def test_the_application_imports_only_the_standard_library_the_domain_and_itself() -> None:
    allowed = set(sys.stdlib_module_names) | {"domain", "application", "__future__"}
    strays = {m: f for m, f in _imported_top_level("application").items() if m not in allowed}
    assert strays == {}


def _contracts() -> list[dict[str, object]]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        contracts: list[dict[str, object]] = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    return contracts


def test_the_layers_are_entrypoints_adapters_inference_application_domain() -> None:
    layers = [c["layers"] for c in _contracts() if c["type"] == "layers"]
    assert layers == [["entrypoints", "adapters", "inference_onnx", "application", "domain"]]


def test_adapters_are_independent_and_only_the_composition_root_and_cli_import_them() -> None:
    by_type = {str(c["type"]): c for c in _contracts()}
    assert by_type["independence"]["modules"] == ["adapters.*"]
    assert by_type["protected"]["protected_modules"] == ["adapters"]
    assert sorted(by_type["protected"]["allowed_importers"]) == [  # type: ignore[type-var]
        "adapters",
        "entrypoints.cli",
        "entrypoints.container",
    ]


def test_the_import_linter_contracts_hold() -> None:
    command = shutil.which("lint-imports")
    if command is None:
        pytest.fail("lint-imports is missing: install the test extras (pip install -e '.[test]')")
    result = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
