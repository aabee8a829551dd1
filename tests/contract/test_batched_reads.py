"""The batched reads behind GraphQL's DataLoaders, on every unit of work (memory, SQLite,
PostgreSQL): many avatars and their model files at once, equal to reading them one by one,
and the job lookup of job polling."""

from __future__ import annotations

import uuid

from application.ports import UnitOfWorkFactory
from domain.model_file import GenerationMethod, LodLevel, ModelFile, ModelFormat
from tests.contract.test_unit_of_work import T0, make_avatar


def model_file(avatar_id: uuid.UUID, level: LodLevel, size: int) -> ModelFile:
    return ModelFile(
        id=uuid.uuid4(),
        avatar_id=avatar_id,
        format=ModelFormat.GLB,
        lod_level=level,
        file_size=size,
        storage_key=f"models/{avatar_id}/{level.value}.glb",
        storage_bucket="local",
        vertex_count=10,
        face_count=20,
        texture_count=0,
        generation_method=GenerationMethod.PARAMETRIC,
        created_at=T0,
    )


async def test_many_avatars_and_their_files_read_at_once_equal_those_read_one_by_one(
    uow_factory: UnitOfWorkFactory,
) -> None:
    avatars = [make_avatar(f"avatar {n}", measured=n % 2 == 0) for n in range(5)]
    async with uow_factory() as uow:
        for number, avatar in enumerate(avatars):
            await uow.avatars.add(avatar)
            if number < 3:
                await uow.model_files.add(model_file(avatar.id, LodLevel.HIGH, 100 + number))
                await uow.model_files.add(model_file(avatar.id, LodLevel.MOBILE, 10 + number))
        await uow.commit()

    wanted = [a.id for a in avatars] + [uuid.uuid4(), avatars[0].id]  # unknown, repeated
    async with uow_factory(read_only=True) as uow:
        many = {a.id: a for a in await uow.avatars.get_many(wanted)}
        files = await uow.model_files.list_for_avatars(wanted)
        one_by_one = {a.id: await uow.avatars.get(a.id) for a in avatars}
        files_one_by_one = {a.id: await uow.model_files.list_for_avatar(a.id) for a in avatars}
    assert set(many) == {a.id for a in avatars}
    for avatar_id, avatar in many.items():
        expected = one_by_one[avatar_id]
        assert expected is not None
        assert (avatar.name, avatar.measurements, avatar.body_analysis) == (
            expected.name,
            expected.measurements,
            expected.body_analysis,
        )
    assert files == {k: v for k, v in files_one_by_one.items() if v}
    assert len(files) == 3


async def test_a_processing_run_is_found_by_its_job_id(uow_factory: UnitOfWorkFactory) -> None:
    avatar = make_avatar("Polled")
    job_id = uuid.uuid4()
    avatar.start_processing(T0, job_id=job_id)
    avatar.report_progress(T0, stage="model_generation", progress=60)
    async with uow_factory() as uow:
        await uow.avatars.add(avatar)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.avatars.id_for_job(job_id) == avatar.id
        assert await uow.avatars.id_for_job(uuid.uuid4()) is None
        stored = await uow.avatars.get(avatar.id)
    assert stored is not None
    assert (stored.processing_job_id, stored.processing_stage, stored.processing_progress) == (
        job_id,
        "model_generation",
        60,
    )
