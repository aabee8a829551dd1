"""What makes a photo usable for measuring a body: size, format, resolution and content.

Pure rules over facts an image library and a person detector establish (spec 2.2.2, 8.3).
Each rule refuses with ``PhotoRejected``, whose ``reason`` is the stable short phrase a client
can show ("feet not visible") and whose ``kind`` says which check failed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import DomainError, InvalidValue
from domain.measurements import SPECS_BY_NAME, Gender
from domain.photo import ViewType


class ImageFormat(StrEnum):
    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    HEIC = "heic"

    @property
    def mime_type(self) -> str:
        return f"image/{self.value}"

    @property
    def extension(self) -> str:
        return "jpg" if self is ImageFormat.JPEG else self.value


# What a client may upload as is (a signed direct upload names one of these types); HEIC, where
# the server reads it, is accepted in a request and stored as its clean re-encoded copy.
UPLOAD_FORMATS = (ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.WEBP)


class Check(StrEnum):
    """The checks in the order they run; the first that fails is reported."""

    EMPTY = "empty"
    SIZE = "size"
    FORMAT = "format"
    MALWARE = "malware"
    DECODING = "decoding"
    RESOLUTION = "resolution"
    CONTENT = "content"


class PhotoRejected(DomainError):
    """A photo failed a check; nothing of it is stored."""

    def __init__(self, check: Check, reason: str, *, field: str | None = None) -> None:
        super().__init__(reason, field=field)
        self.check = check
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PhotoLimits:
    max_bytes: int = 10 * 1024 * 1024  # spec 8.3
    min_side_px: int = 512
    max_side_px: int = 4096

    def check_size(self, size_bytes: int) -> None:
        if size_bytes == 0:
            raise PhotoRejected(Check.EMPTY, "the file is empty")
        if size_bytes > self.max_bytes:
            raise PhotoRejected(
                Check.SIZE, f"the file is larger than the limit of {self.max_bytes} bytes"
            )

    def check_resolution(self, width: int, height: int) -> None:
        """Both sides within [min_side_px, max_side_px], measured after EXIF orientation."""
        low, high = self.min_side_px, self.max_side_px
        if width < low or height < low:
            raise PhotoRejected(
                Check.RESOLUTION,
                f"the image is {width}x{height} pixels; at least {low}x{low} is needed",
            )
        if width > high or height > high:
            raise PhotoRejected(
                Check.RESOLUTION,
                f"the image is {width}x{height} pixels; at most {high}x{high} is accepted",
            )


class Clothing(StrEnum):
    """What the person wears in the photos: how far the outline may lie from the skin."""

    TIGHT = "tight"  # underwear, swimwear, sports wear that follows the body
    REGULAR = "regular"  # a fitted T-shirt and jeans: 0.5-2 cm off the skin
    LOOSE = "loose"  # loose tops and trousers, skirts, dresses: 3-6 cm and more


@dataclass(frozen=True, slots=True)
class BodyHints:
    """What the user says about the body in the photos: the measurement step's scale, the
    gender the body model is fitted with, and what the person wears (None: not said)."""

    height_cm: float | None = None
    weight_kg: float | None = None
    gender: Gender | None = None
    clothing: Clothing | None = None

    def __post_init__(self) -> None:
        for name, field, value in (
            ("height", "heightCm", self.height_cm),
            ("weight", "weightKg", self.weight_kg),
        ):
            spec = SPECS_BY_NAME[name]
            if value is not None and not spec.minimum <= value <= spec.maximum:
                unit = "cm" if name == "height" else "kg"
                raise InvalidValue(
                    f"{field} must lie between {spec.minimum:g} and {spec.maximum:g} {unit}",
                    field=field,
                )

    @property
    def empty(self) -> bool:
        return (
            self.height_cm is None
            and self.weight_kg is None
            and self.gender is None
            and self.clothing is None
        )

    def updated_with(self, newer: BodyHints) -> BodyHints:
        """These hints with what ``newer`` says; what it leaves out (None) stays as it was."""
        return BodyHints(
            height_cm=self.height_cm if newer.height_cm is None else newer.height_cm,
            weight_kg=self.weight_kg if newer.weight_kg is None else newer.weight_kg,
            gender=self.gender if newer.gender is None else newer.gender,
            clothing=self.clothing if newer.clothing is None else newer.clothing,
        )


@dataclass(frozen=True, slots=True)
class Keypoint:
    """A body landmark in the image: x, y as fractions of its width and height (they may lie
    outside [0, 1] for a landmark the detector places outside the frame); ``visibility`` is the
    detector's confidence, in [0, 1], that the landmark is in view and not hidden."""

    name: str
    x: float
    y: float
    visibility: float

    @property
    def in_frame(self) -> bool:
        return 0.0 <= self.x <= 1.0 and 0.0 <= self.y <= 1.0


