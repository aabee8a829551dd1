"""The ONNX engine on a small real model (y = x W + b, dynamic batch) built by the tests."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from inference_onnx.batching import MicroBatcher
from inference_onnx.engine import InvalidInput, OnnxEngine
from inference_onnx.providers import CPU, CUDA, TENSORRT, choose_providers
from inference_onnx.registry import ModelRegistry

RANDOM = np.random.default_rng(7)
WEIGHTS = RANDOM.standard_normal((8, 3)).astype(np.float32)
BIAS = RANDOM.standard_normal(3).astype(np.float32)


@pytest.fixture(scope="module")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["features", "weights"], ["product"]),
            helper.make_node("Add", ["product", "bias"], ["scores"]),
        ],
        "tiny_linear",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 8])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["batch", 3])],
        initializer=[
            numpy_helper.from_array(WEIGHTS, "weights"),
            numpy_helper.from_array(BIAS, "bias"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    path = tmp_path_factory.mktemp("models") / "tiny.onnx"
    onnx.save(model, path)
    return path


@pytest.fixture(scope="module")
def engine(model_path: Path) -> OnnxEngine:
    made = OnnxEngine(model_path)
    made.warm_up()
    return made


def test_the_engine_runs_the_model_and_states_its_signature(engine: OnnxEngine) -> None:
    features = RANDOM.standard_normal((4, 8)).astype(np.float32)
    scores = engine.run({"features": features})["scores"]
    np.testing.assert_allclose(scores, features @ WEIGHTS + BIAS, rtol=1e-5, atol=1e-5)
    assert engine.provider == CPU
    assert [s.as_dict() for s in engine.inputs] == [
        {"name": "features", "shape": [None, 8], "dtype": "float32"}
    ]


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({}, "input 'features' is missing"),
        ({"features": np.zeros((2, 8), np.float32), "extra": np.zeros(1)}, "unknown input 'extra'"),
        ({"features": np.zeros((2, 8), np.float64)}, "must be float32, not float64"),
        ({"features": np.zeros((2, 7), np.float32)}, "must have shape [N, 8], not [2, 7]"),
        ({"features": np.zeros(8, np.float32)}, "must have shape [N, 8], not [8]"),
        ({"features": [[0.0] * 8]}, "must be a numpy array"),
    ],
)
def test_inputs_that_do_not_fit_are_refused_with_what_is_wrong(
    engine: OnnxEngine, inputs: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        engine.run(inputs)  # type: ignore[arg-type]
    assert message in str(error.value)


def test_asking_for_a_missing_accelerator_falls_back_to_the_cpu_with_one_warning(
    model_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        engine = OnnxEngine(model_path, providers=["cuda"])
    assert engine.provider == CPU
    assert len(engine.warnings) == 1 and "CUDAExecutionProvider" in engine.warnings[0]


def test_providers_are_chosen_best_first_with_tensorrt_options() -> None:
    everything = [TENSORRT, CUDA, CPU]
    choice = choose_providers(None, everything, trt_cache_dir=Path("/cache"), fp16=True)
    assert choice.names == [TENSORRT, CUDA, CPU] and choice.warnings == []
    assert choice.providers[0][1] == {
        "trt_fp16_enable": True,
        "trt_engine_cache_enable": True,
        "trt_engine_cache_path": "/cache",
    }
    assert choose_providers(["cpu"], everything).names == [CPU]
    assert choose_providers(None, [CPU]).names == [CPU]


async def test_concurrent_requests_share_batches_and_get_their_own_answers(
    engine: OnnxEngine,
) -> None:
    batcher = MicroBatcher(engine, max_batch_size=16, max_wait_ms=20)
    samples = [RANDOM.standard_normal((1, 8)).astype(np.float32) for _ in range(40)]
    results = await asyncio.gather(*(batcher.infer({"features": s}) for s in samples))
    await batcher.close()
    for sample, result in zip(samples, results, strict=True):
        np.testing.assert_allclose(result["scores"], sample @ WEIGHTS + BIAS, atol=1e-5)
    assert batcher.batches_run <= 6  # 40 requests in batches of up to 16


class PoisonedRunner:
    """The real engine, except that any batch holding the value 666 fails."""

    def __init__(self, engine: OnnxEngine) -> None:
        self._engine = engine

    def validate(self, inputs: dict[str, np.ndarray]) -> None:
        self._engine.validate(inputs)

    def run(self, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        if (inputs["features"] == 666).any():
            raise RuntimeError("poisoned sample")
        return self._engine.run(inputs)


async def test_a_failing_input_fails_only_its_own_request(engine: OnnxEngine) -> None:
    batcher = MicroBatcher(PoisonedRunner(engine), max_batch_size=8, max_wait_ms=20)
    samples = [np.full((1, 8), float(i), np.float32) for i in range(6)]
    samples[2] = np.full((1, 8), 666.0, np.float32)
    results = await asyncio.gather(
        *(batcher.infer({"features": s}) for s in samples), return_exceptions=True
    )
    await batcher.close()
    assert isinstance(results[2], RuntimeError)
    assert all(isinstance(r, dict) for i, r in enumerate(results) if i != 2)
    with pytest.raises(InvalidInput):  # refused before it joins a batch
        await batcher.infer({"features": np.zeros((1, 5), np.float32)})


def test_the_registry_states_which_model_produced_a_result(
    engine: OnnxEngine, model_path: Path
) -> None:
    import hashlib

    registry = ModelRegistry()
    record = registry.register("tiny", "1.0.0", engine)
    assert record.sha256 == hashlib.sha256(model_path.read_bytes()).hexdigest()
    assert record.provenance() == {
        "model": "tiny",
        "version": "1.0.0",
        "sha256": record.sha256,
        "provider": CPU,
    }
    assert registry.engine("tiny") is engine and registry.records() == [record]
