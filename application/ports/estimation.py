"""Estimation: measuring a body from processed photos."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from application.ports.body import BodyShape
from application.ports.imaging import GrayImage, RgbImage
from domain.photo import ViewType
from domain.photo_checks import BodyHints, Keypoint


@dataclass(frozen=True, slots=True)
class ShapeEstimate:
    shape: BodyShape
    measurements: Mapping[str, float]
    confidence: Mapping[str, float]
    metadata: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProcessedView:
    """One processed photo as the measurement step reads it (docs/storage.md): the person
    mask and keypoints the photo intake stored, at the analysed picture's size."""

    view_type: ViewType
    mask: GrayImage  # the person's segmentation, 0 (background) to 255 (person)
    keypoints: Sequence[Keypoint]  # x, y as fractions of the analysed picture
    focal_length_px: float | None = None  # in pixels of the analysed picture, from EXIF
    image: RgbImage | None = None  # the photo itself, for estimators that read pixels


class EstimationProgress(Protocol):
    def __call__(self, stage: str, progress: float) -> None:
        """``stage``: photo_processing, measurement_extraction or model_generation;
        ``progress`` in [0, 1] within the stage."""
        ...


class ShapeEstimator(Protocol):
    async def estimate(
        self,
        views: Sequence[ProcessedView],
        hints: BodyHints,
        progress: EstimationProgress | None = None,
    ) -> ShapeEstimate:
        """A body, every measurement and its confidence from a front and a side view and
        the optional height and weight. The chest is the one of ``hints.gender``
        (``domain.measurements.chest_girth_for``). Raises ``PhotoMeasurementFailed`` (with a
        reason a user can act on, and whether a new photo would help) when the views cannot
        be measured."""
        ...
