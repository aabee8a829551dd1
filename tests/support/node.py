"""Node.js validators written by others (the AsyncAPI parser, the Khronos glTF validator).

They are installed once with npm into a cache folder outside the checkout
(``$AVATAR_TEST_NODE_CACHE`` or ``~/.cache/avatar-service/node``) from
tests/support/node/package.json, and reused by later runs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from tests.support.tools import missing_tool

HERE = Path(__file__).parent / "node"


def node_tools() -> Path:
    """The folder holding node_modules for tests/support/node/package.json; installs it once.

    Raises RuntimeError with npm's output when the install fails.
    """
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise FileNotFoundError("Node.js and npm are not installed")
    manifest = (HERE / "package.json").read_bytes()
    digest = hashlib.sha256(manifest).hexdigest()[:12]
    cache = Path(
        os.environ.get("AVATAR_TEST_NODE_CACHE", Path.home() / ".cache" / "avatar-service" / "node")
    )
    folder = cache / digest
    if not (folder / "node_modules" / ".installed").exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_bytes(manifest)
        result = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"npm install failed:\n{result.stdout}\n{result.stderr}")
        (folder / "node_modules" / ".installed").write_text(digest)
    for script in HERE.glob("*.mjs"):
        shutil.copy(script, folder / script.name)
    return folder


def require_node(consequence: str) -> None:
    """Skip (a failure under CI) saying ``consequence`` where Node.js is not installed."""
    if shutil.which("node") is None:
        missing_tool("node", consequence, "apt-get install nodejs npm")


def run_node(script: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    folder = node_tools()
    return subprocess.run(
        ["node", str(folder / script), *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
