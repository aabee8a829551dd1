"""The default ShapeEstimator end to end on rendered photos (MediaPipe masks and keypoints)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import pytest

from adapters.estimation.photo_estimator import (
    Calibration,
    PhotoShapeEstimator,
    _one_lens,
    _silhouette_of,
    interval_half_width_share,
)
from application.errors import PhotoMeasurementFailed
from application.ports import GrayImage, ProcessedView, RgbImage, ShapeEstimate
from domain.measurements import MEASUREMENT_NAMES, validate_measurements
from domain.photo import ViewType
from domain.photo_checks import BodyHints, Clothing
from domain.units import MeasurementUnit
from tests.support.bodies import anny_space
from tests.support.photo_subjects import E2E_PAIR_SEED, Subject, make_subject

pytestmark = pytest.mark.slow

# The natural-stance pair (``natural_photo_pair``: a woman of 155 cm, tight clothes, EXIF):
# measured +1.3, +0.4 and -1.9 cm off (chest, waist, hips) with her height and gender given
# (ADR 61; +2.0, +1.3, -0.3 before it).
# The estimator before ADR 43 was 5-18 cm off on natural stances.
NATURAL_PAIR_BOUND_CM = 3.5
LONG_HAIR_BOUND_CM = 2.5


def _photographed(
    seed: int, stance: str = "rest", clothing: Clothing = Clothing.TIGHT, exif: bool | None = None
) -> Subject:
    from adapters.vision.mediapipe_detector import MediaPipePersonDetector

    detector = MediaPipePersonDetector(instances=1)
    try:
        return make_subject(
            anny_space(), detector, seed, stance=stance, clothing=clothing, exif_focal=exif
        )
    finally:
        detector.close()


@cache
def subject() -> Subject:
    return _photographed(424_242)


@cache
def natural_subject() -> Subject:
    """The photos of ``natural_photo_pair()`` (the same seed and conditions), read like an
    upload."""
    return _photographed(E2E_PAIR_SEED, "natural", Clothing.TIGHT, exif=True)


@cache
def estimator() -> PhotoShapeEstimator:
    return PhotoShapeEstimator.from_package(anny_space())


def _view(view_type: ViewType) -> ProcessedView:
    return next(v for v in subject().views if v.view_type is view_type)


def test_given_height_is_kept_and_every_measurement_has_a_confidence() -> None:
    truth = subject().truth
    stages: list[tuple[str, float]] = []
    estimate = estimator().estimate_sync(
        subject().views,
        BodyHints(height_cm=truth["height"]),
        lambda stage, done: stages.append((stage, done)),
    )
    assert abs(estimate.measurements["height"] - truth["height"]) < 0.5
    assert set(estimate.measurements) == set(MEASUREMENT_NAMES)
    assert all(0.0 <= estimate.confidence[name] <= 1.0 for name in MEASUREMENT_NAMES)
    for name in ("chest", "waist", "hips"):
        assert abs(estimate.measurements[name] - truth[name]) < 6.0, name
    assert estimate.metadata["extractionMethod"] == "ai"
    assert estimate.metadata["heightSource"] == "given"
    # A typed height is off by up to a centimetre, then rounded: its 90 % interval holds an
    # error of 1.1 cm (whole centimetres, 90 % of such errors within 1.05 cm).
    half_width = interval_half_width_share(estimate.confidence["height"])
    assert half_width * estimate.measurements["height"] >= 1.1
    assert estimate.shape.model_name == "anny"
    assert {stage for stage, _ in stages} == {"photo_processing", "measurement_extraction"}
    assert stages[-1] == ("measurement_extraction", 1.0)


def test_without_height_the_size_is_estimated_and_said_to_be_uncertain() -> None:
    truth = subject().truth
    estimate = estimator().estimate_sync(subject().views, BodyHints())
    assert estimate.metadata["heightSource"] == "estimated"
    assert "No height was given" in estimate.metadata["scaleNote"]
    assert abs(estimate.measurements["height"] - truth["height"]) < 15.0
    assert estimate.confidence["height"] < 0.99


def test_without_a_side_photo_the_user_is_asked_for_one() -> None:
    with pytest.raises(PhotoMeasurementFailed, match="side photo") as caught:
        estimator().estimate_sync([_view(ViewType.FRONT)], BodyHints(height_cm=170.0))
    assert caught.value.retryable


def test_a_person_too_small_in_the_frame_is_refused_with_a_way_out() -> None:
    eighth = np.float32([[0.125, 0.0, 0.0], [0.0, 0.125, 0.0]])
    tiny = _warped(_view(ViewType.FRONT), eighth)  # an eighth of the size, in a corner
    with pytest.raises(PhotoMeasurementFailed, match="front photo: person too small") as caught:
        estimator().estimate_sync([tiny, _view(ViewType.SIDE)], BodyHints())
    assert caught.value.retryable
    assert "closer" in caught.value.reason


def _warped(view: ProcessedView, matrix: np.ndarray) -> ProcessedView:
    """The view with its mask and its photo moved by the same affine ``matrix``: the photo of
    a person placed or shaped otherwise, and the segmenter's mask of it."""
    assert view.image is not None
    height, width = view.mask.height, view.mask.width
    mask = cv2.warpAffine(_mask_pixels(view), matrix, (width, height), flags=cv2.INTER_NEAREST)
    photo = np.frombuffer(view.image.pixels, dtype=np.uint8).reshape(height, width, 3)
    moved = cv2.warpAffine(
        photo, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    image = RgbImage(width, height, np.ascontiguousarray(moved).tobytes())
    return replace(_with_mask(view, mask), image=image)


def _mask_pixels(view: ProcessedView) -> np.ndarray:
    return np.frombuffer(view.mask.pixels, dtype=np.uint8).reshape(
        view.mask.height, view.mask.width
    )


def _with_mask(view: ProcessedView, pixels: np.ndarray) -> ProcessedView:
    mask = GrayImage(pixels.shape[1], pixels.shape[0], np.ascontiguousarray(pixels).tobytes())
    return replace(view, mask=mask)


def _passes_the_domain(estimate: ShapeEstimate) -> None:
    """What the estimator hands over is a body the domain accepts (issue 20: an implausible
    estimate never reaches the domain to fail there)."""
    assert set(estimate.measurements) == set(MEASUREMENT_NAMES)
    validate_measurements(dict(estimate.measurements), MeasurementUnit.METRIC)
    assert all(0.0 <= estimate.confidence[name] <= 1.0 for name in MEASUREMENT_NAMES)


def test_arms_against_the_body_are_measured_and_give_a_body_the_domain_accepts() -> None:
    pixels = _mask_pixels(_view(ViewType.FRONT))
    closed = pixels.copy()
    for row in np.flatnonzero((pixels > 127).any(axis=1)):
        columns = np.flatnonzero(pixels[row] > 127)
        closed[row, columns[0] : columns[-1] + 1] = 255  # no gap between arms and torso
    blocked = _with_mask(_view(ViewType.FRONT), closed)
    for hints in (BodyHints(), BodyHints(height_cm=subject().truth["height"])):
        estimate = estimator().estimate_sync([blocked, _view(ViewType.SIDE)], hints)
        _passes_the_domain(estimate)
        assert estimate.metadata["extractionMethod"] == "ai"


def _stretched_front() -> ProcessedView:
    """The front view, mask and photo, 1.8 times as wide about the body's middle: a body no
    one has, and one the side view contradicts."""
    pixels = _mask_pixels(_view(ViewType.FRONT))
    columns = np.flatnonzero((pixels > 127).any(axis=0))
    centre = (columns[0] + columns[-1]) / 2.0
    stretch = 1.8
    matrix = np.float32([[stretch, 0.0, (1.0 - stretch) * centre], [0.0, 1.0, 0.0]])
    wide = _warped(_view(ViewType.FRONT), matrix)
    stretched = np.flatnonzero((_mask_pixels(wide) > 127).any(axis=0))
    assert stretched[0] > 0 and stretched[-1] < pixels.shape[1] - 1  # still whole in the picture
    return wide


def test_a_grossly_distorted_front_mask_still_gives_a_body_the_domain_accepts() -> None:
    distorted = _stretched_front()
    for hints in (BodyHints(), BodyHints(height_cm=subject().truth["height"])):
        estimate = estimator().estimate_sync([distorted, _view(ViewType.SIDE)], hints)
        _passes_the_domain(estimate)
        if "plausibility" in estimate.metadata:  # drawn towards the average: it says so
            assert "population's average" in estimate.metadata["plausibility"]
        if hints.height_cm is not None:
            assert abs(estimate.measurements["height"] - hints.height_cm) < 0.5


def test_a_body_that_matches_its_photos_badly_gets_wider_intervals() -> None:
    """ADR 57: each avatar's intervals follow its fit's final cost, by the exponent the
    calibration found for its group. The shipped calibration may find none for a group (tight
    clothes with the height typed, since ADR 63); here one whose intervals follow the cost."""
    shipped = Calibration.load()
    median, _ = shipped.fit_costs["tight/with_height"]
    following = replace(
        shipped, fit_costs={**shipped.fit_costs, "tight/with_height": (median, 0.3)}
    )
    measuring = PhotoShapeEstimator.from_package(anny_space(), calibration=following)
    hints = BodyHints(height_cm=subject().truth["height"], clothing=Clothing.TIGHT)
    clean = measuring.estimate_sync(subject().views, hints)
    poor = measuring.estimate_sync([_stretched_front(), _view(ViewType.SIDE)], hints)
    assert float(poor.metadata["fitCost"]) > 2.0 * float(clean.metadata["fitCost"])
    assert float(poor.metadata["intervalScale"]) > float(clean.metadata["intervalScale"])
    for name in ("chest", "waist", "hips", "thigh"):
        assert poor.confidence[name] < clean.confidence[name], name


def test_a_body_cut_off_at_the_edge_is_refused() -> None:
    side = _view(ViewType.SIDE)
    pixels = np.frombuffer(side.mask.pixels, dtype=np.uint8).reshape(
        side.mask.height, side.mask.width
    )
    rows = np.flatnonzero((pixels > 127).any(axis=1))
    cut = pixels[rows[0] + (rows[-1] - rows[0]) // 3 :].copy()  # the top third gone
    cropped = replace(side, mask=GrayImage(side.mask.width, cut.shape[0], cut.tobytes()))
    with pytest.raises(PhotoMeasurementFailed, match="side photo: the body is cut off"):
        estimator().estimate_sync([_view(ViewType.FRONT), cropped], BodyHints())


def test_a_given_weight_constrains_the_body_through_its_volume() -> None:
    truth = subject().truth
    hints = BodyHints(height_cm=truth["height"], weight_kg=truth["weight"])
    estimate = estimator().estimate_sync(subject().views, hints)
    assert abs(estimate.measurements["weight"] - truth["weight"]) < 2.0
    assert estimate.metadata["weightSource"] == "given"


def test_a_natural_stance_pair_is_measured_close_to_the_truth() -> None:
    pair = natural_subject()
    assert pair.stance == "natural" and pair.exif
    hints = BodyHints(height_cm=pair.typed_height_cm, gender=pair.gender, clothing=Clothing.TIGHT)
    estimate = estimator().estimate_sync(pair.views, hints)
    _passes_the_domain(estimate)
    truth = pair.truth_for(pair.gender)
    assert abs(estimate.measurements["height"] - pair.typed_height_cm) < 0.5
    for name in ("chest", "waist", "hips"):
        error = estimate.measurements[name] - truth[name]
        assert abs(error) < NATURAL_PAIR_BOUND_CM, f"{name} {error:+.1f} cm"
    assert estimate.metadata["focalLength"] == "exif"
    assert estimate.metadata["longHair"] == (
        "seen" if pair.details["outfit"]["hair"] else "not seen"
    )
    assert estimate.metadata["clothing"] == "tight"
    assert estimate.metadata["genderSource"] == "given"
    assert "plausibility" not in estimate.metadata


def test_a_natural_stance_is_found_further_from_the_rest_than_the_rest_pose() -> None:
    """ADR 71: the fit says how far its stances are from the body model's rest; the shipped
    calibration widens the intervals with it."""
    rest, natural = subject(), natural_subject()
    at_rest = estimator().estimate_sync(rest.views, rest.hints())
    standing = estimator().estimate_sync(natural.views, natural.hints())
    near, far = float(at_rest.metadata["stanceDeg"]), float(standing.metadata["stanceDeg"])
    # About 10 degrees for the exact rest pose (the keypoints are a few pixels off), 16 for
    # a natural stance (medians of 80 subjects each, ADR 71): this pair stands near the rest.
    assert 0.0 <= near < 12.0 and near + 4.0 < far < 40.0, (near, far)
    calibration = Calibration.load()
    group = "tight/with_height"
    assert calibration.interval_scale(group, None, stance_deg=far) > (
        calibration.interval_scale(group, None, stance_deg=near)
    )


def test_long_hair_over_the_neck_and_back_is_seen_and_not_taken_for_body() -> None:
    """A woman whose long hair falls over her neck, shoulders and upper back (a development
    subject, natural stance): before ADR 63 her chest, waist and hips came out -3.4, -4.0
    and -3.5 cm off (the hair read as body where the outline was trusted, and the regressor's
    answer held too tightly); now within a centimetre or so."""
    pair = _photographed(950_018, "natural", Clothing.TIGHT)
    assert pair.details["outfit"]["hair"]
    hints = BodyHints(height_cm=pair.typed_height_cm, gender=pair.gender, clothing=Clothing.TIGHT)
    estimate = estimator().estimate_sync(pair.views, hints)
    _passes_the_domain(estimate)
    assert estimate.metadata["longHair"] == "seen"
    truth = pair.truth_for(pair.gender)
    for name in ("chest", "waist", "hips"):
        error = estimate.measurements[name] - truth[name]
        assert abs(error) < LONG_HAIR_BOUND_CM, f"{name} {error:+.1f} cm"


def test_the_fit_solves_for_how_far_a_t_shirt_stands_off_the_skin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A man (a development subject, natural stance) in a fitted T-shirt 0.7 cm off the skin
    and jeans 1.6 cm off, clothing "regular": held at the typical 1.4 cm, the fit took the
    missing cloth for a thinner body (chest and waist about 5 cm small); solving for the
    top's offset (ADR 67) it finds less cloth than typical (1.3 cm; 1.2 before ADR 72 read
    the rows under the T-shirt's hem as the jeans' too) and a fuller body: chest and waist
    0.55 and 0.34 cm closer (with the cloth at this 180 cm man's own scale, ADR 73; at a
    170 cm person's scale the typical cloth was 1.48 cm on him and both came 0.6 cm
    closer)."""
    from adapters.estimation import refinement

    pair = _photographed(951_007, "natural", Clothing.REGULAR)
    assert pair.details["outfit"]["top_offset_m"] < 0.01
    hints = BodyHints(height_cm=pair.typed_height_cm, clothing=Clothing.REGULAR)
    truth = pair.truth_for(None)
    solved = estimator().estimate_sync(pair.views, hints)
    top, _ = (float(v.split()[-1]) for v in solved.metadata["clothingOffsetCm"].split(","))
    typical, _, slack = refinement.CLOTHING_OUTLINE_CM["regular"]
    assert top < typical
    monkeypatch.setitem(refinement.CLOTHING_OUTLINE_CM, "regular", (typical, 1e-3, slack))
    held = estimator().estimate_sync(pair.views, hints)
    assert held.metadata["clothingOffsetCm"].startswith("top 1.4,")
    for name in ("chest", "waist"):
        before = held.measurements[name] - truth[name]
        after = solved.measurements[name] - truth[name]
        assert before < -4.0 and abs(after) < abs(before) - 0.25, (
            f"{name} {before:+.1f} -> {after:+.1f}"
        )


def test_a_photo_without_exif_takes_the_other_photos_lens() -> None:
    pair = natural_subject()
    front, side = (
        next(v for v in pair.views if v.view_type is t) for t in (ViewType.FRONT, ViewType.SIDE)
    )
    assert front.focal_length_px is not None and side.focal_length_px is not None
    hints = BodyHints(height_cm=pair.typed_height_cm, gender=pair.gender, clothing=Clothing.TIGHT)
    estimate = estimator().estimate_sync([front, replace(side, focal_length_px=None)], hints)
    assert estimate.metadata["focalLength"] == "front photo's exif for both"
    # The front's focal length stays the file's: no field of view was solved for (a shared
    # one used to move it by what the side photo needed).
    assert estimator()._refiner_instance().last_focal_scale == pytest.approx(1.0, abs=1e-3)
    _passes_the_domain(estimate)


def test_the_borrowed_lens_is_the_same_35mm_equivalent_on_the_other_picture() -> None:
    portrait = GrayImage(768, 1024, bytes(768 * 1024))  # diagonal 1280 px
    small_landscape = GrayImage(640, 480, bytes(640 * 480))  # diagonal 800 px
    front = replace(_view(ViewType.FRONT), mask=portrait, focal_length_px=1000.0)
    side = replace(_view(ViewType.SIDE), mask=small_landscape, focal_length_px=None)
    assert _one_lens(front, side) == ((1000.0, pytest.approx(625.0)), "front photo's exif for both")
    front_only = replace(front, focal_length_px=None)
    side_known = replace(side, focal_length_px=625.0)
    assert _one_lens(front_only, side_known) == (
        (pytest.approx(1000.0), 625.0),
        "side photo's exif for both",
    )
    assert _one_lens(front_only, side) == ((None, None), "estimated")
    assert _one_lens(front, side_known) == ((1000.0, 625.0), "exif")


def test_the_service_hands_the_photo_estimator_the_photos_it_snaps_its_masks_to(
    tmp_path: Path,
) -> None:
    from entrypoints.container import build_container
    from entrypoints.settings import load_settings

    container = build_container(load_settings({"AVATAR_DATA_DIR": str(tmp_path)}))
    assert isinstance(container.shape_estimator(), PhotoShapeEstimator)
    assert container.photo_measurement().images is not None


def test_a_view_with_its_photo_is_read_from_the_mask_snapped_to_the_photo() -> None:
    """The rendered natural pair: its masks snapped to its photos (ADR 69) are not the
    segmenter's masks, and both read as a usable silhouette of the same person."""
    pair = natural_subject()
    front = next(view for view in pair.views if view.view_type is ViewType.FRONT)
    assert front.image is not None
    with_photo = _silhouette_of(front, "front", flip=False)
    without = _silhouette_of(replace(front, image=None), "front", flip=False)
    changed = np.count_nonzero(with_photo.mask != without.mask)
    assert 0 < changed < 0.05 * without.mask.sum()
    assert abs(with_photo.height_px - without.height_px) <= 3
