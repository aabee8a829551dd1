"""The default ShapeEstimator end to end on rendered photos (MediaPipe masks and keypoints)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np
import pytest

from adapters.estimation.photo_estimator import PhotoShapeEstimator
from application.errors import PhotoMeasurementFailed
from application.ports import GrayImage, ProcessedView
from domain.measurements import MEASUREMENT_NAMES
from domain.photo import ViewType
from domain.photo_checks import BodyHints
from tests.support.bodies import anny_space
from tests.support.photo_subjects import Subject, make_subject

pytestmark = pytest.mark.slow


@cache
def subject() -> Subject:
    from adapters.vision.mediapipe_detector import MediaPipePersonDetector

    detector = MediaPipePersonDetector(instances=1)
    try:
        return make_subject(anny_space(), detector, seed=424_242)
    finally:
        detector.close()


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
    front = _view(ViewType.FRONT)
    pixels = np.frombuffer(front.mask.pixels, dtype=np.uint8).reshape(
        front.mask.height, front.mask.width
    )
    small = np.zeros_like(pixels)
    reduced = pixels[::8, ::8]
    small[: reduced.shape[0], : reduced.shape[1]] = reduced
    tiny = replace(front, mask=GrayImage(front.mask.width, front.mask.height, small.tobytes()))
    with pytest.raises(PhotoMeasurementFailed, match="front photo: person too small") as caught:
        estimator().estimate_sync([tiny, _view(ViewType.SIDE)], BodyHints())
    assert caught.value.retryable
    assert "closer" in caught.value.reason


def test_arms_against_the_body_are_refused() -> None:
    front = _view(ViewType.FRONT)
    pixels = np.frombuffer(front.mask.pixels, dtype=np.uint8).reshape(
        front.mask.height, front.mask.width
    )
    closed = pixels.copy()
    for row in np.flatnonzero((pixels > 127).any(axis=1)):
        columns = np.flatnonzero(pixels[row] > 127)
        closed[row, columns[0] : columns[-1] + 1] = 255  # no gap between arms and torso
    blocked = replace(front, mask=GrayImage(front.mask.width, front.mask.height, closed.tobytes()))
    with pytest.raises(PhotoMeasurementFailed, match="arms touch the body"):
        estimator().estimate_sync([blocked, _view(ViewType.SIDE)], BodyHints())


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
