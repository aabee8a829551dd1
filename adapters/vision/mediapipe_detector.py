"""The PersonDetector over MediaPipe's legacy solutions (the models its 0.10.21 wheel ships).

Three bundled models, no download: BlazePose GHUM (``pose_landmark_full``: 33 landmarks and
the person's segmentation; only model_complexity=1 ships), the full-range face detector
(people up to about 5 m) and the selfie segmenter (every person in the picture). BlazePose
follows one person only, so people are counted from the other two: the large regions of the
person segmentation and the faces that lie on a person but not on the main one.

A whole body small in a large frame (4 m away, a low camera) may be below what the pose model
finds in the whole picture, and a person in a wide landscape frame may get landmarks lying on
their side: it then looks again at a square around the largest person region the segmenter
finds, and the landmarks and mask are carried back to the whole picture.

A whole body 3 m away has a face of a few pixels at the face detector's input size: when no
face lies on the main person, the detector looks again at a square around the head the pose
landmarks place. The findings also carry the top of the person's silhouette, from which the
photo checks tell a head from landmarks the pose model places where there is none.

MediaPipe graphs are not thread-safe: each thread borrows a set of models from a small pool.
A newer MediaPipe (the Tasks API with .task model bundles) replaces this file, not the port.
"""

from __future__ import annotations

import contextlib
import math
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from application.ports import GrayImage, PersonAnalysis, RgbImage
from domain.photo_checks import MAX_LEAN_DEG, Keypoint, PersonFindings, torso_lean_deg

MIN_CONFIDENCE = 0.5
# A second region counts as a person when it is at least this share of the main person's
# region, and at least this share of the picture (specks and shadows do not).
PERSON_REGION_SHARE = 0.25
PERSON_IMAGE_SHARE = 0.005
FACE_CROP_MIN_PX = 48  # the smallest square looked at again for a face around the head
# Where the pose model finds no one in the whole picture, or a person lying on their side in
# it: the squares looked at again around the largest person region, in turn until one shows
# someone upright, as multiples of that region's height (at most the picture's shorter side;
# BlazePose's answer can change with a few pixels of framing).
POSE_CROP_SCALES = (1.5, 1.25, 1.1)


@dataclass
class _Models:
    pose: Any
    faces: Any
    people: Any

    def close(self) -> None:
        for model in (self.pose, self.faces, self.people):
            model.close()


def _load() -> _Models:
    from mediapipe.python.solutions import face_detection, pose, selfie_segmentation

    return _Models(
        pose=pose.Pose(
            static_image_mode=True,
            model_complexity=1,  # the only pose model the wheel ships
            enable_segmentation=True,
            min_detection_confidence=MIN_CONFIDENCE,
        ),
        faces=face_detection.FaceDetection(
            model_selection=1, min_detection_confidence=MIN_CONFIDENCE
        ),
        people=selfie_segmentation.SelfieSegmentation(model_selection=0),
    )


def _landmark_names() -> list[str]:
    from mediapipe.python.solutions.pose import PoseLandmark

    return [landmark.name.lower() for landmark in PoseLandmark]


