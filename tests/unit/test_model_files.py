"""Model file generation, listing and download: the use cases with a synthetic figure."""

from __future__ import annotations

from dataclasses import replace

import pytest
from dependency_injector import providers

from adapters.memory.state import MemoryUnitOfWorkFactory
from application.create_avatar import CreateAvatarCommand
from application.errors import BodyModelUnavailable, ModelFileNotFound, NotAllowed
from application.model_files import generation_parameters, shape_of
from application.ports import Appearance, BodyModel, BodyShape, ModelReadiness, UnitOfWorkFactory
from domain.access import Viewer
from domain.avatar import Avatar, AvatarType, Visibility
from domain.errors import InvalidStatusTransition, InvalidValue
from domain.model_file import LodLevel, ModelFormat
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.figure import FigureBodyModel
from tests.support.harness import Harness


class Models:
    """The model use cases from the harness's container; ``body_model`` replaces its own."""

    def __init__(self, harness: Harness, body_model: BodyModel | None = None) -> None:
        self.harness = harness
        container = harness.container
        if body_model is not None:
            container.body_model.override(providers.Object(body_model))
        self.body_model = container.body_model()
        self.generate_files = container.generate_model_files()
        self.generate = container.generate_avatar_models()
        self.list = container.list_model_files()
        self.get = container.get_model_file()
        self.download = container.download_model_file()


@pytest.fixture
def harness() -> Harness:
    return Harness(MemoryUnitOfWorkFactory())  # the light body model: the synthetic figure


@pytest.fixture
def models(harness: Harness) -> Models:
    return Models(harness)


async def completed_avatar(harness: Harness, viewer: Viewer, **preferences: object) -> Avatar:
    command = CreateAvatarCommand(
        viewer=viewer,
        name="Model Avatar",
        avatar_type=AvatarType.MEASUREMENT_BASED,
        measurements=dict(SPEC_MEASUREMENTS),
    )
    avatar = await harness.create_avatar(replace(command, **preferences))  # type: ignore[arg-type]
    await harness.run_jobs()
    return (await harness.get_avatar(viewer, avatar.id)).avatar


async def test_a_generation_stores_every_format_at_every_level_and_announces_it(
    harness: Harness, models: Models, alice: Viewer
) -> None:
    avatar = await completed_avatar(harness, alice)
    files = await models.generate(alice, avatar.id)
    assert len(files) == 16
    assert {(f.format, f.lod_level) for f in files} == {
        (model_format, level) for model_format in ModelFormat for level in LodLevel
    }
    for model_file in files:
        info = await harness.blobs.info(model_file.storage_key)
        assert info.size == model_file.file_size > 0
        assert model_file.storage_key.startswith(
            f"users/{alice.user_id}/avatars/{avatar.id}/models/{model_file.id}-"
        )
        assert model_file.storage_bucket == "memory"
        assert model_file.vertex_count > 0 and model_file.face_count > 0
    details = await harness.get_avatar(alice, avatar.id)
    glb_high = next(f for f in files if (f.format, f.lod_level) == (ModelFormat.GLB, LodLevel.HIGH))
    assert details.avatar.model_file_id == glb_high.id
    assert (await harness.event_names())[-1] == "model_generated"
    message = harness.events.published[-1]
    assert b'"bodyModel":"figure 1"' in message.payload and message.payload.count(b"fileSize") == 16


async def test_generation_parameters_rebuild_the_same_body(
    harness: Harness, models: Models, alice: Viewer
) -> None:
    avatar = await completed_avatar(harness, alice)
    (model_file,) = await models.generate(
        alice, avatar.id, formats=[ModelFormat.OBJ], levels=[LodLevel.LOW], skin_tone="#8D5524"
    )
    parameters = model_file.generation_parameters
    assert parameters["bodyModel"] == {"name": "figure", "version": "1"}
    assert parameters["appearance"] == {"skinTone": "#8d5524"}
    shape = shape_of(parameters)
    assert shape is not None and shape.parameters == {"scale": pytest.approx(175 / 178, abs=1e-5)}
    assert shape_of(generation_parameters(shape, Appearance())) == shape


