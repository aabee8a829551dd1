"""The page at / as a person uses it, in a real headless Chromium (puppeteer-core from
tests/support/node): a development token, an avatar from the measurement form, its stages
shown live over the WebSocket, then the body drawn as the viewer draws it (three.js, the
vendored files) beside its measurements, confidences, body analysis and downloads. Skips
(loudly) only without Chromium or Node.js."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from tests.e2e.conftest import LiveServer, embedded_settings, running_server
from tests.e2e.test_viewer import BACKGROUND, CHROMIUM_FLAGS, chromium
from tests.support.node import require_node, run_node
from tests.support.photo_subjects import natural_photo_pair

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The embedded profile as `avatar-service serve` runs it (in-process worker, anny)."""
    with running_server(embedded_settings(tmp_path_factory.mktemp("e2e-page"))) as server:
        yield server


def test_the_page_signs_in_creates_shows_live_progress_and_renders_the_body(
    served: LiveServer, tmp_path: Path
) -> None:
    browser = chromium()
    require_node("the page was not checked in a browser")
    screenshot = tmp_path / "page-viewer.png"
    result = run_node(
        "try_page.mjs",
        browser,
        served.base_url,
        str(screenshot),
        str(tmp_path / "chromium-profile"),
        json.dumps(CHROMIUM_FLAGS),
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    keep = Path(tempfile.gettempdir()) / "avatar-page-screenshot.png"  # for a person to see
    shutil.copy(screenshot, keep)

    assert report["state"] == "completed", report
    assert report["states"][:2] == ["ready", "processing"], report["states"]
    # Seen live over the socket, in order, before the result.
    assert report["stages"][-3:] == ["measurement_fitting", "model_generation", "completed"], report
    assert any(m.startswith("Fitting the body model") for m in report["messages"]), report
    assert "Waist" in report["text"] and "80.0 cm" in report["text"], report["text"]
    assert "Body type" in report["text"] and "%" in report["text"]
    assert report["downloads"] >= 1
    assert report["body"] == "rendered", report
    assert report["viewerLink"].startswith("/viewer/")
    assert not [m for m in report["console"] if m.startswith(("error", "pageerror"))], report

    stage = np.asarray(Image.open(screenshot).convert("RGB"), dtype=np.int16)
    height, width = stage.shape[:2]
    body_area = stage[int(height * 0.2) : int(height * 0.8), int(width * 0.47) : int(width * 0.53)]
    covered = np.abs(body_area - BACKGROUND).sum(axis=2) > 30
    assert covered.mean() > 0.5, f"only {covered.mean():.0%} of the body's area is drawn ({keep})"
    corner = stage[:40, :40]  # framed, not a full-canvas error colour
    assert (np.abs(corner - BACKGROUND).sum(axis=2) <= 30).mean() > 0.9


def test_the_page_makes_an_avatar_from_a_front_and_a_side_photo_chosen_as_files(
    served: LiveServer, tmp_path: Path
) -> None:
    """The photo form: two files chosen in the file inputs, the typed height and the gender;
    the photos' stages live, then the measured body (a natural-stance pair, not the rest pose)."""
    browser = chromium()
    require_node("the page's photo form was not checked in a browser")
    pair = natural_photo_pair()
    front, side = tmp_path / "front.jpg", tmp_path / "side.jpg"
    front.write_bytes(pair.front)
    side.write_bytes(pair.side)
    result = run_node(
        "try_page.mjs",
        browser,
        served.base_url,
        str(tmp_path / "page-photos.png"),
        str(tmp_path / "chromium-profile"),
        json.dumps(CHROMIUM_FLAGS),
        str(front),
        str(side),
        f"{pair.typed_height_cm:.0f}",
        pair.gender.value,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    keep = Path(tempfile.gettempdir()) / "avatar-page-photos-screenshot.png"  # for a person
    shutil.copy(tmp_path / "page-photos.png", keep)

    assert report["state"] == "completed", report
    assert "photo_processing" in report["stages"], report
    assert report["stages"][-1] == "completed", report
    assert report["body"] == "rendered", report
    assert not [m for m in report["console"] if m.startswith(("error", "pageerror"))], report
    shown = {
        label: float(value)
        for label, value in re.findall(r"(Chest|Waist|Hips)\s+([0-9.]+) cm", report["text"])
    }
    truth = pair.truth_for(pair.gender)
    assert set(shown) == {"Chest", "Waist", "Hips"}, report["text"]
    for label, name in (("Chest", "chest"), ("Waist", "waist"), ("Hips", "hips")):
        assert abs(shown[label] - truth[name]) < 5.0, (label, shown, truth)