class MediaPipePersonDetector:
    def __init__(self, instances: int = 2) -> None:
        self._instances = max(1, instances)
        self._pool: queue.LifoQueue[_Models] = queue.LifoQueue()
        self._created = 0
        self._lock = threading.Lock()
        self._names: list[str] | None = None

    @property
    def name(self) -> str:
        return (
            f"mediapipe {version('mediapipe')}: pose_landmark_full, face_detection_full_range, "
            "selfie_segmentation"
        )

    def warm_up(self) -> None:
        """Load one set of models now rather than on the first photo (about 0.3 s)."""
        with self._borrow():
            pass

    def close(self) -> None:
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return

    @contextlib.contextmanager
    def _borrow(self) -> Iterator[_Models]:
        with self._lock:
            if self._names is None:
                self._names = _landmark_names()
            create = self._pool.empty() and self._created < self._instances
            if create:
                self._created += 1
        models = _load() if create else self._pool.get()
        try:
            yield models
        finally:
            self._pool.put(models)

    def detect(self, image: RgbImage, *, with_mask: bool = False) -> PersonAnalysis:
        pixels = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.width, 3)
        height, width = pixels.shape[:2]
        keypoints: list[Keypoint] = []
        person = np.zeros((height, width), dtype=bool)
        soft_mask: NDArray[np.float32] | None = None
        with self._borrow() as models:
            pose = models.pose.process(pixels)
            faces = models.faces.process(pixels)
            people = models.people.process(pixels)
            everyone = np.asarray(people.segmentation_mask) > 0.5
            assert self._names is not None
            box = (0, 0, height, width)  # where the pose model looked: top, left, bottom, right
            keypoints = _landmarks(pose, self._names, box, width, height)
            for scale in POSE_CROP_SCALES:
                if _upright(keypoints, width / height):
                    break
                square = _around_largest_region(everyone, scale)
                if square is None:
                    break
                again = models.pose.process(
                    np.ascontiguousarray(pixels[square[0] : square[2], square[1] : square[3]])
                )
                found = _landmarks(again, self._names, square, width, height)
                if found and (not keypoints or _upright(found, width / height)):
                    pose, box, keypoints = again, square, found
            if keypoints and pose.segmentation_mask is not None:
                top, left, bottom, right = box
                soft_mask = np.zeros((height, width), dtype=np.float32)
                soft_mask[top:bottom, left:right] = np.asarray(
                    pose.segmentation_mask, dtype=np.float32
                )
                person = soft_mask > 0.5
            face_centres = _distinct_faces(faces.detections or [], width, height)
            # A face a few pixels wide (a whole body 3 m away) is below what the detector sees
            # in the whole picture at its input size: look again, closer, where the pose
            # model puts the head.
            faces_near_head = 0
            if keypoints and not _any_on(person, face_centres):
                faces_near_head = _faces_near_head(models.faces, pixels, keypoints)
        others = _other_people(everyone, person, face_centres, bool(keypoints))
        extent = _silhouette_extent(person, keypoints)
        findings = PersonFindings(
            people=(1 if keypoints else 0) + others,
            faces=len(face_centres) + faces_near_head,
            keypoints=keypoints,
            touches_top=bool(person[0].any()),
            touches_bottom=bool(person[-1].any()),
            aspect_ratio=width / height,
            silhouette_top=extent[0] if extent else None,
            silhouette_bottom=extent[1] if extent else None,
        )
        mask = None
        if with_mask:
            values = soft_mask if soft_mask is not None else everyone.astype(np.float32)
            gray = np.clip(values * 255.0 + 0.5, 0, 255).astype(np.uint8)
            mask = GrayImage(width, height, gray.tobytes())
        return PersonAnalysis(findings=findings, mask=mask)


def _landmarks(
    pose: Any, names: list[str], box: tuple[int, int, int, int], width: int, height: int
) -> list[Keypoint]:
    """The pose model's landmarks from a look at ``box`` (top, left, bottom, right) of a
    picture ``width`` x ``height``, as fractions of the whole picture; none if it found no
    one."""
    if pose.pose_landmarks is None:
        return []
    top, left, bottom, right = box
    return [
        Keypoint(
            name,
            (left + float(mark.x) * (right - left)) / width,
            (top + float(mark.y) * (bottom - top)) / height,
            float(mark.visibility),
        )
        for name, mark in zip(names, pose.pose_landmarks.landmark, strict=True)
    ]


def _upright(keypoints: list[Keypoint], aspect_ratio: float) -> bool:
    """Whether ``keypoints`` (fractions of a picture of ``aspect_ratio``, width / height) show
    someone whose torso leans no more than the person check allows (``MAX_LEAN_DEG``)."""
    if not keypoints:
        return False
    lean = torso_lean_deg({point.name: point for point in keypoints}, aspect_ratio)
    return lean is None or lean <= MAX_LEAN_DEG


def _around_largest_region(
    everyone: NDArray[np.bool_], scale: float
) -> tuple[int, int, int, int] | None:
    """A square (top, left, bottom, right) of ``scale`` times the height of the largest
    person region (at most the picture's shorter side), around it and moved inside
    the picture; None without a region large enough to be a person (``PERSON_IMAGE_SHARE``)
    or when the square is the whole picture."""
    height, width = everyone.shape
    count, _, stats, _ = cv2.connectedComponentsWithStats(everyone.astype(np.uint8), 8)
    if count <= 1:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, w, h, area = (int(v) for v in stats[largest])
    if area < PERSON_IMAGE_SHARE * height * width:
        return None
    side = min(math.ceil(max(h, w) * scale), height, width)
    top = int(np.clip(round(y + h / 2.0 - side / 2.0), 0, height - side))
    left = int(np.clip(round(x + w / 2.0 - side / 2.0), 0, width - side))
    if side == height == width:
        return None  # the whole picture again: nothing new to look at
    return top, left, top + side, left + side


def _any_on(person: NDArray[np.bool_], centres: list[tuple[float, float]]) -> bool:
    """Whether one of the points (fractions of the picture) lies on the person's mask."""
    height, width = person.shape
    for x, y in centres:
        column, row = int(np.clip(x * width, 0, width - 1)), int(np.clip(y * height, 0, height - 1))
        if person[row, column]:
            return True
    return False