@dataclass(frozen=True, slots=True)
class PersonFindings:
    """What a person detector saw in one photo."""

    people: int
    faces: int
    keypoints: Sequence[Keypoint]  # of the main person; empty if none was found
    touches_top: bool = False  # the main person's silhouette reaches the image's top edge
    touches_bottom: bool = False
    aspect_ratio: float = 1.0  # width / height of the image the keypoints are fractions of
    # The top and the bottom of the main person's silhouette, as fractions of the image's
    # height (None: the detector has no silhouette): where the head and the soles end, for a
    # person standing.
    silhouette_top: float | None = None
    silhouette_bottom: float | None = None


VISIBLE = 0.5
HEAD = ("nose", "left_eye", "right_eye", "left_ear", "right_ear")
FACE = ("nose", "left_eye", "right_eye")
# A head and neck rise above the shoulders by about 0.6 of the shoulders-to-hips length
# (0.67-0.85 on photos of whole bodies 2-4 m away); a body whose head is missing shows only
# the neck (under 0.2). Pose models place head landmarks, with full visibility, even where
# there is no head: the silhouette decides.
MIN_HEAD_TO_TORSO = 0.35
FEET = {
    "left": ("left_ankle", "left_heel", "left_foot_index"),
    "right": ("right_ankle", "right_heel", "right_foot_index"),
}
# Pose models are unsure of feet under trouser hems, seen from the side or small (a side
# view's feet at 0.3-0.5 visibility though they stand in the picture): then the silhouette
# decides. It must reach down to a foot's lowest landmark, less this share of the
# shoulders-to-hips length (about 3 cm; feet hidden behind something end the silhouette at
# the ankles or higher, 5 cm and more above the heel's landmark).
FOOT_REACH_MARGIN = 0.1
MAX_LEAN_DEG = 30.0
WHOLE_BODY_VIEWS = frozenset({ViewType.FRONT, ViewType.SIDE})
FACE_VIEWS = frozenset({ViewType.FRONT})


def _seen(keypoints: dict[str, Keypoint], name: str) -> bool:
    point = keypoints.get(name)
    return point is not None and point.in_frame and point.visibility >= VISIBLE


def torso_lean_deg(points: dict[str, Keypoint], aspect_ratio: float) -> float | None:
    """The angle between the image's vertical and the line from the hips to the shoulders
    (180 for a person upside down); None without those four landmarks."""
    names = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")
    if not all(name in points for name in names):
        return None
    shoulder_x = (points["left_shoulder"].x + points["right_shoulder"].x) / 2 * aspect_ratio
    shoulder_y = (points["left_shoulder"].y + points["right_shoulder"].y) / 2
    hip_x = (points["left_hip"].x + points["right_hip"].x) / 2 * aspect_ratio
    hip_y = (points["left_hip"].y + points["right_hip"].y) / 2
    up_x, up_y = shoulder_x - hip_x, hip_y - shoulder_y  # image y grows downwards
    if up_x == 0 and up_y == 0:
        return None
    return abs(math.degrees(math.atan2(up_x, up_y)))


