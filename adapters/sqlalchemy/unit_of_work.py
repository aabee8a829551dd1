"""A unit of work: one connection and one transaction shared by the SQL repositories."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sqlalchemy.engine import READ_ONLY_OPTION
from adapters.sqlalchemy.outbox import SqlOutbox, SqlProcessedMessages
from adapters.sqlalchemy.privacy import SqlConsentRepository
from adapters.sqlalchemy.repositories import (
    Reader,
    SqlAvatarRepository,
    SqlModelFileRepository,
    SqlPhotoRepository,
    SqlVersionRepository,
)
from adapters.sqlalchemy.sealing import RowSealer, SqlClearRows, SqlDataKeyRepository
from adapters.sqlalchemy.sizing import SqlFitRepository, SqlSizeChartRepository
from application.ports import Envelope
from application.seen_aggregates import SeenAggregates
from domain.events import DomainEvent


class SqlUnitOfWork:
    avatars: SqlAvatarRepository
    versions: SqlVersionRepository
    photos: SqlPhotoRepository
    model_files: SqlModelFileRepository
    data_keys: SqlDataKeyRepository

    def __init__(self, engine: AsyncEngine, envelope: Envelope, *, read_only: bool = False) -> None:
        self._engine, self._envelope = engine, envelope
        self._read_only = read_only
        self._connection: AsyncConnection | None = None
        self._seen = SeenAggregates()

    async def __aenter__(self) -> Self:
        connection = await self._engine.connect()
        try:
            if not self._read_only:
                await connection.begin()
            elif self._engine.dialect.name == "sqlite":
                # A deferred transaction: a consistent snapshot that does not take the write lock.
                await connection.execution_options(**{READ_ONLY_OPTION: True})
                await connection.begin()
            else:
                # No BEGIN/ROLLBACK round trips: each read is one statement.
                await connection.execution_options(isolation_level="AUTOCOMMIT")
        except BaseException:
            await connection.close()
            raise
        self._connection = connection
        reader = Reader(connection, read_only=self._read_only)
        self._seen = SeenAggregates()
        self.data_keys = SqlDataKeyRepository(connection)
        self._sealer = sealer = RowSealer(self._envelope, self.data_keys)
        self.clear_rows = SqlClearRows(connection, sealer)
        self.avatars = SqlAvatarRepository(reader, self._seen, sealer)
        self.versions = SqlVersionRepository(connection, sealer)
        self.photos = SqlPhotoRepository(connection, self._seen, sealer)
        self.model_files = SqlModelFileRepository(reader)
        self.outbox = SqlOutbox(connection)
        self.processed = SqlProcessedMessages(connection)
        self.size_charts = SqlSizeChartRepository(connection)
        self.fit = SqlFitRepository(connection)
        self.consents = SqlConsentRepository(connection)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if connection.in_transaction():
                await connection.rollback()
        finally:
            await connection.close()

    def record(self, event: DomainEvent) -> None:
        self._seen.record(event)

    async def commit(self) -> None:
        assert self._connection is not None, "commit outside the unit of work"
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        await self.outbox.add_events(self._seen.collect_events())
        await self._connection.commit()

    async def rollback(self) -> None:
        assert self._connection is not None, "rollback outside the unit of work"
        self._seen.forget()
        self._sealer.forget_all()  # a data key made in this transaction is gone with it
        await self._connection.rollback()
        await self._connection.begin()


class SqlUnitOfWorkFactory:
    """Makes units of work on one engine, sealing body values with ``envelope``; also the
    database's health check."""

    def __init__(self, engine: AsyncEngine, envelope: Envelope) -> None:
        self.engine, self.envelope = engine, envelope

    def __call__(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, self.envelope, read_only=read_only)

    async def check(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
