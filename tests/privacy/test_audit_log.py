"""The audit log: who read or changed which avatar, photo or export; admins read it with
filters; nothing in the code can change or remove an entry, and the database refuses to."""

from __future__ import annotations

import asyncio
import inspect
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from adapters.memory.audit import MemoryAuditLog
from adapters.sqlalchemy.audit import BATCH_SIZE, SqlAuditLog
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from application.ports import AuditLog
from domain.access import Role
from domain.audit import AuditAction, AuditEntry, AuditQuery, AuditResource
from entrypoints.settings import ConfigurationError, load_settings
from tests.privacy.conftest import API, Api

ROOT = Path(__file__).resolve().parents[2]
ALICE = uuid.UUID("aaaaaaaa-0000-4000-8000-000000000001")
BOB = uuid.UUID("bbbbbbbb-0000-4000-8000-000000000002")
ADMIN = uuid.UUID("cccccccc-0000-4000-8000-000000000003")
LOG = "/api/v1/admin/audit-log"


def test_reads_changes_and_refusals_are_recorded_and_admins_filter_them(api: Api) -> None:
    avatar_id = api.create_avatar(ALICE)
    assert api.call("GET", f"{API}/{avatar_id}", ALICE).status_code == 200
    assert api.call("PUT", f"{API}/{avatar_id}", ALICE, json={"name": "x"}).status_code == 200
    assert api.call("GET", f"{API}/{avatar_id}/export", ALICE).status_code == 200
    assert api.call("GET", f"{API}/{avatar_id}", BOB).status_code == 404
    assert api.call("GET", "/health", ALICE).status_code == 200  # not an audited route

    response = api.call("GET", LOG, ADMIN, Role.ADMIN, params={"avatarId": avatar_id})
    assert response.status_code == 200, response.text
    entries = response.json()["items"]
    assert [(e["actorId"], e["action"], e["resource"], e["status"]) for e in entries] == [
        (str(BOB), "read", "avatar", 404),
        (str(ALICE), "read", "export", 200),
        (str(ALICE), "change", "avatar", 200),
        (str(ALICE), "read", "avatar", 200),
    ]
    assert entries[-1]["route"] == "GET /api/v1/avatars/{avatar_id}"
    by_bob = api.call("GET", LOG, ADMIN, Role.ADMIN, params={"actorId": str(BOB)}).json()
    assert [e["status"] for e in by_bob["items"]] == [404]
    exports = api.call("GET", LOG, ADMIN, Role.ADMIN, params={"resource": "export"}).json()
    assert len(exports["items"]) == 1
    assert api.call("GET", LOG, ALICE).status_code == 403
    assert api.call("GET", LOG, None).status_code == 401


def test_the_audit_log_port_and_its_adapters_only_append_and_read() -> None:
    def public(kind: type) -> set[str]:
        return {name for name, _ in inspect.getmembers(kind) if not name.startswith("_")}

    assert public(AuditLog) == public(MemoryAuditLog) == {"append", "query"}
    # The SQL log also writes the read entries waiting for their batch (ADR 56).
    assert public(SqlAuditLog) == {"append", "query", "flush", "close"}


def test_no_code_updates_or_deletes_audit_entries() -> None:
    writes = re.compile(
        r"audit_log\s*\.\s*(update|delete)\s*\(|\bUPDATE\s+audit_log\b|\bDELETE\s+FROM\s+audit_log\b",
        re.IGNORECASE,
    )
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("domain", "application", "adapters", "entrypoints", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if writes.search(path.read_text())
    ]
    assert offenders == []


def _entry(action: AuditAction = AuditAction.READ) -> AuditEntry:
    return AuditEntry(
        id=uuid.uuid4(),
        occurred_at=datetime.now(UTC),
        actor_id=ALICE,
        actor_role="user",
        action=action,
        resource=AuditResource.AVATAR,
        avatar_id=uuid.uuid4(),
        resource_id=None,
        route="GET /api/v1/avatars/{avatar_id}",
        status=200,
        client="test",
    )


async def test_the_database_refuses_to_update_or_delete_an_entry(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """SQL's triggers (the memory log is a list only appended to)."""
    audit_log = SqlAuditLog(sql_uow_factory.engine)
    entry = _entry()
    await audit_log.append(entry)
    for statement in ("UPDATE audit_log SET status = 500", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with sql_uow_factory.engine.begin() as connection:
                await connection.execute(sa.text(statement))
    assert await audit_log.query(AuditQuery(actor_id=ALICE)) == [entry]


async def _stored(factory: SqlUnitOfWorkFactory) -> list[tuple[uuid.UUID, str]]:
    async with factory.engine.connect() as connection:
        rows = await connection.execute(sa.text("SELECT id, action FROM audit_log"))
        return sorted((uuid.UUID(str(row.id)), row.action) for row in rows)


async def test_reads_are_written_in_batches_and_changes_at_once(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    audit_log = SqlAuditLog(sql_uow_factory.engine, batch_s=0.3)
    reads = [_entry() for _ in range(3)]
    for entry in reads:
        await audit_log.append(entry)
    assert await _stored(sql_uow_factory) == []  # waiting for their batch
    change = _entry(AuditAction.CHANGE)
    await audit_log.append(change)
    assert await _stored(sql_uow_factory) == [(change.id, "change")]
    await asyncio.sleep(0.6)  # the batch's timer wrote them, in one INSERT
    assert await _stored(sql_uow_factory) == sorted(
        [(e.id, "read") for e in reads] + [(change.id, "change")]
    )
    # What this process answered is in what it reads, batch or not.
    late = _entry()
    await audit_log.append(late)
    found = await audit_log.query(AuditQuery(actor_id=ALICE, limit=10))
    assert {e.id for e in found} == {e.id for e in [*reads, change, late]}
    await audit_log.close()


async def test_a_full_batch_is_written_at_once_and_close_writes_what_waits(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    audit_log = SqlAuditLog(sql_uow_factory.engine, batch_s=30.0)
    full = [_entry() for _ in range(BATCH_SIZE)]
    for entry in full:
        await audit_log.append(entry)
    assert len(await _stored(sql_uow_factory)) == BATCH_SIZE  # no waiting for 30 s
    last = _entry()
    await audit_log.append(last)
    assert len(await _stored(sql_uow_factory)) == BATCH_SIZE
    await audit_log.close()  # the shutdown of a process (entrypoints/background.py)
    assert (last.id, "read") in await _stored(sql_uow_factory)


async def test_entries_the_database_refused_wait_for_the_next_write(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    audit_log = SqlAuditLog(sql_uow_factory.engine, batch_s=30.0)
    first = _entry()
    await audit_log.append(first)
    engine = sql_uow_factory.engine
    async with engine.begin() as connection:  # the table is gone for a while
        await connection.execute(sa.text("ALTER TABLE audit_log RENAME TO audit_log_away"))
    with pytest.raises(DBAPIError):
        await audit_log.flush()
    async with engine.begin() as connection:
        await connection.execute(sa.text("ALTER TABLE audit_log_away RENAME TO audit_log"))
    second = _entry()
    await audit_log.append(second)
    await audit_log.flush()
    assert await _stored(sql_uow_factory) == sorted([(first.id, "read"), (second.id, "read")])
    await audit_log.close()


def test_the_read_batches_age_is_a_setting() -> None:
    assert load_settings({}).audit_batch_s == 0.2
    assert load_settings({"AVATAR_AUDIT_BATCH_S": "0"}).audit_batch_s == 0.0
    with pytest.raises(ConfigurationError, match="audit_batch_s"):
        load_settings({"AVATAR_AUDIT_BATCH_S": "-1"})
