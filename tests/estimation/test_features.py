"""Silhouette features: what the regressor sees does not depend on framing."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from adapters.body.render import Camera
from adapters.estimation.features import (
    FEATURE_COUNT,
    SilhouetteUnusable,
    body_features,
    side_faces_right,
    silhouette,
    snapped_to_photo,
    view_features,
)
from adapters.estimation.synthetic import INSIDE_COVERAGE, silhouette_coverage
from tests.support.bodies import anny_space

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def masks() -> dict[str, np.ndarray]:
    space = anny_space()
    vertices, _ = space.surface(space.default(None)[None])
    faces = np.asarray(space.faces)
    found = {}
    for view, azimuth in (("front", 0.0), ("side", 90.0)):
        coverage = silhouette_coverage(vertices[0], faces, Camera(azimuth_deg=azimuth))
        assert coverage is not None
        found[view] = coverage >= INSIDE_COVERAGE
    return found


def test_features_do_not_change_when_the_person_moves_in_the_picture(
    masks: dict[str, np.ndarray],
) -> None:
    mask = masks["front"]
    moved = np.zeros((mask.shape[0] + 100, mask.shape[1] + 60), dtype=bool)
    moved[70 : 70 + mask.shape[0], 13 : 13 + mask.shape[1]] = mask
    assert np.allclose(view_features(silhouette(mask)), view_features(silhouette(moved)))


def test_features_barely_change_when_the_person_is_bigger_in_the_picture(
    masks: dict[str, np.ndarray],
) -> None:
    mask = masks["front"].astype(np.float32)
    larger = cv2.resize(mask, None, fx=1.6, fy=1.6, interpolation=cv2.INTER_LINEAR) >= 0.5
    original = view_features(silhouette(mask >= 0.5))
    scaled = view_features(silhouette(larger))
    # Pixel rounding only (a pixel of the smaller silhouette is under 0.3 % of its height);
    # a row that grazes a fingertip may find one more part at the other scale.
    difference = np.abs(original - scaled)
    assert np.quantile(difference, 0.99) < 0.01
    assert difference.mean() < 0.002


def test_a_side_view_from_the_other_side_gives_the_same_features_once_mirrored(
    masks: dict[str, np.ndarray],
) -> None:
    side = masks["side"]
    mirrored = side[:, ::-1]
    assert np.allclose(
        view_features(silhouette(side)), view_features(silhouette(mirrored, flip=True))
    )
    assert body_features(silhouette(masks["front"]), silhouette(side)).shape == (FEATURE_COUNT,)


def test_a_tiny_or_missing_person_is_unusable() -> None:
    with pytest.raises(SilhouetteUnusable, match="no person"):
        silhouette(np.zeros((400, 300), dtype=bool))
    tiny = np.zeros((1000, 700), dtype=bool)
    tiny[500:560, 300:320] = True
    with pytest.raises(SilhouetteUnusable, match="too small"):
        silhouette(tiny)


def test_the_facing_of_a_side_view_comes_from_nose_and_feet() -> None:
    facing_left = [
        ("nose", 0.40, 0.1, 0.9),
        ("left_ear", 0.45, 0.1, 0.9),
        ("left_heel", 0.47, 0.9, 0.9),
        ("left_foot_index", 0.42, 0.92, 0.9),
    ]
    assert side_faces_right(facing_left) is False
    mirrored = [(name, 1.0 - x, y, v) for name, x, y, v in facing_left]
    assert side_faces_right(mirrored) is True
    assert side_faces_right([]) is None


def _person_and_photo() -> tuple[np.ndarray, np.ndarray]:
    """A person's exact mask (a torso with an arm hanging 3 px from it) and a photo of them:
    a dark figure on a light wall, with a little sensor noise."""
    truth = np.zeros((400, 300), dtype=bool)
    truth[40:360, 110:190] = True  # torso and legs
    truth[60:260, 193:205] = True  # an arm, 3 px of wall between it and the torso
    rng = np.random.default_rng(3)
    photo = np.where(truth[..., None], [60, 45, 40], [205, 200, 190]).astype(float)
    photo += rng.normal(0.0, 4.0, photo.shape)
    return truth, np.clip(photo, 0, 255).astype(np.uint8)


def _segmenter_mask(truth: np.ndarray) -> np.ndarray:
    """What a segmenter working on a coarse look gives: smooth, a pixel wide, the narrow gap
    filled."""
    wide = cv2.dilate(truth.astype(np.uint8), np.ones((3, 3), np.uint8))
    soft = cv2.GaussianBlur(wide.astype(np.float32), (0, 0), 2.5)
    return np.clip(soft * 255.0 + 0.5, 0, 255).astype(np.uint8)


def test_a_segmenters_mask_snapped_to_the_photo_follows_the_photos_edges() -> None:
    """The outline moves onto the photo's edges. (A gap the segmenter filled with
    confidence, like the 3 px one here, stays filled: the filter follows the mask's own
    variation; ADR 69.)"""
    truth, photo = _person_and_photo()
    coarse = _segmenter_mask(truth)
    snapped = snapped_to_photo(coarse, photo)
    before = np.count_nonzero((coarse >= 128) != truth)
    after = np.count_nonzero((snapped >= 128) != truth)
    assert after < 0.5 * before, (before, after)
    for row in (100, 150, 200):
        coarse_run = np.flatnonzero(coarse[row] >= 128)
        snapped_run = np.flatnonzero(snapped[row] >= 128)
        assert coarse_run[0] <= 109 and coarse_run[-1] >= 205  # a pixel or so outside
        assert snapped_run[0] == 110 and abs(snapped_run[-1] - 204) <= 1


def test_snapping_leaves_the_mask_far_from_the_person_and_takes_a_photo_a_pixel_off() -> None:
    truth, photo = _person_and_photo()
    coarse = _segmenter_mask(truth)
    coarse[5:15, 5:15] = 3  # faint noise, below what may be a person
    snapped = snapped_to_photo(coarse, photo)
    assert (snapped[5:15, 5:15] == 3).all()
    off_by_one = cv2.resize(photo, (301, 399), interpolation=cv2.INTER_AREA)
    resized = snapped_to_photo(coarse, off_by_one)
    assert resized.shape == coarse.shape
    assert np.count_nonzero((resized >= 128) != (snapped >= 128)) < 0.03 * truth.sum()
    empty = np.zeros_like(coarse)
    assert (snapped_to_photo(empty, photo) == 0).all()
