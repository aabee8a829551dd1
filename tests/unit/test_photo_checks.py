"""The photo rules of the domain: limits, person content, hints, and the photo's life."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import InvalidStatusTransition, InvalidValue
from domain.events import PhotoDeleted, PhotoFailed, PhotoProcessed
from domain.measurements import Gender
from domain.photo import PhotoStatus, PhotoUpload, ViewType
from domain.photo_checks import (
    FEET,
    HEAD,
    BodyHints,
    Check,
    Clothing,
    Keypoint,
    PersonFindings,
    PhotoLimits,
    PhotoRejected,
    check_person,
)

T0 = datetime(2026, 5, 1, 12, tzinfo=UTC)

# A person standing upright in the middle of a portrait picture (fractions of its size).
STANDING = {
    "nose": (0.50, 0.20),
    "left_eye": (0.52, 0.19),
    "right_eye": (0.48, 0.19),
    "left_ear": (0.54, 0.20),
    "right_ear": (0.46, 0.20),
    "left_shoulder": (0.58, 0.30),
    "right_shoulder": (0.42, 0.30),
    "left_hip": (0.55, 0.52),
    "right_hip": (0.45, 0.52),
    "left_ankle": (0.54, 0.85),
    "right_ankle": (0.46, 0.85),
    "left_heel": (0.54, 0.87),
    "right_heel": (0.46, 0.87),
    "left_foot_index": (0.55, 0.89),
    "right_foot_index": (0.45, 0.89),
}


def findings(
    people: int = 1,
    faces: int = 1,
    *,
    moved: dict[str, tuple[float, float]] | None = None,
    hidden: tuple[str, ...] = (),
    **flags: bool,
) -> PersonFindings:
    places = {**STANDING, **(moved or {})}
    keypoints = [
        Keypoint(name, x, y, 0.1 if name in hidden else 0.95) for name, (x, y) in places.items()
    ]
    return PersonFindings(
        people=people, faces=faces, keypoints=keypoints, aspect_ratio=0.75, **flags
    )


def reason(view: ViewType, found: PersonFindings) -> str | None:
    try:
        check_person(view, found)
    except PhotoRejected as rejection:
        assert rejection.check is Check.CONTENT
        return rejection.reason
    return None


def test_one_whole_person_with_a_face_passes_every_view() -> None:
    for view in ViewType:
        assert reason(view, findings()) is None


def test_nobody_is_no_person_found() -> None:
    empty = PersonFindings(people=0, faces=0, keypoints=[])
    assert reason(ViewType.FRONT, empty) == "no person found"
    assert reason(ViewType.OTHER, empty) == "no person found"


def test_two_people_are_counted_in_the_message() -> None:
    assert reason(ViewType.FRONT, findings(people=2)) == "2 people found"
    assert reason(ViewType.BACK, findings(people=3)) == "3 people found"


def test_feet_outside_the_picture_or_hidden_are_not_visible() -> None:
    below = {
        name: (x, 1.05) for name, (x, _) in STANDING.items() if "heel" in name or "foot" in name
    }
    assert reason(ViewType.FRONT, findings(moved=below)) == "feet not visible"
    hidden = ("left_heel", "right_heel")
    assert reason(ViewType.SIDE, findings(hidden=hidden)) == "feet not visible"
    assert reason(ViewType.FRONT, findings(touches_bottom=True)) == "feet not visible"


def test_one_foot_hidden_behind_the_other_is_enough_in_a_side_view() -> None:
    assert reason(ViewType.SIDE, findings(hidden=("right_heel", "right_ankle"))) is None


# STANDING's soles: just below its foot_index landmarks (0.89).
SOLES = 0.90
UNSURE_FEET = tuple(name for foot in FEET.values() for name in foot)


def unsure_feet(**flags: object) -> PersonFindings:
    """STANDING with every foot landmark in the picture but below the pose model's
    visibility threshold (a side view's feet under loose trouser hems: 0.43-0.49)."""
    keypoints = [
        Keypoint(name, x, y, 0.45 if name in UNSURE_FEET else 0.95)
        for name, (x, y) in STANDING.items()
    ]
    return PersonFindings(
        people=1,
        faces=1,
        keypoints=keypoints,
        aspect_ratio=0.75,
        **flags,  # type: ignore[arg-type]
    )


def test_unsure_feet_are_seen_where_the_silhouette_reaches_them() -> None:
    for view in (ViewType.SIDE, ViewType.FRONT):
        assert reason(view, unsure_feet(silhouette_bottom=SOLES)) is None
    # A few centimetres short of the lowest landmark is within the pose model's own spread:
    # the torso (shoulders 0.30 to hips 0.52) is 0.22 long, the margin a tenth of it.
    assert reason(ViewType.SIDE, unsure_feet(silhouette_bottom=0.89 - 0.02)) is None


def test_unsure_feet_behind_something_or_outside_the_picture_are_not_visible() -> None:
    # The silhouette ends at the ankles (an object in front of the feet): 0.04 above the
    # foot_index landmarks, more than the margin.
    assert reason(ViewType.SIDE, unsure_feet(silhouette_bottom=0.85)) == "feet not visible"
    # Without a silhouette the landmarks alone decide, and they are unsure.
    assert reason(ViewType.SIDE, unsure_feet()) == "feet not visible"
    # A silhouette that reaches the bottom edge is cut off, whatever the landmarks say.
    cut = unsure_feet(silhouette_bottom=1.0, touches_bottom=True)
    assert reason(ViewType.SIDE, cut) == "feet not visible"
    # Feet the pose model places outside the picture are not in it.
    outside = [
        Keypoint(k.name, k.x, k.y + 0.2, k.visibility) if k.name in UNSURE_FEET else k
        for k in unsure_feet().keypoints
    ]
    below = PersonFindings(
        people=1, faces=1, keypoints=outside, aspect_ratio=0.75, silhouette_bottom=0.99
    )
    assert reason(ViewType.SIDE, below) == "feet not visible"


def test_a_head_cut_by_the_top_edge_is_not_visible() -> None:
    assert reason(ViewType.FRONT, findings(touches_top=True)) == "head not visible"


def test_a_face_is_expected_in_front_views_only() -> None:
    turned_away = ("nose", "left_eye", "right_eye")
    assert reason(ViewType.FRONT, findings(faces=0, hidden=turned_away)) == "face not found"
    assert reason(ViewType.SIDE, findings(faces=0, hidden=turned_away)) is None
    assert reason(ViewType.BACK, findings(faces=0, hidden=turned_away)) is None


# STANDING's shoulders are at 0.30 and its hips at 0.52 of the picture's height: a head and
# neck rise about 0.7 of that torso above the shoulders, a neck without a head about 0.2.
HEAD_TOP = 0.30 - 0.7 * 0.22
NECK_TOP = 0.30 - 0.18 * 0.22


def test_a_face_too_small_for_the_face_detector_is_shown_by_the_head_landmarks() -> None:
    # A whole body 3 m away: no face found, the pose landmarks of the face seen, the
    # silhouette a head high above the shoulders.
    far = findings(faces=0, silhouette_top=HEAD_TOP)
    assert reason(ViewType.FRONT, far) is None
    assert reason(ViewType.SIDE, far) is None


def test_a_covered_face_over_a_head_passes() -> None:
    # A sticker over the face: no face found, the landmarks and the head's outline are there.
    assert reason(ViewType.FRONT, findings(faces=0, silhouette_top=HEAD_TOP + 0.03)) is None


def test_head_landmarks_over_a_body_without_a_head_are_refused() -> None:
    # Pose models place head landmarks, fully visible, even where the picture has no head:
    # the silhouette ends at the neck.
    headless = findings(faces=0, silhouette_top=NECK_TOP, moved={"nose": (0.50, 0.28)})
    assert reason(ViewType.FRONT, headless) == "head not visible"
    assert reason(ViewType.SIDE, headless) == "head not visible"


def test_a_head_whose_landmarks_lie_outside_the_picture_is_not_visible() -> None:
    above = {name: (x, -0.02) for name, (x, _) in STANDING.items() if name in HEAD}
    assert reason(ViewType.FRONT, findings(faces=0, moved=above)) == "head not visible"
    hidden = findings(faces=0, hidden=HEAD, silhouette_top=HEAD_TOP)
    assert reason(ViewType.SIDE, hidden) == "head not visible"


def test_a_face_found_is_a_head_whatever_the_silhouette() -> None:
    # A mask that misses dark hair against a dark wall must not refuse a face the detector saw.
    assert reason(ViewType.FRONT, findings(faces=1, silhouette_top=NECK_TOP)) is None


def test_back_and_other_views_need_not_show_the_whole_body() -> None:
    assert reason(ViewType.OTHER, findings(touches_bottom=True)) is None
    assert reason(ViewType.BACK, findings(touches_top=True)) is None


def test_a_person_lying_or_upside_down_is_not_upright() -> None:
    lying = {name: (y, 1 - x) for name, (x, y) in STANDING.items()}
    upside_down = {name: (x, 1 - y) for name, (x, y) in STANDING.items()}
    message = "the person is not upright (is the photo rotated?)"
    assert reason(ViewType.FRONT, findings(moved=lying)) == message
    assert reason(ViewType.SIDE, findings(moved=upside_down)) == message


def test_limits_refuse_empty_and_oversized_files_and_bad_resolutions() -> None:
    limits = PhotoLimits(max_bytes=100, min_side_px=512, max_side_px=4096)
    with pytest.raises(PhotoRejected) as empty:
        limits.check_size(0)
    assert empty.value.check is Check.EMPTY
    with pytest.raises(PhotoRejected, match="larger than the limit of 100 bytes"):
        limits.check_size(101)
    limits.check_size(100)
    limits.check_resolution(512, 4096)
    with pytest.raises(PhotoRejected, match="511x600 pixels; at least 512x512"):
        limits.check_resolution(511, 600)
    with pytest.raises(PhotoRejected, match="600x4097 pixels; at most 4096x4096"):
        limits.check_resolution(600, 4097)


def test_body_hints_are_checked_against_the_measurement_ranges() -> None:
    assert BodyHints(height_cm=170, weight_kg=60).height_cm == 170
    assert BodyHints().empty
    assert not BodyHints(gender=Gender.MALE).empty
    assert not BodyHints(clothing=Clothing.LOOSE).empty
    with pytest.raises(InvalidValue) as error:
        BodyHints(height_cm=17)
    assert error.value.field == "heightCm"
    with pytest.raises(InvalidValue):
        BodyHints(weight_kg=float("nan"))


def test_later_hints_replace_only_what_they_say() -> None:
    said_at_creation = BodyHints(height_cm=171, gender=Gender.FEMALE, clothing=Clothing.TIGHT)
    later = said_at_creation.updated_with(BodyHints(height_cm=172.5, clothing=Clothing.LOOSE))
    assert later == BodyHints(height_cm=172.5, gender=Gender.FEMALE, clothing=Clothing.LOOSE)
    assert said_at_creation.updated_with(BodyHints()) == said_at_creation


def make_photo() -> PhotoUpload:
    return PhotoUpload(
        id=uuid.uuid4(),
        avatar_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        view_type=ViewType.FRONT,
        original_filename="me.jpg",
        file_size=1000,
        mime_type="image/jpeg",
        width=768,
        height=1024,
        storage_key="users/u/avatars/a/photos/p.jpg",
        storage_bucket="local",
        auto_delete_at=T0 + timedelta(hours=24),
        created_at=T0,
        updated_at=T0,
    )


def test_a_photo_goes_from_uploaded_through_processing_to_processed_then_deleted() -> None:
    photo = make_photo()
    photo.start_processing(T0)
    assert photo.status is PhotoStatus.PROCESSING
    done = T0 + timedelta(minutes=1)
    photo.mark_processed(
        done,
        processed_key="p.png",
        thumbnail_key="t.jpg",
        keypoints_key="k.json",
        mask_key="m.png",
        retention=timedelta(hours=6),
    )
    assert photo.status is PhotoStatus.PROCESSED
    assert photo.auto_delete_at == done + timedelta(hours=6)
    assert set(photo.keys) == {photo.storage_key, "p.png", "t.jpg", "k.json", "m.png"}
    photo.mark_deleted(done + timedelta(hours=6), reason="expired")
    assert photo.status is PhotoStatus.DELETED and photo.deleted
    assert photo.keys == (photo.storage_key,)  # derived objects are no longer pointed at
    events = photo.pull_events()
    assert [type(e) for e in events] == [PhotoProcessed, PhotoDeleted]
    assert isinstance(events[1], PhotoDeleted) and events[1].reason == "expired"
    with pytest.raises(InvalidStatusTransition):
        photo.mark_deleted(done)


def test_a_failed_photo_may_be_processed_again_but_a_processed_one_may_not() -> None:
    photo = make_photo()
    photo.start_processing(T0)
    photo.mark_failed(T0, error="feet not visible")
    assert photo.processing_error == "feet not visible"
    assert isinstance(photo.pull_events()[0], PhotoFailed)
    photo.start_processing(T0)
    assert photo.processing_error is None
    photo.mark_processed(T0, processed_key="p", thumbnail_key="t", keypoints_key="k", mask_key="m")
    with pytest.raises(InvalidStatusTransition):
        photo.start_processing(T0)


def test_an_uploaded_photo_cannot_be_processed_without_starting() -> None:
    photo = make_photo()
    with pytest.raises(InvalidStatusTransition):
        photo.mark_processed(
            T0, processed_key="p", thumbnail_key="t", keypoints_key="k", mask_key="m"
        )
