"""From photos to the estimator and back, on the memory adapters with the real image and vision
adapters and a recording estimator: the EXIF focal length and the user's hints reach
``estimate()``, and POST .../measurements/extract measures the current photos again while
the values the user typed stay as typed (ADR 44)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import pytest

from adapters.vision.mediapipe_detector import MediaPipePersonDetector
from application.create_avatar import CreateAvatarCommand
from application.errors import AvatarNotFound
from application.extract_measurements import EXTRACT_JOB
from application.measurements import (
    UpdateMeasurementsCommand,
)
from application.photo_intake import (
    PHOTOS_JOB,
    IncomingPhoto,
    IntakeSettings,
)
from application.ports import (
    EstimationProgress,
    FitRequest,
    FittedBody,
    ProcessAvatarJob,
    ProcessedView,
    ShapeEstimate,
)
from domain.access import Viewer
from domain.avatar import Avatar, AvatarStatus, AvatarType, ChangeType
from domain.errors import InvalidStatusTransition, InvalidValue
from domain.measurements import ExtractionMethod, Gender
from domain.photo import ViewType
from domain.photo_checks import BodyHints, Clothing
from tests.support import photos
from tests.support.bodies import anny_body_model
from tests.support.harness import container_for_tests

pytestmark = [pytest.mark.anny, pytest.mark.mediapipe]

FOCAL_LENGTH_IN_35MM_FILM = 0xA405
EXIF_IFD = 0x8769
FULL_FRAME_DIAGONAL_MM = math.hypot(36.0, 24.0)


@pytest.fixture(scope="session")
def detector() -> Iterator[MediaPipePersonDetector]:
    found = MediaPipePersonDetector(instances=1)
    yield found
    found.close()


@pytest.fixture(scope="session")
async def body() -> FittedBody:
    """A plausible body (anny fitted to a height) for the recording estimator to return."""
    return await anny_body_model().fit(FitRequest({"height": 168.0}, Gender.FEMALE))


@dataclass
class RecordingEstimator:
    """A ShapeEstimator that returns ``body`` (its waist moved by ``waist_shift_cm`` per
    call) and records what it was given."""

    body: FittedBody
    waist_shift_cm: float = 1.0
    calls: list[tuple[list[ProcessedView], BodyHints]] = field(default_factory=list)

    async def estimate(
        self,
        views: Sequence[ProcessedView],
        hints: BodyHints,
        progress: EstimationProgress | None = None,
    ) -> ShapeEstimate:
        self.calls.append((list(views), hints))
        measurements: Mapping[str, float] = {
            **self.body.measurements,
            "waist": self.body.measurements["waist"] + self.waist_shift_cm * len(self.calls),
        }
        confidence = {name: 0.8 for name in measurements}
        return ShapeEstimate(self.body.shape, measurements, confidence)


@dataclass
class Service:
    """The service's container (tests/support/harness.py) with anny, MediaPipe and a
    recording estimator."""

    detector: MediaPipePersonDetector
    estimator: RecordingEstimator

    def __post_init__(self) -> None:
        c = container_for_tests(
            body_model=anny_body_model(),
            person_detector=self.detector,
            shape_estimator=self.estimator,
            intake_settings=IntakeSettings(),
        )
        self.container = c
        self.uow_factory = c.uow_factory()
        self.clock, self.ids, self.blobs, self.jobs = c.clock(), c.ids(), c.blobs(), c.job_queue()
        self.create_avatar = c.create_avatar()
        self.create_photo_avatar = c.create_photo_avatar()
        self.upload = c.upload_photos()
        self.update_measurements = c.update_measurements()
        self.extract = c.extract_measurements()
        self.handle = c.job_handler()
        self.relay = c.relay()

    async def run_jobs(self) -> list[str]:
        reasons = []
        while await self.relay():
            pass
        while self.jobs.pending():
            job: ProcessAvatarJob = await self.jobs.next_job()
            await self.handle(job)
            reasons.append(job.reason)
            while await self.relay():
                pass
        return reasons

    async def avatar(self, avatar_id: object) -> Avatar:
        async with self.uow_factory(read_only=True) as uow:
            found = await uow.avatars.get(avatar_id)  # type: ignore[arg-type]
        assert found is not None
        return found


@pytest.fixture
def service(detector: MediaPipePersonDetector, body: FittedBody) -> Service:
    return Service(detector, RecordingEstimator(body))


def photo_with_focal_length(view: str, focal_35mm: int | None) -> bytes:
    """The body seen from ``view`` as a phone saves it, its EXIF saying the lens's 35 mm
    equivalent (or not saying it)."""
    exif = photos.camera_exif()
    if focal_35mm is not None:
        exif.get_ifd(EXIF_IFD)[FOCAL_LENGTH_IN_35MM_FILM] = focal_35mm
    return photos.jpeg(photos.rendering(Gender.FEMALE, view).image, exif=exif)


def incoming(view: ViewType, data: bytes, index: int = 0) -> IncomingPhoto:
    return IncomingPhoto(f"photos[{index}]", view, f"{view.value}.jpg", data)


def command(viewer: Viewer, hints: BodyHints | None = None) -> CreateAvatarCommand:
    return CreateAvatarCommand(
        viewer=viewer, name="Me", avatar_type=AvatarType.PHOTO_BASED, hints=hints
    )


# -- what reaches estimate() ----------------------------------------------------------------------
async def test_the_exif_focal_length_is_kept_with_the_photo_and_reaches_the_estimator_in_pixels(
    service: Service, alice: Viewer
) -> None:
    avatar, stored = await service.create_photo_avatar(
        command(alice, BodyHints(height_cm=168.0)),
        [
            incoming(ViewType.FRONT, photo_with_focal_length("front", 26)),
            incoming(ViewType.SIDE, photo_with_focal_length("side", None), 1),
        ],
    )
    assert [p.focal_length_35mm for p in stored] == [26.0, None]
    assert await service.run_jobs() == [PHOTOS_JOB, "photos_measured"]
    [(views, _)] = service.estimator.calls
    by_view = {view.view_type: view for view in views}
    front, side = by_view[ViewType.FRONT], by_view[ViewType.SIDE]
    # The analysed picture is the photo itself here (768 x 1024, within the analysis size).
    assert (front.mask.width, front.mask.height) == (768, 1024)
    assert front.focal_length_px == pytest.approx(26.0 * 1280.0 / FULL_FRAME_DIAGONAL_MM)
    assert front.focal_length_px == pytest.approx(769.2, abs=0.1)
    assert side.focal_length_px is None  # no EXIF: the estimator solves for the field of view
    assert (await service.avatar(avatar.id)).status is AvatarStatus.COMPLETED


async def test_the_hints_given_at_creation_reach_the_estimator(
    service: Service, alice: Viewer
) -> None:
    hints = BodyHints(
        height_cm=168.0, weight_kg=61.5, gender=Gender.FEMALE, clothing=Clothing.LOOSE
    )
    await service.create_photo_avatar(
        command(alice, hints),
        [
            incoming(ViewType.FRONT, photos.photo(Gender.FEMALE, "front")),
            incoming(ViewType.SIDE, photos.photo(Gender.FEMALE, "side"), 1),
        ],
    )
    await service.run_jobs()
    [(_, received)] = service.estimator.calls
    assert received == hints


async def test_hints_of_a_draft_and_of_a_later_upload_are_kept_together(
    service: Service, alice: Viewer
) -> None:
    draft = await service.create_avatar(
        command(alice, BodyHints(gender=Gender.MALE, clothing=Clothing.REGULAR))
    )
    await service.upload(
        alice,
        draft.id,
        [incoming(ViewType.FRONT, photos.photo(Gender.FEMALE, "front"))],
        hints=BodyHints(height_cm=181.0),
    )
    await service.upload(
        alice,
        draft.id,
        [incoming(ViewType.SIDE, photos.photo(Gender.FEMALE, "side"))],
        hints=BodyHints(clothing=Clothing.TIGHT),
    )
    await service.run_jobs()
    [(_, received)] = service.estimator.calls
    assert received == BodyHints(height_cm=181.0, gender=Gender.MALE, clothing=Clothing.TIGHT)


async def test_a_hint_given_to_a_measurement_avatar_is_refused_by_name(
    service: Service, alice: Viewer
) -> None:
    with pytest.raises(InvalidValue) as refused:
        await service.create_avatar(
            CreateAvatarCommand(
                viewer=alice,
                name="Typed",
                avatar_type=AvatarType.MEASUREMENT_BASED,
                measurements={"height": 170.0},
                hints=BodyHints(clothing=Clothing.LOOSE),
            )
        )
    assert refused.value.field == "clothing"


# -- extraction again (spec 4.1.3) ----------------------------------------------------------------
async def measured_avatar(service: Service, viewer: Viewer) -> Avatar:
    avatar, _ = await service.create_photo_avatar(
        command(viewer, BodyHints(height_cm=168.0, gender=Gender.FEMALE)),
        [
            incoming(ViewType.FRONT, photos.photo(Gender.FEMALE, "front")),
            incoming(ViewType.SIDE, photos.photo(Gender.FEMALE, "side"), 1),
        ],
    )
    await service.run_jobs()
    measured = await service.avatar(avatar.id)
    assert measured.status is AvatarStatus.COMPLETED and measured.measurements is not None
    return measured


async def test_extraction_measures_the_newest_photos_again_and_keeps_typed_values(
    service: Service, alice: Viewer, body: FittedBody
) -> None:
    avatar = await measured_avatar(service, alice)
    await service.update_measurements(
        UpdateMeasurementsCommand(
            viewer=alice, avatar_id=avatar.id, measurements={"chest": 91.0}, regenerate_model=False
        )
    )
    # A better front photo, from a phone that says its lens.
    await service.upload(
        alice, avatar.id, [incoming(ViewType.FRONT, photo_with_focal_length("front", 30))]
    )
    await service.run_jobs()
    assert len(service.estimator.calls) == 1  # new photos alone measure nothing again

    started = await service.extract(alice, avatar.id)
    assert started.status is AvatarStatus.PROCESSING
    assert await service.run_jobs() == [EXTRACT_JOB]

    [_, (views, hints)] = service.estimator.calls
    front = next(view for view in views if view.view_type is ViewType.FRONT)
    assert front.focal_length_px == pytest.approx(30.0 * 1280.0 / FULL_FRAME_DIAGONAL_MM)
    assert hints == BodyHints(height_cm=168.0, gender=Gender.FEMALE)
    done = await service.avatar(avatar.id)
    assert done.status is AvatarStatus.COMPLETED
    assert done.version == avatar.version + 2  # the typed chest, then the extraction
    profile = done.measurements
    assert profile is not None and avatar.measurements is not None
    assert profile.id == avatar.measurements.id  # the same profile, in a new version
    assert profile.values["chest"] == 91.0  # as typed
    assert profile.manual_overrides == ("chest",)
    assert "chest" not in profile.confidence_scores
    assert profile.extraction_method is ExtractionMethod.MIXED
    # The rest is the second extraction's (its waist 2 cm over the body's, the first's 1 cm).
    assert profile.values["waist"] == pytest.approx(round(body.measurements["waist"] + 2.0, 1))
    async with service.uow_factory(read_only=True) as uow:
        versions = await uow.versions.list_for_avatar(avatar.id)
    assert [v.change_type for v in versions][-1] is ChangeType.REGENERATION
    assert "kept as typed: chest" in (versions[-1].change_description or "")


async def test_extraction_without_a_processed_front_and_side_says_what_to_upload(
    service: Service, alice: Viewer
) -> None:
    draft = await service.create_avatar(command(alice))
    with pytest.raises(InvalidValue) as refused:
        await service.extract(alice, draft.id)
    assert refused.value.field == "photos"
    assert "upload a front and a side photo" in refused.value.message
    await service.upload(
        alice,
        draft.id,
        [incoming(ViewType.FRONT, photos.photo(Gender.FEMALE, "front"))],
        process=False,
    )
    with pytest.raises(InvalidStatusTransition, match="front photo is not processed yet"):
        await service.extract(alice, draft.id)
    assert service.estimator.calls == []


async def test_extraction_is_refused_while_processing_and_for_others_avatars(
    service: Service, alice: Viewer, bob: Viewer
) -> None:
    avatar = await measured_avatar(service, alice)
    with pytest.raises(AvatarNotFound):
        await service.extract(bob, avatar.id)
    await service.extract(alice, avatar.id)
    with pytest.raises(InvalidStatusTransition, match="being processed"):
        await service.extract(alice, avatar.id)
    assert await service.run_jobs() == [EXTRACT_JOB]
    assert (await service.avatar(avatar.id)).status is AvatarStatus.COMPLETED
