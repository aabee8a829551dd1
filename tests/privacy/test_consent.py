"""Consent records (spec 2.2.6, 8.2): every change of a consent setting, exported with the
user's data; nothing is used for AI training without opt-in, and photos never outlive their
deletion time."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.clock_and_ids import ManualClock, SequentialIds
from application.create_avatar import CreateAvatarCommand
from application.ports import UnitOfWorkFactory
from domain.access import Role, Viewer
from domain.avatar import Avatar, AvatarType
from domain.consent import (
    ConsentRecord,
    ConsentSubject,
    consent_changes,
    consent_state,
    may_use_for_ai_training,
)
from tests.privacy.conftest import API, Api
from tests.privacy.stored_photos import store_processed_photo
from tests.support.harness import container_for_tests

ALICE = uuid.UUID("aaaaaaaa-0000-4000-8000-000000000001")
BOB = uuid.UUID("bbbbbbbb-0000-4000-8000-000000000002")
T0 = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def _avatar(**preferences: object) -> Avatar:
    return Avatar.create(
        avatar_id=uuid.uuid4(),
        user_id=ALICE,
        name="mine",
        avatar_type=AvatarType.MEASUREMENT_BASED,
        now=T0,
        **preferences,  # type: ignore[arg-type]
    )


def test_a_new_avatar_records_every_setting_with_no_old_value() -> None:
    records = consent_changes(
        None, _avatar(), changed_by=ALICE, client="web", now=T0, new_id=uuid.uuid4
    )
    assert {r.subject for r in records} == set(ConsentSubject)
    assert all(r.old_value is None for r in records)
    training = next(r for r in records if r.subject is ConsentSubject.ALLOW_AI_TRAINING)
    assert json.loads(training.new_value) is False


def test_only_the_settings_that_changed_are_recorded() -> None:
    avatar = _avatar()
    before = consent_state(avatar)
    avatar.update_details(T0, name="renamed")
    assert (
        consent_changes(before, avatar, changed_by=ALICE, client="", now=T0, new_id=uuid.uuid4)
        == []
    )
    avatar.update_details(T0, allow_ai_training=True, shared_with=(BOB,))
    changes = consent_changes(
        before, avatar, changed_by=ALICE, client="", now=T0, new_id=uuid.uuid4
    )
    assert [(r.subject, r.old_value, r.new_value) for r in changes] == [
        (ConsentSubject.ALLOW_AI_TRAINING, "false", "true"),
        (ConsentSubject.SHARED_WITH, "[]", json.dumps([str(BOB)])),
    ]


def test_nothing_is_used_for_ai_training_without_opt_in() -> None:
    assert not may_use_for_ai_training(_avatar())
    assert may_use_for_ai_training(_avatar(allow_ai_training=True))


async def test_consent_records_are_kept_listed_and_erased_per_user(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ids = SequentialIds()
    records = [
        ConsentRecord(
            id=ids.new_id(),
            user_id=user,
            avatar_id=uuid.uuid4(),
            subject=ConsentSubject.ALLOW_EXPORT,
            old_value="true",
            new_value="false",
            changed_by=user,
            client="android/1.0",
            recorded_at=T0 + timedelta(minutes=n),
        )
        for n, user in enumerate((ALICE, BOB, ALICE))
    ]
    async with uow_factory() as uow:
        for record in records:
            await uow.consents.add(record)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.consents.list_for_user(ALICE) == [records[0], records[2]]
    async with uow_factory() as uow:
        assert await uow.consents.delete_for_user(ALICE) == 2
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.consents.list_for_user(ALICE) == []
        assert await uow.consents.list_for_user(BOB) == [records[1]]


def test_consent_changes_over_the_api_are_exported_with_who_when_and_which_client(
    api: Api,
) -> None:
    avatar_id = api.create_avatar(ALICE)
    changed = api.call(
        "PUT",
        f"{API}/{avatar_id}",
        ALICE,
        json={"allowAITraining": True, "name": "renamed"},
        headers={"X-Client-Id": "web/2.0"},
    )
    assert changed.status_code == 200, changed.text
    consents = api.call("GET", "/api/v1/users/me/export", ALICE).json()["consents"]
    created = [c for c in consents if c["oldValue"] is None]
    assert {c["subject"] for c in created} == {s.value for s in ConsentSubject}
    assert {c["client"] for c in created} == {"ios-app/3.2"}
    [training] = [c for c in consents if c["oldValue"] is not None]
    assert training == {
        "avatarId": avatar_id,
        "subject": "allowAITraining",
        "oldValue": "false",
        "newValue": "true",
        "changedBy": str(ALICE),
        "client": "web/2.0",
        "recordedAt": training["recordedAt"],
    }
    assert api.call("GET", "/api/v1/users/me/export", BOB, Role.USER).json()["consents"] == []


@pytest.mark.parametrize("opted_in", [False, True])
async def test_no_photo_outlives_its_deletion_time_whatever_the_training_consent(
    opted_in: bool,
) -> None:
    clock = ManualClock(T0)
    container = container_for_tests(clock=clock)
    uow_factory, blobs = container.uow_factory(), container.blobs()
    viewer = Viewer(ALICE)
    avatar = await container.create_avatar()(
        CreateAvatarCommand(
            viewer=viewer,
            name="me",
            avatar_type=AvatarType.PHOTO_BASED,
            allow_ai_training=opted_in,
        )
    )
    photo = await store_processed_photo(uow_factory, blobs, ALICE, avatar.id, clock.now())
    prefix = f"users/{ALICE}/"
    assert len(await blobs.list_objects(prefix)) == 5
    clock.advance(timedelta(hours=23, minutes=59))
    assert await container.delete_expired_photos()() == []
    clock.advance(timedelta(minutes=2))  # just past its auto_delete_at
    assert [p.id for p in await container.delete_expired_photos()()] == [photo.id]
    assert await blobs.list_objects(prefix) == []
    async with uow_factory(read_only=True) as uow:
        [kept] = await uow.photos.list_for_avatar(avatar.id)
    assert kept.deleted and kept.deleted_at is not None
    assert kept.deleted_at <= photo.auto_delete_at + timedelta(minutes=2)
