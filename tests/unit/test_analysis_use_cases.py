"""The analysis use cases on the memory adapters: photo symmetry, feedback, charts, erasure."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from adapters.json_files.keypoints import JsonKeypointsFormat
from adapters.memory.blob_store import MemoryBlobStore
from adapters.memory.clock_and_ids import ManualClock, SequentialIds
from adapters.memory.state import MemoryUnitOfWorkFactory
from adapters.size_charts.shipped import ShippedSizeCharts
from application.analysis import (
    ExportFitData,
    FitFeedbackCommand,
    GetAnalysis,
    GetSizeRecommendations,
    RecordFitFeedback,
    RegenerateAnalysis,
)
from application.errors import NotAllowed, SizeChartNotFound
from application.privacy import EraseUserData
from application.size_charts import DeleteSizeChart, PutSizeChart, PutSizeChartCommand
from domain.access import Role, Viewer
from domain.avatar import Avatar, AvatarType
from domain.body_analysis import analyse_body
from domain.fit_preferences import FitFeel
from domain.measurements import ExtractionMethod, Gender, MeasurementProfile
from domain.photo import PhotoUpload, ViewType
from domain.size_charts import ChartGender, GarmentCategory
from domain.symmetry import SymmetrySource
from domain.units import MeasurementUnit
from tests.support.data import SPEC_MEASUREMENTS
from tests.unit.test_body_analysis_rules import _front
from tests.unit.test_size_recommendation import acme

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
EN = "EN 13402-3"


class World:
    def __init__(self) -> None:
        self.uow_factory = MemoryUnitOfWorkFactory()
        self.clock, self.ids, self.blobs = ManualClock(T0), SequentialIds(), MemoryBlobStore()
        shipped = ShippedSizeCharts()
        u, c, i = self.uow_factory, self.clock, self.ids
        self.get_analysis = GetAnalysis(u, shipped)
        self.regenerate = RegenerateAnalysis(u, c, i, self.blobs, shipped, JsonKeypointsFormat())
        self.sizes = GetSizeRecommendations(u, shipped)
        self.feedback = RecordFitFeedback(u, c, i, shipped)
        self.export_fit = ExportFitData(u)
        self.put_chart = PutSizeChart(u, c)
        self.delete_chart = DeleteSizeChart(u)

    async def avatar(self, owner: Viewer, avatar_type: AvatarType) -> Avatar:
        avatar_id = uuid.uuid4()
        profile = MeasurementProfile(
            id=uuid.uuid4(),
            avatar_id=avatar_id,
            values=dict(SPEC_MEASUREMENTS),
            unit=MeasurementUnit.METRIC,
            extraction_method=ExtractionMethod.MANUAL,
            created_at=T0,
            updated_at=T0,
            gender=Gender.FEMALE,
        )
        avatar = Avatar.create(
            avatar_id=avatar_id,
            user_id=owner.user_id,
            name=f"avatar {avatar_id}",
            avatar_type=avatar_type,
            now=T0,
            measurements=profile,
        )
        avatar.replace_body_analysis(analyse_body(profile, uuid.uuid4(), T0), T0)
        async with self.uow_factory() as uow:
            await uow.avatars.add(avatar)
            await uow.commit()
        return avatar


@pytest.fixture
def world() -> World:
    return World()


async def test_a_photo_avatar_regenerated_takes_the_front_photos_symmetry(
    world: World, alice: Viewer
) -> None:
    avatar = await world.avatar(alice, AvatarType.PHOTO_BASED)
    photo = PhotoUpload(
        id=uuid.uuid4(),
        avatar_id=avatar.id,
        user_id=alice.user_id,
        view_type=ViewType.FRONT,
        original_filename="front.jpg",
        file_size=10,
        mime_type="image/jpeg",
        width=1000,
        height=1000,
        storage_key="front.jpg",
        storage_bucket="local",
        auto_delete_at=T0 + timedelta(hours=24),
        created_at=T0,
        updated_at=T0,
    )
    photo.start_processing(T0)
    photo.mark_processed(
        T0, processed_key="p", thumbnail_key="t", keypoints_key="front.json", mask_key="m"
    )
    tilted = _front(right_shoulder=(0.40, 0.32))
    document = {
        "imageWidth": 1000,
        "imageHeight": 1000,
        "keypoints": [
            {"name": k.name, "x": k.x * 1000, "y": k.y * 1000, "visibility": k.visibility}
            for k in tilted
        ],
    }
    await world.blobs.put("front.json", json.dumps(document).encode(), "application/json")
    async with world.uow_factory() as uow:
        await uow.photos.add(photo)
        await uow.commit()

    view = await world.regenerate(alice, avatar.id)
    assert view.analysis.symmetry_source is SymmetrySource.PHOTO_KEYPOINTS
    assert view.analysis.symmetry_score is not None and view.analysis.symmetry_score < 1.0
    assert any("right shoulder" in issue for issue in view.analysis.symmetry_issues)
    assert view.analysis.size_recommendations[f"{EN}/tops"] == "M"
    stored = await world.get_analysis(alice, avatar.id)
    assert stored.analysis.id == view.analysis.id


async def test_feedback_is_kept_exported_and_erased_with_the_user(
    world: World, alice: Viewer
) -> None:
    avatar = await world.avatar(alice, AvatarType.MEASUREMENT_BASED)
    outcome = await world.feedback(
        FitFeedbackCommand(
            viewer=alice,
            avatar_id=avatar.id,
            brand="en 13402-3",  # any case
            category=GarmentCategory.TOPS,
            size_worn="M",
            areas={"chest": FitFeel.TOO_TIGHT},
        )
    )
    assert outcome.recommendation.size == "L"
    [tops] = await world.sizes(alice, avatar.id, brand=EN, category=GarmentCategory.TOPS)
    assert tops.size == "L"
    view = await world.get_analysis(alice, avatar.id)
    assert view.analysis.fit_tops.value != "regular"
    exported = await world.export_fit(alice)
    assert len(exported.feedback) == 1 and len(exported.preferences) == 1
    await EraseUserData(world.uow_factory, world.blobs, world.clock)(alice)
    exported = await world.export_fit(alice)
    assert exported.feedback == [] and exported.preferences == []


async def test_only_admins_change_charts_and_an_added_chart_is_recommended(
    world: World, alice: Viewer
) -> None:
    admin = Viewer(uuid.uuid4(), Role.ADMIN)
    avatar = await world.avatar(alice, AvatarType.MEASUREMENT_BASED)
    command = PutSizeChartCommand(
        viewer=alice,
        brand="Acme",
        category=GarmentCategory.TOPS,
        gender=ChartGender.FEMALE,
        document=acme(gender="female"),
    )
    with pytest.raises(NotAllowed):
        await world.put_chart(command)
    _, replaced = await world.put_chart(dataclasses.replace(command, viewer=admin))
    assert replaced is False
    [acme_tops] = await world.sizes(alice, avatar.id, brand="ACME")
    assert acme_tops.size == "M" and acme_tops.brand == "Acme"
    assert await world.delete_chart(admin, "acme", GarmentCategory.TOPS) == 1
    with pytest.raises(SizeChartNotFound):
        await world.sizes(alice, avatar.id, brand="Acme")
