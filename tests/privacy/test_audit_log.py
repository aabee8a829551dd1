"""The audit log: who read or changed which avatar, photo or export; admins read it with
filters; nothing in the code can change or remove an entry, and the database refuses to."""

from __future__ import annotations

import inspect
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from adapters.memory.audit import MemoryAuditLog
from adapters.sqlalchemy.audit import SqlAuditLog
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from application.ports import AuditLog
from domain.access import Role
from domain.audit import AuditAction, AuditEntry, AuditResource
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

    assert public(AuditLog) == {"append", "query"}
    assert public(SqlAuditLog) == public(MemoryAuditLog) == {"append", "query"}


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


def _entry() -> AuditEntry:
    return AuditEntry(
        id=uuid.uuid4(),
        occurred_at=datetime.now(UTC),
        actor_id=ALICE,
        actor_role="user",
        action=AuditAction.READ,
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
    uow_factory = sql_uow_factory
    audit_log = SqlAuditLog(uow_factory.engine)
    entry = _entry()
    await audit_log.append(entry)
    for statement in ("UPDATE audit_log SET status = 500", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with uow_factory.engine.begin() as connection:
                await connection.execute(sa.text(statement))
    from domain.audit import AuditQuery

    assert await audit_log.query(AuditQuery(actor_id=ALICE)) == [entry]
