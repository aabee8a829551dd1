"""HMR2 in torch and exported to ONNX, on a small configuration with random weights; and,
where AVATAR_TEST_HMR2_CHECKPOINT names one, on 4D-Humans' own checkpoint."""

from __future__ import annotations

import importlib.util
import os
import sys
import types
from dataclasses import replace
from pathlib import Path

import numpy as np
import onnx
import pytest
import torch
import yaml

from inference_onnx.engine import OnnxEngine
from inference_onnx.hmr2.checkpoint import CheckpointMismatch, load_checkpoint
from inference_onnx.hmr2.config import BackboneConfig, ConfigError, DecoderConfig, HMR2Config
from inference_onnx.hmr2.export import (
    TensorRTUnavailable,
    build_tensorrt_engine,
    export_onnx,
    main,
)
from inference_onnx.hmr2.network import HMR2, OUTPUT_NAMES

SMALL_YAML = {
    "MODEL": {
        "IMAGE_SIZE": 256,
        "IMAGE_MEAN": [0.485, 0.456, 0.406],
        "IMAGE_STD": [0.229, 0.224, 0.225],
        "BACKBONE": {"TYPE": "vit", "EMBED_DIM": 64, "DEPTH": 2, "NUM_HEADS": 2},
        "SMPL_HEAD": {
            "TYPE": "transformer_decoder",
            "IN_CHANNELS": 2048,
            "TRANSFORMER_DECODER": {
                "depth": 2,
                "heads": 2,
                "mlp_dim": 128,
                "dim_head": 32,
                "dropout": 0.0,
                "emb_dropout": 0.0,
                "norm": "layer",
                "context_dim": 64,
                "dim": 64,
            },
        },
    },
    "SMPL": {"NUM_BODY_JOINTS": 23, "MEAN_PARAMS": "data/smpl_mean_params.npz"},
}


@pytest.fixture(scope="module", autouse=True)
def _one_thread(one_torch_thread: None) -> None:
    """Small models on a shared machine: one torch thread (tests/support/torch_threads)."""


@pytest.fixture(scope="module")
def model() -> HMR2:
    torch.manual_seed(3)
    return HMR2(HMR2Config.small()).eval()


