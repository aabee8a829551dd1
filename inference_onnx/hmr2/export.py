"""HMR2 to ONNX (dynamic batch axis, weights in one external data file), optionally on to a
TensorRT engine.

    python -m inference_onnx.hmr2.export --checkpoint epoch=35-step=1000000.ckpt \\
        --config model_config.yaml --out models/hmr2.onnx [--tensorrt models/hmr2.plan]

writes ``hmr2.onnx`` (the graph, a few MB) and ``hmr2.onnx.data`` (the weights, about
2.7 GB for ViT-H: over protobuf's 2 GB limit for one message, hence the external file).
Keep the two files together; onnxruntime finds the data next to the graph.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
import warnings
from dataclasses import asdict
from pathlib import Path

import onnx
import torch

from inference_onnx.hmr2.checkpoint import load_checkpoint
from inference_onnx.hmr2.config import HMR2Config
from inference_onnx.hmr2.network import HMR2, INPUT_NAME, OUTPUT_NAMES

log = logging.getLogger(__name__)

OPSET = 17  # LayerNormalization is native from 17; onnxruntime >= 1.14 and TensorRT 8.6+ run it


class TensorRTUnavailable(RuntimeError):
    """TensorRT's Python package is not installed here."""


def export_onnx(model: HMR2, output: Path, *, opset: int = OPSET) -> Path:
    """Write ``model`` to ``output`` with a dynamic batch axis and its weights in
    ``<output>.data``; returns ``output``."""
    model = model.eval()
    backbone = model.config.backbone
    example = torch.zeros(2, 3, backbone.image_height, backbone.image_width)
    output.parent.mkdir(parents=True, exist_ok=True)
    data_name = output.name + ".data"
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".hmr2-export-") as scratch:
        raw = Path(scratch) / "hmr2.onnx"
        with torch.no_grad(), warnings.catch_warnings():
            # The TorchScript exporter is deprecated in favour of the dynamo one, which needs
            # onnxscript (and a newer onnx than mediapipe's protobuf pin allows); it still
            # exports this network exactly.
            warnings.simplefilter("ignore", DeprecationWarning)
            torch.onnx.export(
                model,
                (example,),
                str(raw),
                dynamo=False,
                input_names=[INPUT_NAME],
                output_names=list(OUTPUT_NAMES),
                dynamic_axes={name: {0: "batch"} for name in (INPUT_NAME, *OUTPUT_NAMES)},
                opset_version=opset,
                do_constant_folding=True,
            )
        graph = onnx.load(str(raw))  # with any weights the exporter wrote beside it
        graph.producer_name = "avatar-service inference_onnx.hmr2"
        _set_metadata(
            graph, {"model": "hmr2", "config": json.dumps(asdict(model.config), default=str)}
        )
        for stale in (output, output.parent / data_name):
            stale.unlink(missing_ok=True)
        onnx.save_model(
            graph,
            str(output),
            save_as_external_data=True,
            all_tensors_to_one_file=True,
            location=data_name,
            size_threshold=1024,
        )
    # onnx writes the data file through a private temporary file; share it like the graph.
    (output.parent / data_name).chmod(output.stat().st_mode & 0o777)
    onnx.checker.check_model(str(output))  # by path: works past 2 GB
    return output


def build_tensorrt_engine(
    onnx_path: Path,
    engine_path: Path,
    *,
    max_batch_size: int = 16,
    fp16: bool = True,
    workspace_gb: int = 4,
) -> Path:
    """A serialised TensorRT engine for batches of 1..``max_batch_size`` (needs a CUDA GPU
    and the ``tensorrt`` package). Raises ``TensorRTUnavailable`` without it."""
    try:
        import tensorrt as trt
    except ImportError as error:
        raise TensorRTUnavailable(
            "TensorRT is not installed (pip install tensorrt, on a machine with an NVIDIA GPU "
            "and CUDA). The ONNX file needs no engine: onnxruntime-gpu (the 'gpu' extra) "
            "runs it on TensorRT through its TensorrtExecutionProvider and caches the engine "
            "it builds."
        ) from error
    logger = trt.Logger(trt.Logger.WARNING)
    builder = trt.Builder(logger)
    major = int(trt.__version__.split(".")[0])
    flags = 0 if major >= 10 else 1 << int(trt.NetworkDefinitionCreationFlag.EXPLICIT_BATCH)
    network = builder.create_network(flags)
    parser = trt.OnnxParser(network, logger)
    if not parser.parse_from_file(str(onnx_path)):
        errors = "; ".join(str(parser.get_error(i)) for i in range(parser.num_errors))
        raise RuntimeError(f"TensorRT could not parse {onnx_path}: {errors}")
    settings = builder.create_builder_config()
    settings.set_memory_pool_limit(trt.MemoryPoolType.WORKSPACE, workspace_gb << 30)
    if fp16:
        settings.set_flag(trt.BuilderFlag.FP16)
    shape = tuple(network.get_input(0).shape)[1:]
    profile = builder.create_optimization_profile()
    profile.set_shape(
        INPUT_NAME, (1, *shape), (max(1, max_batch_size // 2), *shape), (max_batch_size, *shape)
    )
    settings.add_optimization_profile(profile)
    serialized = builder.build_serialized_network(network, settings)
    if serialized is None:
        raise RuntimeError(f"TensorRT failed to build an engine from {onnx_path}")
    engine_path.parent.mkdir(parents=True, exist_ok=True)
    engine_path.write_bytes(bytes(serialized))
    return engine_path


def _set_metadata(graph: onnx.ModelProto, values: dict[str, str]) -> None:
    for key, value in values.items():
        entry = graph.metadata_props.add()
        entry.key, entry.value = key, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--checkpoint", type=Path, help="4D-Humans' epoch=35-step=1000000.ckpt")
    source.add_argument(
        "--small-random",
        action="store_true",
        help="a small network with random weights instead (to try the pipeline)",
    )
    parser.add_argument("--config", type=Path, help="the model_config.yaml of the checkpoint")
    parser.add_argument("--mean-params", type=Path, help="smpl_mean_params.npz, if needed")
    parser.add_argument("--out", type=Path, required=True, help="the .onnx file to write")
    parser.add_argument("--opset", type=int, default=OPSET)
    parser.add_argument("--tensorrt", type=Path, help="also build this TensorRT engine file")
    parser.add_argument("--fp16", action="store_true", help="TensorRT engine in FP16")
    parser.add_argument("--max-batch", type=int, default=16, help="TensorRT's largest batch")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    began = time.perf_counter()
    if args.small_random:
        torch.manual_seed(0)
        model = HMR2(HMR2Config.small(args.mean_params)).eval()
    else:
        model = load_checkpoint(args.checkpoint, args.config, mean_params_path=args.mean_params)
    print(f"network ready in {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    export_onnx(model, args.out, opset=args.opset)
    data = args.out.with_name(args.out.name + ".data")
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) and {data.name} "
        f"({data.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - began:.1f} s"
    )
    if args.tensorrt is not None:
        try:
            build_tensorrt_engine(
                args.out, args.tensorrt, max_batch_size=args.max_batch, fp16=args.fp16
            )
        except TensorRTUnavailable as error:
            print(f"no TensorRT engine: {error}", file=sys.stderr)
            return 2
        print(f"wrote {args.tensorrt}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
