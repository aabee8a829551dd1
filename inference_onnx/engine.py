"""One ONNX model in one onnxruntime session: checked inputs, bounded threads, a warm-up."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort

from inference_onnx.providers import choose_providers

log = logging.getLogger(__name__)

# ONNX tensor element types onnxruntime reports -> numpy dtypes.
DTYPES = {
    "tensor(float)": np.float32,
    "tensor(float16)": np.float16,
    "tensor(double)": np.float64,
    "tensor(int64)": np.int64,
    "tensor(int32)": np.int32,
    "tensor(uint8)": np.uint8,
    "tensor(bool)": np.bool_,
}


class InvalidInput(ValueError):
    """An input that does not fit the model's signature; the message says how."""


@dataclass(frozen=True, slots=True)
class TensorSpec:
    name: str
    shape: tuple[int | str | None, ...]  # str or None: a dynamic axis
    dtype: str  # numpy dtype name

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "shape": list(self.shape), "dtype": self.dtype}


class OnnxEngine:
    def __init__(
        self,
        model_path: Path,
        *,
        providers: Sequence[str] | None = None,
        intra_op_threads: int = 1,
        inter_op_threads: int = 1,
        trt_cache_dir: Path | None = None,
        fp16: bool = False,
    ) -> None:
        self.model_path = model_path
        options = ort.SessionOptions()
        options.intra_op_num_threads = intra_op_threads
        options.inter_op_num_threads = inter_op_threads
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        choice = choose_providers(
            providers, ort.get_available_providers(), trt_cache_dir=trt_cache_dir, fp16=fp16
        )
        self.warnings = choice.warnings
        self._session = ort.InferenceSession(
            str(model_path), sess_options=options, providers=choice.providers
        )
        self.provider = self._session.get_providers()[0]
        log.info("%s runs on %s", model_path.name, self.provider)
        self.inputs = [_spec(node) for node in self._session.get_inputs()]
        self.outputs = [_spec(node) for node in self._session.get_outputs()]

    def validate(self, inputs: Mapping[str, np.ndarray]) -> None:
        """Raise ``InvalidInput`` naming the first input that is missing, extra, or of the
        wrong type or shape."""
        expected = {spec.name: spec for spec in self.inputs}
        for name in inputs:
            if name not in expected:
                raise InvalidInput(f"unknown input {name!r}; the model takes {sorted(expected)}")
        for spec in self.inputs:
            if spec.name not in inputs:
                raise InvalidInput(f"input {spec.name!r} is missing")
            value = inputs[spec.name]
            if not isinstance(value, np.ndarray):
                raise InvalidInput(f"input {spec.name!r} must be a numpy array")
            if value.dtype.name != spec.dtype:
                raise InvalidInput(
                    f"input {spec.name!r} must be {spec.dtype}, not {value.dtype.name}"
                )
            if value.ndim != len(spec.shape) or any(
                isinstance(size, int) and size != actual
                for size, actual in zip(spec.shape, value.shape, strict=True)
            ):
                raise InvalidInput(
                    f"input {spec.name!r} must have shape "
                    f"{_shape_text(spec.shape)}, not {list(value.shape)}"
                )

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The model's outputs for ``inputs`` (checked first)."""
        self.validate(inputs)
        values = self._session.run(None, dict(inputs))
        return {spec.name: value for spec, value in zip(self.outputs, values, strict=True)}

    def warm_up(self, batch_size: int = 1) -> None:
        """Run once on zeros, so the first real request does not pay for lazy set-up."""
        sample = {
            spec.name: np.zeros(
                [batch_size if not isinstance(s, int) else s for s in spec.shape], dtype=spec.dtype
            )
            for spec in self.inputs
        }
        self.run(sample)


def _spec(node: Any) -> TensorSpec:
    shape = tuple(size if isinstance(size, int) else None for size in node.shape)
    dtype = DTYPES.get(node.type)
    if dtype is None:
        raise ValueError(f"{node.name}: tensor type {node.type} is not supported")
    return TensorSpec(node.name, shape, np.dtype(dtype).name)


def _shape_text(shape: tuple[int | str | None, ...]) -> str:
    return "[" + ", ".join("N" if size is None else str(size) for size in shape) + "]"