@pytest.fixture(scope="module")
def exported(model: HMR2, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_onnx(model, tmp_path_factory.mktemp("hmr2") / "hmr2.onnx")


@pytest.fixture(scope="module")
def engine(exported: Path) -> OnnxEngine:
    return OnnxEngine(exported)


def crops(batch_size: int) -> np.ndarray:
    rng = np.random.default_rng(batch_size)
    return rng.standard_normal((batch_size, 3, 256, 192)).astype(np.float32)


@pytest.mark.parametrize("batch_size", [1, 3, 8])
def test_onnxruntime_gives_the_torch_outputs(
    model: HMR2, engine: OnnxEngine, batch_size: int
) -> None:
    image = crops(batch_size)
    from_onnx = engine.run({"image": image})
    with torch.no_grad():
        from_torch = model(torch.from_numpy(image))
    for name, expected in zip(OUTPUT_NAMES, from_torch, strict=True):
        assert from_onnx[name].shape == tuple(expected.shape)
        assert np.abs(from_onnx[name] - expected.numpy()).max() < 1e-4, name


def test_the_exported_model_has_a_dynamic_batch_and_the_hmr2_signature(
    engine: OnnxEngine,
) -> None:
    assert [s.as_dict() for s in engine.inputs] == [
        {"name": "image", "shape": [None, 3, 256, 192], "dtype": "float32"}
    ]
    assert [(s.name, list(s.shape)) for s in engine.outputs] == [
        ("global_orient", [None, 1, 3, 3]),
        ("body_pose", [None, 23, 3, 3]),
        ("betas", [None, 10]),
        ("camera", [None, 3]),
    ]


def test_the_weights_are_written_to_one_external_data_file(model: HMR2, exported: Path) -> None:
    data = exported.with_name("hmr2.onnx.data")
    weight_bytes = sum(p.numel() * 4 for p in model.parameters())
    assert data.stat().st_size >= 0.9 * weight_bytes
    assert exported.stat().st_size < data.stat().st_size / 2
    graph = onnx.load(str(exported), load_external_data=False)
    external = [t for t in graph.graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
    assert external
    assert {
        entry.value for t in external for entry in t.external_data if entry.key == "location"
    } == {"hmr2.onnx.data"}


def test_the_head_returns_rotation_matrices(model: HMR2) -> None:
    with torch.no_grad():
        global_orient, body_pose, _, _ = model(torch.from_numpy(crops(2)))
    rotations = torch.cat([global_orient, body_pose], dim=1)
    identity = torch.eye(3).expand_as(rotations)
    assert torch.allclose(rotations @ rotations.transpose(-1, -2), identity, atol=1e-5)
    assert torch.allclose(torch.linalg.det(rotations), torch.ones(2, 24), atol=1e-5)


# -- checkpoints ---------------------------------------------------------------------------
def lightning_checkpoint(model: HMR2, path: Path, drop: tuple[str, ...] = ()) -> Path:
    """A file laid out as 4D-Humans' epoch=35-step=1000000.ckpt: Lightning's keys, the
    training config pickled as a yacs CfgNode, and weights the network does not have."""
    yacs = types.ModuleType("yacs")
    yacs_config = types.ModuleType("yacs.config")

    class CfgNode(dict):  # pickled by reference to yacs.config.CfgNode, like the real one
        def __init__(self, values: dict[str, object]) -> None:
            super().__init__(values)
            self.__dict__["__immutable__"] = True

    CfgNode.__module__, CfgNode.__qualname__ = "yacs.config", "CfgNode"
    yacs_config.CfgNode = CfgNode  # type: ignore[attr-defined]
    state = {name: value for name, value in model.state_dict().items() if name not in drop}
    state |= {
        "discriminator.D_conv1.weight": torch.zeros(32, 9, 1, 1),
        "smpl.shapedirs": torch.zeros(6890, 3, 10),
        "initialized": torch.tensor(True),
    }
    sys.modules["yacs"], sys.modules["yacs.config"] = yacs, yacs_config
    try:
        torch.save(
            {
                "epoch": 35,
                "global_step": 1_000_000,
                "pytorch-lightning_version": "2.0.1",
                "state_dict": state,
                "hyper_parameters": {"cfg": CfgNode({"MODEL": CfgNode({"IMAGE_SIZE": 256})})},
                "optimizer_states": [{"state": {}, "param_groups": [{"lr": 1e-5}]}],
            },
            path,
        )
    finally:
        del sys.modules["yacs"], sys.modules["yacs.config"]
    return path


@pytest.fixture
def model_config(tmp_path: Path) -> Path:
    path = tmp_path / "model_config.yaml"
    path.write_text(yaml.safe_dump(SMALL_YAML))
    return path


def test_a_lightning_checkpoint_written_from_our_own_state_dict_restores_every_weight_exactly(
    model: HMR2, model_config: Path, tmp_path: Path
) -> None:
    checkpoint = lightning_checkpoint(model, tmp_path / "epoch=35-step=1000000.ckpt")
    loaded = load_checkpoint(checkpoint, model_config)
    expected, restored = model.state_dict(), loaded.state_dict()
    assert expected.keys() == restored.keys()
    for name, value in expected.items():
        assert torch.equal(value, restored[name]), name
    assert not loaded.training


def test_a_checkpoint_for_another_network_is_refused_with_what_differs(
    model: HMR2, tmp_path: Path
) -> None:
    checkpoint = lightning_checkpoint(model, tmp_path / "small.ckpt")
    deeper = replace(HMR2Config.small(), backbone=replace(HMR2Config.small().backbone, depth=3))
    with pytest.raises(
        CheckpointMismatch, match=r"1\d missing weights \(e\.g\. backbone\.blocks\.2"
    ):
        load_checkpoint(checkpoint, config=deeper)
    shallower = replace(HMR2Config.small(), decoder=replace(HMR2Config.small().decoder, depth=1))
    with pytest.raises(CheckpointMismatch, match="weights the network does not have"):
        load_checkpoint(checkpoint, config=shallower)
    wider = HMR2Config(
        backbone=BackboneConfig(embed_dim=96, depth=2, num_heads=2),
        decoder=DecoderConfig(dim=64, depth=2, heads=2, dim_head=32, mlp_dim=128, context_dim=96),
    )
    with pytest.raises(
        CheckpointMismatch,
        match=r"backbone\.blocks\.0\.attn\.proj\.bias: "
        r"checkpoint \[64\], network \[96\]",
    ):
        load_checkpoint(checkpoint, config=wider)


def test_a_missing_or_unreadable_checkpoint_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nowhere\.ckpt"):
        load_checkpoint(tmp_path / "nowhere.ckpt", config=HMR2Config.small())
    garbage = tmp_path / "garbage.ckpt"
    garbage.write_bytes(b"not a checkpoint at all")
    with pytest.raises(CheckpointMismatch, match=r"garbage\.ckpt could not be read"):
        load_checkpoint(garbage, config=HMR2Config.small())


def test_without_mean_parameters_in_the_checkpoint_the_npz_is_needed(
    model: HMR2, tmp_path: Path
) -> None:
    means = ("smpl_head.init_body_pose", "smpl_head.init_betas", "smpl_head.init_cam")
    checkpoint = lightning_checkpoint(model, tmp_path / "bare.ckpt", drop=means)
    with pytest.raises(CheckpointMismatch, match=r"smpl_mean_params\.npz"):
        load_checkpoint(checkpoint, config=HMR2Config.small())
    rng = np.random.default_rng(0)
    npz = tmp_path / "smpl_mean_params.npz"
    pose = rng.standard_normal(144).astype(np.float32)
    np.savez(npz, pose=pose, shape=np.zeros(10), cam=np.array([0.9, 0.0, 0.0]))
    loaded = load_checkpoint(checkpoint, config=HMR2Config.small(), mean_params_path=npz)
    assert np.array_equal(loaded.smpl_head.init_body_pose.numpy()[0], pose)
    assert torch.equal(loaded.backbone.pos_embed, model.backbone.pos_embed)


def test_a_model_config_with_the_official_values_describes_vit_h_and_the_six_layer_decoder(
    tmp_path: Path,
) -> None:
    official = {
        "MODEL": {
            "IMAGE_SIZE": 256,
            "BACKBONE": {"TYPE": "vit", "PRETRAINED_WEIGHTS": "vitpose_backbone.pth"},
            "SMPL_HEAD": {
                "TYPE": "transformer_decoder",
                "IN_CHANNELS": 2048,
                "TRANSFORMER_DECODER": {
                    "depth": 6,
                    "heads": 8,
                    "mlp_dim": 1024,
                    "dim_head": 64,
                    "dropout": 0.0,
                    "emb_dropout": 0.0,
                    "norm": "layer",
                    "context_dim": 1280,
                },
            },
        },
        "SMPL": {"NUM_BODY_JOINTS": 23, "MEAN_PARAMS": "data/smpl_mean_params.npz"},
    }
    path = tmp_path / "model_config.yaml"
    path.write_text(yaml.safe_dump(official))
    config = HMR2Config.from_model_config(path)
    assert replace(config, mean_params_path=None) == HMR2Config.official()
    assert config.backbone.patch_grid == (16, 12)
    assert (config.backbone.embed_dim, config.backbone.depth) == (1280, 32)
    assert (config.decoder.depth, config.decoder.heads, config.decoder.dim) == (6, 8, 1024)
    assert config.mean_params_path == tmp_path / "data" / "smpl_mean_params.npz"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"JOINT_REP": "aa"}, "JOINT_REP must be 6d"),
        ({"TYPE": "hmr"}, "SMPL_HEAD.TYPE 'hmr' is not supported"),
        ({"TRANSFORMER_DECODER": {"norm": "ada"}}, "norm 'ada' is not supported"),
        ({"TRANSFORMER_DECODER": {"norm_cond_dim": 3}}, r"does not support: \['norm_cond_dim'\]"),
    ],
)
def test_configurations_this_network_cannot_build_are_refused(
    change: dict[str, object], message: str
) -> None:
    document = {"MODEL": {"SMPL_HEAD": {"TYPE": "transformer_decoder", **change}}}
    with pytest.raises(ConfigError, match=message):
        HMR2Config.from_mapping(document)


