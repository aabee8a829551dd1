"""The shipped photo regressor: loads, runs through the project's ONNX engine, and answers
what the torch network answered when it was trained."""

from __future__ import annotations

import json

import numpy as np
import torch

from adapters.estimation.features import EXTRA_INPUTS, FEATURE_COUNT
from adapters.estimation.photo_estimator import INFO_PATH, MODEL_PATH
from adapters.estimation.train import build_network, members_in
from inference_onnx.engine import OnnxEngine
from inference_onnx.export import export_module


def test_the_shipped_model_is_small_and_reproduces_the_trained_network() -> None:
    info = json.loads(INFO_PATH.read_text())
    # Three members of about 2 MB each (ADR 60); a file this size is committed per retraining.
    assert MODEL_PATH.stat().st_size < 8_000_000
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


def test_an_ensemble_answers_the_mean_of_its_members_and_its_file_says_how_many(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import onnx
    from onnx import numpy_helper

    torch.manual_seed(1)
    network = build_network(12, 5, hidden=16, members=3).eval()
    network.input_scale[:] = 2.0
    network.output_mean[:] = 1.5
    rows = torch.as_tensor(np.random.default_rng(1).normal(size=(4, 12)).astype(np.float32))
    with torch.no_grad():
        each = [
            network.member(i, rows) * network.output_scale + network.output_mean for i in range(3)
        ]
        whole = network(rows)
    assert not torch.allclose(each[0], each[1])  # members start from their own weights
    assert torch.allclose(whole, torch.stack(each).mean(dim=0), atol=1e-6)
    path = export_module(
        network, {"features": torch.zeros(2, 12)}, ["parameters"], tmp_path / "e.onnx"
    )
    state = {t.name: numpy_helper.to_array(t) for t in onnx.load(str(path)).graph.initializer}
    assert members_in(state) == (12, 16, 5, 3)
    assert np.allclose(
        OnnxEngine(path).run({"features": rows.numpy()})["parameters"], whole.numpy(), atol=1e-5
    )
