"""The live servers of tests/e2e, and the TypeScript client package, for the contract tests."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import live  # noqa: F401
from tests.support.tools import missing_tool

ROOT = Path(__file__).resolve().parents[2]
TYPESCRIPT = ROOT / "clients" / "typescript"


def npm(*arguments: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """npm in clients/typescript; fails the test with npm's output when it fails."""
    result = subprocess.run(
        ["npm", *arguments], cwd=TYPESCRIPT, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"npm {' '.join(arguments)}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def typescript_package() -> Path:
    """clients/typescript with its locked dependencies installed (`npm ci`, the only network
    use, to the npm registry; skipped when package-lock.json has not changed since the last
    install) and compiled (`npm run build`: tsc, strict). CI installs only Node.js (.ci/run)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        missing_tool("node", "the TypeScript client was not checked", "apt-get install nodejs npm")
    lock = hashlib.sha256((TYPESCRIPT / "package-lock.json").read_bytes()).hexdigest()
    installed = TYPESCRIPT / "node_modules" / ".installed-from-lock"
    if not installed.exists() or installed.read_text() != lock:
        npm("ci", "--no-audit", "--no-fund", "--ignore-scripts")
        installed.write_text(lock)
    npm("run", "build")
    return TYPESCRIPT


def generate_command(package: Path, script: str, output: Path) -> list[str]:
    """The command of package.json's ``script`` with its output file replaced by ``output``."""
    import json

    command = json.loads((package / "package.json").read_text())["scripts"][script].split()
    return [str(output) if part.startswith("src/") else part for part in command]
