"""Execution providers: the fastest one present, in the order TensorRT -> CUDA -> CPU.

Asking for an accelerator the machine lacks falls back to the CPU with one warning, never an
error, so the same settings run on a GPU server and on a laptop.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

TENSORRT = "TensorrtExecutionProvider"
CUDA = "CUDAExecutionProvider"
CPU = "CPUExecutionProvider"
PREFERENCE = (TENSORRT, CUDA, CPU)
ALIASES = {"tensorrt": TENSORRT, "cuda": CUDA, "cpu": CPU}


@dataclass(frozen=True, slots=True)
class ProviderChoice:
    providers: list[tuple[str, dict[str, Any]]]
    warnings: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.providers]


def choose_providers(
    requested: Sequence[str] | None,
    available: Sequence[str],
    *,
    trt_cache_dir: Path | None = None,
    fp16: bool = False,
) -> ProviderChoice:
    """The providers to use, best first, always ending with the CPU.

    ``requested``: names or aliases (tensorrt, cuda, cpu) in the order wanted; None means
    "the best of what is available".
    """
    wanted = (
        [ALIASES.get(name.lower(), name) for name in requested]
        if requested
        else [name for name in PREFERENCE if name in available]
    )
    warnings = [
        f"{name} was asked for but is not available here; using what is"
        for name in wanted
        if name not in available
    ]
    chosen = [name for name in PREFERENCE if name in wanted and name in available]
    if CPU not in chosen:
        chosen.append(CPU)
    options: list[tuple[str, dict[str, Any]]] = []
    for name in chosen:
        if name == TENSORRT:
            settings: dict[str, Any] = {"trt_fp16_enable": fp16}
            if trt_cache_dir is not None:
                settings |= {
                    "trt_engine_cache_enable": True,
                    "trt_engine_cache_path": str(trt_cache_dir),
                }
            options.append((name, settings))
        else:
            options.append((name, {}))
    for warning in warnings:
        log.warning(warning)
    return ProviderChoice(options, warnings)