def _torso_rows(points: dict[str, Keypoint]) -> tuple[float, float] | None:
    """The rows (fractions of the picture's height) of the middle of the shoulders and of the
    hips; None without them or with the hips not below the shoulders."""
    names = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")
    if not all(name in points for name in names):
        return None
    shoulders = (points["left_shoulder"].y + points["right_shoulder"].y) / 2
    hips = (points["left_hip"].y + points["right_hip"].y) / 2
    return (shoulders, hips) if hips > shoulders else None


def _head_to_torso(points: dict[str, Keypoint], silhouette_top: float | None) -> float | None:
    """How far the silhouette rises above the shoulders, as a share of the shoulders-to-hips
    length; None without the silhouette, the shoulders or the hips."""
    torso = _torso_rows(points)
    if silhouette_top is None or torso is None:
        return None
    shoulders, hips = torso
    return (shoulders - silhouette_top) / (hips - shoulders)


def _silhouette_reaches_a_foot(
    points: dict[str, Keypoint], silhouette_bottom: float | None
) -> bool:
    """Whether the pose landmarks of one foot lie in the picture (however unsure the model
    is of them) and the silhouette reaches down to that foot's lowest landmark, within
    ``FOOT_REACH_MARGIN`` of the shoulders-to-hips length; False without the silhouette, the
    shoulders or the hips."""
    torso = _torso_rows(points)
    if silhouette_bottom is None or torso is None:
        return False
    margin = FOOT_REACH_MARGIN * (torso[1] - torso[0])
    for foot in FEET.values():
        marks = [points.get(name) for name in foot]
        if all(mark is not None and mark.in_frame for mark in marks):
            lowest = max(mark.y for mark in marks if mark is not None)
            if silhouette_bottom >= lowest - margin:
                return True
    return False


def check_person(view_type: ViewType, findings: PersonFindings) -> None:
    """Exactly one person; for front and side views the whole body, head to feet; a face where
    the view shows one. ``PhotoRejected`` (content) with the first problem found.

    The head: not cut off by the top edge, and shown either by a face the detector found or,
    when it found none (a face a few pixels wide at full-body distance, a face covered), by
    the pose landmarks of the head seen inside the picture with the silhouette rising a
    head's height above the shoulders. A front view without a face needs the face's
    landmarks (nose and eyes) seen: the person faces the camera. The feet: not cut off by
    the bottom edge, and shown either by one foot's landmarks seen or, when the pose model
    is unsure of every one (feet under trouser hems, seen from the side), by the silhouette
    reaching down to where it places a foot."""
    if findings.people > 1:
        raise PhotoRejected(Check.CONTENT, f"{findings.people} people found")
    if findings.people == 0 or not findings.keypoints:
        raise PhotoRejected(Check.CONTENT, "no person found")
    if view_type not in WHOLE_BODY_VIEWS:
        return
    points = {point.name: point for point in findings.keypoints}
    lean = torso_lean_deg(points, findings.aspect_ratio)
    if lean is not None and lean > MAX_LEAN_DEG:
        raise PhotoRejected(Check.CONTENT, "the person is not upright (is the photo rotated?)")
    if findings.touches_top or not any(_seen(points, name) for name in HEAD):
        raise PhotoRejected(Check.CONTENT, "head not visible")
    head = _head_to_torso(points, findings.silhouette_top)
    if findings.faces == 0 and head is not None and head < MIN_HEAD_TO_TORSO:
        raise PhotoRejected(Check.CONTENT, "head not visible")
    feet_seen = any(all(_seen(points, n) for n in foot) for foot in FEET.values())
    if not feet_seen:
        feet_seen = _silhouette_reaches_a_foot(points, findings.silhouette_bottom)
    if findings.touches_bottom or not feet_seen:
        raise PhotoRejected(Check.CONTENT, "feet not visible")
    face_seen = findings.faces > 0 or all(_seen(points, name) for name in FACE)
    if view_type in FACE_VIEWS and not face_seen:
        raise PhotoRejected(Check.CONTENT, "face not found")
