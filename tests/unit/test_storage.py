"""The object layout and the sweep of objects no row points to."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from adapters.memory.blob_store import MemoryBlobStore
from adapters.memory.clock_and_ids import ManualClock
from adapters.memory.state import MemoryUnitOfWorkFactory
from application.create_avatar import CreateAvatarCommand
from application.storage import SweepOrphans, model_key, photo_key
from domain.access import Viewer
from domain.avatar import AvatarType
from domain.model_file import GenerationMethod, LodLevel, ModelFile, ModelFormat
from tests.support.bodies import anny_body_model
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.harness import Harness

GRACE = timedelta(hours=24)


def test_every_object_of_an_avatar_lives_under_its_users_and_its_own_prefix() -> None:
    user, avatar, item = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert photo_key(user, avatar, item, "jpg") == (
        f"users/{user}/avatars/{avatar}/photos/{item}.jpg"
    )
    assert model_key(user, avatar, item, "high", "glb") == (
        f"users/{user}/avatars/{avatar}/models/{item}-high.glb"
    )


@pytest.mark.anny
async def test_the_sweep_deletes_old_orphans_only_and_a_dry_run_deletes_nothing(
    alice: Viewer,
) -> None:
    clock = ManualClock(step=timedelta(0))
    factory = MemoryUnitOfWorkFactory()
    blobs = MemoryBlobStore(clock)
    harness = Harness(factory, clock=clock, blobs=blobs, body_model=anny_body_model())
    avatar = await harness.create_avatar(
        CreateAvatarCommand(
            viewer=alice,
            name="swept",
            avatar_type=AvatarType.MEASUREMENT_BASED,
            measurements=SPEC_MEASUREMENTS,
        )
    )
    kept_key = model_key(alice.user_id, avatar.id, uuid.uuid4(), "high", "glb")
    orphan_key = model_key(alice.user_id, avatar.id, uuid.uuid4(), "low", "glb")
    await blobs.put(kept_key, b"glb", "model/gltf-binary")
    await blobs.put(orphan_key, b"glb", "model/gltf-binary")
    async with factory() as uow:
        await uow.model_files.add(
            ModelFile(
                id=uuid.uuid4(),
                avatar_id=avatar.id,
                format=ModelFormat.GLB,
                lod_level=LodLevel.HIGH,
                file_size=3,
                storage_key=kept_key,
                storage_bucket="local",
                vertex_count=1,
                face_count=1,
                texture_count=0,
                generation_method=GenerationMethod.PARAMETRIC,
                created_at=clock.now(),
            )
        )
        await uow.commit()
    clock.advance(timedelta(hours=1))
    young_orphan = model_key(alice.user_id, avatar.id, uuid.uuid4(), "mobile", "glb")
    await blobs.put(young_orphan, b"glb", "model/gltf-binary")
    sweep = SweepOrphans(factory, blobs, clock)

    report = await sweep(grace=GRACE)  # nothing is a day old yet
    assert (report.orphans, report.deleted, report.examined) == ([], 0, 3)

    clock.advance(GRACE)
    dry = await sweep(grace=GRACE, dry_run=True)
    assert [o.key for o in dry.orphans] == [orphan_key] and dry.deleted == 0
    assert await blobs.exists(orphan_key)

    done = await sweep(grace=GRACE)
    assert done.deleted == 1
    assert not await blobs.exists(orphan_key)
    assert await blobs.exists(kept_key) and await blobs.exists(young_orphan)
