"""Structured logs: the context of every line, and what never appears in one."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog
from litestar import Litestar, get
from litestar.di import Provide
from litestar.testing import TestClient

from domain.access import Role, Viewer
from entrypoints.http.app import viewer_provider
from entrypoints.http.auth import TokenVerifier, issue_token
from entrypoints.http.injection import Injected
from entrypoints.settings import load_settings
from entrypoints.telemetry.http import observe_requests
from entrypoints.telemetry.logs import CONTEXT_KEYS, configure_logging

JPEG_START = b"\xff\xd8\xff\xe0\x00\x10JFIF"


@pytest.fixture
def json_lines(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    configure_logging("INFO", "json")

    def read() -> list[dict[str, Any]]:
        lines = capsys.readouterr().err.splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    yield read
    structlog.reset_defaults()
    logging.getLogger().handlers.clear()


def _app(tmp_path: Path) -> tuple[Litestar, str]:
    settings = load_settings({"AVATAR_DATA_DIR": str(tmp_path)})
    token = issue_token(settings, uuid.UUID(int=7), Role.USER)

    @get("/api/v1/avatars/{avatar_id:uuid}/probe", sync_to_thread=False)
    def probe(avatar_id: uuid.UUID, viewer: Injected[Viewer]) -> dict[str, str]:
        structlog.get_logger("probe").info("fitted", waist=81.5, token=token, photo=JPEG_START)
        logging.getLogger("probe").warning(
            "a waist of %s cm at %s; Authorization: Bearer %s", 150, "150cm", token
        )
        return {"ok": "yes"}

    @get("/health", sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app = Litestar(
        [probe, health],
        middleware=[observe_requests],
        logging_config=None,  # as the service: the process configures logging
        dependencies={
            "viewer": Provide(viewer_provider(TokenVerifier(settings)), sync_to_thread=False)
        },
    )
    return app, token


def test_every_line_has_the_request_user_avatar_and_trace(tmp_path: Path, json_lines: Any) -> None:
    app, token = _app(tmp_path)
    avatar_id = uuid.uuid4()
    with TestClient(app) as client:
        response = client.get(
            f"/api/v1/avatars/{avatar_id}/probe",
            headers={"Authorization": f"Bearer {token}", "X-Request-ID": "req-42"},
        )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "req-42"
    lines = [line for line in json_lines() if line.get("logger") == "probe"]
    assert len(lines) == 2
    for line in lines:
        assert set(CONTEXT_KEYS) <= set(line)
        assert line["request_id"] == "req-42"
        assert line["user_id"] == str(uuid.UUID(int=7))
        assert line["avatar_id"] == str(avatar_id)


def test_a_request_without_an_id_gets_one_and_a_strange_one_is_replaced(tmp_path: Path) -> None:
    app, _ = _app(tmp_path)
    with TestClient(app) as client:
        made = client.get("/health").headers["x-request-id"]
        replaced = client.get("/health", headers={"X-Request-ID": "a b\n{}"}).headers
    assert len(made) == 32
    assert replaced["x-request-id"] != "a b\n{}"


def test_no_token_photo_byte_or_measurement_value_is_logged(
    tmp_path: Path, json_lines: Any
) -> None:
    app, token = _app(tmp_path)
    with TestClient(app) as client:
        client.get(
            f"/api/v1/avatars/{uuid.UUID(int=3)}/probe",
            headers={"Authorization": f"Bearer {token}", "X-Request-ID": "req-42"},
        )
    # The timestamps' digits are left out: a clock reading may hold "150" by chance.
    lines = [{k: v for k, v in line.items() if k != "timestamp"} for line in json_lines()]
    text = json.dumps(lines)
    assert "probe" in text
    assert token not in text and token.split(".")[1] not in text
    assert "JFIF" not in text and "\\u00ff" not in text
    assert "81.5" not in text and "150" not in text
