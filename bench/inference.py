"""Benchmark of the inference engine: onnxruntime against torch eager, and micro-batching.

For every model in ``MODELS`` (today a small HMR2 configuration with random weights):

- ``latency``: one sample at a time (batch 1), median and p90 milliseconds, onnxruntime
  (``OnnxEngine``) against the same network in torch eager (``inference_mode``);
- ``throughput``: batches of 16, samples per second, the same two;
- ``micro-batching``: ``--callers`` concurrent requests of one sample through
  ``MicroBatcher`` against the same requests awaited one by one (each, like the batches,
  run in a worker thread so the event loop stays free), requests per second.

Both runtimes get ``--threads`` intra-op threads (1 by default: the service shares its
CPUs). On the CPU always; with the GPU providers too when onnxruntime offers them (and
torch on CUDA when it has it). Targets of issue 6 on the CPU: onnxruntime at least 2x
faster than torch eager at batch 1; micro-batching at least 2x the throughput of one-by-one
calls.

    python bench/inference.py [--threads 1] [--repeat 50] [--callers 32] [--max-batch 16]

Prints a table and writes bench/results/inference.json.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
import torch  # noqa: E402

from bench.report import write_report  # noqa: E402
from inference_onnx.batching import MicroBatcher  # noqa: E402
from inference_onnx.engine import OnnxEngine  # noqa: E402
from inference_onnx.hmr2.config import HMR2Config  # noqa: E402
from inference_onnx.hmr2.export import export_onnx  # noqa: E402
from inference_onnx.hmr2.network import HMR2  # noqa: E402
from inference_onnx.providers import CPU, CUDA, TENSORRT  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "inference.json"
TARGET_ONNX_SPEEDUP_AT_BATCH_1 = 2.0
TARGET_MICRO_BATCHING_SPEEDUP = 2.0

Inputs = dict[str, np.ndarray]


@dataclass
class BenchModel:
    """One model to measure: the torch network, its ONNX file and sample inputs."""

    name: str
    description: str
    network: torch.nn.Module  # forward(**inputs) with the ONNX input names
    onnx_path: Path
    sample: Callable[[int], Inputs]  # batch size -> inputs


def small_hmr2(folder: Path) -> BenchModel:
    torch.manual_seed(0)
    network = HMR2(HMR2Config.small()).eval()
    path = export_onnx(network, folder / "hmr2-small.onnx")
    rng = np.random.default_rng(0)

    def sample(batch_size: int) -> Inputs:
        return {"image": rng.standard_normal((batch_size, 3, 256, 192)).astype(np.float32)}

    backbone, decoder = network.config.backbone, network.config.decoder
    return BenchModel(
        "hmr2-small",
        f"HMR2 structure, random weights: ViT dim {backbone.embed_dim} depth "
        f"{backbone.depth} heads {backbone.num_heads} on 256x192, decoder dim {decoder.dim} "
        f"depth {decoder.depth}; {sum(p.numel() for p in network.parameters()) / 1e6:.2f} M "
        "parameters",
        network,
        path,
        sample,
    )


def photo_regressor(folder: Path) -> BenchModel | None:
    """The shipped photo regressor: its ONNX file, and the same network in torch with the
    weights read back from that file (the training script's own architecture)."""
    import onnx
    from onnx import numpy_helper

    from adapters.estimation.photo_estimator import MODEL_PATH
    from adapters.estimation.train import build_network, members_in

    if not MODEL_PATH.exists():
        return None
    weights = {
        tensor.name: torch.from_numpy(numpy_helper.to_array(tensor).copy())
        for tensor in onnx.load(str(MODEL_PATH)).graph.initializer
    }
    inputs, hidden, outputs, members = members_in(weights)
    network = build_network(inputs, outputs, hidden=hidden, members=members).eval()
    network.load_state_dict(weights)
    rng = np.random.default_rng(0)

    def sample(batch_size: int) -> Inputs:
        return {"features": rng.standard_normal((batch_size, inputs)).astype(np.float32)}

    count = sum(p.numel() for p in network.parameters()) / 1e6
    return BenchModel(
        "photo-regressor",
        f"the shipped photo regressor: {members} x MLP {inputs} -> {hidden} x 3 -> "
        f"{outputs}, averaged; {count:.2f} M parameters",
        network,
        MODEL_PATH,
        sample,
    )


# Each builder returns the model to measure, or None when it is not available.
MODELS: list[Callable[[Path], BenchModel | None]] = [small_hmr2, photo_regressor]


def timings_ms(run: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        run()
    measured = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        measured.append(1000 * (time.perf_counter() - began))
    return measured


def summary(measured_ms: list[float], batch_size: int) -> dict[str, float]:
    median = statistics.median(measured_ms)
    return {
        "median_ms": round(median, 3),
        "p90_ms": round(float(np.percentile(measured_ms, 90)), 3),
        "samples_per_s": round(1000 * batch_size / median, 1),
    }


def runtimes(
    model: BenchModel, providers: list[str], torch_device: str | None, threads: int
) -> dict[str, Callable[[Inputs], object]]:
    engine = OnnxEngine(
        model.onnx_path, providers=providers, intra_op_threads=threads, inter_op_threads=1
    )
    chosen: dict[str, Callable[[Inputs], object]] = {f"onnxruntime ({engine.provider})": engine.run}
    if torch_device is not None:
        network = model.network.to(torch_device)

        def eager(inputs: Inputs) -> object:
            with torch.inference_mode():
                tensors = {k: torch.from_numpy(v).to(torch_device) for k, v in inputs.items()}
                outputs = network(**tensors)
                if torch_device != "cpu":
                    torch.cuda.synchronize()
                return outputs

        chosen[f"torch eager ({torch_device})"] = eager
    return chosen


def latency_and_throughput(
    model: BenchModel,
    providers: list[str],
    torch_device: str | None,
    threads: int,
    repeat: int,
    batch_size: int,
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    one, many = model.sample(1), model.sample(batch_size)
    for name, run in runtimes(model, providers, torch_device, threads).items():
        results[name] = {
            "batch_1": summary(timings_ms(lambda run=run: run(one), repeat), 1),
            f"batch_{batch_size}": summary(
                timings_ms(lambda run=run: run(many), max(5, repeat // 8)), batch_size
            ),
        }
    return results


async def micro_batching(
    model: BenchModel,
    providers: list[str],
    threads: int,
    callers: int,
    max_batch: int,
    max_wait_ms: float,
    rounds: int,
) -> dict[str, Any]:
    engine = OnnxEngine(
        model.onnx_path, providers=providers, intra_op_threads=threads, inter_op_threads=1
    )
    requests = [model.sample(1) for _ in range(callers)]

    async def one_by_one() -> None:
        for inputs in requests:
            await asyncio.to_thread(engine.run, inputs)

    batcher = MicroBatcher(engine, max_batch_size=max_batch, max_wait_ms=max_wait_ms)

    async def concurrently() -> None:
        await asyncio.gather(*(batcher.infer(inputs) for inputs in requests))

    async def requests_per_s(scenario: Callable[[], Any]) -> float:
        await scenario()  # warm-up
        elapsed = []
        for _ in range(rounds):
            began = time.perf_counter()
            await scenario()
            elapsed.append(time.perf_counter() - began)
        return callers / statistics.median(elapsed)

    sequential = await requests_per_s(one_by_one)
    before = batcher.batches_run
    batched = await requests_per_s(concurrently)
    batches = batcher.batches_run - before
    await batcher.close()
    return {
        "provider": engine.provider,
        "one_by_one_requests_per_s": round(sequential, 1),
        "micro_batched_requests_per_s": round(batched, 1),
        "speedup": round(batched / sequential, 2),
        "mean_batch_size": round(callers * (rounds + 1) / batches, 1),
    }


def devices() -> list[tuple[str, list[str], str | None]]:
    """(label, onnxruntime providers, torch device) to measure on: the CPU, and the GPU
    when onnxruntime has a GPU provider."""
    found = [("cpu", [CPU], "cpu")]
    available = ort.get_available_providers()
    gpu = [name for name in (TENSORRT, CUDA) if name in available]
    if gpu:
        found.append(("gpu", gpu, "cuda" if torch.cuda.is_available() else None))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads, both")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs at batch 1")
    parser.add_argument("--batch", type=int, default=16, help="throughput batch size")
    parser.add_argument("--callers", type=int, default=32, help="concurrent requests")
    parser.add_argument("--max-batch", type=int, default=16, help="micro-batcher's largest")
    parser.add_argument("--max-wait-ms", type=float, default=5.0, help="micro-batcher's wait")
    parser.add_argument("--rounds", type=int, default=5, help="micro-batching rounds")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    results: dict[str, Any] = {}
    targets: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="avatar-bench-inference-") as folder:
        for build in MODELS:
            model = build(Path(folder))
            if model is None:
                print(f"{build.__name__}: not available, skipped")
                continue
            print(f"\n{model.name}: {model.description}")
            per_device: dict[str, Any] = {}
            for label, providers, torch_device in devices():
                measured = latency_and_throughput(
                    model, providers, torch_device, args.threads, args.repeat, args.batch
                )
                batching = asyncio.run(
                    micro_batching(
                        model,
                        providers,
                        args.threads,
                        args.callers,
                        args.max_batch,
                        args.max_wait_ms,
                        args.rounds,
                    )
                )
                per_device[label] = {"runtimes": measured, "micro_batching": batching}
                print_device(label, measured, batching, args.batch, args.callers)
                if label == "cpu":
                    targets[model.name] = check_targets(measured, batching)
            results[model.name] = {"description": model.description, **per_device}
    write_report(
        "inference",
        args.output,
        settings=vars(args) | {"output": str(args.output), "onnxruntime": ort.__version__},
        targets=targets,
        results=results,
    )
    return 0


def print_device(
    label: str, measured: dict[str, Any], batching: dict[str, Any], batch: int, callers: int
) -> None:
    print(f"  on {label}")
    print(f"  {'runtime':34} {'b1 median ms':>12} {'b1 p90 ms':>10} {f'b{batch} samples/s':>15}")
    for name, figures in measured.items():
        print(
            f"  {name:34} {figures['batch_1']['median_ms']:>12} {figures['batch_1']['p90_ms']:>10}"
            f" {figures[f'batch_{batch}']['samples_per_s']:>15}"
        )
    print(
        f"  micro-batching, {callers} callers on {batching['provider']}: "
        f"{batching['micro_batched_requests_per_s']} requests/s (mean batch "
        f"{batching['mean_batch_size']}) against {batching['one_by_one_requests_per_s']} "
        f"one by one: x{batching['speedup']}"
    )


def check_targets(measured: dict[str, Any], batching: dict[str, Any]) -> dict[str, Any]:
    onnx_ms = next(v for k, v in measured.items() if k.startswith("onnxruntime"))["batch_1"]
    torch_ms = next(v for k, v in measured.items() if k.startswith("torch"))["batch_1"]
    onnx_speedup = round(torch_ms["median_ms"] / onnx_ms["median_ms"], 2)
    checked = {
        "onnx_speedup_at_batch_1": onnx_speedup,
        "onnx_speedup_met": onnx_speedup >= TARGET_ONNX_SPEEDUP_AT_BATCH_1,
        "micro_batching_speedup": batching["speedup"],
        "micro_batching_met": batching["speedup"] >= TARGET_MICRO_BATCHING_SPEEDUP,
    }
    print(
        f"  targets on the CPU: onnxruntime x{onnx_speedup} faster than torch eager at batch 1 "
        f"(>= {TARGET_ONNX_SPEEDUP_AT_BATCH_1}: "
        f"{'met' if checked['onnx_speedup_met'] else 'MISSED'}); micro-batching "
        f"x{batching['speedup']} (>= {TARGET_MICRO_BATCHING_SPEEDUP}: "
        f"{'met' if checked['micro_batching_met'] else 'MISSED'})"
    )
    return checked


if __name__ == "__main__":
    sys.exit(main())
