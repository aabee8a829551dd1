"""Training masks dressed with long hair (``synthetic.dress``): hair falls where real hair
falls, and nowhere else."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from adapters.estimation.synthetic import HAIR_FALL_END_CM, Hair, dress

PX_PER_CM = 2.0
TOP, HEAD_Y, NECK_Y, SHOULDER_Y = 10, 50, 60, 75  # rows of a 200-row figure
AXIS = 60


def _figure() -> tuple[NDArray[np.bool_], dict[str, NDArray[np.float64]]]:
    """A standing figure seen from the side or the front: a head 30 px wide (15 cm), a
    neck 20 px, a torso 50 px from the shoulders down."""
    mask = np.zeros((200, 120), dtype=bool)
    rows, cols = np.mgrid[:200, :120]
    mask |= ((rows - 30) / 21.0) ** 2 + ((cols - AXIS) / 15.0) ** 2 <= 1.0  # head: rows 9-51
    mask[45:SHOULDER_Y, AXIS - 10 : AXIS + 10] = True  # neck
    mask[SHOULDER_Y:190, AXIS - 25 : AXIS + 25] = True  # torso and legs
    points = {
        "head": np.array([AXIS, HEAD_Y]),
        "neck": np.array([AXIS, NECK_Y]),
        "shoulder_l": np.array([AXIS - 20, SHOULDER_Y]),
        "shoulder_r": np.array([AXIS + 20, SHOULDER_Y]),
        "hip_l": np.array([AXIS - 10, 110]),
        "hip_r": np.array([AXIS + 10, 110]),
        "knee_l": np.array([AXIS - 10, 150]),
        "knee_r": np.array([AXIS + 10, 150]),
        "ankle_l": np.array([AXIS - 10, 185]),
        "ankle_r": np.array([AXIS + 10, 185]),
    }
    return mask, {name: point.astype(float) for name, point in points.items()}


def _dressed(hair: Hair | None, seed: int) -> NDArray[np.bool_]:
    mask, points = _figure()
    rng = np.random.default_rng(seed)
    return dress(mask, points, PX_PER_CM, "tight", rng, skirt=False, hair=hair)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("back", [1, -1])
def test_hair_seen_from_the_side_falls_down_the_back_only(back: int, seed: int) -> None:
    clothed = _dressed(None, seed)  # the same draws of the clothes, before the hair's
    haired = _dressed(Hair(back=back), seed)
    assert (haired >= clothed).all()
    added = haired & ~clothed
    below_neck = added[NECK_Y:]
    rows, cols = np.nonzero(below_neck)
    assert rows.size > 0
    # Behind the body only, ending within the drawn length below the shoulder joints.
    assert ((cols - AXIS) * back > 0).all()
    assert rows.max() + NECK_Y <= SHOULDER_Y + HAIR_FALL_END_CM[1] * PX_PER_CM + 1
    # Down the neck it hangs straight from the back of the skull (15 cm wide) + >= 1 cm.
    neck_row = haired[NECK_Y + 5]
    edge = np.flatnonzero(neck_row)[-1 if back > 0 else 0]
    assert (edge - AXIS) * back >= 15 + 1.0 * PX_PER_CM
    # The face side is left alone.
    front = np.flatnonzero(clothed[NECK_Y + 5])[0 if back > 0 else -1]
    assert np.flatnonzero(neck_row)[0 if back > 0 else -1] == front


@pytest.mark.parametrize("seed", range(6))
def test_hair_seen_from_the_front_hangs_beside_the_neck_to_the_shoulders(seed: int) -> None:
    clothed = _dressed(None, seed)
    haired = _dressed(Hair(back=0), seed)
    added = haired & ~clothed
    assert not added[SHOULDER_Y + 1 :].any()  # behind the body below the shoulders
    neck_row = np.flatnonzero(haired[NECK_Y])
    assert neck_row[0] <= AXIS - 15 - PX_PER_CM and neck_row[-1] >= AXIS + 15 + PX_PER_CM
    # Symmetric about the head.
    assert abs((AXIS - neck_row[0]) - (neck_row[-1] - AXIS)) <= 1


def test_a_knot_of_hair_is_an_ellipse_over_the_neck() -> None:
    clothed = _dressed(None, 0)
    knot = Hair(back=0, ellipse=np.array([AXIS, 70.0, 18.0, 10.0]))
    haired = _dressed(knot, 0)
    added = haired & ~clothed
    rows, cols = np.nonzero(added[NECK_Y:])
    assert rows.size > 0
    assert rows.max() + NECK_Y <= 80 and np.abs(cols - AXIS).max() <= 18
