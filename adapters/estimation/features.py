"""Features of a body from its silhouettes: the same code for training and for inference.

A view's silhouette (a boolean mask, the person's largest region) is cut into ``ROW_COUNT``
rows evenly spaced between the top of the head and the soles. Per row, relative to the
body's vertical axis and divided by the silhouette's height in pixels (so the features do
not change with the person's distance, the picture's resolution or where the person
stands in it):

- the outer extents on either side of the axis (front: the body's right and left, arms
  included; side: the front and the back of the body),
- the width of the run of pixels that holds the axis (front: torso or the two legs' gap
  excluded; side: the body's depth),
- the number of pixels of the row (the widths of every part, gaps excluded).

The side view is mirrored when needed so the person always faces -x (to the left), which
makes a side photo taken from either side the same features. Keypoints only decide that
facing and feed the photo checks; the regressor never sees them, since the detector's
landmarks (BlazePose) and the body model's joints are not the same points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

ROW_COUNT = 64
ROW_FRACTIONS = (np.arange(ROW_COUNT) + 0.5) / ROW_COUNT  # from the top of the head down
PER_ROW = 4  # extent before the axis, extent after it, central run, filled share
VIEW_FEATURES = ROW_COUNT * PER_ROW + 2  # + silhouette width / height, axis position
FEATURE_COUNT = 2 * VIEW_FEATURES
# The axis: the centroid of the silhouette over these rows (fractions from the top): the
# legs and hips, where neither the arms nor a forward head pull it aside.
AXIS_ROWS = (0.55, 0.92)
MIN_SILHOUETTE_PX = 120  # below this height features are too coarse to measure a body

BoolMask = NDArray[np.bool_]


class SilhouetteUnusable(ValueError):
    """The mask holds no person large enough to measure; ``reason`` says why in user words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Silhouette:
    """The main region of a mask with its frame: rows top..bottom, the vertical axis."""

    mask: BoolMask  # (H, W) the largest region only
    top: int
    bottom: int  # inclusive
    axis_x: float

    @property
    def height_px(self) -> int:
        return self.bottom - self.top + 1


def main_region(mask: NDArray[np.bool_] | NDArray[np.uint8]) -> BoolMask:
    """The largest 8-connected region of ``mask`` (True or >= 128 on the person)."""
    binary = (np.asarray(mask) >= 128) if np.asarray(mask).dtype == np.uint8 else mask
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        np.asarray(binary, dtype=np.uint8), 8
    )
    if count <= 1:
        return np.zeros(np.asarray(mask).shape, dtype=bool)
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return np.asarray(labels == largest)


# The segmenter's mask snapped to the photo's own edges (ADR 69): a guided filter (He, Sun
# and Tang) with the photo as the guide, over a window of this share of the picture's longer
# side, and its regularisation (in the guide's 0-255 units squared).
SNAP_RADIUS_SHARE = 0.012
SNAP_EPS = 1e-4 * 255.0**2
SNAP_FROM = 13  # mask values (0-255) from which a pixel may be the person's (5 %)


