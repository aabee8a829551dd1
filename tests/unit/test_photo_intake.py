"""Photo intake use cases on the memory adapters, with the real image and vision adapters:
checks, storage, background preprocessing, deletion on schedule, direct uploads."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta

import numpy as np
import pytest
from PIL import Image

from adapters.body.render import SPORTSWEAR, Camera, Style
from adapters.scanning.clamav import ClamAvScanner
from adapters.scanning.noop import NoMalwareScanner
from adapters.vision.mediapipe_detector import MediaPipePersonDetector
from application.create_avatar import CreateAvatarCommand
from application.errors import PhotoNotFound
from application.jobs import JobRouter
from application.photo_intake import (
    PHOTOS_JOB,
    DirectUpload,
    IncomingPhoto,
    IntakeSettings,
    PhotosRejected,
)
from application.ports import MalwareScanner, ProcessAvatarJob, ScannerUnavailable
from application.storage import SweepOrphans, photo_key
from domain.access import Viewer
from domain.avatar import Avatar, AvatarType
from domain.errors import InvalidStatusTransition, InvalidValue
from domain.photo import MalwareScan, PhotoStatus, ViewType
from domain.photo_checks import BodyHints, Check, PhotoRejected, check_person
from tests.support import photo_corpus, photos
from tests.support.bodies import Gender, anny_geometry
from tests.support.clamd import fake_clamd
from tests.support.harness import container_for_tests

# The harness fits with anny; the checks run MediaPipe on the photos.
pytestmark = [pytest.mark.anny, pytest.mark.mediapipe]


@pytest.fixture(scope="session")
def detector() -> Iterator[MediaPipePersonDetector]:
    found = MediaPipePersonDetector(instances=1)
    yield found
    found.close()


@dataclass
class Intake:
    """Every photo use case from the service's container (tests/support/harness.py), with
    MediaPipe and the given scanner and settings."""

    detector: MediaPipePersonDetector
    scanner: MalwareScanner = field(default_factory=NoMalwareScanner)
    settings: IntakeSettings = field(default_factory=IntakeSettings)

    def __post_init__(self) -> None:
        c = container_for_tests(
            person_detector=self.detector,
            malware_scanner=self.scanner,
            intake_settings=self.settings,
        )
        self.container = c
        self.uow_factory, self.clock, self.ids, self.blobs = (
            c.uow_factory(),
            c.clock(),
            c.ids(),
            c.blobs(),
        )
        self.events, self.jobs = c.event_bus(), c.job_queue()
        self.checker = c.photo_checker()
        self.store = c.store_photos()
        self.create_avatar = c.create_avatar()
        self.create_photo_avatar = c.create_photo_avatar()
        self.upload = c.upload_photos()
        self.process_request = c.process_avatar_photos()
        self.list_photos = c.list_photos()
        self.delete_photo = c.delete_photo()
        self.expire = c.delete_expired_photos()
        self.process = c.process_photos()
        self.relay = c.relay()

    async def avatar(self, viewer: Viewer, name: str = "Me") -> Avatar:
        return await self.create_avatar(
            CreateAvatarCommand(viewer=viewer, name=name, avatar_type=AvatarType.PHOTO_BASED)
        )

    async def run_jobs(self) -> list[ProcessAvatarJob]:
        done = []
        while await self.relay():
            pass
        while self.jobs.pending():
            job = await self.jobs.next_job()
            if job.reason != PHOTOS_JOB:
                break  # the measurement that follows is not the photo intake's
            await self.process(job)
            done.append(job)
            while await self.relay():
                pass
        return done

    def event_types(self) -> list[str]:
        return [m.type for m in self.events.published]


@pytest.fixture
def intake(detector: MediaPipePersonDetector) -> Intake:
    return Intake(detector)


def front(filename: str = "front.jpg") -> IncomingPhoto:
    return IncomingPhoto(
        "photos[0]", ViewType.FRONT, filename, photos.photo(Gender.FEMALE, "front")
    )


def side() -> IncomingPhoto:
    return IncomingPhoto(
        "photos[1]", ViewType.SIDE, "side.jpg", photos.photo(Gender.FEMALE, "side")
    )


def png_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# -- the checks -----------------------------------------------------------------------------------
@pytest.mark.parametrize("case", photo_corpus.corpus(), ids=lambda case: case.name)
async def test_each_bad_file_is_refused_with_its_reason(
    intake: Intake, case: photo_corpus.BadPhoto
) -> None:
    incoming = IncomingPhoto("photos[0]", ViewType(case.view_type), case.filename, case.make())
    with pytest.raises(PhotoRejected) as refused:
        await intake.checker.check(incoming)
    assert case.matches(refused.value.reason), refused.value.reason


def far_away_front() -> bytes:
    """A whole body 4 m from a 24 mm (35 mm-equivalent) lens in a landscape picture: the
    face is about 12 pixels wide."""
    camera = Camera(width_px=1024, height_px=768, distance_m=4.0, height_m=1.2, focal_length_mm=24)
    plain_face = Style(clothing=SPORTSWEAR, face_cues=False)
    return photos.jpeg(
        photos.body_rendering(anny_geometry(Gender.FEMALE), "front", camera, style=plain_face).image
    )


async def test_a_whole_body_far_away_passes_the_head_check_though_its_face_is_tiny(
    intake: Intake,
) -> None:
    data = far_away_front()
    picture = np.asarray(Image.open(io.BytesIO(data)))
    from mediapipe.python.solutions import face_detection

    with face_detection.FaceDetection(model_selection=1, min_detection_confidence=0.5) as faces:
        assert not faces.process(picture).detections  # the whole picture: no face found
    accepted = await intake.checker.check(
        IncomingPhoto("photos[0]", ViewType.FRONT, "far.jpg", data)
    )
    # The detector looked again around the head the pose landmarks place, and found it.
    assert accepted.findings.faces == 1
    # Had it not, the head landmarks and the silhouette above the shoulders would show it.
    check_person(ViewType.FRONT, replace(accepted.findings, faces=0))
    assert accepted.findings.silhouette_top is not None


async def test_a_whole_body_small_in_a_tall_frame_is_found_by_looking_again_around_it(
    intake: Intake,
) -> None:
    """A person 3.6 m from a phone held at hip height (1 m), a portrait picture: BlazePose
    finds no one in the whole picture; the detector looks again around the person region
    the segmenter finds and carries the landmarks back."""
    from mediapipe.python.solutions import pose

    from tests.support.bodies import anny_space
    from tests.support.photo_subjects import photograph_subject

    data = photograph_subject(anny_space(), 951007, stance="natural").photos["side"]
    accepted = await intake.checker.check(
        IncomingPhoto("photos[0]", ViewType.SIDE, "far.jpg", data)
    )
    analysed = np.asarray(Image.open(io.BytesIO(accepted.clean.data)).convert("RGB"))
    with pose.Pose(static_image_mode=True, model_complexity=1) as whole_picture:
        assert whole_picture.process(analysed).pose_landmarks is None  # the first look: no one
    findings = accepted.findings
    assert findings.people == 1 and len(findings.keypoints) == 33
    points = {k.name: (k.x, k.y) for k in findings.keypoints}
    # In the whole picture's fractions: the person stands in the middle band of a tall frame.
    assert 0.28 < points["nose"][1] < 0.4 and 0.62 < points["left_ankle"][1] < 0.72
    assert 0.3 < points["nose"][0] < 0.5 and 0.3 < points["left_hip"][0] < 0.5
    assert findings.silhouette_top is not None and 0.27 < findings.silhouette_top < 0.33
    # The silhouette ends at the soles: at or a little below the lowest foot landmark.
    lowest = max(
        points[f"{side}_{part}"][1] for side in ("left", "right") for part in ("heel", "foot_index")
    )
    assert findings.silhouette_bottom is not None
    assert lowest - 0.005 < findings.silhouette_bottom < lowest + 0.03


async def test_landmarks_lying_on_their_side_are_looked_for_again_around_the_person(
    intake: Intake,
) -> None:
    """A woman in a skirt in a landscape side photo: on the whole picture BlazePose puts her
    nose below her hips (the check would say the photo is rotated); looked at again around
    the person region, she stands upright."""
    from mediapipe.python.solutions import pose

    from domain.photo_checks import MAX_LEAN_DEG, Keypoint, torso_lean_deg
    from tests.support.bodies import anny_space
    from tests.support.photo_subjects import photograph_subject

    data = photograph_subject(anny_space(), 813077, stance="natural", clothing="loose").photos[
        "side"
    ]
    accepted = await intake.checker.check(
        IncomingPhoto("photos[0]", ViewType.SIDE, "wide.jpg", data)
    )
    analysed = np.asarray(Image.open(io.BytesIO(accepted.clean.data)).convert("RGB"))
    with pose.Pose(static_image_mode=True, model_complexity=1) as whole_picture:
        first = whole_picture.process(analysed).pose_landmarks
    names = [k.name for k in accepted.findings.keypoints]
    marks = {
        n: Keypoint(n, m.x, m.y, m.visibility) for n, m in zip(names, first.landmark, strict=True)
    }
    aspect = analysed.shape[1] / analysed.shape[0]
    assert torso_lean_deg(marks, aspect) > MAX_LEAN_DEG  # the first look: lying on her side
    points = {k.name: k for k in accepted.findings.keypoints}
    assert torso_lean_deg(points, aspect) < 15.0
    assert points["nose"].y < points["left_hip"].y < points["left_ankle"].y


async def test_a_sticker_over_the_face_passes_the_head_is_there(intake: Intake) -> None:
    accepted = await intake.checker.check(
        IncomingPhoto("photos[0]", ViewType.FRONT, "sticker.jpg", photo_corpus.face_covered())
    )
    assert accepted.findings.faces == 0 and accepted.findings.people == 1


async def test_the_corpus_has_at_least_25_bad_files() -> None:
    cases = photo_corpus.corpus()
    assert len(cases) >= 25
    assert len({case.name for case in cases}) == len(cases)


async def test_a_good_photo_is_cleaned_of_every_metadata_and_keeps_its_exif_facts(
    intake: Intake,
) -> None:
    exif = photos.camera_exif(gps=True, taken="2026:05:17 10:30:00", offset="+02:00")
    data = photos.jpeg(photos.rendering(Gender.FEMALE, "front").image, exif=exif)
    assert b"Pixel 9" in data and Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    accepted = await intake.checker.check(IncomingPhoto("photos[0]", ViewType.FRONT, "a.jpg", data))
    clean = accepted.clean
    assert clean.device_info == "Google Pixel 9"
    assert clean.capture_date is not None and clean.capture_date.isoformat() == (
        "2026-05-17T08:30:00+00:00"
    )
    stored = Image.open(io.BytesIO(clean.data))
    assert stored.format == "JPEG"
    assert len(stored.getexif()) == 0 and not stored.info.get("exif")
    assert "icc_profile" not in stored.info and "comment" not in stored.info
    assert b"Pixel" not in clean.data and b"Exif" not in clean.data


async def test_the_exif_orientation_is_applied_before_the_checks(intake: Intake) -> None:
    upright = photos.rendering(Gender.FEMALE, "front").image
    stored_sideways = np.ascontiguousarray(np.rot90(upright, k=1))  # as a phone held sideways
    data = photos.jpeg(stored_sideways, exif=photos.camera_exif(orientation=6))
    accepted = await intake.checker.check(IncomingPhoto("photos[0]", ViewType.FRONT, "a.jpg", data))
    assert (accepted.clean.width, accepted.clean.height) == (768, 1024)


async def test_a_png_is_stored_as_a_clean_jpeg_whatever_its_name_says(intake: Intake) -> None:
    picture = photos.rendering(Gender.FEMALE, "front").image
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Location", "48.8566 N, 2.3522 E")
    data = photos.encoded(picture, "PNG", pnginfo=text)
    accepted = await intake.checker.check(
        IncomingPhoto("photos[0]", ViewType.FRONT, "me.jpg", data)
    )
    assert accepted.clean.image_format.mime_type == "image/jpeg"
    assert b"48.8566" not in accepted.clean.data


async def test_malware_found_by_clamav_is_refused_before_decoding(
    detector: MediaPipePersonDetector,
) -> None:
    with fake_clamd() as (clamd, address):
        intake = Intake(detector, scanner=ClamAvScanner(address, timeout_s=5))
        with pytest.raises(PhotoRejected) as refused:
            await intake.checker.check(
                IncomingPhoto("photos[0]", ViewType.FRONT, "a.jpg", photo_corpus.eicar_jpeg())
            )
        assert refused.value.check is Check.MALWARE
        assert refused.value.reason == "the file contains malware (Eicar-Test-Signature)"
        accepted = await intake.checker.check(front())
        assert accepted.scan.scanned and accepted.scan.engine == "ClamAV 1.4.1/27437"
        assert len(clamd.scanned) == 2


async def test_an_unreachable_scanner_refuses_the_upload_rather_than_skip_it(
    detector: MediaPipePersonDetector,
) -> None:
    intake = Intake(detector, scanner=ClamAvScanner("127.0.0.1:9", timeout_s=2))
    with pytest.raises(ScannerUnavailable):
        await intake.checker.check(front())


# -- storing and processing ------------------------------------------------------------------
async def test_front_and_side_are_stored_processed_and_kept_for_the_measurement_step(
    intake: Intake, alice: Viewer
) -> None:
    avatar, stored = await intake.create_photo_avatar(
        CreateAvatarCommand(
            viewer=alice,
            name="Me",
            avatar_type=AvatarType.PHOTO_BASED,
            hints=BodyHints(height_cm=168.0),
        ),
        [front(), side()],
    )
    assert [p.status for p in stored] == [PhotoStatus.PROCESSING] * 2
    assert all(p.malware_scan is MalwareScan.NOT_SCANNED for p in stored)
    jobs = await intake.run_jobs()
    assert [job.reason for job in jobs] == [PHOTOS_JOB]
    processed = await intake.list_photos(alice, avatar.id)
    assert [p.status for p in processed] == [PhotoStatus.PROCESSED] * 2
    photo = processed[0]
    assert photo.storage_key.startswith(f"users/{alice.user_id}/avatars/{avatar.id}/photos/")
    assert photo.auto_delete_at - photo.updated_at == timedelta(hours=24)
    cutout = png_image(await intake.blobs.get(photo.processed_key or ""))
    mask = png_image(await intake.blobs.get(photo.mask_key or ""))
    assert cutout.mode == "RGBA" and mask.mode == "L" and cutout.size == mask.size
    alpha = np.asarray(cutout)[..., 3]
    colour = np.asarray(cutout)[..., :3]
    assert 0.03 < (alpha > 127).mean() < 0.5  # the person, not the room
    assert not colour[alpha == 0].any()  # no background left under transparent pixels
    thumbnail = png_image(await intake.blobs.get(photo.thumbnail_key or ""))
    assert max(thumbnail.size) == 256
    keypoints = json.loads(await intake.blobs.get(photo.keypoints_key or ""))
    assert keypoints["format"] == "avatar-service/keypoints/v1"
    assert keypoints["viewType"] == "front" and len(keypoints["keypoints"]) == 33
    assert keypoints["imageWidth"] == cutout.width
    async with intake.uow_factory(read_only=True) as uow:
        assert await uow.photos.hints_for(avatar.id) == BodyHints(height_cm=168.0)
    assert intake.event_types().count("com.perfit.photo.processed.v1") == 2


async def test_one_bad_photo_in_a_request_stores_nothing_and_names_it(
    intake: Intake, alice: Viewer
) -> None:
    bad = IncomingPhoto("photos[1]", ViewType.SIDE, "side.jpg", photos.jpeg(photos.empty_room()))
    with pytest.raises(PhotosRejected) as refused:
        await intake.create_photo_avatar(
            CreateAvatarCommand(viewer=alice, name="Me", avatar_type=AvatarType.PHOTO_BASED),
            [front(), bad],
        )
    assert refused.value.field == "photos[1]"
    assert refused.value.message == "photos[1] (side, side.jpg): no person found"
    assert await intake.blobs.list_objects("users/") == []
    async with intake.uow_factory(read_only=True) as uow:
        assert await uow.avatars.count_for_user(alice.user_id) == 0


async def test_every_bad_photo_is_reported_with_its_first_failure(
    intake: Intake, alice: Viewer
) -> None:
    avatar = await intake.avatar(alice)
    empty = IncomingPhoto("photos[0]", ViewType.FRONT, "a.jpg", b"")
    gif = IncomingPhoto(
        "photos[1]", ViewType.SIDE, "b.gif", photos.encoded(photo_corpus.small_picture(), "GIF")
    )
    with pytest.raises(PhotosRejected) as refused:
        await intake.upload(alice, avatar.id, [empty, gif, front()])
    assert [(r.field, r.rejection.check) for r in refused.value.rejections] == [
        ("photos[0]", Check.EMPTY),
        ("photos[1]", Check.FORMAT),
    ]


async def test_an_avatar_holds_a_bounded_number_of_photos(
    detector: MediaPipePersonDetector, alice: Viewer
) -> None:
    intake = Intake(detector, settings=IntakeSettings(max_photos_per_avatar=2))
    avatar = await intake.avatar(alice)
    await intake.upload(alice, avatar.id, [front(), side()], process=False)
    with pytest.raises(InvalidValue, match="at most 2 photos"):
        await intake.upload(alice, avatar.id, [front()])


async def test_photos_of_someone_elses_avatar_are_not_found(
    intake: Intake, alice: Viewer, bob: Viewer
) -> None:
    avatar = await intake.avatar(alice)
    from application.errors import AvatarNotFound

    with pytest.raises(AvatarNotFound):
        await intake.upload(bob, avatar.id, [front()])
    with pytest.raises(AvatarNotFound):
        await intake.list_photos(bob, avatar.id)


async def test_a_photo_deleted_while_processing_leaves_no_object_behind(
    intake: Intake, alice: Viewer
) -> None:
    avatar = await intake.avatar(alice)
    [photo] = await intake.upload(alice, avatar.id, [front()])
    while await intake.relay():
        pass
    job = await intake.jobs.next_job()
    await intake.delete_photo(alice, avatar.id, photo.id)
    await intake.process(job)
    assert await intake.blobs.list_objects("users/") == []


async def test_processing_twice_changes_nothing_the_second_time(
    intake: Intake, alice: Viewer
) -> None:
    avatar = await intake.avatar(alice)
    await intake.upload(alice, avatar.id, [front()])
    [job] = await intake.run_jobs()
    before = await intake.list_photos(alice, avatar.id)
    await intake.process(job)
    after = await intake.list_photos(alice, avatar.id)
    assert [(p.status, p.updated_at) for p in after] == [(p.status, p.updated_at) for p in before]


async def test_the_owner_deletes_a_photo_and_every_object_made_from_it(
    intake: Intake, alice: Viewer
) -> None:
    avatar = await intake.avatar(alice)
    [photo] = await intake.upload(alice, avatar.id, [front()])
    await intake.run_jobs()
    assert len(await intake.blobs.list_objects("users/")) == 5
    await intake.delete_photo(alice, avatar.id, photo.id)
    assert await intake.blobs.list_objects("users/") == []
    assert await intake.list_photos(alice, avatar.id) == []
    [kept] = await intake.list_photos(alice, avatar.id, include_deleted=True)
    assert kept.status is PhotoStatus.DELETED
    await intake.run_jobs()
    deleted = [m for m in intake.events.published if m.type == "com.perfit.photo.deleted.v1"]
    assert json.loads(deleted[0].payload)["reason"] == "requested"
    with pytest.raises(PhotoNotFound):
        await intake.delete_photo(alice, avatar.id, photo.id)


async def test_photos_are_deleted_24_hours_after_processing(intake: Intake, alice: Viewer) -> None:
    avatar = await intake.avatar(alice)
    await intake.upload(alice, avatar.id, [front()])
    await intake.upload(alice, avatar.id, [side()], process=False)
    await intake.run_jobs()
    intake.clock.advance(timedelta(hours=23))
    assert await intake.expire() == []
    intake.clock.advance(timedelta(hours=2))
    assert len(await intake.expire(dry_run=True)) == 2
    expired = await intake.expire(batch_size=1)
    assert len(expired) == 2
    assert await intake.blobs.list_objects("users/") == []
    assert await intake.list_photos(alice, avatar.id) == []
    await intake.run_jobs()
    reasons = [
        json.loads(m.payload)["reason"]
        for m in intake.events.published
        if m.type == "com.perfit.photo.deleted.v1"
    ]
    assert reasons == ["expired", "expired"]


async def test_the_orphan_sweep_keeps_what_live_photos_point_to(
    intake: Intake, alice: Viewer
) -> None:
    avatar = await intake.avatar(alice)
    await intake.upload(alice, avatar.id, [front()])
    await intake.run_jobs()
    intake.clock.advance(timedelta(hours=30))
    sweep = SweepOrphans(intake.uow_factory, intake.blobs, intake.clock)
    report = await sweep(grace=timedelta(hours=1), dry_run=True)
    assert report.orphans == [] and report.examined == 5


async def test_a_direct_upload_is_checked_then_stored_again_as_its_clean_copy(
    intake: Intake, alice: Viewer
) -> None:
    avatar = await intake.avatar(alice)
    photo_id = uuid.uuid4()
    raw = photos.jpeg(
        photos.rendering(Gender.FEMALE, "front").image, exif=photos.camera_exif(gps=True)
    )
    uploaded = photo_key(alice.user_id, avatar.id, photo_id, "jpg")
    await intake.blobs.put(uploaded, raw, "image/jpeg")  # what the signed link receives
    result = await intake.process_request(
        alice, avatar.id, [DirectUpload(photo_id, ViewType.FRONT)]
    )
    assert [p.id for p in result.queued] == [photo_id]
    stored = await intake.blobs.get(uploaded)
    assert stored != raw and b"Exif" not in stored
    await intake.run_jobs()
    [photo] = await intake.list_photos(alice, avatar.id)
    assert photo.status is PhotoStatus.PROCESSED and photo.device_info == "Google Pixel 9"
    # The same call again is harmless: nothing waits, nothing is queued twice.
    with pytest.raises(InvalidStatusTransition, match="no photo waiting"):
        await intake.process_request(alice, avatar.id, [DirectUpload(photo_id, ViewType.FRONT)])


async def test_a_bad_direct_upload_is_refused_and_removed(intake: Intake, alice: Viewer) -> None:
    avatar = await intake.avatar(alice)
    photo_id = uuid.uuid4()
    key = photo_key(alice.user_id, avatar.id, photo_id, "png")
    await intake.blobs.put(key, photo_corpus.zip_archive(), "image/png")
    missing = uuid.uuid4()
    with pytest.raises(PhotosRejected) as refused:
        await intake.process_request(
            alice,
            avatar.id,
            [DirectUpload(photo_id, ViewType.FRONT), DirectUpload(missing, ViewType.SIDE)],
        )
    assert [(r.field, r.rejection.check) for r in refused.value.rejections] == [
        ("uploads[0]", Check.FORMAT),
        ("uploads[1]", Check.EMPTY),
    ]
    assert await intake.blobs.list_objects("users/") == []


async def test_failed_photos_are_processed_again_on_request(intake: Intake, alice: Viewer) -> None:
    avatar = await intake.avatar(alice)
    [photo] = await intake.upload(alice, avatar.id, [front()], process=False)
    result = await intake.process_request(alice, avatar.id)
    assert [p.id for p in result.queued] == [photo.id]
    await intake.run_jobs()
    with pytest.raises(InvalidStatusTransition):
        await intake.process_request(alice, avatar.id)


async def test_jobs_go_to_the_use_case_of_their_reason() -> None:
    seen: list[str] = []

    async def avatars(job: ProcessAvatarJob) -> None:
        seen.append(f"avatar:{job.reason}")

    async def photos_job(job: ProcessAvatarJob) -> None:
        seen.append(f"photos:{job.reason}")

    router = JobRouter(avatars, {PHOTOS_JOB: photos_job})
    for reason in ("created", PHOTOS_JOB, "regeneration"):
        await router(ProcessAvatarJob(uuid.uuid4(), uuid.uuid4(), reason))
    assert seen == ["avatar:created", "photos:photos", "avatar:regeneration"]


async def test_a_photo_stored_without_its_analysis_is_analysed_by_the_worker(
    intake: Intake, alice: Viewer
) -> None:
    avatar = await intake.avatar(alice)
    [photo] = await intake.upload(alice, avatar.id, [front()])
    async with intake.uow_factory() as uow:  # as a photo stored before analyses were kept
        stored = await uow.photos.get(photo.id)
        assert stored is not None and stored.keypoints_key and stored.mask_key
        for key in (stored.keypoints_key, stored.mask_key):
            await intake.blobs.delete(key)
        stored.keypoints_key = stored.mask_key = None
        await uow.photos.update(stored)
        await uow.commit()
    await intake.run_jobs()
    [processed] = await intake.list_photos(alice, avatar.id)
    assert processed.status is PhotoStatus.PROCESSED
    keypoints = json.loads(await intake.blobs.get(processed.keypoints_key or ""))
    assert len(keypoints["keypoints"]) == 33
    assert png_image(await intake.blobs.get(processed.mask_key or "")).mode == "L"
