"""`avatar-service`: serve the API, migrate the database, issue development tokens."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import uuid
from typing import Any

import click

from domain.access import Role
from entrypoints.settings import ConfigurationError, Settings, load_settings
from entrypoints.telemetry.logs import configure_logging


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None


@click.group(help="The avatar service. Settings come from AVATAR_* environment variables.")
def main() -> None:
    pass


@main.command(help="Start the HTTP API (and, in the embedded profile, the job worker).")
@click.option("--host", default=None, help="Interface to bind (AVATAR_HOST, 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (AVATAR_PORT, 8000).")
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(min=1),
    help="API processes sharing the port (AVATAR_API_WORKERS, 1).",
)
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    import uvicorn

    settings = _settings()
    processes = workers or settings.api_workers
    configure_logging(settings.log_level, settings.resolved_log_format)
    options: dict[str, Any] = {
        "host": host or settings.host,
        "port": port or settings.port,
        "log_level": settings.log_level.lower(),
        "log_config": None,  # uvicorn's loggers go through configure_logging's pipeline
        "access_log": False,
        "loop": settings.event_loop,
        "http": "auto",
        "timeout_keep_alive": 30,
        "backlog": 4096,
        # Live update frames are small JSON; a deflate context costs ~45 KB per socket
        # (docs/adr/0051-live-progress-graphql.md).
        "ws_per_message_deflate": False,
    }
    click.echo(
        f"avatar-service ({settings.profile} profile, {processes} process"
        f"{'es' if processes > 1 else ''}) on http://{options['host']}:{options['port']}  "
        f"database: {_safe_url(settings.resolved_database_url)}",
        err=True,
    )
    if processes > 1:
        _serve_processes(settings, processes, options)
        return

    from entrypoints.container import build_container
    from entrypoints.http.app import create_app
    from entrypoints.telemetry.tracing import configure_tracing

    configure_tracing(settings, "api")
    try:
        app = create_app(build_container(settings))
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None
    uvicorn.run(app, **options)


def _serve_processes(settings: Settings, processes: int, options: dict[str, Any]) -> None:
    """``processes`` uvicorn workers on one port: the database migrated once here first, the
    metrics of all of them summed (prometheus-client's multiprocess mode), the sweep and the
    photo expiry in the one that leads (entrypoints/background.py)."""
    import shutil
    import tempfile

    import uvicorn

    # Set before anything imports the metrics (they then write to this folder): a folder
    # given is emptied, since files of processes that have gone would be summed too.
    metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if metrics_dir:
        shutil.rmtree(metrics_dir, ignore_errors=True)
        os.makedirs(metrics_dir, exist_ok=True)
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="avatar-metrics-")

    from adapters.sqlalchemy.engine import create_engine
    from adapters.sqlalchemy.migrate import upgrade
    from entrypoints.http.asgi import MIGRATED_VARIABLE

    async def migrate() -> None:
        engine = create_engine(
            settings.resolved_database_url,
            ssl_mode=settings.db_ssl,
            ssl_root_cert=settings.db_ssl_root_cert,
        )
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(migrate())
    os.environ[MIGRATED_VARIABLE] = "1"
    os.environ["AVATAR_API_WORKERS"] = str(processes)  # each process knows it is one of N
    uvicorn.run("entrypoints.http.asgi:app_factory", factory=True, workers=processes, **options)


@main.command(help="Apply the database migrations (serve does this too).")
def migrate() -> None:
    from adapters.sqlalchemy.engine import create_engine
    from adapters.sqlalchemy.migrate import current_revision, upgrade

    settings = _settings()

    async def run() -> str | None:
        engine = create_engine(
            settings.resolved_database_url,
            ssl_mode=settings.db_ssl,
            ssl_root_cert=settings.db_ssl_root_cert,
        )
        try:
            await upgrade(engine)
            return await current_revision(engine)
        finally:
            await engine.dispose()

    revision = asyncio.run(run())
    click.echo(f"database {_safe_url(settings.resolved_database_url)} at revision {revision}")


@main.command(help="Print a development JWT for the configured HS256 secret.")
@click.option("--user", "user_id", default=None, help="User id (a UUID; default: a new one).")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default=Role.USER.value, show_default=True
)
@click.option("--ttl", "ttl_s", default=24 * 3600, show_default=True, help="Lifetime, seconds.")
def token(user_id: str | None, role: str, ttl_s: int) -> None:
    from entrypoints.http.auth import issue_token

    settings = _settings()
    try:
        subject = uuid.UUID(user_id) if user_id else uuid.uuid4()
    except ValueError:
        raise click.BadParameter(f"{user_id!r} is not a UUID", param_hint="--user") from None
    try:
        click.echo(issue_token(settings, subject, Role(role), ttl_s))
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None
    if not user_id:
        click.echo(f"# user id: {subject}", err=True)


@main.command(help="Consume background jobs from Kafka (and relay the outbox) until SIGTERM.")
def worker() -> None:
    from entrypoints.background import background_loops
    from entrypoints.container import build_container

    settings = _settings()
    configure_logging(settings.log_level, settings.resolved_log_format)
    if settings.resolved_event_bus != "kafka":
        raise click.ClickException(
            "the worker consumes jobs from Kafka: set AVATAR_EVENT_BUS=kafka (the embedded "
            "profile runs its jobs inside `avatar-service serve`)"
        )
    try:
        container = build_container(settings)
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None

    from entrypoints.telemetry.tracing import configure_tracing

    configure_tracing(settings, "worker")
    # Ready (the probe /ready on the metrics port) once the job consumers run and while the
    # body model can fit bodies; /health answers while the process lives (deploy/k8s).
    consuming = threading.Event()
    body_model = container.body_model()
    if settings.worker_metrics_port:
        from entrypoints.telemetry import metrics

        metrics.serve_http(
            settings.worker_metrics_port,
            ready=lambda: consuming.is_set() and body_model.readiness().ready,
        )

    async def run() -> None:
        from adapters.sqlalchemy.migrate import current_revision, revisions

        revision = await current_revision(container.engine())
        if revision != revisions()[-1]:
            raise click.ClickException(
                f"the database is at revision {revision}, not {revisions()[-1]}: "
                "run `avatar-service migrate` (or start `avatar-service serve`) first"
            )
        loop = asyncio.get_running_loop()
        async with background_loops(
            container, relay=True, in_process_worker=False, kafka_worker=True
        ) as stop:
            for signal_number in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(signal_number, stop.set)
            click.echo(
                f"worker consuming {settings.kafka_bootstrap} (group {settings.kafka_group_id})",
                err=True,
            )
            consuming.set()
            await stop.wait()
            consuming.clear()
        await container.engine().dispose()

    asyncio.run(run())


@main.group(help="Object storage maintenance.")
def blobs() -> None:
    pass


@blobs.command(help="Delete objects no database row points to, older than the grace period.")
@click.option("--dry-run", is_flag=True, help="List the orphans; delete nothing.")
@click.option(
    "--grace-hours",
    type=float,
    default=None,
    help="Leave younger objects alone (AVATAR_BLOB_ORPHAN_GRACE_HOURS, 24).",
)
def sweep(dry_run: bool, grace_hours: float | None) -> None:
    from datetime import timedelta

    from entrypoints.container import build_container

    settings = _settings()
    try:
        container = build_container(settings)
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None
    grace = timedelta(
        hours=settings.blob_orphan_grace_hours if grace_hours is None else grace_hours
    )

    async def run() -> None:
        from adapters.sqlalchemy.migrate import upgrade

        await upgrade(container.engine())
        report = await container.sweep_orphans()(grace=grace, dry_run=dry_run)
        for orphan in report.orphans:
            click.echo(f"{orphan.key}\t{orphan.size}\t{orphan.modified_at:%Y-%m-%dT%H:%M:%SZ}")
        verb = "would delete" if dry_run else "deleted"
        click.echo(
            f"{report.examined} objects examined, {len(report.orphans)} orphans older "
            f"than {grace}; {verb} {len(report.orphans)}",
            err=True,
        )
        await container.engine().dispose()

    asyncio.run(run())


@main.group(help="Photo maintenance.")
def photos() -> None:
    pass


@photos.command(help="Delete the photos whose autoDeleteAt has passed (serve does it too).")
@click.option("--dry-run", is_flag=True, help="List them; delete nothing.")
def expire(dry_run: bool) -> None:
    from entrypoints.container import build_container

    settings = _settings()
    try:
        container = build_container(settings)
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None

    async def run() -> None:
        from adapters.sqlalchemy.migrate import upgrade

        await upgrade(container.engine())
        expired = await container.delete_expired_photos()(dry_run=dry_run)
        for photo in expired:
            click.echo(f"{photo.id}\t{photo.avatar_id}\t{photo.auto_delete_at:%Y-%m-%dT%H:%M:%SZ}")
        verb = "would delete" if dry_run else "deleted"
        click.echo(f"{verb} {len(expired)} expired photos", err=True)
        await container.engine().dispose()

    asyncio.run(run())


@main.group(help="Encryption keys of body data (docs/privacy.md).")
def keys() -> None:
    pass


@keys.command(
    help="Re-wrap every user's data key with the first key of AVATAR_KEY_RING, in batches, "
    "while the service runs; afterwards the other keys of the ring can be removed."
)
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True)
@click.option("--pause", "pause_s", type=float, default=0.0, help="Seconds between batches.")
def rotate(batch_size: int, pause_s: float) -> None:
    from entrypoints.container import build_container

    settings = _settings()
    try:
        container = build_container(settings)
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None

    async def run() -> None:
        from adapters.sqlalchemy.migrate import upgrade

        await upgrade(container.engine())
        report = await container.rotate_data_keys()(batch_size=batch_size, pause_s=pause_s)
        click.echo(
            f"re-wrapped {report.rewrapped} data keys under {report.key_id!r} in "
            f"{report.batches} batches ({report.changed_meanwhile} changed meanwhile); "
            f"every data key is now wrapped by it; sealed {report.rows_sealed} rows written "
            "before encryption at rest",
            err=True,
        )
        await container.engine().dispose()

    asyncio.run(run())


@keys.command("new", help="Print a new key-ring entry (ID=base64 of 32 random bytes).")
@click.argument("key_id")
def new_key(key_id: str) -> None:
    from adapters.aes_gcm.envelope import new_key_ring_entry

    click.echo(new_key_ring_entry(key_id))


@main.group(help="The body model's data.")
def models() -> None:
    pass


@models.command(help="Build the body model's data ahead (1-2 minutes the first time).")
def prepare() -> None:
    from adapters.body.anny_space import AnnySpace

    settings = _settings()
    space = AnnySpace(settings.resolved_body_model_cache_dir)
    click.echo(f"anny {space.model_version}: {space.readiness().detail}")
    with click.progressbar(length=100, label="preparing", show_percent=True) as bar:
        done = 0

        def progress(stage: str, fraction: float) -> None:
            nonlocal done
            bar.label = stage
            step = int(fraction * 100) - done
            if step > 0:
                bar.update(step)
                done += step

        space.prepare(progress)
    cached = sorted(space.cache_dir.rglob("*.safetensors"))
    size = sum(path.stat().st_size for path in cached) / 1e6
    click.echo(f"ready: {len(cached)} file(s), {size:.0f} MB in {space.cache_dir}")


@main.command(help="Print the AsyncAPI 3.0 document of the topics (docs/asyncapi.json).")
def asyncapi() -> None:
    from adapters.contract.asyncapi import render

    click.echo(render(), nl=False)


@main.command(help="Print the OpenAPI 3.1 document of the REST API (docs/openapi.json).")
def openapi() -> None:
    from entrypoints.http.contract import openapi_for_default_settings

    click.echo(openapi_for_default_settings(), nl=False)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
