"""Train the photo regressor on synthetic silhouettes and ship it as ONNX.

    python -m adapters.estimation.train     # about 80 min on 2 CPU cores (two thirds: the data)

Generates ``--train`` and ``--validation`` samples (``adapters.estimation.synthetic``; the
validation bodies and cameras come from another seed), trains ``--members`` small MLPs from
silhouette features (+ the height when the user gives it) to anny's parameters, each from
its own start and data order, and writes their average (ADR 60) to
``adapters/estimation/data/photo_regressor.onnx`` with ``photo_regressor.json`` (feature
layout, parameter names, seed, versions, training and validation errors). Seeded: the same
arguments on the same library versions give the same model.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from adapters.estimation.features import EXTRA_INPUTS, network_inputs

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
MODEL_FILE = "photo_regressor.onnx"
INFO_FILE = "photo_regressor.json"
DATA_CACHE = Path("~/.cache/avatar-service/photo-training").expanduser()
CHUNK = 500
# Bump when the synthetic data changes (stance, clothing, cameras): the cache is keyed by it.
DATA_VERSION = "stance-clothing-hair-2"


def _generate_chunk(arguments: tuple[str, int, int]) -> dict[str, np.ndarray]:
    cache_dir, count, seed = arguments
    path = _chunk_path(count, seed)
    if path.exists():
        return dict(np.load(path))
    import torch

    torch.set_num_threads(1)
    from adapters.body.anny_space import AnnySpace
    from adapters.estimation.synthetic import generate

    space = AnnySpace(Path(cache_dir))
    space.prepare()
    data = generate(space, count, seed)
    chunk = {
        "features": data.features,
        "parameters": data.parameters,
        "heights": data.heights_cm,
        "clothing": data.clothing,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".partial.npz")
    np.savez_compressed(temporary, **chunk)
    temporary.replace(path)
    return chunk


def _chunk_path(count: int, seed: int) -> Path:
    from adapters.estimation.features import FEATURE_COUNT

    return DATA_CACHE / f"chunk-{DATA_VERSION}-{FEATURE_COUNT}-{seed}-{count}.npz"


def dataset(count: int, seed: int, workers: int, anny_cache: Path) -> dict[str, np.ndarray]:
    """``count`` samples from ``seed``, generated in chunks of ``CHUNK`` (each cached on
    disk: a larger set reuses a smaller one's chunks, an interrupted run resumes)."""
    jobs = [
        (str(anny_cache), min(CHUNK, count - start), seed * 100_003 + start)
        for start in range(0, count, CHUNK)
    ]
    started = time.perf_counter()
    if workers > 1:
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            parts = pool.map(_generate_chunk, jobs)
    else:
        parts = [_generate_chunk(job) for job in jobs]
    merged = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    log.info("%d samples (seed %d) in %.0f s", count, seed, time.perf_counter() - started)
    return merged


def build_network(
    inputs: int, outputs: int, hidden: int = 384, dropout: float = 0.0, members: int = 1
) -> Any:
    """Standardise -> ``members`` MLPs -> their mean -> parameters (ADR 60: an ensemble of
    networks trained from different starts and data orders; the scaling is part of the
    exported graph)."""
    import torch

    def mlp() -> torch.nn.Module:
        return torch.nn.Sequential(
            torch.nn.Linear(inputs, hidden),
            torch.nn.SiLU(),
            torch.nn.Dropout(dropout),
            torch.nn.Linear(hidden, hidden),
            torch.nn.SiLU(),
            torch.nn.Dropout(dropout),
            torch.nn.Linear(hidden, hidden),
            torch.nn.SiLU(),
            torch.nn.Linear(hidden, outputs),
        )

    class PhotoRegressor(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("input_mean", torch.zeros(inputs))
            self.register_buffer("input_scale", torch.ones(inputs))
            self.register_buffer("output_mean", torch.zeros(outputs))
            self.register_buffer("output_scale", torch.ones(outputs))
            self.members = torch.nn.ModuleList(mlp() for _ in range(members))

        def member(self, index: int, features: torch.Tensor) -> torch.Tensor:
            """One member's answer, in standard units (what training fits)."""
            return self.members[index]((features - self.input_mean) / self.input_scale)

        def forward(self, features: torch.Tensor) -> torch.Tensor:
            standard = (features - self.input_mean) / self.input_scale
            mean = torch.stack([net(standard) for net in self.members]).mean(dim=0)
            return mean * self.output_scale + self.output_mean

    return PhotoRegressor()


def members_in(state: dict[str, Any]) -> tuple[int, int, int, int]:
    """(inputs, hidden, outputs, members) of a ``build_network`` state dict (for a network
    read back from its ONNX file's initializers)."""
    first, last = state["members.0.0.weight"], state["members.0.8.weight"]
    count = len({key.split(".")[1] for key in state if key.startswith("members.")})
    return int(first.shape[1]), int(first.shape[0]), int(last.shape[0]), count


def train(arguments: argparse.Namespace) -> dict[str, Any]:
    import torch

    torch.manual_seed(arguments.seed)
    torch.set_num_threads(arguments.threads)
    anny_cache = Path(arguments.anny_cache).expanduser()
    training = dataset(arguments.train, arguments.seed, arguments.workers, anny_cache)
    validation = dataset(arguments.validation, arguments.seed + 1, arguments.workers, anny_cache)

    from adapters.body.anny_space import AnnySpace

    space = AnnySpace(anny_cache)
    space.prepare()
    features, targets = training["features"], training["parameters"]
    inputs_count = features.shape[1] + EXTRA_INPUTS
    network = build_network(
        inputs_count,
        targets.shape[1],
        hidden=arguments.hidden,
        dropout=arguments.dropout,
        members=arguments.members,
    )
    mean_features, scale_features = features.mean(axis=0), np.maximum(features.std(axis=0), 1e-3)
    extra_mean = np.zeros(EXTRA_INPUTS)
    extra_mean[1] = 0.5
    extra_scale = np.ones(EXTRA_INPUTS)
    extra_scale[1] = 0.5
    network.input_mean[:] = torch.as_tensor(np.concatenate([mean_features, extra_mean]))
    network.input_scale[:] = torch.as_tensor(np.concatenate([scale_features, extra_scale]))
    network.output_mean[:] = torch.as_tensor(targets.mean(axis=0))
    network.output_scale[:] = torch.as_tensor(targets.std(axis=0) + 1e-6)
    started = time.perf_counter()
    for index in range(arguments.members):
        # Each member starts from its own weights and sees its own order and hints.
        torch.manual_seed(arguments.seed * 1000 + index)
        rng = np.random.default_rng([arguments.seed, index])
        _fit_member(network, index, training, arguments, rng)
    log.info("trained in %.0f s", time.perf_counter() - started)
    network.eval()
    errors = {
        "training": evaluate(network, training, space, limit=1000),
        "validation": evaluate(network, validation, space, limit=len(validation["features"])),
    }
    if arguments.members > 1:
        # What averaging buys: each member alone on the same validation set.
        errors["validation_members"] = [
            evaluate(_alone(network, index), validation, space, len(validation["features"]))
            for index in range(arguments.members)
        ]
    output = Path(arguments.out)
    from inference_onnx.export import export_module

    example = torch.zeros(2, inputs_count)
    export_module(
        network,
        {"features": example},
        ["parameters"],
        output / MODEL_FILE,
        metadata={"model": "photo_regressor", "seed": str(arguments.seed)},
        producer="avatar-service adapters.estimation.train",
    )
    check_inputs = network_inputs(validation["features"][:2], validation["heights"][:2])
    with torch.no_grad():
        check_outputs = network(torch.as_tensor(check_inputs)).numpy()
    info = {
        "model": "photo_regressor",
        "version": arguments.version,
        "inputs": {
            "features": int(features.shape[1]),
            "height": "(heightCm - 170) / 10, 0 when not given",
            "height_given": "1 or 0",
            "clothing": "one-hot tight, regular, loose; zeros when not said",
            "gender": "one-hot female, male; zeros when not said",
        },
        "data_version": DATA_VERSION,
        "parameter_names": list(space.parameter_names),
        "body_model": {"name": space.model_name, "version": space.model_version},
        "seed": arguments.seed,
        "samples": {"training": len(features), "validation": len(validation["features"])},
        "epochs": arguments.epochs,
        "hyperparameters": {
            "hidden": arguments.hidden,
            "members": arguments.members,
            "dropout": arguments.dropout,
            "weight_decay": arguments.weight_decay,
            "noise": arguments.noise,
            "lr": arguments.lr,
            "batch": arguments.batch,
        },
        "errors": errors,
        "versions": {name: version(name) for name in ("torch", "numpy", "anny")}
        | {"opencv": cv2.__version__, "python": sys.version.split()[0]},
        "training_seconds": round(time.perf_counter() - started, 1),
        # Two validation rows and what the torch network answered: the shipped ONNX file
        # must answer the same (tests/estimation).
        "check": {"inputs": check_inputs.tolist(), "outputs": check_outputs.tolist()},
    }
    (output / INFO_FILE).write_text(json.dumps(info, indent=2) + "\n")
    return info


def _fit_member(
    network: Any,
    index: int,
    training: dict[str, np.ndarray],
    arguments: argparse.Namespace,
    rng: np.random.Generator,
) -> None:
    """Train ``network``'s member ``index`` on ``training`` (in standard units of the
    parameters), with the hints drawn the way users give them."""
    import torch

    features, targets = training["features"], training["parameters"]
    member = network.members[index]
    optimiser = torch.optim.AdamW(
        member.parameters(), lr=arguments.lr, weight_decay=arguments.weight_decay
    )
    steps_per_epoch = max(1, len(features) // arguments.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=arguments.lr, total_steps=arguments.epochs * steps_per_epoch
    )
    standard_targets = torch.as_tensor(
        (targets - targets.mean(axis=0)) / (targets.std(axis=0) + 1e-6), dtype=torch.float32
    )
    network.train()
    for epoch in range(arguments.epochs):
        order = rng.permutation(len(features))
        total = 0.0
        for step in range(steps_per_epoch):
            rows = order[step * arguments.batch : (step + 1) * arguments.batch]
            given = rng.random(len(rows)) < 0.5
            # The height a user types: off by up to a centimetre or so.
            typed = training["heights"][rows] + rng.normal(0.0, 0.7, len(rows))
            # The hints a user gives: the clothing most of the time, the gender half.
            clothing = np.where(rng.random(len(rows)) < 0.8, training["clothing"][rows], -1)
            female = np.where(rng.random(len(rows)) < 0.5, (targets[rows, 0] > 0.5).astype(int), -1)
            batch_inputs = torch.as_tensor(
                network_inputs(features[rows], typed, given, clothing=clothing, female=female)
            )
            # Noise on the standardised features (a segmenter's edge is never exact).
            jitter = torch.randn_like(batch_inputs) * arguments.noise * network.input_scale
            jitter[:, -EXTRA_INPUTS:] = 0.0
            predicted = network.member(index, batch_inputs + jitter)
            loss = ((predicted - standard_targets[rows]) ** 2).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
        if epoch % 20 == 0 or epoch == arguments.epochs - 1:
            log.info("member %d epoch %d loss %.4f", index, epoch, total / steps_per_epoch)
    network.eval()


def _alone(network: Any, index: int) -> Any:
    """Member ``index`` of ``network`` as a network of its own (for its errors)."""
    import torch

    class Alone(torch.nn.Module):
        def forward(self, features: torch.Tensor) -> torch.Tensor:
            return network.member(index, features) * network.output_scale + network.output_mean

    return Alone()


def evaluate(network: Any, data: dict[str, np.ndarray], space: Any, limit: int) -> dict[str, Any]:
    """Parameter RMSE, body height error (cm) and mean vertex error (mm), with and without
    the height given."""
    import torch

    features, truth = data["features"][:limit], data["parameters"][:limit]
    heights = data["heights"][:limit]
    result: dict[str, Any] = {}
    true_vertices = _surfaces(space, truth)
    for label, given in (("with_height", True), ("without_height", False)):
        with torch.no_grad():
            predicted = network(
                torch.as_tensor(
                    network_inputs(
                        features, heights if given else None, clothing=data["clothing"][:limit]
                    )
                )
            ).numpy()
        predicted = np.clip(predicted, space.lower, space.upper)
        vertices = _surfaces(space, predicted)
        height_error = np.abs(vertices[:, :, 2].max(axis=1) * 100 - heights)
        vertex_error = np.linalg.norm(vertices - true_vertices, axis=2).mean(axis=1) * 1000
        result[label] = {
            "parameter_rmse": round(float(np.sqrt(((predicted - truth) ** 2).mean())), 4),
            "parameter_rmse_each": [
                round(float(v), 4) for v in np.sqrt(((predicted - truth) ** 2).mean(axis=0))
            ],
            "height_mae_cm": round(float(height_error.mean()), 2),
            "vertex_error_mm": round(float(vertex_error.mean()), 2),
        }
    return result


def _surfaces(space: Any, parameters: np.ndarray) -> np.ndarray:
    return np.concatenate(
        [space.surface(parameters[i : i + 256])[0] for i in range(0, len(parameters), 256)]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=64_000)
    parser.add_argument("--validation", type=int, default=800)
    parser.add_argument("--epochs", type=int, default=150)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hidden", type=int, default=384)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--members", type=int, default=3, help="networks averaged (ADR 60)")
    parser.add_argument("--weight-decay", type=float, default=1e-2)
    parser.add_argument("--noise", type=float, default=0.1, help="on standardised features")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--version", default="4")
    parser.add_argument(
        "--anny-cache",
        default=os.environ.get("AVATAR_BODY_MODEL_CACHE_DIR", "~/.cache/avatar-service/anny"),
    )
    parser.add_argument("--out", default=str(DATA_DIR))
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    info = train(arguments)
    print(json.dumps(info["errors"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
