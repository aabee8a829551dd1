"""The audit log in memory (tests and the memory profile): a list that only grows."""

from __future__ import annotations

from domain.audit import AuditEntry, AuditQuery


class MemoryAuditLog:
    def __init__(self) -> None:
        self._entries: list[AuditEntry] = []

    async def append(self, entry: AuditEntry) -> None:
        self._entries.append(entry)

    async def query(self, query: AuditQuery) -> list[AuditEntry]:
        found = [
            e
            for e in self._entries
            if (query.actor_id is None or e.actor_id == query.actor_id)
            and (query.avatar_id is None or e.avatar_id == query.avatar_id)
            and (query.resource is None or e.resource is query.resource)
            and (query.action is None or e.action is query.action)
            and (query.since is None or e.occurred_at >= query.since)
            and (query.until is None or e.occurred_at < query.until)
        ]
        found.sort(key=lambda e: (e.occurred_at, str(e.id)), reverse=True)
        return found[: query.limit]
