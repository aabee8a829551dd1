"""The keypoints kept beside each processed photo for the measurement step and the analysis."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from domain.photo import ViewType
from domain.photo_checks import Keypoint, PersonFindings


@dataclass(frozen=True, slots=True)
class PhotoKeypoints:
    """The person a detector found in a photo: keypoints with x, y as fractions of the
    analysed picture (``width_px`` by ``height_px``, the size of the mask kept beside it)."""

    view_type: ViewType
    keypoints: tuple[Keypoint, ...]
    width_px: int
    height_px: int
    original_width_px: int
    original_height_px: int
    people: int = 1
    faces: int = 1
    detector: str = ""

    @classmethod
    def of(
        cls,
        view_type: ViewType,
        findings: PersonFindings,
        size: tuple[int, int],
        original_size: tuple[int, int],
        detector: str,
    ) -> PhotoKeypoints:
        """What ``detector`` found in the analysed picture of ``size`` (the upload was
        ``original_size``)."""
        keypoints: Sequence[Keypoint] = findings.keypoints
        return cls(
            view_type=view_type,
            keypoints=tuple(keypoints),
            width_px=size[0],
            height_px=size[1],
            original_width_px=original_size[0],
            original_height_px=original_size[1],
            people=findings.people,
            faces=findings.faces,
            detector=detector,
        )


class KeypointsFormat(Protocol):
    """The stored form of ``PhotoKeypoints`` (a file in the blob store, docs/storage.md)."""

    @property
    def media_type(self) -> str:
        """The Content-Type the file is stored with."""
        ...

    def write(self, keypoints: PhotoKeypoints) -> bytes:
        """The file's bytes."""
        ...

    def read(self, data: bytes) -> PhotoKeypoints:
        """The keypoints of a file ``write`` made (or an older one of the same format)."""
        ...
