"""Real bodies for tests: the shipped anny model, built once per test session.

The anny data cache lives where the service keeps it (AVATAR_BODY_MODEL_CACHE_DIR, else
~/.cache/avatar-service/anny), so a machine builds it once (1-2 minutes), not once per run.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from adapters.body.anny_space import AnnySpace
from adapters.body.geometry import BodyGeometry
from adapters.body.parametric import ParametricBodyModel
from adapters.body.population import Population, population_path
from application.ports import Gender

DEFAULT_CACHE = "~/.cache/avatar-service/anny"


def cache_dir() -> Path:
    return Path(os.environ.get("AVATAR_BODY_MODEL_CACHE_DIR", DEFAULT_CACHE)).expanduser()


@cache
def anny_space() -> AnnySpace:
    space = AnnySpace(cache_dir())
    space.prepare()
    return space


@cache
def anny_body_model() -> ParametricBodyModel:
    space = anny_space()
    return ParametricBodyModel(space, Population.load(population_path(space.model_name)))


@cache
def anny_geometry(gender: Gender = Gender.FEMALE) -> BodyGeometry:
    space = anny_space()
    return space.geometry(space.default(gender))
