"""The Avatar aggregate: names, lifecycle, versions, events, visibility and quota."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from domain.access import Role, Viewer, can_modify, can_read, ensure_quota
from domain.avatar import Avatar, AvatarStatus, AvatarType, ChangeType, Visibility
from domain.body_analysis import BodyType, analyse_body
from domain.body_type import Girths, body_type_rule, classify
from domain.errors import InvalidStatusTransition, InvalidValue, QuotaExceeded
from domain.measurements import ExtractionMethod, MeasurementProfile
from domain.presets import PRESETS, find_preset
from domain.units import MeasurementUnit
from tests.support.data import SPEC_MEASUREMENTS

NOW = datetime(2026, 1, 1, tzinfo=UTC)
OWNER = uuid.UUID("aaaaaaaa-0000-4000-8000-000000000001")


def new_avatar(**overrides: object) -> Avatar:
    avatar_id = uuid.uuid4()
    profile = MeasurementProfile(
        id=uuid.uuid4(),
        avatar_id=avatar_id,
        values=dict(SPEC_MEASUREMENTS),
        unit=MeasurementUnit.METRIC,
        extraction_method=ExtractionMethod.MANUAL,
        created_at=NOW,
        updated_at=NOW,
    )
    arguments: dict[str, object] = {
        "avatar_id": avatar_id,
        "user_id": OWNER,
        "name": "My Avatar",
        "avatar_type": AvatarType.MEASUREMENT_BASED,
        "now": NOW,
        "measurements": profile,
    }
    arguments.update(overrides)
    return Avatar.create(**arguments)  # type: ignore[arg-type]


def test_a_new_avatar_is_a_private_draft_at_version_one_and_says_so() -> None:
    avatar = new_avatar()
    assert (avatar.status, avatar.version, avatar.visibility) == (
        AvatarStatus.DRAFT,
        1,
        Visibility.PRIVATE,
    )
    assert [e.name for e in avatar.pull_events()] == ["avatar.created"]
    assert avatar.pull_events() == []


@pytest.mark.parametrize("name", ["", "   ", "x" * 256, "bad\x00name"])
def test_unusable_names_are_rejected(name: str) -> None:
    with pytest.raises(InvalidValue) as error:
        new_avatar(name=name)
    assert error.value.field == "name"


def test_names_are_trimmed_and_255_characters_are_allowed() -> None:
    assert new_avatar(name="  Summer  ").name == "Summer"
    assert len(new_avatar(name="x" * 255).name) == 255


def test_tags_are_deduplicated_and_bounded() -> None:
    assert new_avatar(tags=("a", "b", "a", " b ")).tags == ("a", "b")
    with pytest.raises(InvalidValue):
        new_avatar(tags=tuple(f"t{i}" for i in range(21)))


def test_the_lifecycle_goes_draft_processing_completed_and_back_on_regeneration() -> None:
    avatar = new_avatar()
    avatar.start_processing(NOW)
    avatar.complete(NOW + timedelta(seconds=5))
    avatar.start_processing(NOW + timedelta(seconds=6))
    avatar.fail(NOW + timedelta(seconds=7), error="no landmarks", retryable=True)
    avatar.start_processing(NOW + timedelta(seconds=8))
    names = [e.name for e in avatar.pull_events()]
    assert names == [
        "avatar.created",
        "avatar.processing",
        "avatar.completed",
        "avatar.processing",
        "avatar.failed",
        "avatar.processing",
    ]
    assert avatar.processing_error is None


@pytest.mark.parametrize(
    ("moves", "refused"),
    [
        ([], "complete"),
        ([], "fail"),
        (["start_processing", "complete"], "complete"),
    ],
)
def test_transitions_outside_the_lifecycle_are_refused(moves: list[str], refused: str) -> None:
    avatar = new_avatar()
    for move in moves:
        getattr(avatar, move)(NOW)
    with pytest.raises(InvalidStatusTransition):
        if refused == "fail":
            avatar.fail(NOW, error="x", retryable=False)
        else:
            getattr(avatar, refused)(NOW)


def test_completion_reports_the_processing_time() -> None:
    avatar = new_avatar()
    avatar.start_processing(NOW)
    avatar.complete(NOW + timedelta(seconds=58))
    completed = avatar.pull_events()[-1]
    assert completed.processing_time_s == 58.0  # type: ignore[attr-defined]


def test_every_measurement_change_bumps_the_version_and_snapshots_it() -> None:
    avatar = new_avatar()
    assert avatar.measurements is not None
    first = avatar.initial_version(uuid.uuid4(), NOW)
    changed = avatar.measurements.with_changes({"waist": 78.0}, None, NOW)
    second = avatar.update_measurements(
        changed, version_id=uuid.uuid4(), changed_by=OWNER, now=NOW, description="after the summer"
    )
    assert (first.version, first.change_type) == (1, ChangeType.INITIAL)
    assert (second.version, second.change_type) == (2, ChangeType.MEASUREMENT_UPDATE)
    assert second.measurement_snapshot.values["waist"] == 78.0
    assert first.measurement_snapshot.values["waist"] == 80.0
    event = avatar.pull_events()[-1]
    assert event.name == "avatar.measurements_updated"
    assert event.changed_measurements == ("waist",)  # type: ignore[attr-defined]


def test_measurements_of_another_avatar_are_refused() -> None:
    avatar, other = new_avatar(), new_avatar()
    assert other.measurements is not None
    with pytest.raises(InvalidValue):
        avatar.update_measurements(
            other.measurements, version_id=uuid.uuid4(), changed_by=OWNER, now=NOW
        )


def test_detail_updates_report_only_real_changes() -> None:
    avatar = new_avatar()
    avatar.pull_events()
    assert avatar.update_details(NOW, name="My Avatar", visibility=Visibility.PUBLIC) == (
        "visibility",
    )
    assert avatar.update_details(NOW, visibility=Visibility.PUBLIC) == ()
    assert [e.name for e in avatar.pull_events()] == ["avatar.updated"]


def test_duplicates_are_new_avatars_that_remember_their_source() -> None:
    source = new_avatar(tags=("summer",))
    copy = source.duplicate(
        new_id=uuid.uuid4(), owner=OWNER, name="Copy", profile_id=uuid.uuid4(), now=NOW
    )
    assert copy.parent_avatar_id == source.id and copy.id != source.id
    assert copy.measurements is not None and copy.measurements.avatar_id == copy.id
    assert copy.tags == ("summer",) and copy.version == 1
    assert [e.name for e in copy.pull_events()] == ["avatar.created", "avatar.duplicated"]


def test_visibility_decides_who_reads_and_only_the_owner_changes() -> None:
    stranger = Viewer(uuid.uuid4())
    friend = Viewer(uuid.uuid4())
    owner = Viewer(OWNER)
    admin = Viewer(uuid.uuid4(), Role.ADMIN)
    avatar = new_avatar()
    assert can_read(avatar, owner) and can_read(avatar, admin) and not can_read(avatar, stranger)
    avatar.update_details(NOW, visibility=Visibility.SHARED, shared_with=(friend.user_id,))
    assert can_read(avatar, friend) and not can_read(avatar, stranger)
    avatar.update_details(NOW, visibility=Visibility.PUBLIC)
    assert can_read(avatar, stranger)
    assert can_modify(avatar, owner)
    assert not any(can_modify(avatar, v) for v in (stranger, friend, admin))


def test_users_own_at_most_ten_avatars_and_premium_users_any_number() -> None:
    ensure_quota(Role.USER, 9)
    with pytest.raises(QuotaExceeded):
        ensure_quota(Role.USER, 10)
    ensure_quota(Role.PREMIUM, 10_000)


@pytest.mark.parametrize(
    ("chest", "waist", "hips", "expected"),
    [
        (92, 66, 94, BodyType.HOURGLASS),
        (88, 84, 104, BodyType.PEAR),
        (108, 86, 96, BodyType.INVERTED_TRIANGLE),
        (95, 80, 100, BodyType.RECTANGLE),
        (104, 108, 106, BodyType.APPLE),
    ],
)
def test_body_types_follow_the_figure_identification_rules(
    chest: float, waist: float, hips: float, expected: BodyType
) -> None:
    body_type, _ = body_type_rule(Girths(chest, waist, hips, 170.0), None)
    assert body_type is expected


def test_a_body_on_a_class_boundary_gets_low_confidence() -> None:
    # hips exceed bust by exactly 3.6 in: the pear threshold.
    sigmas = {"chest": 1.0, "waist": 1.0, "hips": 1.0}
    on_boundary = classify(Girths(90.0, 80.0, 90.0 + 3.6 * 2.54, 170.0), sigmas, None)
    far = classify(Girths(85.0, 80.0, 98.0, 170.0), sigmas, None)
    assert 0.3 <= on_boundary.confidence <= 0.7 and far.confidence > 0.9


def test_body_analysis_computes_the_spec_ratios() -> None:
    avatar = new_avatar()
    assert avatar.measurements is not None
    analysis = analyse_body(avatar.measurements, uuid.uuid4(), NOW)
    assert analysis.waist_to_hip_ratio == 0.8
    assert analysis.waist_to_height_ratio == round(80 / 175, 3)
    assert analysis.shoulder_to_hip_ratio == round(45 / (100 / 2.763), 3)
    assert analysis.recommendations


def test_every_preset_is_a_valid_body() -> None:
    for preset in PRESETS.values():
        MeasurementProfile(
            id=uuid.uuid4(),
            avatar_id=uuid.uuid4(),
            values=dict(preset.values),
            unit=MeasurementUnit.METRIC,
            extraction_method=ExtractionMethod.PRESET,
            created_at=NOW,
            updated_at=NOW,
        )
    with pytest.raises(InvalidValue) as error:
        find_preset("giant")
    assert error.value.field == "presetId" and "female_average" in error.value.message