def test_the_exporter_says_plainly_when_tensorrt_is_not_installed(
    exported: Path, tmp_path: Path
) -> None:
    if importlib.util.find_spec("tensorrt") is not None:
        pytest.skip("tensorrt is installed here")
    with pytest.raises(TensorRTUnavailable, match="TensorRT is not installed"):
        build_tensorrt_engine(exported, tmp_path / "hmr2.plan")


def test_the_command_line_exports_a_small_network(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli" / "hmr2.onnx"
    assert main(["--small-random", "--out", str(out)]) == 0
    assert out.is_file() and out.with_name("hmr2.onnx.data").is_file()
    assert "wrote" in capsys.readouterr().out


REAL_CHECKPOINT_ENV = "AVATAR_TEST_HMR2_CHECKPOINT"


@pytest.mark.skipif(
    not os.environ.get(REAL_CHECKPOINT_ENV),
    reason=f"{REAL_CHECKPOINT_ENV} is not set: the path of 4D-Humans' epoch=35-step=1000000.ckpt "
    "(README: 'SMPL / SMPL-X and HMR2'), with model_config.yaml one folder above it",
)
def test_the_real_4d_humans_checkpoint_loads_into_the_official_network_and_runs() -> None:
    checkpoint = Path(os.environ[REAL_CHECKPOINT_ENV])
    model_config = checkpoint.parent.parent / "model_config.yaml"
    loaded = load_checkpoint(checkpoint, model_config if model_config.is_file() else None)
    assert replace(loaded.config, mean_params_path=None) == HMR2Config.official()
    with torch.no_grad():
        outputs = loaded(torch.from_numpy(crops(1)))
    shapes = [tuple(output.shape) for output in outputs]
    assert shapes == [(1, 1, 3, 3), (1, 23, 3, 3), (1, 10), (1, 3)]
    assert all(torch.isfinite(output).all() for output in outputs)