def _faces_near_head(detector: Any, pixels: NDArray[np.uint8], keypoints: list[Keypoint]) -> int:
    """1 if the face detector finds a face in a square around the head the pose landmarks
    place (about 2.5 times the nose-to-shoulders distance across), else 0."""
    points = {point.name: point for point in keypoints}
    names = ("nose", "left_shoulder", "right_shoulder")
    if not all(name in points and points[name].in_frame for name in names):
        return 0
    height, width = pixels.shape[:2]
    nose_x, nose_y = points["nose"].x * width, points["nose"].y * height
    shoulder_x = (points["left_shoulder"].x + points["right_shoulder"].x) / 2 * width
    shoulder_y = (points["left_shoulder"].y + points["right_shoulder"].y) / 2 * height
    half = max(1.25 * math.hypot(nose_x - shoulder_x, nose_y - shoulder_y), FACE_CROP_MIN_PX / 2)
    left, top = max(0, int(nose_x - half)), max(0, int(nose_y - half))
    right, bottom = min(width, int(nose_x + half) + 1), min(height, int(nose_y + half) + 1)
    if right - left < 16 or bottom - top < 16:
        return 0
    crop = np.ascontiguousarray(pixels[top:bottom, left:right])
    return 1 if detector.process(crop).detections else 0


def _silhouette_extent(
    person: NDArray[np.bool_], keypoints: list[Keypoint]
) -> tuple[float, float] | None:
    """The top and the bottom of the main person's silhouette (fractions of the picture's
    height): the highest and the lowest row of the mask's region that holds the middle of
    the shoulders (the largest region if that point is off the mask). None without a mask
    or shoulders."""
    points = {point.name: point for point in keypoints}
    if not person.any() or not all(n in points for n in ("left_shoulder", "right_shoulder")):
        return None
    height, width = person.shape
    count, labels, stats, _ = cv2.connectedComponentsWithStats(person.astype(np.uint8), 8)
    x = (points["left_shoulder"].x + points["right_shoulder"].x) / 2
    y = (points["left_shoulder"].y + points["right_shoulder"].y) / 2
    column, row = int(np.clip(x * width, 0, width - 1)), int(np.clip(y * height, 0, height - 1))
    label = int(labels[row, column])
    if label == 0:
        label = 1 + int(np.argmax(stats[1:count, cv2.CC_STAT_AREA]))
    top = int(stats[label, cv2.CC_STAT_TOP])
    return top / height, (top + int(stats[label, cv2.CC_STAT_HEIGHT])) / height


def _distinct_faces(detections: list[Any], width: int, height: int) -> list[tuple[float, float]]:
    """Centres (fractions of the image) of the detected faces, one per head: the detector may
    find one head twice, in boxes that overlap."""
    found: list[tuple[float, float, float]] = []  # x, y in pixels, box size
    for detection in detections:
        box = detection.location_data.relative_bounding_box
        x = (box.xmin + box.width / 2) * width
        y = (box.ymin + box.height / 2) * height
        size = max(box.width * width, box.height * height)
        if all(math.hypot(x - fx, y - fy) > 1.5 * max(size, fsize) for fx, fy, fsize in found):
            found.append((x, y, size))
    return [(x / width, y / height) for x, y, _ in found]


def _other_people(
    everyone: NDArray[np.bool_],
    person: NDArray[np.bool_],
    face_centres: list[tuple[float, float]],
    main_found: bool,
) -> int:
    """People besides the main one: large person regions apart from it, or faces on a person
    region that is not the main person's."""
    height, width = everyone.shape
    count, labels, stats, _ = cv2.connectedComponentsWithStats(everyone.astype(np.uint8), 8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    main_labels: set[int] = set()
    if main_found and person.any():
        overlap = np.bincount(labels[person], minlength=count)
        overlap[0] = 0
        if overlap.max() > 0:
            main_labels.add(int(overlap.argmax()))
        # A segmenter may split one person in two (at a belt, at shorts the colour of the
        # background): a region lying mostly on the main person's own mask is the person.
        main_labels.update(
            label for label in range(1, count) if overlap[label] >= 0.5 * areas[label - 1]
        )
    main_area = max((int(areas[label - 1]) for label in main_labels), default=0)
    reference = max(main_area, int(areas.max()) if areas.size else 0)
    threshold = max(PERSON_REGION_SHARE * reference, PERSON_IMAGE_SHARE * height * width)
    regions = {
        label
        for label in range(1, count)
        if label not in main_labels and areas[label - 1] >= threshold
    }
    face_regions: set[int] = set()
    faces_on_main = 0
    for x, y in face_centres:
        column, row = int(np.clip(x * width, 0, width - 1)), int(np.clip(y * height, 0, height - 1))
        label = int(labels[row, column])
        if label in main_labels:
            faces_on_main += 1
        elif label != 0:
            face_regions.add(label)
    others = regions | face_regions
    if not main_found:
        return len(others)  # the people the pose model could not single out
    # Two people standing close make one region: their faces still tell them apart.
    return len(others) + max(0, faces_on_main - 1)
