"""The persistence contract: every UnitOfWork adapter (memory, SQLite, PostgreSQL) behaves alike.

The ``uow_factory`` fixture (tests/conftest.py) runs each test once per adapter.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from application.ports import AvatarQuery, Keyset, ProcessAvatarJob, SortField, UnitOfWorkFactory
from domain.avatar import Avatar, AvatarStatus, AvatarType, Visibility
from domain.body_analysis import analyse_body
from domain.errors import AvatarNameTaken, ConcurrentModification, InvalidValue
from domain.measurements import ExtractionMethod, MeasurementProfile
from domain.model_file import GenerationMethod, LodLevel, ModelFile, ModelFormat
from domain.photo import PhotoUpload, ViewType
from domain.units import MeasurementUnit
from tests.support.data import SPEC_MEASUREMENTS

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
OWNER = uuid.UUID("aaaaaaaa-0000-4000-8000-000000000001")


def make_avatar(
    name: str = "My Avatar",
    *,
    user_id: uuid.UUID = OWNER,
    at: datetime = T0,
    measured: bool = True,
    **details: object,
) -> Avatar:
    avatar_id = uuid.uuid4()
    profile = None
    if measured:
        profile = MeasurementProfile(
            id=uuid.uuid4(),
            avatar_id=avatar_id,
            values={**SPEC_MEASUREMENTS, "bicep": 31.25, "weight": 69.85322498},
            unit=MeasurementUnit.IMPERIAL,
            extraction_method=ExtractionMethod.AI,
            created_at=at,
            updated_at=at,
            confidence_scores={"waist": 0.92},
            manual_overrides=("height",),
        )
    avatar = Avatar.create(
        avatar_id=avatar_id,
        user_id=user_id,
        name=name,
        avatar_type=AvatarType.MEASUREMENT_BASED,
        now=at,
        measurements=profile,
        **details,
    )  # type: ignore[arg-type]
    avatar.pull_events()
    return avatar


def make_photo(avatar_id: uuid.UUID, **overrides: object) -> PhotoUpload:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "avatar_id": avatar_id,
        "user_id": OWNER,
        "view_type": ViewType.FRONT,
        "original_filename": "front.jpg",
        "file_size": 10,
        "mime_type": "image/jpeg",
        "width": 1024,
        "height": 2048,
        "storage_key": "users/x/front.jpg",
        "storage_bucket": "local",
        "auto_delete_at": T0 + timedelta(hours=24),
        "created_at": T0,
        "updated_at": T0,
    }
    return PhotoUpload(**{**values, **overrides})  # type: ignore[arg-type]


def make_model_file(avatar_id: uuid.UUID, **overrides: object) -> ModelFile:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "avatar_id": avatar_id,
        "format": ModelFormat.GLB,
        "lod_level": LodLevel.HIGH,
        "file_size": 1000,
        "storage_key": "users/x/a.glb",
        "storage_bucket": "local",
        "vertex_count": 10,
        "face_count": 5,
        "texture_count": 0,
        "generation_method": GenerationMethod.PARAMETRIC,
        "created_at": T0,
    }
    return ModelFile(**{**values, **overrides})  # type: ignore[arg-type]


def same_state(left: Avatar, right: Avatar) -> None:
    fields = (
        "id",
        "user_id",
        "name",
        "description",
        "avatar_type",
        "status",
        "created_at",
        "updated_at",
        "version",
        "parent_avatar_id",
        "visibility",
        "allow_export",
        "allow_ai_training",
        "shared_with",
        "tags",
        "model_file_id",
        "measurements",
        "body_analysis",
        "processing_started_at",
        "processing_completed_at",
        "processing_error",
    )
    for field in fields:
        assert getattr(left, field) == getattr(right, field), field


async def test_an_added_avatar_reads_back_identical(uow_factory: UnitOfWorkFactory) -> None:
    avatar = make_avatar(
        tags=("summer", "2026"),
        visibility=Visibility.SHARED,
        shared_with=(uuid.uuid4(),),
        description="desc",
    )
    avatar.start_processing(T0 + timedelta(seconds=1))
    assert avatar.measurements is not None
    avatar.complete(
        T0 + timedelta(seconds=2), body_analysis=analyse_body(avatar.measurements, uuid.uuid4(), T0)
    )
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.commit()
    for read_only in (False, True):  # read-only units may take another path to the data
        async with uow_factory(read_only=read_only) as uow:
            stored = await uow.avatars.get(avatar.id)
        assert stored is not None
        same_state(stored, avatar)
        assert stored.events == []


async def test_an_unknown_id_reads_as_none(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.avatars.get(uuid.uuid4()) is None


async def test_leaving_without_commit_discards_everything(uow_factory: UnitOfWorkFactory) -> None:
    avatar = make_avatar()
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
    async with uow_factory() as uow:
        assert await uow.avatars.get(avatar.id) is None


async def test_an_exception_inside_the_unit_discards_everything(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar = make_avatar()
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            await uow.avatars.add(avatar)
            raise RuntimeError("crash")
    async with uow_factory() as uow:
        assert await uow.avatars.count_for_user(OWNER) == 0


async def test_rollback_discards_the_changes_so_far(uow_factory: UnitOfWorkFactory) -> None:
    first, second = make_avatar("one"), make_avatar("two")
    async with uow_factory() as uow:
        await uow.avatars.add(first)
        await uow.rollback()
        await uow.avatars.add(second)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.avatars.get(first.id) is None
        assert await uow.avatars.get(second.id) is not None


async def test_a_read_only_unit_reads_committed_state_and_refuses_to_commit(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar = make_avatar()
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        stored = await uow.avatars.get(avatar.id)
        assert stored is not None and stored.name == avatar.name
        with pytest.raises(RuntimeError):
            await uow.commit()


async def test_a_users_avatar_names_are_unique(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.avatars.add(make_avatar("Same"))
        await uow.avatars.add(make_avatar("Same", user_id=uuid.uuid4()))
        await uow.commit()
    with pytest.raises(AvatarNameTaken):
        async with uow_factory() as uow:
            await uow.avatars.add(make_avatar("Same"))
    async with uow_factory() as uow:
        assert await uow.avatars.name_taken(OWNER, "Same")
        assert not await uow.avatars.name_taken(OWNER, "Other")
        assert await uow.avatars.count_for_user(OWNER) == 1


async def test_renaming_onto_a_taken_name_is_refused(uow_factory: UnitOfWorkFactory) -> None:
    one, two = make_avatar("one"), make_avatar("two")
    async with uow_factory() as uow:
        await uow.avatars.add(one)
        await uow.avatars.add(two)
        await uow.commit()
    two.update_details(T0, name="one")
    with pytest.raises(AvatarNameTaken):
        async with uow_factory() as uow:
            await uow.avatars.update(two)
    async with uow_factory() as uow:
        assert await uow.avatars.name_taken(OWNER, "one", excluding=one.id) is False


async def test_updates_store_status_measurements_and_analysis(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar = make_avatar()
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.commit()
    assert avatar.measurements is not None
    now = T0 + timedelta(minutes=5)
    profile = avatar.measurements.with_changes({"waist": 77.5}, MeasurementUnit.METRIC, now)
    avatar.update_measurements(profile, version_id=uuid.uuid4(), changed_by=OWNER, now=now)
    avatar.start_processing(now)
    avatar.complete(now, body_analysis=analyse_body(profile, uuid.uuid4(), now))
    async with uow_factory() as uow:
        await uow.avatars.update(avatar)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.avatars.get(avatar.id)
    assert stored is not None
    same_state(stored, avatar)
    assert stored.status is AvatarStatus.COMPLETED and stored.version == 2


async def test_versions_are_kept_in_order_and_never_overwritten(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar = make_avatar()
    assert avatar.measurements is not None
    first = avatar.initial_version(uuid.uuid4(), T0)
    profile = avatar.measurements.with_changes({"hips": 99.0}, None, T0)
    avatar.body_analysis = analyse_body(profile, uuid.uuid4(), T0)
    second = avatar.update_measurements(
        profile, version_id=uuid.uuid4(), changed_by=OWNER, now=T0, description="less hips"
    )
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.versions.add(second)
        await uow.versions.add(first)
        await uow.commit()
    async with uow_factory() as uow:
        versions = await uow.versions.list_for_avatar(avatar.id)
        assert versions == [first, second]
        assert await uow.versions.get(avatar.id, 2) == second
        assert await uow.versions.get(avatar.id, 3) is None
    with pytest.raises(ConcurrentModification):
        async with uow_factory() as uow:
            await uow.versions.add(first)


async def test_deleting_an_avatar_deletes_what_belongs_to_it(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar, other = make_avatar("gone"), make_avatar("kept")
    photo = make_photo(avatar.id)
    model = make_model_file(avatar.id, generation_parameters={"model": "anny", "lod": {"faces": 5}})
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.avatars.add(other)
        await uow.versions.add(avatar.initial_version(uuid.uuid4(), T0))
        await uow.photos.add(photo)
        await uow.model_files.add(model)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.model_files.list_for_avatar(avatar.id) == [model]
    async with uow_factory() as uow:
        assert [_state(p) for p in await uow.photos.list_for_avatar(avatar.id)] == [_state(photo)]
        assert await uow.model_files.list_for_avatar(avatar.id) == [model]
        await uow.avatars.delete(avatar.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.avatars.get(avatar.id) is None
        assert await uow.versions.list_for_avatar(avatar.id) == []
        assert await uow.photos.get(photo.id) is None
        assert await uow.model_files.get(model.id) is None
        assert await uow.avatars.get(other.id) is not None


def _state(entity: object) -> dict[str, object]:
    return {f.name: getattr(entity, f.name) for f in dataclasses.fields(entity)}  # type: ignore[arg-type]


async def test_photos_and_model_files_need_an_existing_avatar(
    uow_factory: UnitOfWorkFactory,
) -> None:
    model = make_model_file(uuid.uuid4())
    with pytest.raises(InvalidValue):
        async with uow_factory() as uow:
            await uow.model_files.add(model)


async def test_a_photo_marked_deleted_is_stored_so(uow_factory: UnitOfWorkFactory) -> None:
    avatar = make_avatar()
    photo = make_photo(
        avatar.id,
        view_type=ViewType.SIDE,
        auto_delete_at=T0 + timedelta(hours=1),
        capture_date=T0 - timedelta(days=1),
        device_info="Pixel 9",
    )
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.photos.add(photo)
        await uow.commit()
    photo.mark_deleted(T0 + timedelta(hours=1))
    async with uow_factory() as uow:
        await uow.photos.update(photo)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.photos.get(photo.id)
    assert stored is not None and stored.deleted and stored.deleted_at == photo.deleted_at
    assert stored.device_info == "Pixel 9"


async def test_deleting_the_main_model_file_clears_the_avatars_reference(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar = make_avatar()
    model = make_model_file(avatar.id)
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.model_files.add(model)
        avatar.model_file_id = model.id
        await uow.avatars.update(avatar)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.model_files.delete(model.id)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.avatars.get(avatar.id)
    assert stored is not None and stored.model_file_id is None


# -- listing --------------------------------------------------------------------------------
async def _five_avatars(uow_factory: UnitOfWorkFactory) -> list[Avatar]:
    avatars = [
        make_avatar("delta", at=T0 + timedelta(minutes=1), tags=("a",)),
        make_avatar("alpha", at=T0 + timedelta(minutes=2), tags=("a", "b")),
        make_avatar("echo", at=T0 + timedelta(minutes=3), visibility=Visibility.PUBLIC),
        make_avatar("bravo", at=T0 + timedelta(minutes=4), measured=False),
        make_avatar("charlie", at=T0 + timedelta(minutes=4), tags=("b",)),  # same time as bravo
        make_avatar("someone else's", user_id=uuid.uuid4(), tags=("a",)),
    ]
    avatars[2].start_processing(T0 + timedelta(minutes=5))
    async with uow_factory() as uow:
        for avatar in avatars:
            await uow.avatars.add(avatar)
        await uow.commit()
    return avatars[:5]


async def _walk(uow_factory: UnitOfWorkFactory, query: AvatarQuery) -> list[str]:
    from application.pagination import sort_key

    names: list[str] = []
    after: Keyset | None = None
    while True:
        async with uow_factory(read_only=len(names) % 2 == 0) as uow:  # both paths
            page = await uow.avatars.list(OWNER, query, after=after)
        names += [a.name for a in page.items]
        if not page.has_more:
            return names
        last = page.items[-1]
        after = (sort_key(last, query.sort), last.id)


async def test_listing_pages_through_every_avatar_once_in_each_order(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatars = await _five_avatars(uow_factory)
    by_name = sorted(a.name for a in avatars)
    for limit in (1, 2, 5, 10):
        assert (
            await _walk(
                uow_factory, AvatarQuery(limit=limit, sort=SortField.NAME, descending=False)
            )
            == by_name
        )
        assert (
            await _walk(uow_factory, AvatarQuery(limit=limit, sort=SortField.NAME)) == by_name[::-1]
        )
        newest_first = await _walk(uow_factory, AvatarQuery(limit=limit))
        assert len(newest_first) == 5 and set(newest_first) == set(by_name)
        assert newest_first[-2:] == ["alpha", "delta"]
        assert set(newest_first[:2]) == {"bravo", "charlie"}  # tie broken by id, both seen


async def test_listing_filters_by_status_type_visibility_and_tag(
    uow_factory: UnitOfWorkFactory,
) -> None:
    await _five_avatars(uow_factory)

    async def names(**filters: object) -> set[str]:
        async with uow_factory(read_only=True) as uow:
            page = await uow.avatars.list(OWNER, AvatarQuery(**filters))  # type: ignore[arg-type]
        return {a.name for a in page.items}

    assert await names(tag="a") == {"delta", "alpha"}
    assert await names(tag="b") == {"alpha", "charlie"}
    assert await names(tag="zzz") == set()
    assert await names(status=AvatarStatus.PROCESSING) == {"echo"}
    assert await names(visibility=Visibility.PUBLIC) == {"echo"}
    assert await names(avatar_type=AvatarType.PHOTO_BASED) == set()
    assert len(await names(avatar_type=AvatarType.MEASUREMENT_BASED)) == 5


# -- outbox -----------------------------------------------------------------------------------
async def test_outbox_messages_are_kept_with_the_transaction_and_sent_in_order(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar = make_avatar()
    avatar.start_processing(T0)
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.outbox.add_events(avatar.pull_events())
        await uow.outbox.add_job(
            ProcessAvatarJob(id=uuid.uuid4(), avatar_id=avatar.id, reason="created"), T0
        )
    async with uow_factory() as uow:  # not committed: nothing to send
        assert await uow.outbox.pending() == 0
    async with uow_factory() as uow:
        avatar.update_details(T0, name="renamed")
        await uow.avatars.add(avatar)
        await uow.outbox.add_events([*avatar.pull_events()])
        await uow.outbox.add_job(
            ProcessAvatarJob(id=uuid.uuid4(), avatar_id=avatar.id, reason="created"), T0
        )
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.outbox.lead_relay()
        waiting = await uow.outbox.unsent(10)
        types = [m.type.rsplit(".", 2)[-2] for m in waiting]
        assert types == ["updated", "process"]
        assert [m.position for m in waiting] == sorted(m.position or 0 for m in waiting)
        assert all(m.key == str(avatar.id) for m in waiting)
        assert (await uow.outbox.unsent(1))[0].id == waiting[0].id
        await uow.outbox.mark_sent([waiting[0].id], T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.outbox.pending() == 1
        assert [m.id for m in await uow.outbox.unsent(10)] == [waiting[1].id]


async def test_commit_publishes_the_events_of_every_aggregate_the_unit_saw(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar = make_avatar()
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.photos.add(make_photo(avatar.id))
        await uow.commit()
    async with uow_factory() as uow:  # read, changed, stored: no hand-written add_events
        found = await uow.avatars.get(avatar.id, for_update=True)
        assert found is not None
        found.update_details(T0, name="renamed")
        await uow.avatars.update(found)
        (photo,) = await uow.photos.list_for_avatar(avatar.id)
        photo.mark_deleted(T0)
        await uow.photos.update(photo)
        await uow.commit()
    assert found.events == [] and photo.events == []  # pulled, so a second commit adds none
    async with uow_factory() as uow:
        types = [m.type for m in await uow.outbox.unsent(10)]
    assert types == ["com.perfit.avatar.updated.v1", "com.perfit.photo.deleted.v1"]


async def test_a_rollback_drops_the_events_of_the_changes_it_discards(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar = make_avatar()
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.avatars.get(avatar.id)
        assert found is not None
        found.update_details(T0, name="renamed")
        await uow.avatars.update(found)
        await uow.rollback()
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.outbox.pending() == 0


async def test_a_message_id_is_processed_only_once(uow_factory: UnitOfWorkFactory) -> None:
    message_id = uuid.uuid4()
    async with uow_factory() as uow:
        assert await uow.processed.first_time(message_id, T0)
    async with uow_factory() as uow:  # rolled back: not recorded
        assert await uow.processed.first_time(message_id, T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.processed.first_time(message_id, T0)
        assert await uow.processed.first_time(uuid.uuid4(), T0)


async def test_the_keys_rows_point_to_are_known(uow_factory: UnitOfWorkFactory) -> None:
    avatar = make_avatar()
    photo = make_photo(avatar.id, storage_key="users/x/p.jpg", processed_key="users/x/p.png")
    model = make_model_file(avatar.id, storage_key="users/x/m.glb")
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.photos.add(photo)
        await uow.model_files.add(model)
        await uow.commit()
    candidates = ["users/x/p.jpg", "users/x/p.png", "users/x/m.glb", "users/x/orphan.glb"]
    async with uow_factory(read_only=True) as uow:
        assert await uow.photos.keys_in_use(candidates) == {"users/x/p.jpg", "users/x/p.png"}
        assert await uow.model_files.keys_in_use(candidates) == {"users/x/m.glb"}
        assert await uow.model_files.keys_in_use([]) == set()
