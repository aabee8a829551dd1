"""The viewer page shows a real avatar: headless Chromium renders its GLB (three.js, Draco).

A measurement avatar goes through the whole chain (anny fitted to the measurements, its 16
model files written by the background processing), then Chromium (the system's, driven by
puppeteer-core from tests/support/node) opens ``/viewer/{id}#token=...``, waits until the
page says it rendered, and takes a screenshot, in which the body's area must be covered by
something other than the background; the page must list the measurements. Skips (loudly)
only when no Chromium binary or no Node.js is installed: `apt-get install -y chromium`.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from tests.e2e.conftest import LiveServer, embedded_settings, running_server
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.node import require_node, run_node
from tests.support.tools import missing_tool

pytestmark = pytest.mark.slow
API = "/api/v1/avatars"
BACKGROUND = np.array([0xEE, 0xF1, 0xF5])
PANEL = 300  # the measurements panel on the right of the 1000 x 800 window
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    missing_tool("chromium", "the viewer was not checked in a browser", "apt-get install chromium")


@pytest.fixture(scope="module")
def anny_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The API exactly as served, anny and all."""
    with running_server(embedded_settings(tmp_path_factory.mktemp("e2e-viewer"))) as server:
        yield server


def processed_avatar(live: LiveServer) -> tuple[str, dict[str, Any]]:
    user_id, client = live.user()
    created = client.post(
        API,
        json={
            "name": "Viewer avatar",
            "avatarType": "measurement_based",
            "measurements": SPEC_MEASUREMENTS,
        },
    )
    assert created.status_code == 201, created.text
    avatar_id = created.json()["id"]
    deadline = time.monotonic() + 180  # a cold machine loads anny first
    while True:
        avatar: dict[str, Any] = client.get(f"{API}/{avatar_id}").json()
        if avatar["status"] == "completed":
            break
        assert avatar["status"] != "failed", avatar["processingError"]
        assert time.monotonic() < deadline, avatar["status"]
        time.sleep(0.2)
    assert any(m["format"] == "glb" for m in avatar["models"]), avatar["models"]
    return live.token(user_id), avatar


def screenshot_of(url: str, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """The page in headless Chromium, driven by puppeteer-core until it has rendered."""
    browser = chromium()
    require_node("the viewer was not checked in a browser")
    screenshot = tmp_path / "viewer.png"
    result = run_node(
        "screenshot_page.mjs",
        browser,
        url,
        str(screenshot),
        str(tmp_path / "chromium-profile"),
        json.dumps(CHROMIUM_FLAGS),
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return screenshot, report


def test_the_viewer_renders_the_avatar_beside_its_measurements(
    anny_live: LiveServer, tmp_path: Path
) -> None:
    chromium()
    token, avatar = processed_avatar(anny_live)
    url = f"{anny_live.base_url}/viewer/{avatar['id']}?lod=medium#token={token}"
    screenshot, report = screenshot_of(url, tmp_path)
    assert report["state"] == "rendered", report
    assert "Waist" in report["text"] and "80.0 cm" in report["text"], report["text"]
    assert "medium GLB" in report["text"]
    assert not [m for m in report["console"] if m.startswith(("error", "pageerror"))], report
    keep = Path(tempfile.gettempdir()) / "avatar-viewer-screenshot.png"  # for a person to see
    shutil.copy(screenshot, keep)
    pixels = np.asarray(Image.open(screenshot).convert("RGB"), dtype=np.int16)
    stage = pixels[:, : pixels.shape[1] - PANEL]
    height, width = stage.shape[:2]
    # the body stands in the middle of the stage, framed to most of its height
    body_area = stage[int(height * 0.2) : int(height * 0.8), int(width * 0.46) : int(width * 0.54)]
    covered = np.abs(body_area - BACKGROUND).sum(axis=2) > 30
    assert covered.mean() > 0.5, f"only {covered.mean():.0%} of the body's area is drawn ({keep})"
    # and the corners are background: the model is framed, not a full-screen error colour
    corner = stage[:40, :40]
    assert (np.abs(corner - BACKGROUND).sum(axis=2) <= 30).mean() > 0.9
