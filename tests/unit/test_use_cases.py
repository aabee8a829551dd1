"""The use cases against the in-memory adapters: behaviour, events, and all-or-nothing writes."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from adapters.memory.state import MemoryUnitOfWork, MemoryUnitOfWorkFactory
from application.create_avatar import CreateAvatarCommand
from application.errors import AvatarNotFound, InvalidCursor, NotAllowed, VersionNotFound
from application.manage_avatar import UpdateAvatarCommand
from application.measurements import UpdateMeasurementsCommand
from application.ports import AvatarQuery, SortField
from application.privacy import EraseUserData, ExportUserData
from domain.access import Role, Viewer
from domain.avatar import Avatar, AvatarStatus, AvatarType, Visibility
from domain.errors import AvatarNameTaken, InvalidValue, QuotaExceeded
from domain.measurements import MEASUREMENT_NAMES, ExtractionMethod, Gender
from domain.units import MeasurementUnit
from tests.support.bodies import anny_body_model
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.harness import Harness

pytestmark = pytest.mark.anny  # the harness fits every avatar with anny


@pytest.fixture
def harness() -> Harness:
    return Harness(MemoryUnitOfWorkFactory(), body_model=anny_body_model())


def command(viewer: Viewer, name: str = "My Avatar", **overrides: object) -> CreateAvatarCommand:
    base = CreateAvatarCommand(
        viewer=viewer,
        name=name,
        avatar_type=AvatarType.MEASUREMENT_BASED,
        measurements=dict(SPEC_MEASUREMENTS),
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


async def test_a_measurement_avatar_is_processed_to_completion_with_its_analysis(
    harness: Harness, alice: Viewer
) -> None:
    avatar = await harness.create_avatar(command(alice))
    assert avatar.status is AvatarStatus.PROCESSING
    assert await harness.run_jobs() == 1
    details = await harness.get_avatar(alice, avatar.id)
    assert details.avatar.status is AvatarStatus.COMPLETED
    assert details.avatar.body_analysis is not None
    assert details.avatar.body_type is not None
    assert await harness.event_names() == [
        "created",
        "analysis_updated",  # of the typed measurements
        "processing",  # queued
        "processing",  # measurement_fitting
        "processing",  # model_generation
        "measurements_updated",  # the fitted profile is a new version
        "analysis_updated",  # of the fitted profile, with its version
        "completed",
    ]
    versions = await harness.list_versions(alice, avatar.id)
    assert [v.version for v in versions] == [1, 2]
    fitted = details.avatar.measurements
    assert fitted is not None
    # Every measurement of the spec now; the typed ones exactly as typed, the others estimated.
    assert set(fitted.values) == set(MEASUREMENT_NAMES)
    assert {k: fitted.values[k] for k in SPEC_MEASUREMENTS} == SPEC_MEASUREMENTS
    assert set(fitted.estimated) == set(MEASUREMENT_NAMES) - set(SPEC_MEASUREMENTS)
    assert fitted.extraction_method is ExtractionMethod.MIXED
    assert set(fitted.manual_overrides) == set(SPEC_MEASUREMENTS)
    assert set(fitted.confidence_scores) == set(MEASUREMENT_NAMES)
    given = min(fitted.confidence_scores[k] for k in SPEC_MEASUREMENTS)
    estimated = max(fitted.confidence_scores[k] for k in fitted.estimated)
    assert given > estimated
    assert versions[1].change_type.value == "regeneration"


async def test_a_preset_avatar_starts_from_the_preset_and_keeps_typed_overrides(
    harness: Harness, alice: Viewer
) -> None:
    avatar = await harness.create_avatar(
        command(
            alice,
            avatar_type=AvatarType.PRESET_BASED,
            preset_id="female_average",
            measurements={"height": 168.0},
        )
    )
    assert avatar.measurements is not None
    assert avatar.measurements.values["height"] == 168.0
    assert avatar.measurements.values["hips"] == 102.0
    assert avatar.measurements.extraction_method is ExtractionMethod.MIXED
    assert avatar.measurements.manual_overrides == ("height",)


async def test_a_photo_avatar_waits_in_draft_without_a_job(harness: Harness, alice: Viewer) -> None:
    avatar = await harness.create_avatar(
        command(alice, avatar_type=AvatarType.PHOTO_BASED, measurements=None)
    )
    assert avatar.status is AvatarStatus.DRAFT and avatar.measurements is None
    assert await harness.pending_jobs() == 0
    with pytest.raises(InvalidValue):
        await harness.get_measurements(alice, avatar.id)


async def test_imperial_measurements_are_stored_in_metric(harness: Harness, alice: Viewer) -> None:
    inches = {k: v / 2.54 for k, v in SPEC_MEASUREMENTS.items() if k != "weight"}
    avatar = await harness.create_avatar(
        command(alice, measurements=inches, unit=MeasurementUnit.IMPERIAL)
    )
    stored = await harness.get_measurements(alice, avatar.id)
    assert stored.values["height"] == pytest.approx(175.0)
    assert stored.unit is MeasurementUnit.IMPERIAL


async def test_duplicate_names_are_refused_and_nothing_is_written(
    harness: Harness, alice: Viewer
) -> None:
    await harness.create_avatar(command(alice))
    before = await harness.event_names()
    with pytest.raises(AvatarNameTaken) as error:
        await harness.create_avatar(command(alice))
    assert error.value.field == "name"
    assert await harness.event_names() == before
    page = await harness.list_avatars(alice, AvatarQuery())
    assert len(page.items) == 1


async def test_another_user_may_use_the_same_name(
    harness: Harness, alice: Viewer, bob: Viewer
) -> None:
    await harness.create_avatar(command(alice))
    await harness.create_avatar(command(bob))


async def test_the_eleventh_avatar_of_a_user_is_refused_but_not_of_a_premium_user(
    harness: Harness, alice: Viewer
) -> None:
    for number in range(10):
        await harness.create_avatar(command(alice, name=f"Avatar {number}"))
    with pytest.raises(QuotaExceeded):
        await harness.create_avatar(command(alice, name="Avatar 10"))
    premium = replace(alice, role=Role.PREMIUM)
    await harness.create_avatar(command(premium, name="Avatar 10"))


async def test_updating_measurements_makes_a_version_and_queues_regeneration(
    harness: Harness, alice: Viewer
) -> None:
    avatar = await harness.create_avatar(command(alice))
    await harness.run_jobs()
    updated = await harness.update_measurements(
        UpdateMeasurementsCommand(
            viewer=alice, avatar_id=avatar.id, measurements={"waist": 78.0, "hips": 98.0}
        )
    )
    # 1: created, 2: fitted, 3: changed by the owner, 4: refitted.
    assert (updated.version, updated.status) == (3, AvatarStatus.PROCESSING)
    assert await harness.pending_jobs() == 1
    await harness.run_jobs()
    versions = await harness.list_versions(alice, avatar.id)
    assert [v.version for v in versions] == [1, 2, 3, 4]
    assert {"waist", "hips"} <= set(versions[2].measurement_snapshot.manual_overrides)
    refitted = versions[3].measurement_snapshot
    assert (refitted.values["waist"], refitted.values["hips"]) == (78.0, 98.0)
    assert versions[3].body_analysis_snapshot is not None


async def test_each_body_fit_records_which_chest_it_taped_and_earlier_versions_keep_theirs(
    harness: Harness, alice: Viewer
) -> None:
    """ADR 42: a regeneration measures with the current definitions and says so; the values
    stored before are not rewritten."""
    typed = {k: v for k, v in SPEC_MEASUREMENTS.items() if k != "chest"}
    man = await harness.create_avatar(command(alice, measurements=typed, gender=Gender.MALE))
    woman = await harness.create_avatar(
        command(alice, name="Her", measurements=typed, gender=Gender.FEMALE)
    )
    await harness.run_jobs()
    his, hers = [await harness.list_versions(alice, a.id) for a in (man, woman)]
    assert his[1].change_description is not None and hers[1].change_description is not None
    assert his[1].change_description.endswith(
        "chest taken as the chest girth, the fullest horizontal girth just under the armpits "
        "(ADR 42)"
    )
    assert hers[1].change_description.endswith(
        "chest taken as the bust girth across the bust points (ADR 42)"
    )
    estimated_chest = his[1].measurement_snapshot.values["chest"]
    await harness.update_measurements(
        UpdateMeasurementsCommand(viewer=alice, avatar_id=man.id, measurements={"waist": 84.0})
    )
    await harness.run_jobs()
    again = await harness.list_versions(alice, man.id)
    assert [v.change_type.value for v in again] == [
        "initial",
        "regeneration",
        "measurement_update",
        "regeneration",
    ]
    assert again[1].measurement_snapshot.values["chest"] == estimated_chest
    assert again[3].change_description is not None
    assert "(ADR 42)" in again[3].change_description


async def test_measurements_can_change_without_regeneration(
    harness: Harness, alice: Viewer
) -> None:
    avatar = await harness.create_avatar(command(alice))
    await harness.run_jobs()
    updated = await harness.update_measurements(
        UpdateMeasurementsCommand(
            viewer=alice, avatar_id=avatar.id, measurements={"waist": 70.0}, regenerate_model=False
        )
    )
    assert updated.status is AvatarStatus.COMPLETED and await harness.pending_jobs() == 0
    assert updated.body_analysis is not None
    assert updated.body_analysis.waist_to_hip_ratio == 0.7


async def test_an_impossible_measurement_update_changes_nothing(
    harness: Harness, alice: Viewer
) -> None:
    avatar = await harness.create_avatar(command(alice))
    await harness.run_jobs()
    with pytest.raises(InvalidValue) as error:
        await harness.update_measurements(
            UpdateMeasurementsCommand(
                viewer=alice, avatar_id=avatar.id, measurements={"waist": 190.0}
            )
        )
    assert error.value.field == "measurements.waist"
    assert (await harness.get_avatar(alice, avatar.id)).avatar.version == 2  # created, fitted
    assert len(await harness.list_versions(alice, avatar.id)) == 2


async def test_others_cannot_see_a_private_avatar_or_learn_it_exists(
    harness: Harness, alice: Viewer, bob: Viewer
) -> None:
    avatar = await harness.create_avatar(command(alice))
    for attempt in (
        harness.get_avatar(bob, avatar.id),
        harness.list_versions(bob, avatar.id),
        harness.delete_avatar(bob, avatar.id),
    ):
        with pytest.raises(AvatarNotFound):
            await attempt


async def test_a_public_avatar_is_readable_by_others_but_changed_only_by_its_owner(
    harness: Harness, alice: Viewer, bob: Viewer
) -> None:
    avatar = await harness.create_avatar(command(alice, visibility=Visibility.PUBLIC))
    assert (await harness.get_avatar(bob, avatar.id)).avatar.id == avatar.id
    with pytest.raises(NotAllowed):
        await harness.update_avatar(
            UpdateAvatarCommand(viewer=bob, avatar_id=avatar.id, name="Mine")
        )


async def test_a_shared_avatar_is_readable_by_the_users_it_is_shared_with(
    harness: Harness, alice: Viewer, bob: Viewer
) -> None:
    avatar = await harness.create_avatar(command(alice))
    await harness.update_avatar(
        UpdateAvatarCommand(
            viewer=alice,
            avatar_id=avatar.id,
            visibility=Visibility.SHARED,
            shared_with=(bob.user_id,),
        )
    )
    assert (await harness.get_avatar(bob, avatar.id)).avatar.visibility is Visibility.SHARED
    with pytest.raises(AvatarNotFound):
        await harness.get_avatar(Viewer(uuid.uuid4()), avatar.id)


async def test_renaming_onto_another_avatars_name_is_refused(
    harness: Harness, alice: Viewer
) -> None:
    await harness.create_avatar(command(alice, name="One"))
    two = await harness.create_avatar(command(alice, name="Two"))
    with pytest.raises(AvatarNameTaken):
        await harness.update_avatar(UpdateAvatarCommand(viewer=alice, avatar_id=two.id, name="One"))


async def test_deleting_removes_the_avatar_its_versions_and_its_objects(
    harness: Harness, alice: Viewer
) -> None:
    avatar = await harness.create_avatar(command(alice))
    await harness.blobs.put(f"users/{alice.user_id}/avatars/{avatar.id}/x", b"1", "text/plain")
    await harness.delete_avatar(alice, avatar.id)
    with pytest.raises(AvatarNotFound):
        await harness.get_avatar(alice, avatar.id)
    assert (await harness.event_names())[-1] == "deleted"
    # A queued job for a deleted avatar is skipped quietly.
    assert await harness.run_jobs() == 1


async def test_a_duplicate_belongs_to_the_viewer_and_is_processed(
    harness: Harness, alice: Viewer, bob: Viewer
) -> None:
    source = await harness.create_avatar(command(alice, visibility=Visibility.PUBLIC))
    copy = await harness.duplicate_avatar(bob, source.id, "Borrowed")
    assert copy.user_id == bob.user_id and copy.parent_avatar_id == source.id
    assert copy.visibility is Visibility.PRIVATE
    await harness.run_jobs()
    assert (await harness.get_avatar(bob, copy.id)).avatar.status is AvatarStatus.COMPLETED


async def test_an_avatar_with_only_its_height_can_be_duplicated_before_it_is_fitted(
    harness: Harness, alice: Viewer
) -> None:
    # Found by the schemathesis run (issue 18): the copy was analysed without chest, waist and
    # hips, a 500.
    source = await harness.create_avatar(command(alice, measurements={"height": 172.0}))
    copy = await harness.duplicate_avatar(alice, source.id, "Copy before fitting")
    assert copy.body_analysis is None and copy.status is AvatarStatus.PROCESSING


async def test_comparing_two_versions_gives_the_differences(
    harness: Harness, alice: Viewer
) -> None:
    avatar = await harness.create_avatar(command(alice))
    await harness.run_jobs()
    await harness.update_measurements(
        UpdateMeasurementsCommand(viewer=alice, avatar_id=avatar.id, measurements={"waist": 76.0})
    )
    comparison = await harness.compare_avatars(alice, avatar.id, from_version=2, to_version=3)
    waist = next(d for d in comparison.differences if d.name == "waist")
    assert (waist.difference, waist.percent) == (-4.0, -5.0)
    hips = next(d for d in comparison.differences if d.name == "hips")
    assert hips.difference == 0.0
    with pytest.raises(VersionNotFound):
        await harness.compare_avatars(alice, avatar.id, from_version=1, to_version=9)
    with pytest.raises(InvalidValue):
        await harness.compare_avatars(alice, avatar.id)


async def test_comparing_two_avatars(harness: Harness, alice: Viewer) -> None:
    one = await harness.create_avatar(command(alice, name="One"))
    two = await harness.create_avatar(
        command(alice, name="Two", measurements={**SPEC_MEASUREMENTS, "chest": 101.0})
    )
    comparison = await harness.compare_avatars(alice, one.id, other_avatar_id=two.id)
    chest = next(d for d in comparison.differences if d.name == "chest")
    assert chest.difference == 6.0


async def test_export_is_refused_when_the_owner_disallowed_it(
    harness: Harness, alice: Viewer
) -> None:
    avatar = await harness.create_avatar(command(alice, allow_export=False))
    with pytest.raises(NotAllowed) as error:
        await harness.export_avatar(alice, avatar.id)
    assert error.value.field == "allowExport"


async def test_export_holds_the_avatar_and_its_versions(harness: Harness, alice: Viewer) -> None:
    avatar = await harness.create_avatar(command(alice))
    export = await harness.export_avatar(alice, avatar.id)
    assert export.avatar.id == avatar.id and [v.version for v in export.versions] == [1]


async def test_pages_cover_every_avatar_once_in_order(harness: Harness, alice: Viewer) -> None:
    for name in ["e", "c", "a", "d", "b"]:
        await harness.create_avatar(
            command(alice, name=name, tags=("even",) if name in "bd" else ())
        )
    seen: list[str] = []
    cursor = None
    while True:
        page = await harness.list_avatars(
            alice, AvatarQuery(limit=2, sort=SortField.NAME, descending=False), cursor=cursor
        )
        seen += [a.name for a in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == ["a", "b", "c", "d", "e"]
    tagged = await harness.list_avatars(alice, AvatarQuery(tag="even"))
    assert sorted(a.name for a in tagged.items) == ["b", "d"]
    with pytest.raises(InvalidCursor):
        await harness.list_avatars(alice, AvatarQuery(), cursor="garbage")
    with pytest.raises(InvalidCursor):  # a cursor of another sort order
        await harness.list_avatars(alice, AvatarQuery(), cursor=_name_cursor(harness, alice))


def _name_cursor(harness: Harness, alice: Viewer) -> str:
    from application.pagination import encode_cursor

    avatar = Avatar.create(
        avatar_id=uuid.uuid4(),
        user_id=alice.user_id,
        name="x",
        avatar_type=AvatarType.PHOTO_BASED,
        now=harness.clock.now(),
    )
    return encode_cursor(avatar, SortField.NAME, False)


class ExplodingUnitOfWork(MemoryUnitOfWork):
    """Fails when the initial version is written, after the avatar row was added."""

    async def __aenter__(self) -> ExplodingUnitOfWork:
        await super().__aenter__()

        async def explode(version: object) -> None:
            raise RuntimeError("disk on fire")

        self.versions.add = explode  # type: ignore[method-assign]
        return self


async def test_a_crash_mid_use_case_leaves_no_half_written_avatar(alice: Viewer) -> None:
    factory = MemoryUnitOfWorkFactory()
    harness = Harness(
        lambda read_only=False: ExplodingUnitOfWork(factory.database, read_only=read_only),
        body_model=anny_body_model(),
    )
    with pytest.raises(RuntimeError):
        await harness.create_avatar(command(alice))
    assert factory.database.tables.avatars == {}
    assert await harness.event_names() == [] and await harness.pending_jobs() == 0


async def test_a_user_gets_a_copy_of_everything_even_what_they_do_not_share(
    harness: Harness, alice: Viewer, bob: Viewer
) -> None:
    await harness.create_avatar(command(alice, name="one", allow_export=False))
    await harness.create_avatar(command(alice, name="two"))
    await harness.create_avatar(command(bob, name="bob's"))
    exports = await ExportUserData(harness.uow_factory)(alice)
    assert sorted(e.avatar.name for e in exports) == ["one", "two"]
    assert all(e.versions for e in exports)


async def test_erasure_removes_every_avatar_and_object_of_the_user_only(
    harness: Harness, alice: Viewer, bob: Viewer
) -> None:
    first = await harness.create_avatar(command(alice, name="one"))
    await harness.create_avatar(command(alice, name="two"))
    kept = await harness.create_avatar(command(bob, name="bob's"))
    await harness.blobs.put(
        f"users/{alice.user_id}/avatars/{first.id}/photos/p.jpg", b"1", "image/jpeg"
    )
    await harness.blobs.put(
        f"users/{bob.user_id}/avatars/{kept.id}/photos/p.jpg", b"1", "image/jpeg"
    )
    erased = await EraseUserData(harness.uow_factory, harness.blobs, harness.clock)(alice)
    assert erased.avatars_erased == 2 and erased.objects_deleted == 1
    page = await harness.list_avatars(alice, AvatarQuery())
    assert page.items == []
    assert await harness.blobs.list_objects(f"users/{alice.user_id}/") == []
    assert len(await harness.blobs.list_objects(f"users/{bob.user_id}/")) == 1
    assert (await harness.get_avatar(bob, kept.id)).avatar.name == "bob's"
    names = await harness.event_names()
    assert names[-3:] == ["deleted", "deleted", "com.perfit.user.data_erased"]
