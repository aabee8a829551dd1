"""One leader among the processes sharing a database, for the loops that must run once
(the orphan sweep, photo expiry): a PostgreSQL session advisory lock held on a connection of
its own, or, on SQLite (one machine), an exclusive lock on a file next to the database."""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

LEADER_LOCK_KEY = 0x61766174_6C656164  # "avat" "lead"


class SqlLeadership:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._file: int | None = None

    @property
    def leading(self) -> bool:
        return self._connection is not None or self._file is not None

    async def try_lead(self) -> bool:
        """Become the leader unless another process is; True while this one leads. The lock
        goes with the process (its connection or file closes), so a successor takes over."""
        if self.leading:
            return True
        if self._engine.dialect.name == "postgresql":
            connection = await self._engine.connect()
            result = await connection.execute(
                sa.select(sa.func.pg_try_advisory_lock(LEADER_LOCK_KEY))
            )
            if result.scalar_one():
                await connection.commit()
                self._connection = connection
                return True
            await connection.close()
            return False
        database = self._engine.url.database
        path = Path(f"{database}.leader") if database and database != ":memory:" else None
        if path is None:
            return True  # an in-memory database belongs to this process alone
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        self._file = descriptor
        return True

    async def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # closing the connection frees it anyway
                await connection.execute(sa.select(sa.func.pg_advisory_unlock(LEADER_LOCK_KEY)))
            await connection.close()
        descriptor, self._file = self._file, None
        if descriptor is not None:
            os.close(descriptor)
