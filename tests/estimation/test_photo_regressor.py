"""The shipped photo regressor: loads, runs through the project's ONNX engine, and answers
what the torch network answered when it was trained."""

from __future__ import annotations

import json

import numpy as np
import torch

from adapters.estimation.features import EXTRA_INPUTS, FEATURE_COUNT
from adapters.estimation.photo_estimator import INFO_PATH, MODEL_PATH
from adapters.estimation.train import build_network
from inference_onnx.engine import OnnxEngine
from inference_onnx.export import export_module


def test_the_shipped_model_is_small_and_reproduces_the_trained_network() -> None:
    info = json.loads(INFO_PATH.read_text())
    assert MODEL_PATH.stat().st_size < 5_000_000
    engine = OnnxEngine(MODEL_PATH)
    assert [spec.shape for spec in engine.inputs] == [(None, FEATURE_COUNT + EXTRA_INPUTS)]
    inputs = np.asarray(info["check"]["inputs"], dtype=np.float32)
    outputs = engine.run({"features": inputs})["parameters"]
    assert outputs.shape == (2, len(info["parameter_names"]))
    assert np.allclose(outputs, np.asarray(info["check"]["outputs"]), atol=1e-4)


def test_an_exported_network_runs_the_same_in_onnxruntime_as_in_torch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    torch.manual_seed(0)
    network = build_network(12, 5, hidden=16).eval()
    path = export_module(
        network, {"features": torch.zeros(2, 12)}, ["parameters"], tmp_path / "m.onnx"
    )
    rows = np.random.default_rng(0).normal(size=(7, 12)).astype(np.float32)
    with torch.no_grad():
        expected = network(torch.as_tensor(rows)).numpy()
    assert np.allclose(OnnxEngine(path).run({"features": rows})["parameters"], expected, atol=1e-5)
