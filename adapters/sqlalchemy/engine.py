"""Async engines for PostgreSQL (asyncpg) and SQLite (aiosqlite), tuned for each."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

# JSON columns go through msgspec: several times faster than the json module both ways.
_JSON_CODEC: dict[str, Any] = {
    "json_serializer": lambda value: msgspec.json.encode(value).decode(),
    "json_deserializer": msgspec.json.decode,
}

# Execution option marking a connection whose transaction only reads (SQLite: deferred BEGIN).
READ_ONLY_OPTION = "avatar_read_only"


def tls_connect_args(ssl_mode: str | None, root_cert: Path | None) -> dict[str, Any]:
    """asyncpg's ``ssl`` argument for a libpq-style mode: ``require`` encrypts without checking
    the server; ``verify-ca`` checks its certificate against ``root_cert`` (else the system's
    CAs), ``verify-full`` its host name too. None: as the URL says (``?ssl=``)."""
    if ssl_mode is None:
        return {}
    if ssl_mode not in ("verify-ca", "verify-full"):
        return {"ssl": ssl_mode}
    context = ssl.create_default_context(cafile=str(root_cert) if root_cert else None)
    context.check_hostname = ssl_mode == "verify-full"
    context.verify_mode = ssl.CERT_REQUIRED
    return {"ssl": context}


def create_engine(
    url: str,
    *,
    pool_size: int = 20,
    echo: bool = False,
    ssl_mode: str | None = None,
    ssl_root_cert: Path | None = None,
) -> AsyncEngine:
    """An engine for ``url`` (postgresql+asyncpg://... or sqlite+aiosqlite:///path);
    ``ssl_mode`` and ``ssl_root_cert``: PostgreSQL over TLS (``tls_connect_args``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30}, **_JSON_CODEC)
        _make_sqlite_transactions_immediate(engine)
        return engine
    options: dict[str, Any] = {
        "pool_size": pool_size,
        "max_overflow": pool_size,
        "pool_pre_ping": False,
        "pool_recycle": 1800,
    }
    connect_args = tls_connect_args(ssl_mode, ssl_root_cert)
    return create_async_engine(url, echo=echo, connect_args=connect_args, **options, **_JSON_CODEC)


def _make_sqlite_transactions_immediate(engine: AsyncEngine) -> None:
    """Take SQLite's write lock at BEGIN, so concurrent writers wait instead of failing.

    The deferred BEGIN of pysqlite upgrades the lock at the first write, and two readers
    that both want to write then fail at once with "database is locked".
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
