"""Consent (spec 2.2.6, 8.2): what a user agreed to about an avatar, and every change of it.

A consent record says what changed (``allowAITraining``, ``allowExport``, ``visibility``,
``sharedWith``), from which value to which, when, by whom and from which client. Records are
kept with the user's data, exported with it and erased with it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

if TYPE_CHECKING:
    from domain.avatar import Avatar


class ConsentSubject(StrEnum):
    ALLOW_AI_TRAINING = "allowAITraining"
    ALLOW_EXPORT = "allowExport"
    VISIBILITY = "visibility"
    SHARED_WITH = "sharedWith"


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentRecord:
    id: UUID
    user_id: UUID  # whose data the consent is about (the avatar's owner)
    avatar_id: UUID
    subject: ConsentSubject
    old_value: str | None  # JSON of the value before; None when the avatar was created
    new_value: str  # JSON of the value after
    changed_by: UUID
    client: str  # the client the change came from (X-Client-Id, else the User-Agent)
    recorded_at: datetime


def consent_state(avatar: Avatar) -> dict[ConsentSubject, str]:
    """The avatar's consent settings, each as the JSON a record keeps."""
    return {
        ConsentSubject.ALLOW_AI_TRAINING: json.dumps(avatar.allow_ai_training),
        ConsentSubject.ALLOW_EXPORT: json.dumps(avatar.allow_export),
        ConsentSubject.VISIBILITY: json.dumps(avatar.visibility.value),
        ConsentSubject.SHARED_WITH: json.dumps(sorted(str(u) for u in avatar.shared_with)),
    }


def consent_changes(
    before: dict[ConsentSubject, str] | None,
    avatar: Avatar,
    *,
    changed_by: UUID,
    client: str,
    now: datetime,
    new_id: Callable[[], UUID],
) -> list[ConsentRecord]:
    """A record per consent setting that differs between ``before`` (None: the avatar is new,
    every setting is recorded) and the avatar now; ``new_id`` makes each record's id."""
    records = []
    for subject, value in consent_state(avatar).items():
        old = None if before is None else before[subject]
        if old == value:
            continue
        records.append(
            ConsentRecord(
                id=new_id(),
                user_id=avatar.user_id,
                avatar_id=avatar.id,
                subject=subject,
                old_value=old,
                new_value=value,
                changed_by=changed_by,
                client=client,
                recorded_at=now,
            )
        )
    return records


def may_use_for_ai_training(avatar: Avatar) -> bool:
    """Whether anything of the avatar may be used to train models: only with its owner's
    opt-in (``allowAITraining``), which is off unless the user turned it on. Photos are never
    kept for training: they go on their deletion schedule whatever this says."""
    return avatar.allow_ai_training is True
