"""The app for ASGI servers that start it in each of their processes
(``uvicorn entrypoints.http.asgi:app_factory --factory``, or ``avatar-service serve --workers N``).
"""

from __future__ import annotations

import os

from litestar import Litestar

from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import load_settings
from entrypoints.telemetry.logs import configure_logging
from entrypoints.telemetry.tracing import configure_tracing

# Set by `serve --workers N`, which migrates the database once before starting the processes.
MIGRATED_VARIABLE = "AVATAR_INTERNAL_MIGRATED"


def app_factory() -> Litestar:
    """The API of one server process, configured from the environment."""
    settings = load_settings()
    configure_logging(settings.log_level, settings.resolved_log_format)
    configure_tracing(settings, "api")
    migrated = os.environ.get(MIGRATED_VARIABLE) == "1"
    return create_app(build_container(settings), migrate_on_start=not migrated)
