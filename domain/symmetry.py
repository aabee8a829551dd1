"""Symmetry: a score in [0, 1] and the left/right differences found, and what it can see.

Two sources, each named in the analysis (``SymmetrySource``):

- ``body_model``: left/right differences of the fitted body. The body models this service
  fits (anny, SMPL) are mirror-symmetric by construction and the profile holds one value per
  measurement (no left and right arm), so the fitted body is symmetric whatever the person
  is like: the score is 1 and says nothing about the person.
- ``photo_keypoints``: the front photo's landmarks (shoulders, hips, elbows, wrists, knees,
  ankles). They can show a tilted shoulder or hip line and a difference in arm or leg
  length as photographed. They cannot tell a body's asymmetry from a posture or a camera
  that is not square to the body, nor see girths (one thigh fuller than the other), and a
  landmark's error (about 1-2 % of the body height) bounds what is reported.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.photo_checks import Keypoint

# Differences below this share (of the torso length, or of the mean limb length) are within
# what the landmark detector itself gets wrong: not reported.
REPORTED_SHARE = 0.03
# A mean difference of this share scores 0.
ZERO_SCORE_SHARE = 0.10
MIN_VISIBILITY = 0.5


class SymmetrySource(StrEnum):
    BODY_MODEL = "body_model"
    PHOTO_KEYPOINTS = "photo_keypoints"


@dataclass(frozen=True, slots=True)
class Symmetry:
    score: float
    issues: tuple[str, ...]
    source: SymmetrySource


def fitted_body_symmetry() -> Symmetry:
    """The symmetry of a fitted body: perfect, because the body model is (see module doc)."""
    return Symmetry(score=1.0, issues=(), source=SymmetrySource.BODY_MODEL)


def _distance(a: Keypoint, b: Keypoint, aspect_ratio: float) -> float:
    return math.hypot((a.x - b.x) * aspect_ratio, a.y - b.y)


def keypoint_symmetry(keypoints: Sequence[Keypoint], aspect_ratio: float = 1.0) -> Symmetry | None:
    """The symmetry of a front photo's landmarks; None when the shoulders and hips are not
    all seen well enough. ``aspect_ratio`` is width / height of the image (x and y are
    fractions of each)."""
    points: Mapping[str, Keypoint] = {
        p.name: p for p in keypoints if p.visibility >= MIN_VISIBILITY
    }
    trunk = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")
    if not all(name in points for name in trunk):
        return None
    shoulder_mid_y = (points["left_shoulder"].y + points["right_shoulder"].y) / 2
    hip_mid_y = (points["left_hip"].y + points["right_hip"].y) / 2
    torso = abs(hip_mid_y - shoulder_mid_y)
    if torso <= 0.0:
        return None
    shares: list[float] = []
    issues: list[str] = []

    def level(part: str) -> None:
        left, right = points[f"left_{part}"], points[f"right_{part}"]
        share = abs(left.y - right.y) / torso
        shares.append(share)
        if share >= REPORTED_SHARE:
            lower = "left" if left.y > right.y else "right"  # y grows downwards
            issues.append(f"{lower} {part} sits lower by {share * 100:.0f} % of the torso length")

    def length(limb: str, chain: tuple[str, ...]) -> None:
        sides = {}
        for side in ("left", "right"):
            names = [f"{side}_{joint}" for joint in chain]
            if not all(name in points for name in names):
                return
            sides[side] = sum(
                _distance(points[a], points[b], aspect_ratio) for a, b in itertools.pairwise(names)
            )
        mean = (sides["left"] + sides["right"]) / 2
        if mean <= 0.0:
            return
        share = abs(sides["left"] - sides["right"]) / mean
        shares.append(share)
        if share >= REPORTED_SHARE:
            longer = "left" if sides["left"] > sides["right"] else "right"
            issues.append(f"{longer} {limb} looks longer by {share * 100:.0f} %")

    level("shoulder")
    level("hip")
    length("arm", ("shoulder", "elbow", "wrist"))
    length("leg", ("hip", "knee", "ankle"))
    mean_share = sum(shares) / len(shares)
    score = max(0.0, 1.0 - mean_share / ZERO_SCORE_SHARE)
    return Symmetry(
        score=round(score, 3), issues=tuple(issues), source=SymmetrySource.PHOTO_KEYPOINTS
    )
