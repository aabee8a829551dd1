"""What some adapters can do beyond their port, declared once: the entrypoints ask with
``isinstance(x, WarmsUp)`` instead of looking for an attribute by name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable


@runtime_checkable
class WarmsUp(Protocol):
    """An adapter whose first call would load something slow (an inference session)."""

    def warm_up(self) -> None:
        """Load it now; synchronous and CPU-bound (run it in a thread)."""
        ...


@runtime_checkable
class Closeable(Protocol):
    """An adapter holding a connection or a pool to let go of at shutdown."""

    async def close(self) -> None:
        """Release it; the adapter is not used afterwards."""
        ...


@runtime_checkable
class ReadsPhotoPixels(Protocol):
    """A shape estimator that reads the photos themselves, not only masks and keypoints:
    each ``ProcessedView`` it gets carries the decoded photo."""

    needs_images: bool


@runtime_checkable
class ReportsInference(Protocol):
    """An adapter that runs inference models and can say on what."""

    @property
    def inference(self) -> Mapping[str, str]:
        """Each model's name and the execution provider running it (TensorRT, CUDA, CPU)."""
        ...


def reads_photo_pixels(estimator: object) -> bool:
    """Whether ``estimator`` wants the decoded photos with each view."""
    return isinstance(estimator, ReadsPhotoPixels) and estimator.needs_images


def inference_of(adapter: object) -> dict[str, str]:
    """What ``adapter`` runs its models on; empty if it runs none."""
    return dict(adapter.inference) if isinstance(adapter, ReportsInference) else {}
