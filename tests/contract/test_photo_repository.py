"""The photo repository's intake methods behave alike on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from application.ports import UnitOfWorkFactory
from domain.measurements import Gender
from domain.photo import MalwareScan, PhotoStatus
from domain.photo_checks import BodyHints, Clothing
from tests.contract.test_unit_of_work import T0, make_avatar, make_photo


async def test_a_processed_photo_keeps_every_key_and_its_scan(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar = make_avatar()
    photo = make_photo(
        avatar.id,
        malware_scan=MalwareScan.CLEAN,
        malware_scanner="ClamAV 1.4.1",
        focal_length_35mm=26.0,
    )
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.photos.add(photo)
        await uow.commit()
    photo.start_processing(T0)
    photo.mark_processed(
        T0 + timedelta(minutes=1),
        processed_key="users/x/p.png",
        thumbnail_key="users/x/t.jpg",
        keypoints_key="users/x/k.json",
        mask_key="users/x/m.png",
    )
    async with uow_factory() as uow:
        await uow.photos.update(photo)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        stored = await uow.photos.get(photo.id)
        in_use = await uow.photos.keys_in_use(
            ["users/x/p.png", "users/x/t.jpg", "users/x/k.json", "users/x/m.png", "users/x/z"]
        )
    assert stored is not None and stored.status is PhotoStatus.PROCESSED
    assert (stored.keypoints_key, stored.mask_key) == ("users/x/k.json", "users/x/m.png")
    assert stored.malware_scan is MalwareScan.CLEAN and stored.malware_scanner == "ClamAV 1.4.1"
    assert stored.focal_length_35mm == 26.0
    assert stored.events == []
    assert in_use == {"users/x/p.png", "users/x/t.jpg", "users/x/k.json", "users/x/m.png"}


async def test_a_deleted_photo_points_to_no_object(uow_factory: UnitOfWorkFactory) -> None:
    avatar = make_avatar()
    photo = make_photo(avatar.id, storage_key="users/x/gone.jpg")
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.photos.add(photo)
        await uow.commit()
    photo.mark_deleted(T0)
    async with uow_factory() as uow:
        await uow.photos.update(photo)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.photos.keys_in_use(["users/x/gone.jpg"]) == set()


async def test_expired_photos_come_oldest_deadline_first_without_deleted_ones(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar = make_avatar()
    due = [
        make_photo(avatar.id, auto_delete_at=T0 + timedelta(hours=hours)) for hours in (3, 1, 2, 30)
    ]
    gone = make_photo(avatar.id, auto_delete_at=T0 + timedelta(hours=1))
    gone.mark_deleted(T0)
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        for photo in [*due, gone]:
            await uow.photos.add(photo)
        await uow.commit()
    now = T0 + timedelta(hours=3)
    async with uow_factory(read_only=True) as uow:
        expired = await uow.photos.expired(now, limit=10)
        first = await uow.photos.expired(now, limit=2)
    assert [p.id for p in expired] == [due[1].id, due[2].id, due[0].id]
    assert [p.id for p in first] == [due[1].id, due[2].id]


async def test_body_hints_are_kept_replaced_and_gone_with_their_avatar(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatar = make_avatar()
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        assert await uow.photos.hints_for(avatar.id) is None
        await uow.photos.save_hints(avatar.id, BodyHints(height_cm=171.5))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.photos.hints_for(avatar.id) == BodyHints(height_cm=171.5)
        await uow.photos.save_hints(avatar.id, BodyHints(height_cm=170.0, weight_kg=64.2))
        await uow.commit()
    every_hint = BodyHints(
        height_cm=170.0, weight_kg=64.2, gender=Gender.MALE, clothing=Clothing.REGULAR
    )
    async with uow_factory() as uow:
        assert await uow.photos.hints_for(avatar.id) == BodyHints(height_cm=170.0, weight_kg=64.2)
        await uow.photos.save_hints(avatar.id, every_hint)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.photos.hints_for(avatar.id) == every_hint
        await uow.photos.save_hints(avatar.id, BodyHints(clothing=Clothing.LOOSE))
        await uow.commit()
    async with uow_factory() as uow:  # the repository replaces; merging is the use case's
        assert await uow.photos.hints_for(avatar.id) == BodyHints(clothing=Clothing.LOOSE)
        await uow.avatars.delete(avatar.id)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.photos.hints_for(avatar.id) is None
