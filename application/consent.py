"""Recording consent changes in the unit of work of the change (spec 2.2.6)."""

from __future__ import annotations

from datetime import datetime

from application.ports import IdGenerator, UnitOfWork
from domain.access import Viewer
from domain.avatar import Avatar
from domain.consent import ConsentSubject, consent_changes


async def record_consent_changes(
    uow: UnitOfWork,
    before: dict[ConsentSubject, str] | None,
    avatar: Avatar,
    viewer: Viewer,
    now: datetime,
    ids: IdGenerator,
) -> None:
    """Add a consent record per setting of ``avatar`` that differs from ``before`` (None: the
    avatar is new), made by ``viewer`` from their client."""
    for record in consent_changes(
        before, avatar, changed_by=viewer.user_id, client=viewer.client, now=now, new_id=ids.new_id
    ):
        await uow.consents.add(record)
