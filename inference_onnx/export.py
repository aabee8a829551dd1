"""Any small torch module to one self-contained ONNX file (dynamic batch axis, metadata).

The one place besides ``inference_onnx.hmr2`` that calls ``torch.onnx``: training scripts
hand their trained module here rather than importing the exporter themselves.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import onnx
import torch

OPSET = 17


def export_module(
    module: torch.nn.Module,
    example_inputs: Mapping[str, torch.Tensor],
    output_names: Sequence[str],
    output: Path,
    *,
    metadata: Mapping[str, str] | None = None,
    producer: str = "avatar-service",
) -> Path:
    """Write ``module`` (called with the inputs in the order given) to ``output``, every
    input and output with a dynamic first (batch) axis; returns ``output``."""
    module = module.eval()
    names = list(example_inputs)
    output.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad(), warnings.catch_warnings():
        # The TorchScript exporter is deprecated in favour of the dynamo one, which needs
        # onnxscript; it still exports plain feed-forward networks exactly.
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.onnx.export(
            module,
            tuple(example_inputs[name] for name in names),
            str(output),
            dynamo=False,
            input_names=names,
            output_names=list(output_names),
            dynamic_axes={name: {0: "batch"} for name in (*names, *output_names)},
            opset_version=OPSET,
            do_constant_folding=True,
        )
    graph = onnx.load(str(output))
    graph.producer_name = producer
    for key, value in (metadata or {}).items():
        entry = graph.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save_model(graph, str(output))
    onnx.checker.check_model(str(output))
    return output
