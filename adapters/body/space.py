"""What a parametric body model must offer so the generic fitting and measuring can use it.

``adapters.body.parametric.ParametricBodyModel`` implements the ``BodyModel`` port on top of
any ``ShapeSpace`` (anny, SMPL/SMPL-X, ...): the space turns parameter vectors into bodies,
the anthropometry engine measures them, and the fitter searches the space.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from adapters.body.geometry import BodyGeometry, FloatArray, IntArray
from application.ports import BodyShape, Gender, ModelReadiness

# (stage, fraction done in [0, 1]) reported while a model builds its data.
Progress = Callable[[str, float], None]


class ShapeSpace(Protocol):
    """A body model as a function from parameter vectors to bodies in the measurement stance.

    The measurement stance is the model's A-pose: standing straight, arms away from the
    torso, feet apart enough that the legs do not touch below the crotch.
    """

    model_name: str
    model_version: str
    topology: str
    parameter_names: tuple[str, ...]  # (P,)
    lower: FloatArray  # (P,) bounds of each parameter
    upper: FloatArray  # (P,)

    def readiness(self) -> ModelReadiness:
        """Whether ``prepare`` has been done; never builds anything."""
        ...

    def prepare(self, progress: Progress | None = None) -> None:
        """Build or load the model's data; idempotent and thread-safe."""
        ...

    def default(self, gender: Gender | None) -> FloatArray:
        """The average body of the population (of one gender when given)."""
        ...

    def sample(self, rng: np.random.Generator, count: int, gender: Gender | None) -> FloatArray:
        """``count`` parameter vectors drawn from the model's adult population."""
        ...

    def gender_parameter(self, gender: Gender) -> dict[int, float]:
        """Parameter indices and the values that pin a gender (empty if gender is a model file)."""
        ...

    def surface(
        self, parameters: FloatArray, only: IntArray | None = None
    ) -> tuple[FloatArray, FloatArray]:
        """Vertices (B, V, 3) and joints (B, J, 3) for parameters (B, P), soles on z = 0.

        With ``only``, just those vertices are computed (the others are left at zero) and the
        soles are the lowest of them: a fitter that reads a few hundred vertices of thousands
        of bodies asks for those.
        """
        ...

    def geometry(self, parameters: FloatArray) -> BodyGeometry:
        """The full rigged body for one parameter vector (P,)."""
        ...


def body_shape(space: ShapeSpace, parameters: FloatArray) -> BodyShape:
    """The port's ``BodyShape`` of one parameter vector of ``space``."""
    return BodyShape(
        model_name=space.model_name,
        model_version=space.model_version,
        parameters={
            name: round(float(value), 6)
            for name, value in zip(space.parameter_names, parameters, strict=True)
        },
    )
