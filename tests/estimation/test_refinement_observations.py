"""What the refinement reads inside a silhouette (ADR 48): arm and thigh contact, the torso's
edges per side, and the outermost mesh edge per row found in one pass (the same choice as
the dense comparison the Jacobians use). Plain masks drawn here; no body model."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from adapters.estimation.features import ROW_COUNT, ROW_FRACTIONS, Silhouette
from adapters.estimation.refinement import (
    ARM_CONTACT_ROWS,
    BOTH_GARMENTS_ROWS,
    CLOTHED_FROM,
    FEET_FROM,
    HAIR_BACK_ROWS,
    HAIR_FRONT_ROWS,
    HAIR_WEIGHT,
    HAND_LENGTH,
    LONG_HAIR_BACK_ROWS,
    LONG_HAIR_FRONT_ROWS,
    SMOOTH_MAX_CM,
    THIGH_CONTACT_FROM,
    TROUSERS_FROM,
    _gap,
    _observed_tensors,
    _outermost_dense,
    _outermost_sparse,
    long_hair,
    observe,
    smooth_max,
)

WIDTH, HEIGHT = 400, 1000
TOP, BOTTOM = 100, 899  # the person's rows
AXIS = 200


def person(*, arm_gap: int, thigh_gap: int) -> Silhouette:
    """A blocky person facing the camera: torso 160-240, arms 20 px wide ``arm_gap`` px off
    the torso from the shoulders to the wrists, legs apart by ``thigh_gap`` px below the
    crotch."""
    mask = np.zeros((HEIGHT, WIDTH), dtype=bool)
    mask[TOP:220, 180:220] = True  # head and neck
    mask[220:560, 160:240] = True  # torso
    mask[220:240, 160 - arm_gap - 20 : 240 + arm_gap + 20] = True  # shoulders join the arms
    mask[220:600, 160 - arm_gap - 20 : 160 - arm_gap] = True  # arm on the picture's left
    mask[220:600, 240 + arm_gap : 240 + arm_gap + 20] = True  # arm on the picture's right
    half = thigh_gap // 2
    mask[560 : BOTTOM + 1, 160 : AXIS - half] = True
    mask[560 : BOTTOM + 1, AXIS + half + (thigh_gap % 2) : 240] = True
    return Silhouette(mask=mask, top=TOP, bottom=BOTTOM, axis_x=float(AXIS))


def keypoints(shape: Silhouette) -> list[tuple[str, float, float, float]]:
    """Wrists at the arms' ends, hips at the crotch's top, knees low on the legs."""
    _ = shape
    return [
        ("left_wrist", 150 / WIDTH, 590 / HEIGHT, 0.9),
        ("right_wrist", 250 / WIDTH, 590 / HEIGHT, 0.9),
        ("left_hip", 180 / WIDTH, 520 / HEIGHT, 0.9),
        ("right_hip", 220 / WIDTH, 520 / HEIGHT, 0.9),
        ("left_knee", 180 / WIDTH, 720 / HEIGHT, 0.9),
        ("right_knee", 220 / WIDTH, 720 / HEIGHT, 0.9),
    ]


def observed(shape: Silhouette, azimuth: float = 0.0):
    return observe(shape, azimuth, 1500.0, WIDTH, HEIGHT, keypoints(shape))


def row_ys() -> np.ndarray:
    return TOP + ROW_FRACTIONS * (BOTTOM - TOP)


def test_arms_against_the_torso_are_read_as_contact_down_to_above_the_wrists() -> None:
    view = observed(person(arm_gap=0, thigh_gap=0))
    ys = row_ys()
    band = (ARM_CONTACT_ROWS[0] <= ROW_FRACTIONS) & (ARM_CONTACT_ROWS[1] >= ROW_FRACTIONS)
    above_wrists = ys < 590 - 0.03 * (BOTTOM - TOP + 1)
    expected = band & above_wrists & (ys >= 220)
    assert expected.sum() >= 5
    assert np.array_equal(view.merged_left, expected)
    assert np.array_equal(view.merged_right, expected)
    assert not view.inner_left_valid.any() and not view.inner_right_valid.any()


def test_arms_held_apart_give_the_torso_edges_per_side_and_no_contact() -> None:
    view = observed(person(arm_gap=12, thigh_gap=0))
    assert not view.merged_left.any() and not view.merged_right.any()
    rows = view.inner_left_valid & (row_ys() > 245)
    assert rows.sum() >= 5
    assert np.allclose(view.inner_left_px[rows], 160)
    assert np.allclose(view.inner_right_px[rows], 240)


def test_touching_thighs_are_read_below_the_crotch_only_and_a_gap_is_not() -> None:
    touching = observed(person(arm_gap=12, thigh_gap=0))
    ys = row_ys()
    start = 520 + THIGH_CONTACT_FROM * (720 - 520)
    expected = (ys >= start) & (ys <= 720)
    assert expected.sum() >= 5
    assert np.array_equal(touching.thighs_merged, expected)
    apart = observed(person(arm_gap=12, thigh_gap=10))
    assert not apart.thighs_merged.any()


def test_a_side_view_reads_no_contact() -> None:
    view = observed(person(arm_gap=0, thigh_gap=0), azimuth=90.0)
    assert not (view.merged_left.any() or view.merged_right.any() or view.thighs_merged.any())


def test_the_gap_between_parts_counts_only_where_the_photo_shows_contact() -> None:
    view = observed(person(arm_gap=0, thigh_gap=0))
    seen = _observed_tensors(view, clothing_offset_cm=0.0)
    rows = torch.as_tensor(ROW_FRACTIONS)
    zero = rows * 0.0
    arm = (zero + 130.0, zero + 150.0)  # the model's arm: 10 px off the torso
    torso = (zero + 160.0, zero + 240.0)
    gaps = _gap(arm, torso, seen, seen.merged_left, seen.merged_right).numpy()
    assert np.allclose(gaps[view.merged_left], 10.0)
    assert np.allclose(gaps[~view.merged_left], 0.0)
    overlapping = (zero + 150.0, zero + 170.0)
    assert np.allclose(_gap(overlapping, torso, seen, seen.merged_left).numpy(), 0.0)
    dressed = _observed_tensors(view, clothing_offset_cm=4.5)  # loose clothes bridge it
    assert seen.bridged_px < 10.0 < dressed.bridged_px
    assert np.allclose(_gap(arm, torso, dressed, dressed.merged_left).numpy(), 0.0)


def test_clothes_move_the_outline_in_from_the_shoulders_down_only() -> None:
    view = observed(person(arm_gap=12, thigh_gap=0))
    bare = _observed_tensors(view, clothing_offset_cm=0.0)
    dressed = _observed_tensors(view, clothing_offset_cm=2.0)
    moved = (dressed.left - bare.left).numpy()
    head = ROW_FRACTIONS < 0.16
    assert np.allclose(moved[head], 0.0)
    assert np.all(moved[~head] > 0.0)


@pytest.mark.parametrize("height_m", [1.52, 1.7, 1.94])
def test_the_clothes_offset_is_measured_at_the_body_s_own_scale(height_m: float) -> None:
    """A centimetre of cloth is as many pixels as a centimetre of this body: the silhouette's
    height in pixels over the body's height (typed, or the fit's start), not a typical
    person's 170 cm. The same silhouette of a short person is drawn larger per centimetre,
    so the same 2 cm of cloth moves the outline further in; the extra offsets scale too."""
    view = observed(person(arm_gap=12, thigh_gap=0))
    bare = _observed_tensors(view, 0.0, height_m)
    dressed = _observed_tensors(view, 2.0, height_m)
    px_per_cm = (BOTTOM + 1 - TOP) / (height_m * 100.0)
    clothed = ROW_FRACTIONS >= CLOTHED_FROM
    assert np.allclose((dressed.left - bare.left).numpy()[clothed], 2.0 * px_per_cm)
    assert dressed.bridged_px == pytest.approx(4.0 * px_per_cm)
    assert dressed.cloth_px.numpy().max() == pytest.approx(px_per_cm)
    typical = _observed_tensors(view, 2.0)  # no height known: a 170 cm person's scale
    assert typical.bridged_px == pytest.approx(4.0 * (BOTTOM + 1 - TOP) / 170.0)


def test_the_clothes_own_offsets_move_the_top_and_the_trousers_rows_apart() -> None:
    """The fit's two clothing offsets (ADR 67): the top's from the shoulders to the hips, the
    trousers' below, down to the bare feet. They move the torso's own edges on every such
    row; a front view's outer edges only below the fingertips (above, they are an arm's), a
    side view's back edge on every row and its front edge not from the elbows to the
    fingertips (a forearm and a hand may be held forward there). Where the top hangs over
    the trousers (ADR 72) the larger of the two offsets moves them."""
    shape = person(arm_gap=12, thigh_gap=0)
    front = _observed_tensors(observed(shape), 1.4)
    side_points = [*keypoints(shape), ("left_elbow", 0.4, 400 / HEIGHT, 0.9)]
    side_view = observe(shape, 90.0, 1500.0, WIDTH, HEIGHT, side_points)
    side = _observed_tensors(side_view, 1.4)
    px_per_cm = observed(shape).px_per_cm(None)
    top, trousers = 0.5, -0.3  # cm more and less than the typical offset
    cloth = torch.tensor([top, trousers], dtype=torch.float64)
    head = ROW_FRACTIONS < CLOTHED_FROM
    shirt = ~head & (ROW_FRACTIONS < TROUSERS_FROM)
    legs = (ROW_FRACTIONS >= TROUSERS_FROM) & (ROW_FRACTIONS < FEET_FROM)
    feet = ROW_FRACTIONS >= FEET_FROM
    hands_end = (590 - TOP) / (BOTTOM - TOP) + HAND_LENGTH  # below the lower wrist
    elbow = (400 - TOP) / (BOTTOM - TOP)
    band_start, band_end = BOTH_GARMENTS_ROWS
    both = (band_start <= ROW_FRACTIONS) & (band_end >= ROW_FRACTIONS)
    expected = np.where(shirt, top, np.where(legs | feet, trousers, 0.0))
    larger = float(smooth_max(cloth[0], cloth[1]))
    assert larger == pytest.approx(top, abs=SMOOTH_MAX_CM)
    expected = np.where(both, larger, expected) * px_per_cm
    outer = expected * ~feet
    arms = hands_end >= ROW_FRACTIONS
    forearm = (elbow <= ROW_FRACTIONS) & arms
    for seen, left_kept, right_kept in (
        (front, ~arms, ~arms),
        (side, ~forearm, np.ones(ROW_COUNT, dtype=bool)),
    ):
        left, right, inner_left, inner_right = (part.numpy() for part in seen.outline(cloth))
        assert np.allclose(inner_left - seen.inner_left.numpy(), expected)
        assert np.allclose(seen.inner_right.numpy() - inner_right, expected)
        assert np.allclose(left - seen.left.numpy(), outer * left_kept)
        assert np.allclose(seen.right.numpy() - right, outer * right_kept)
    assert (~arms & legs).sum() >= 10 and (forearm & shirt).sum() >= 3
    assert (both & shirt).sum() >= 1 and (both & legs).sum() >= 1


def test_where_both_garments_are_worn_the_larger_offset_holds_the_outline() -> None:
    """The smooth maximum is the larger offset far from the meeting, exact at it, and its
    derivative goes to the larger one."""
    top = torch.tensor(0.8, dtype=torch.float64, requires_grad=True)
    trousers = torch.tensor(-0.2, dtype=torch.float64, requires_grad=True)
    larger = smooth_max(top, trousers)
    larger.backward()
    assert larger.item() == pytest.approx(0.8 - SMOOTH_MAX_CM / 2, abs=2e-3)
    assert top.grad.item() == pytest.approx(1.0, abs=1e-3)
    assert trousers.grad.item() == pytest.approx(0.0, abs=1e-3)
    same = torch.tensor(0.3, dtype=torch.float64)
    assert smooth_max(same, same).item() == pytest.approx(0.3, abs=1e-12)
    assert smooth_max(trousers.detach(), top.detach()).item() == pytest.approx(larger.item())


@pytest.mark.parametrize("seed", range(5))
def test_the_one_pass_edge_choice_is_the_dense_one(seed: int) -> None:
    rng = np.random.default_rng(seed)
    count = 4000
    px = rng.uniform(0, 500, count)
    py = rng.uniform(0, 800, count)
    first = rng.integers(0, count, 3000)
    second = (first + rng.integers(1, 5, 3000)) % count
    edges = np.stack([first, second], axis=1)
    rows = np.linspace(10.0, 790.0, ROW_COUNT)
    (dense_left, dense_right), dense_found = _outermost_dense(
        *(torch.as_tensor(v) for v in (px, py, rows, first, second))
    )
    (sparse_left, sparse_right), sparse_found = _outermost_sparse(px, py, rows, edges)
    assert torch.equal(dense_found, sparse_found)
    found = dense_found.numpy()

    def crossing(chosen: torch.Tensor) -> np.ndarray:
        a, b = first[chosen.numpy()], second[chosen.numpy()]
        return px[a] + (rows - py[a]) / (py[b] - py[a]) * (px[b] - px[a])

    assert np.allclose(crossing(dense_left)[found], crossing(sparse_left)[found])
    assert np.allclose(crossing(dense_right)[found], crossing(sparse_right)[found])


def headed(*, hair: bool, side: bool) -> Silhouette:
    """A blocky person with a head (rows 100-160) wider than the neck (160-220) below it;
    ``hair`` falls from the head down to the shoulders: over both sides of the neck seen from
    the front, down the back of the neck seen from the side (facing left: the back is the
    right edge)."""
    mask = np.zeros((HEIGHT, WIDTH), dtype=bool)
    mask[TOP:160, 170:231] = True  # the head: its back at column 230
    if side:
        mask[160:220, 180:216] = True  # the neck: the nape 15 px in front of the head's back
        mask[220 : BOTTOM + 1, 170:240] = True
        if hair:
            mask[150:260, 200:233] = True  # hair down the back, past the back of the head
    else:
        mask[160:220, 185:216] = True  # the neck: half the head's width
        mask[220 : BOTTOM + 1, 150:251] = True
        if hair:
            mask[150:240, 166:235] = True  # hair on both sides of the neck
    return Silhouette(mask=mask, top=TOP, bottom=BOTTOM, axis_x=float(AXIS))


@pytest.mark.parametrize("side", [False, True], ids=["front", "side"])
def test_long_hair_over_the_neck_is_seen_in_either_view_and_a_bare_neck_is_not(
    side: bool,
) -> None:
    azimuth = 90.0 if side else 0.0
    bare = observe(headed(hair=False, side=side), azimuth, 1500.0, WIDTH, HEIGHT)
    haired = observe(headed(hair=True, side=side), azimuth, 1500.0, WIDTH, HEIGHT)
    other = observe(headed(hair=False, side=not side), 90.0 - azimuth, 1500.0, WIDTH, HEIGHT)
    assert not long_hair([bare, other])
    assert long_hair([haired]) and long_hair([haired, other])


def test_where_long_hair_is_seen_the_outline_down_its_length_is_only_an_upper_bound() -> None:
    front = observe(headed(hair=True, side=False), 0.0, 1500.0, WIDTH, HEIGHT)
    side = observe(headed(hair=True, side=True), 90.0, 1500.0, WIDTH, HEIGHT)
    short_front = _observed_tensors(front, 0.0)
    long_front = _observed_tensors(front, 0.0, hair=True)
    long_side = _observed_tensors(side, 0.0, hair=True)
    in_band = (HAIR_FRONT_ROWS[0] <= ROW_FRACTIONS) & (HAIR_FRONT_ROWS[1] >= ROW_FRACTIONS)
    # Without long hair seen: a body inside the outline over the neck costs a share only.
    assert np.allclose(short_front.hair_left.numpy()[in_band], HAIR_WEIGHT)
    assert np.allclose(short_front.hair_left.numpy()[~in_band], 1.0)
    # With it: nothing, both sides of a front view from the top down to the hair's end...
    down_front = LONG_HAIR_FRONT_ROWS[1] >= ROW_FRACTIONS
    for weights in (long_front.hair_left.numpy(), long_front.hair_right.numpy()):
        assert np.all(weights[down_front] == 0.0) and np.all(weights[~down_front] == 1.0)
    # ...and down the back of a side view (the right edge), never its front.
    down_back = LONG_HAIR_BACK_ROWS[1] >= ROW_FRACTIONS
    assert np.all(long_side.hair_right.numpy()[down_back] == 0.0)
    assert np.all(long_side.hair_right.numpy()[~down_back] == 1.0)
    assert np.all(long_side.hair_left.numpy() == 1.0)
    assert (
        LONG_HAIR_BACK_ROWS[1] > HAIR_BACK_ROWS[1] and LONG_HAIR_FRONT_ROWS[1] > HAIR_FRONT_ROWS[1]
    )
