"""The layer boundaries are checked, not remembered."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
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


def test_the_import_linter_contracts_hold() -> None:
    command = shutil.which("lint-imports")
    if command is None:
        pytest.fail("lint-imports is missing: install the test extras (pip install -e '.[test]')")
    result = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
