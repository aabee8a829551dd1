"""The Litestar application: routes, dependencies from the container, problem+json errors."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from litestar import Litestar, Request
from litestar.di import Provide
from litestar.exceptions import NotAuthorizedException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from domain.access import Viewer
from entrypoints.background import background_loops
from entrypoints.container import HTTP_DEPENDENCIES, Container
from entrypoints.graphql.routes import graphql_routes
from entrypoints.graphql.schema import Services
from entrypoints.http.admin import AdminController
from entrypoints.http.allow import allow_every_method
from entrypoints.http.analysis import AnalysisController, SizeChartController
from entrypoints.http.audit import AdminAuditController, audit_requests, remember_viewer
from entrypoints.http.auth import InvalidToken, TokenVerifier
from entrypoints.http.avatars import AvatarController
from entrypoints.http.blobs import blob_link_routes
from entrypoints.http.contract import complete_openapi
from entrypoints.http.home import home_routes
from entrypoints.http.jobs import JobController
from entrypoints.http.live import LiveSettings, live_routes
from entrypoints.http.models import ModelController
from entrypoints.http.photos import PhotoController
from entrypoints.http.problems import EXCEPTION_HANDLERS
from entrypoints.http.rate_limits import limit_requests
from entrypoints.http.security import cors_config, security_headers
from entrypoints.http.sharing import SharingController
from entrypoints.http.single_values import refuse_repeated_query_parameters
from entrypoints.http.system import SystemController
from entrypoints.http.users import UserDataController
from entrypoints.http.viewer import viewer_routes
from entrypoints.settings import Settings
from entrypoints.telemetry import logs
from entrypoints.telemetry.http import observe_requests
from entrypoints.telemetry.scrape import gauge_refresher

log = logging.getLogger(__name__)


def _constant(value: object) -> Callable[[], object]:
    def provide() -> object:
        return value

    return provide


def viewer_provider(verifier: TokenVerifier) -> Callable[[Request[Any, Any, Any]], Viewer]:
    def provide_viewer(request: Request[Any, Any, Any]) -> Viewer:
        header = request.headers.get("authorization")
        if not header:
            raise NotAuthorizedException("send an 'Authorization: Bearer <token>' header")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorizedException("the Authorization header must be 'Bearer <token>'")
        try:
            viewer = verifier.verify(token.strip())
        except InvalidToken as error:
            raise NotAuthorizedException(str(error)) from None
        logs.bind(user_id=viewer.user_id)  # on every log line of this request
        client = request.headers.get("x-client-id") or request.headers.get("user-agent") or ""
        viewer = dataclasses.replace(viewer, client=client[:200])
        remember_viewer(request, viewer)  # for the audit log
        return viewer

    return provide_viewer


def create_app(container: Container, *, migrate_on_start: bool = True) -> Litestar:
    """The API over ``container``. On start it migrates the database and runs the outbox
    relay; in the embedded profile also the job worker (with Kafka: `avatar-service worker`)."""
    settings: Settings = container.settings()
    verifier = TokenVerifier(settings)
    dependencies: dict[str, Provide] = {
        name: Provide(_constant(getattr(container, name)()), use_cache=True, sync_to_thread=False)
        for name in HTTP_DEPENDENCIES
    }
    dependencies["viewer"] = Provide(viewer_provider(verifier), sync_to_thread=False)
    dependencies["refresh_metrics"] = Provide(
        _constant(gauge_refresher(container)), use_cache=True, sync_to_thread=False
    )
    handlers: list[Any] = [
        AvatarController,
        JobController,
        PhotoController,
        ModelController,
        AnalysisController,
        SizeChartController,
        UserDataController,
        SharingController,
        AdminAuditController,
        AdminController,
        SystemController,
        *viewer_routes(),
        *home_routes(settings),
        *graphql_routes(
            Services(
                verifier=verifier,
                get_avatars=container.get_avatars(),
                list_avatars=container.list_avatars(),
                list_versions=container.list_versions(),
                list_photos=container.list_photos(),
                upload_photos=container.upload_photos(),
                max_photo_bytes=settings.max_photo_bytes,
                create_avatar=container.create_avatar(),
                update_avatar=container.update_avatar(),
                delete_avatar=container.delete_avatar(),
                update_measurements=container.update_measurements(),
                duplicate_avatar=container.duplicate_avatar(),
                generate_avatar_models=container.generate_avatar_models(),
                live_updates=container.live_updates(),
            ),
            # Up to ten photos of the largest size, and the operation beside them.
            max_body_bytes=10 * settings.max_photo_bytes + settings.max_json_body_bytes,
        ),
        *live_routes(
            verifier,
            container.get_avatar(),
            container.live_updates(),
            LiveSettings(
                heartbeat_s=settings.live_heartbeat_s, auth_timeout_s=settings.live_auth_timeout_s
            ),
        ),
    ]
    self_served_links = container.self_served_blob_links()
    if self_served_links is not None:
        dependencies["filesystem_blobs"] = Provide(
            _constant(self_served_links), use_cache=True, sync_to_thread=False
        )
        handlers.append(blob_link_routes(self_served_links))

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        complete_openapi(app, settings)  # the document as it is served (issue 18)
        if migrate_on_start:
            await container.migrate_database()
        in_process = settings.resolved_event_bus == "inprocess"
        try:
            async with background_loops(
                container,
                relay=True,
                in_process_worker=in_process and settings.run_workers,
                kafka_worker=False,
                sweeper=True,
                photo_expiry=True,
                live_feed=True,
            ):
                yield
        finally:
            await container.engine().dispose()

    return Litestar(
        route_handlers=handlers,
        dependencies=dependencies,
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        middleware=[
            observe_requests,
            security_headers(settings),
            limit_requests(
                container.check_rate_limit(), verifier, settings.rate_limit_forwarded_header
            ),
            audit_requests(container.record_access()),
            allow_every_method,
            refuse_repeated_query_parameters,
        ],
        lifespan=[lifespan],
        request_max_body_size=settings.max_json_body_bytes,
        cors_config=cors_config(settings),
        openapi_config=OpenAPIConfig(
            title="Avatar Service",
            version="1.0.0",
            description="3D body avatars from measurements or photos (spec-feature-01).",
            path="/schema",
            render_plugins=[ScalarRenderPlugin()],
            components=Components(
                security_schemes={
                    "BearerToken": SecurityScheme(
                        type="http", scheme="bearer", bearer_format="JWT"
                    ),
                }
            ),
        ),
        debug=False,
        logging_config=None,  # the process configures logging (cli.serve), not the framework
    )