def snapped_to_photo(mask: NDArray[np.uint8], photo: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """A segmenter's soft mask (0-255) with its edges moved onto the photo's (RGB, the same
    size): the pose model's mask comes from a 256-pixel look at the person, so its outline is
    smooth and runs up to a pixel or so outside the body; the photo's edges are sharp. The
    filter follows the mask's own variation: where the photo shows no edge (a person the
    colour of the wall) the mask is only smoothed over the window, and a gap the segmenter
    filled with confidence stays filled. Pixels far from the person are left as they are. A
    photo decoded a pixel off the mask's size is resized to it."""
    if photo.shape[:2] != mask.shape:  # decoded a pixel off the mask's size
        photo = cv2.resize(photo, (mask.shape[1], mask.shape[0]), interpolation=cv2.INTER_AREA)
    radius = max(1, round(SNAP_RADIUS_SHARE * max(mask.shape)))
    rows, columns = np.nonzero(mask >= SNAP_FROM)
    if rows.size == 0:
        return mask
    # The filter is local: around the person (two radii of margin) it gives what it gives on
    # the whole picture, at a third of the cost.
    margin = 2 * radius + 2
    top, bottom = max(rows.min() - margin, 0), min(rows.max() + margin + 1, mask.shape[0])
    left, right = max(columns.min() - margin, 0), min(columns.max() + margin + 1, mask.shape[1])
    snapped = mask.copy()
    window = cv2.ximgproc.guidedFilter(
        np.ascontiguousarray(photo[top:bottom, left:right]),
        mask[top:bottom, left:right].astype(np.float32) / 255.0,
        radius,
        SNAP_EPS,
    )
    snapped[top:bottom, left:right] = np.clip(window * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return snapped


def silhouette(mask: NDArray[np.bool_] | NDArray[np.uint8], *, flip: bool = False) -> Silhouette:
    """The person's region, mirrored left-right when ``flip``; ``SilhouetteUnusable`` if
    there is no person or it is too small to measure."""
    region = main_region(mask)
    if flip:
        region = region[:, ::-1]
    rows = np.flatnonzero(region.any(axis=1))
    if rows.size == 0:
        raise SilhouetteUnusable("no person found")
    top, bottom = int(rows[0]), int(rows[-1])
    if bottom - top + 1 < MIN_SILHOUETTE_PX:
        raise SilhouetteUnusable("person too small in frame")
    height = bottom - top + 1
    first = top + int(AXIS_ROWS[0] * height)
    last = top + int(AXIS_ROWS[1] * height)
    _, xs = np.nonzero(region[first : last + 1])
    axis_x = float(xs.mean()) if xs.size else float(np.nonzero(region)[1].mean())
    return Silhouette(region, top, bottom, axis_x)


def view_features(shape: Silhouette) -> NDArray[np.float64]:
    """The ``VIEW_FEATURES`` numbers of one silhouette (see the module docstring)."""
    mask, height = shape.mask, float(shape.height_px)
    width = mask.shape[1]
    axis = shape.axis_x
    axis_column = int(np.clip(round(axis), 0, width - 1))
    values = np.zeros((ROW_COUNT, PER_ROW))
    columns = np.arange(width)
    for index, fraction in enumerate(ROW_FRACTIONS):
        y = shape.top + fraction * (height - 1)
        row_low = int(np.floor(y))
        row_high = min(row_low + 1, shape.bottom)
        share = y - row_low
        per_row = []
        for row_index in (row_low, row_high):
            row = mask[row_index]
            filled = np.flatnonzero(row)
            if filled.size == 0:
                per_row.append(np.zeros(PER_ROW))
                continue
            before = max(axis - filled[0], 0.0)
            after = max(filled[-1] + 1 - axis, 0.0)
            central = _run_width(row, axis_column, columns)
            per_row.append(np.array([before, after, central, filled.size]))
        values[index] = (1.0 - share) * per_row[0] + share * per_row[1]
    values /= height
    xs = np.flatnonzero(mask.any(axis=0))
    extras = np.array([(xs[-1] - xs[0] + 1) / height, (axis - xs[0]) / max(xs[-1] - xs[0] + 1, 1)])
    return np.concatenate([values.ravel(), extras])


def _run_width(row: BoolMask, column: int, columns: NDArray[np.int64]) -> float:
    """Width of the run of True holding ``column``, or of the nearest run within 3 px."""
    if not row[column]:
        near = np.flatnonzero(row[max(column - 3, 0) : column + 4])
        if near.size == 0:
            return 0.0
        column = max(column - 3, 0) + int(near[np.argmin(np.abs(near - 3))])
    gaps_left = np.flatnonzero(~row[:column])
    gaps_right = np.flatnonzero(~row[column:])
    start = int(gaps_left[-1]) + 1 if gaps_left.size else 0
    end = column + int(gaps_right[0]) if gaps_right.size else len(row)
    return float(end - start)


def side_faces_right(keypoints: Sequence[tuple[str, float, float, float]]) -> bool | None:
    """Whether a side view's person faces +x, from (name, x, y, visibility) keypoints: the
    nose and toes lie ahead of the ears and heels. None when the keypoints cannot say."""
    points = {name: (x, visibility) for name, x, _, visibility in keypoints}
    votes = 0.0
    for ahead, behind in (
        ("nose", "left_ear"),
        ("nose", "right_ear"),
        ("left_foot_index", "left_heel"),
        ("right_foot_index", "right_heel"),
    ):
        if ahead in points and behind in points:
            weight = min(points[ahead][1], points[behind][1])
            votes += weight * np.sign(points[ahead][0] - points[behind][0])
    if abs(votes) < 0.3:
        return None
    return bool(votes > 0)


def body_features(front: Silhouette, side: Silhouette) -> NDArray[np.float64]:
    """The regressor's input from a front and a side silhouette (side facing -x)."""
    return np.concatenate([view_features(front), view_features(side)])


HEIGHT_MEAN_CM, HEIGHT_SCALE_CM = 170.0, 10.0


CLOTHING_INPUTS = ("tight", "regular", "loose")  # one-hot; all zero when not said
EXTRA_INPUTS = 2 + len(CLOTHING_INPUTS) + 2  # height, given, clothing, female / male


def network_inputs(
    features: NDArray[np.float64],
    heights_cm: NDArray[np.float64] | None,
    given: NDArray[np.bool_] | None = None,
    *,
    clothing: NDArray[np.int64] | None = None,
    female: NDArray[np.int64] | None = None,
) -> NDArray[np.float32]:
    """The regressor's input rows: the features, the height (normalised) and whether it is
    given (0 and 0 when not), the clothing hint one-hot (``clothing``: index into
    ``CLOTHING_INPUTS``, -1 when not said) and the gender one-hot (``female``: 1, 0, or -1
    when not said)."""
    count = len(features)
    if heights_cm is None:
        heights_cm = np.zeros(count)
        given = np.zeros(count, dtype=bool)
    elif given is None:
        given = np.ones(count, dtype=bool)
    height = np.where(given, (heights_cm - HEIGHT_MEAN_CM) / HEIGHT_SCALE_CM, 0.0)
    codes = np.full(count, -1) if clothing is None else np.asarray(clothing)
    clothing_hot = (codes[:, None] == np.arange(len(CLOTHING_INPUTS))[None, :]).astype(float)
    sexes = np.full(count, -1) if female is None else np.asarray(female)
    gender_hot = np.stack([sexes == 1, sexes == 0], axis=1).astype(float)
    return np.concatenate(
        [features, height[:, None], given[:, None].astype(np.float64), clothing_hot, gender_hot],
        axis=1,
    ).astype(np.float32)
