"""Encryption at rest (issue 16, item 2): body values are sealed under a data key per user,
wrapped by the key ring; the filesystem store seals objects, any store seals keypoints;
rotation re-wraps every data key so the old key can go; erasure shreds the data key."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import msgspec
import pytest
import sqlalchemy as sa

from adapters.aes_gcm.blob_store import (
    HEADER,
    SEGMENT_BYTES,
    SealedBlobStore,
    content_size,
    keypoints_files,
)
from adapters.aes_gcm.envelope import AesGcmEnvelope, InvalidKeyRing, parse_key_ring
from adapters.filesystem.blob_store import FilesystemBlobStore
from adapters.memory.blob_store import MemoryBlobStore
from adapters.memory.state import MemoryUnitOfWorkFactory
from adapters.sqlalchemy.tables import metadata
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from application import storage
from application.create_avatar import CreateAvatarCommand
from application.encryption import RotateDataKeys, UserDataKeys
from application.measurements import UpdateMeasurementsCommand
from application.ports import (
    AvatarQuery,
    BlobNotFound,
    BlobTooLarge,
    KeyNotInRing,
    SealBroken,
)
from domain.access import Viewer
from domain.avatar import AvatarStatus, AvatarType
from domain.photo_checks import BodyHints
from tests.support.encryption import NEW_KEY, OLD_KEY, envelope_for_tests
from tests.support.harness import Harness

ALICE = Viewer(uuid.UUID("aaaaaaaa-0000-4000-8000-000000000001"))
BOB = Viewer(uuid.UUID("bbbbbbbb-0000-4000-8000-000000000002"))
# Values no other column holds by chance: found in clear anywhere, the test fails.
MEASUREMENTS = {
    "height": 171.37,
    "weight": 64.83,
    "chest": 93.17,
    "waist": 77.29,
    "hips": 99.41,
    "shoulderWidth": 44.63,
    "armLength": 59.71,
    "inseam": 78.19,
    "neckCircumference": 37.83,
}
MARKS = ("171.37", "64.83", "93.17", "77.29", "99.41", "101.13", "44.63", "59.71", "78.19")


async def _everything_of(harness: Harness, viewer: Viewer, name: str) -> uuid.UUID:
    """An avatar with measurements, an analysis (processed), a second version and body hints."""
    avatar = await harness.create_avatar(
        CreateAvatarCommand(
            viewer=viewer,
            name=name,
            avatar_type=AvatarType.MEASUREMENT_BASED,
            measurements=MEASUREMENTS,
            tags=("summer",),
        )
    )
    await harness.run_jobs()
    await harness.update_measurements(
        UpdateMeasurementsCommand(viewer=viewer, avatar_id=avatar.id, measurements={"hips": 101.13})
    )
    await harness.run_jobs()
    async with harness.uow_factory() as uow:
        await uow.photos.save_hints(avatar.id, BodyHints(height_cm=171.37, weight_kg=64.83))
        await uow.commit()
    return avatar.id


async def _rows_text(factory: SqlUnitOfWorkFactory) -> dict[str, str]:
    async with factory.engine.connect() as connection:
        return {
            table.name: repr((await connection.execute(sa.select(table))).all())
            for table in metadata.sorted_tables
        }


async def test_body_values_are_stored_sealed_and_read_back(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    harness = Harness(sql_uow_factory)
    avatar_id = await _everything_of(harness, ALICE, "sealed")

    tables = await _rows_text(sql_uow_factory)
    assert [(name, mark) for name, text in tables.items() for mark in MARKS if mark in text] == []
    async with sql_uow_factory.engine.connect() as connection:
        for table in ("measurement_profiles", "body_analyses", "avatar_versions"):
            sealed = await connection.execute(sa.text(f"SELECT sealed FROM {table}"))
            assert all(row[0] is not None for row in sealed), table
        key_ids = (await connection.execute(sa.text("SELECT key_id FROM user_data_keys"))).all()
    assert key_ids == [("test-1",)]

    avatar = (await harness.get_avatar(ALICE, avatar_id)).avatar
    assert avatar.measurements is not None and avatar.body_analysis is not None
    assert avatar.measurements.values["height"] == pytest.approx(171.37)
    assert avatar.measurements.values["hips"] == pytest.approx(101.13)
    assert avatar.body_analysis.waist_to_hip_ratio > 0
    versions = await harness.list_versions(ALICE, avatar_id)
    hips = [v.measurement_snapshot.values["hips"] for v in versions]
    assert (hips[0], hips[-1]) == pytest.approx((99.41, 101.13))
    async with sql_uow_factory(read_only=True) as uow:
        hints = await uow.photos.hints_for(avatar_id)
    assert hints == BodyHints(height_cm=171.37, weight_kg=64.83)


async def test_lists_and_filters_work_on_the_columns_left_in_clear(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    harness = Harness(sql_uow_factory)
    await _everything_of(harness, ALICE, "one")
    await _everything_of(harness, ALICE, "two")
    page = await harness.list_avatars(
        ALICE, AvatarQuery(status=AvatarStatus.COMPLETED, tag="summer", limit=10)
    )
    assert sorted(a.name for a in page.items) == ["one", "two"]
    assert all(a.body_type is not None for a in page.items)  # the list column stays in clear


async def test_a_row_moved_to_another_avatar_or_user_does_not_open(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    harness = Harness(sql_uow_factory)
    mine = await _everything_of(harness, ALICE, "mine")
    theirs = await _everything_of(harness, BOB, "theirs")
    async with sql_uow_factory.engine.begin() as connection:
        sealed = (
            await connection.execute(
                sa.text("SELECT sealed FROM measurement_profiles WHERE avatar_id = :a"),
                {"a": mine if sql_uow_factory.engine.dialect.name == "postgresql" else mine.hex},
            )
        ).scalar_one()
        await connection.execute(
            sa.text("UPDATE measurement_profiles SET sealed = :s WHERE avatar_id = :a"),
            {
                "s": sealed,
                "a": theirs if sql_uow_factory.engine.dialect.name == "postgresql" else theirs.hex,
            },
        )
    with pytest.raises(SealBroken):
        await harness.get_avatar(BOB, theirs)


async def test_rotation_rewraps_every_data_key_and_then_the_old_key_can_go(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    old_ring = f"old={OLD_KEY}"
    old = SqlUnitOfWorkFactory(sql_uow_factory.engine, envelope_for_tests(old_ring))
    blobs = MemoryBlobStore()
    before = Harness(old)
    users = [Viewer(uuid.uuid4()) for _ in range(5)]
    avatars = {user: await _everything_of(before, user, "rotated") for user in users}
    sealed_blobs = SealedBlobStore(blobs, UserDataKeys(old, old.envelope), keypoints_files)
    key = storage.keypoints_key(users[0].user_id, avatars[users[0]], uuid.uuid4())
    await sealed_blobs.put(key, b'{"keypoints": "front"}', "application/json")

    # The service runs on ["new", "old"] while the rotation goes, three keys a batch.
    both = SqlUnitOfWorkFactory(
        sql_uow_factory.engine, envelope_for_tests(f"new={NEW_KEY},{old_ring}")
    )
    rotate = RotateDataKeys(both, both.envelope)
    report = await rotate(batch_size=3)
    assert (report.key_id, report.rewrapped, report.batches) == ("new", 5, 2)
    assert (await rotate()).rewrapped == 0  # nothing left

    new_only = SqlUnitOfWorkFactory(sql_uow_factory.engine, envelope_for_tests(f"new={NEW_KEY}"))
    after = Harness(new_only)
    for user, avatar_id in avatars.items():
        avatar = (await after.get_avatar(user, avatar_id)).avatar
        assert avatar.measurements is not None
        assert avatar.measurements.values["chest"] == pytest.approx(93.17)
        versions = await after.list_versions(user, avatar_id)
        assert versions[-1].measurement_snapshot.values["hips"] == pytest.approx(101.13)
        async with new_only(read_only=True) as uow:
            assert await uow.photos.hints_for(avatar_id) == BodyHints(171.37, 64.83)
    reopened = SealedBlobStore(blobs, UserDataKeys(new_only, new_only.envelope), keypoints_files)
    assert await reopened.get(key) == b'{"keypoints": "front"}'
    # Without the rotation the old key would still be needed: it is gone from this ring.
    with pytest.raises(KeyNotInRing):
        envelope_for_tests(f"new={NEW_KEY}").rewrap(
            users[0].user_id, envelope_for_tests(old_ring).new_data_key(users[0].user_id)
        )


async def test_erasure_shreds_the_data_key_so_copies_never_open(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    harness = Harness(sql_uow_factory)
    avatar_id = await _everything_of(harness, ALICE, "shredded")
    await _everything_of(harness, BOB, "kept")
    blobs = SealedBlobStore(
        MemoryBlobStore(), UserDataKeys(sql_uow_factory, sql_uow_factory.envelope), keypoints_files
    )
    key = storage.keypoints_key(ALICE.user_id, avatar_id, uuid.uuid4())
    await blobs.put(key, b"keypoints of alice", "application/json")
    backup = await blobs.inner.get(key)  # a copy somewhere: a backup, a crash's leftover
    async with sql_uow_factory(read_only=True) as uow:
        wrapped = await uow.data_keys.get(ALICE.user_id)
    assert wrapped is not None

    await harness.erase_user_data(ALICE)

    async with sql_uow_factory(read_only=True) as uow:
        assert await uow.data_keys.get(ALICE.user_id) is None
        assert await uow.data_keys.get(BOB.user_id) is not None
    await blobs.inner.put(key, backup, "application/json")
    with pytest.raises(BlobNotFound, match="data key is erased"):
        await blobs.get(key)
    # A new key for the same user (they come back) opens nothing of the old one.
    fresh = sql_uow_factory.envelope.new_data_key(ALICE.user_id)
    sealed = sql_uow_factory.envelope.seal(ALICE.user_id, wrapped, b"old", b"ctx")
    with pytest.raises(SealBroken):
        sql_uow_factory.envelope.open(ALICE.user_id, fresh, sealed, b"ctx")


async def test_memory_units_of_work_keep_and_shred_data_keys_too() -> None:
    harness = Harness(MemoryUnitOfWorkFactory())
    await _everything_of(harness, ALICE, "memory")
    blobs = SealedBlobStore(
        MemoryBlobStore(), UserDataKeys(harness.uow_factory, envelope_for_tests()), keypoints_files
    )
    key = storage.keypoints_key(ALICE.user_id, uuid.uuid4(), uuid.uuid4())
    await blobs.put(key, b"points", "application/json")
    assert await blobs.get(key) == b"points"
    await harness.erase_user_data(ALICE)
    async with harness.uow_factory(read_only=True) as uow:
        assert await uow.data_keys.get(ALICE.user_id) is None


# -- the sealed blob store ------------------------------------------------------------------


@pytest.fixture
def filesystem(tmp_path: Path) -> tuple[FilesystemBlobStore, SealedBlobStore]:
    raw = FilesystemBlobStore(tmp_path / "blobs")
    uow_factory = MemoryUnitOfWorkFactory()
    return raw, SealedBlobStore(raw, UserDataKeys(uow_factory, envelope_for_tests()))


USER_KEY = f"users/{ALICE.user_id}/avatars/{uuid.uuid4()}/photos/front.jpg"


@pytest.mark.parametrize(
    "size", [0, 1, SEGMENT_BYTES - 1, SEGMENT_BYTES, SEGMENT_BYTES + 1, 3 * SEGMENT_BYTES + 7]
)
async def test_the_filesystem_store_seals_objects_of_any_size(
    filesystem: tuple[FilesystemBlobStore, SealedBlobStore], size: int
) -> None:
    raw, sealed = filesystem
    content = bytes(i % 251 for i in range(size))
    written = await sealed.put(USER_KEY, content, "image/jpeg")
    stored = raw.path_for(USER_KEY).read_bytes()
    assert stored.startswith(HEADER) and (size < 16 or content[:16] not in stored)
    assert content_size(len(stored)) == size == written.size
    assert await sealed.get(USER_KEY) == content
    assert b"".join([c async for c in sealed.stream(USER_KEY, 1000)]) == content
    info = await sealed.info(USER_KEY)
    assert (info.size, info.sha256) == (size, hashlib.sha256(content).hexdigest())
    # Another process (no digest remembered) reads it to say the same.
    again = SealedBlobStore(raw, sealed._keys)
    assert (await again.info(USER_KEY)).sha256 == hashlib.sha256(content).hexdigest()


async def test_a_cut_or_reordered_object_does_not_open(
    filesystem: tuple[FilesystemBlobStore, SealedBlobStore],
) -> None:
    raw, sealed = filesystem
    content = bytes(range(256)) * 1024  # four segments
    await sealed.put(USER_KEY, content, "image/jpeg")
    stored = await raw.get(USER_KEY)
    segment = SEGMENT_BYTES + 29
    first, second = (
        stored[len(HEADER) : len(HEADER) + segment],
        stored[len(HEADER) + segment :][:segment],
    )
    for tampered in (
        stored[: len(HEADER) + 2 * segment],  # cut at a segment boundary
        HEADER + second + first + stored[len(HEADER) + 2 * segment :],  # reordered
    ):
        await raw.put(USER_KEY, tampered, "image/jpeg")
        with pytest.raises(SealBroken):
            await sealed.get(USER_KEY)


async def test_objects_written_before_sealing_are_read_as_they_are(
    filesystem: tuple[FilesystemBlobStore, SealedBlobStore],
) -> None:
    raw, sealed = filesystem
    await raw.put(USER_KEY, b"\xff\xd8 a jpeg from before", "image/jpeg")
    assert await sealed.get(USER_KEY) == b"\xff\xd8 a jpeg from before"
    assert (await sealed.info(USER_KEY)).size == len(b"\xff\xd8 a jpeg from before")


async def test_a_streamed_upload_over_its_limit_stores_nothing(
    filesystem: tuple[FilesystemBlobStore, SealedBlobStore],
) -> None:
    raw, sealed = filesystem

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(5):
            yield b"x" * 1000

    with pytest.raises(BlobTooLarge):
        await sealed.put_stream(USER_KEY, chunks(), "image/jpeg", max_bytes=4000)
    assert not await raw.exists(USER_KEY)


async def test_other_stores_seal_only_keypoints_files() -> None:
    raw = MemoryBlobStore()
    sealed = SealedBlobStore(
        raw, UserDataKeys(MemoryUnitOfWorkFactory(), envelope_for_tests()), keypoints_files
    )
    avatar, photo = uuid.uuid4(), uuid.uuid4()
    points = storage.keypoints_key(ALICE.user_id, avatar, photo)
    picture = storage.processed_key(ALICE.user_id, avatar, photo)
    await sealed.put(points, b'{"x": 1}', "application/json")
    await sealed.put(picture, b"png", "image/png")
    assert (await raw.get(points)).startswith(HEADER)
    assert await raw.get(picture) == b"png"  # S3 keeps server-side encryption for these


def test_the_key_ring_setting_is_checked() -> None:
    ring = parse_key_ring(f" new={NEW_KEY} , old={OLD_KEY}")
    assert list(ring) == ["new", "old"] and AesGcmEnvelope(ring).current_key_id == "new"
    for bad in ("", "nokey", f"x={NEW_KEY[:20]}", "x=!!!", f"a={NEW_KEY},a={OLD_KEY}"):
        with pytest.raises(InvalidKeyRing):
            parse_key_ring(bad)


async def _open_into_clear_columns(factory: SqlUnitOfWorkFactory) -> int:
    """Turn every sealed row back into the clear row of before migration 0012."""
    from adapters.sqlalchemy.sealing import context
    from adapters.sqlalchemy.tables import (
        avatar_versions,
        avatars,
        body_analyses,
        measurement_profiles,
        photo_body_hints,
    )

    opened = 0
    async with factory() as uow:
        connection = uow.data_keys._connection  # a test's shortcut to the unit's connection
        for table, bound_to in (
            (measurement_profiles, ("avatar_id",)),
            (body_analyses, ("avatar_id",)),
            (avatar_versions, ("avatar_id", "version")),
            (photo_body_hints, ("avatar_id",)),
        ):
            keys = [table.c[name] for name in bound_to]
            rows = await connection.execute(
                sa.select(avatars.c.user_id, table.c.sealed, *keys).join(
                    avatars, avatars.c.id == table.c.avatar_id
                )
            )
            for user_id, sealed, *parts in rows.all():
                key = await uow.data_keys.get(user_id)
                assert key is not None
                where = context(table.name, *parts)
                document = msgspec.json.decode(
                    factory.envelope.open(user_id, key, bytes(sealed), where)
                )
                condition = sa.and_(*(k == p for k, p in zip(keys, parts, strict=True)))
                await connection.execute(
                    table.update().where(condition).values(sealed=None, **document)
                )
                opened += 1
        await uow.commit()
    return opened


async def test_rotation_also_seals_the_rows_written_before_encryption(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    old_ring = f"old={OLD_KEY}"
    old = SqlUnitOfWorkFactory(sql_uow_factory.engine, envelope_for_tests(old_ring))
    harness = Harness(old)
    avatar_id = await _everything_of(harness, ALICE, "legacy")
    legacy = await _open_into_clear_columns(old)
    assert legacy >= 5  # a profile, an analysis, versions, the hints
    tables = await _rows_text(sql_uow_factory)
    assert "171.37" in tables["measurement_profiles"] and "64.83" in tables["photo_body_hints"]
    # Legacy rows are read as they are meanwhile.
    avatar = (await Harness(old).get_avatar(ALICE, avatar_id)).avatar
    assert avatar.measurements is not None
    assert avatar.measurements.values["chest"] == pytest.approx(93.17)

    both = SqlUnitOfWorkFactory(
        sql_uow_factory.engine, envelope_for_tests(f"new={NEW_KEY},{old_ring}")
    )
    report = await RotateDataKeys(both, both.envelope)(batch_size=2)
    assert (report.rewrapped, report.rows_sealed) == (1, legacy)

    tables = await _rows_text(sql_uow_factory)
    assert [(name, mark) for name, text in tables.items() for mark in MARKS if mark in text] == []
    new_only = SqlUnitOfWorkFactory(sql_uow_factory.engine, envelope_for_tests(f"new={NEW_KEY}"))
    avatar = (await Harness(new_only).get_avatar(ALICE, avatar_id)).avatar
    assert avatar.measurements is not None and avatar.body_analysis is not None
    assert avatar.measurements.values["hips"] == pytest.approx(101.13)
    versions = await Harness(new_only).list_versions(ALICE, avatar_id)
    assert versions[0].measurement_snapshot.values["hips"] == pytest.approx(99.41)
    async with new_only(read_only=True) as uow:
        assert await uow.photos.hints_for(avatar_id) == BodyHints(171.37, 64.83)


def test_keys_rotate_on_the_command_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from entrypoints.cli import main
    from entrypoints.settings import load_settings

    environ = {
        "AVATAR_DATA_DIR": str(tmp_path),
        "AVATAR_KEY_RING": f"old={OLD_KEY}",
        "AVATAR_LOG_LEVEL": "WARNING",
    }

    async def seed() -> uuid.UUID:
        from entrypoints.container import Container

        container = Container(settings=load_settings(environ))
        await container.migrate_database()
        async with container.uow_factory()() as uow:
            await uow.data_keys.add(ALICE.user_id, container.envelope().new_data_key(ALICE.user_id))
            await uow.commit()
        await container.engine().dispose()
        return ALICE.user_id

    import asyncio

    asyncio.run(seed())
    runner = CliRunner()
    printed = runner.invoke(main, ["keys", "new", "2027-01"], env=environ)
    assert printed.exit_code == 0 and printed.output.startswith("2027-01=")
    rotated = runner.invoke(
        main,
        ["keys", "rotate", "--batch-size", "10"],
        env={**environ, "AVATAR_KEY_RING": f"{printed.output.strip()},old={OLD_KEY}"},
    )
    assert rotated.exit_code == 0, rotated.output
    assert "re-wrapped 1 data keys under '2027-01'" in rotated.output