async def test_a_new_generation_replaces_files_of_the_same_format_and_level_only(
    harness: Harness, models: Models, alice: Viewer
) -> None:
    avatar = await completed_avatar(harness, alice)
    first = await models.generate(alice, avatar.id, formats=[ModelFormat.GLB, ModelFormat.FBX])
    second = await models.generate(alice, avatar.id, formats=[ModelFormat.GLB])
    kept = await models.list(alice, avatar.id)
    assert {f.id for f in kept} == {f.id for f in second} | {
        f.id for f in first if f.format is ModelFormat.FBX
    }
    # the next generation reuses the body and skin tone of the last one
    assert {f.generation_parameters["parameters"]["scale"] for f in kept} == {  # type: ignore[index]
        first[0].generation_parameters["parameters"]["scale"]  # type: ignore[index]
    }


async def test_only_the_owner_generates_and_only_for_a_completed_avatar(
    harness: Harness, models: Models, alice: Viewer, bob: Viewer
) -> None:
    avatar = await completed_avatar(harness, alice, visibility=Visibility.PUBLIC)
    with pytest.raises(NotAllowed):
        await models.generate(bob, avatar.id)
    draft = await harness.create_avatar(
        CreateAvatarCommand(
            viewer=alice, name="Draft", avatar_type=AvatarType.PHOTO_BASED, measurements=None
        )
    )
    with pytest.raises(InvalidStatusTransition, match="completed avatar"):
        await models.generate(alice, draft.id)
    with pytest.raises(InvalidValue, match="at least one format"):
        await models.generate(alice, avatar.id, formats=[])
    with pytest.raises(InvalidValue, match="#rrggbb"):
        await models.generate(alice, avatar.id, skin_tone="beige")


async def test_a_body_model_still_preparing_is_a_clear_refusal(
    harness: Harness, alice: Viewer
) -> None:
    class Preparing(FigureBodyModel):
        def readiness(self) -> ModelReadiness:
            return ModelReadiness(False, "building its data")

    models = Models(harness, Preparing())
    avatar = await completed_avatar(harness, alice)
    with pytest.raises(BodyModelUnavailable, match="building its data"):
        await models.generate(alice, avatar.id)


async def test_others_download_only_what_the_owner_allows_to_export(
    harness: Harness, models: Models, alice: Viewer, bob: Viewer
) -> None:
    avatar = await completed_avatar(
        harness, alice, visibility=Visibility.PUBLIC, allow_export=False
    )
    (model_file,) = await models.generate(
        alice, avatar.id, formats=[ModelFormat.GLB], levels=[LodLevel.MOBILE]
    )
    assert [f.id for f in await models.list(bob, avatar.id)] == [model_file.id]
    assert (await models.get(bob, avatar.id, model_file.id)).id == model_file.id
    with pytest.raises(NotAllowed, match="disallowed export"):
        await models.download(bob, avatar.id, model_file.id)
    download = await models.download(alice, avatar.id, model_file.id)
    assert download.chunks is not None and download.link is None
    data = b"".join([chunk async for chunk in download.chunks])
    assert data == await harness.blobs.get(model_file.storage_key)
    assert download.content_type == "model/gltf-binary"
    assert download.file_name == f"avatar-{avatar.id}-mobile.glb"


async def test_a_model_file_of_another_avatar_is_not_found(
    harness: Harness, models: Models, alice: Viewer
) -> None:
    one = await completed_avatar(harness, alice)
    other = await completed_avatar(harness, alice, name="Other")
    (model_file,) = await models.generate(
        alice, one.id, formats=[ModelFormat.OBJ], levels=[LodLevel.MOBILE]
    )
    with pytest.raises(ModelFileNotFound):
        await models.get(alice, other.id, model_file.id)


async def test_the_processing_entry_point_records_files_in_the_callers_unit_of_work(
    uow_factory: UnitOfWorkFactory, alice: Viewer
) -> None:
    harness = Harness(uow_factory)
    models = Models(harness)
    avatar = await completed_avatar(harness, alice)
    shape = BodyShape("figure", "1", {"scale": 1.0})
    async with uow_factory() as uow:
        loaded = await uow.avatars.get(avatar.id, for_update=True)
        assert loaded is not None
        files = await models.generate_files(
            uow, loaded, shape, formats=[ModelFormat.GLB], levels=[LodLevel.HIGH, LodLevel.MOBILE]
        )
        await uow.avatars.update(loaded)
        await uow.outbox.add_events(loaded.pull_events())
        await uow.commit()
    stored = await models.list(alice, avatar.id)
    assert [f.id for f in stored] == [f.id for f in files]
    assert stored[0].generation_parameters == files[0].generation_parameters
    assert (await harness.get_avatar(alice, avatar.id)).avatar.model_file_id == files[0].id
