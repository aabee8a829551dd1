"""How handlers ask for what the container provides: by name, without per-request checks."""

from __future__ import annotations

from typing import TypeVar

from litestar.di import NamedDependency
from litestar.params import SkipValidation

T = TypeVar("T")

# A dependency resolved once from the container (or per request, for the viewer); its type is
# ours, so Litestar need not validate it on every call (Protocols cannot be isinstance-checked).
Injected = SkipValidation[NamedDependency[T]]
