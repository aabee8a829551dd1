"""The parametric body model: fitting a body to measurements, building and measuring it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from domain.measurements import Gender as Gender  # re-exported: part of the ports


@dataclass(frozen=True, slots=True)
class BodyShape:
    """The parameters of a parametric body model: enough to rebuild the same body.

    ``model_name`` / ``model_version`` name the model (and its data) that reads
    ``parameters``; a shape is only meaningful to the model that made it.
    """

    model_name: str
    model_version: str
    parameters: Mapping[str, float]


class BodyMesh(Protocol):
    """One built body: a rigged, skinned triangle mesh with texture coordinates.

    The geometry itself (arrays) stays in the adapters; the application only needs to pass
    it from the body model to the exporter and to know its size. Convention shared by every
    adapter: metres, Z up, the body facing -Y, its left side on +X, the soles on z = 0.
    """

    @property
    def vertex_count(self) -> int: ...

    @property
    def face_count(self) -> int: ...

    @property
    def bone_count(self) -> int: ...


@dataclass(frozen=True, slots=True)
class FitRequest:
    """Measurements a body should have (cm, kg); any subset with at least the height.

    ``gender`` also says which girth ``chest`` is: the bust of a woman, the chest girth under
    the armpits otherwise (``domain.measurements.chest_girth_for``, ADR 42).
    """

    measurements: Mapping[str, float]
    gender: Gender | None = None


@dataclass(frozen=True, slots=True)
class FittedBody:
    """A body fitted to a request, with every measurement taken on it.

    ``measurements`` holds every measurement the engine takes (cm, kg); ``confidence`` is in
    [0, 1] per measurement: high for a given value the fit matched, lower for a value filled
    from the population, from the spread of its conditional distribution; ``given`` names
    the measurements that came from the request.
    """

    shape: BodyShape
    measurements: Mapping[str, float]
    confidence: Mapping[str, float]
    given: frozenset[str]
    fit_residuals: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MeasurementAnomaly:
    """A measurement that disagrees with the rest of the vector: no human body is like that."""

    name: str
    value: float
    expected: float  # the value the other measurements predict
    spread: float  # one standard deviation of that prediction
    disagrees_with: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ModelReadiness:
    """Whether the body model can serve a request now, or must first build its data."""

    ready: bool
    detail: str


class BodyModel(Protocol):
    """A parametric body model with its measurement engine and population statistics."""

    @property
    def name(self) -> str: ...

    def readiness(self) -> ModelReadiness:
        """Cheap: never builds anything."""
        ...

    async def warm_up(self) -> None:
        """Build or load the model's data now, so no request waits for it later."""
        ...

    async def fit(self, request: FitRequest) -> FittedBody:
        """A body whose measurements match the request; the missing ones from the population."""
        ...

    async def build(self, shape: BodyShape) -> BodyMesh:
        """The body of ``shape``, in the measurement stance."""
        ...

    async def measure(self, shape: BodyShape, gender: Gender | None = None) -> Mapping[str, float]:
        """Every measurement (cm, kg) taken on the body of ``shape``; ``gender`` says which
        girth ``chest`` is (``domain.measurements.chest_girth_for``)."""
        ...

    async def anomalies(
        self, measurements: Mapping[str, float], gender: Gender | None = None
    ) -> Sequence[MeasurementAnomaly]:
        """The measurements of the vector that no body of the population would have together."""
        ...
