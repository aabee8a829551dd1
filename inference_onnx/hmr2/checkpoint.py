"""Loading 4D-Humans' HMR2 checkpoint (``epoch=35-step=1000000.ckpt``) into ``HMR2``.

The file is a PyTorch Lightning checkpoint: the weights under ``"state_dict"`` with the
prefixes ``backbone.`` and ``smpl_head.``, next to keys this network does not have (the
discriminator, the SMPL layer's buffers, the optimiser state) and the training
configuration pickled as yacs ``CfgNode`` objects. It is read with ``torch.load``'s
``weights_only`` unpickler, so it cannot run code; classes that unpickler does not know are
read as plain dictionaries (they only hold the training settings, which are not used).
"""

from __future__ import annotations

import collections
import pickle
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import torch

from inference_onnx.hmr2.config import HMR2Config
from inference_onnx.hmr2.network import HMR2

PREFIXES = ("backbone.", "smpl_head.")
MEAN_BUFFERS = ("smpl_head.init_body_pose", "smpl_head.init_betas", "smpl_head.init_cam")


class CheckpointMismatch(ValueError):
    """A checkpoint whose weights do not fit the configured network."""


def load_checkpoint(
    checkpoint_path: Path,
    model_config_path: Path | None = None,
    *,
    config: HMR2Config | None = None,
    mean_params_path: Path | None = None,
) -> HMR2:
    """The network of ``model_config_path`` (or ``config``; the official ViT-H one when
    neither is given) with the checkpoint's weights, in eval mode.

    The SMPL mean parameters come from the checkpoint when it has them (the official one
    does), otherwise from ``mean_params_path`` or the configuration's ``SMPL.MEAN_PARAMS``.
    Raises ``CheckpointMismatch`` naming the missing, unexpected and misshapen weights.
    """
    if config is None:
        config = (
            HMR2Config.from_model_config(model_config_path)
            if model_config_path is not None
            else HMR2Config.official()
        )
    weights = read_state_dict(checkpoint_path)
    if all(name in weights for name in MEAN_BUFFERS):
        config = replace(config, mean_params_path=None)  # the checkpoint's own win
    elif mean_params_path is not None:
        config = replace(config, mean_params_path=mean_params_path)
    elif config.mean_params_path is None or not config.mean_params_path.is_file():
        raise CheckpointMismatch(
            f"{checkpoint_path} has no SMPL mean parameters ({', '.join(MEAN_BUFFERS)}); "
            "give the smpl_mean_params.npz that came with it"
        )
    model = HMR2(config)
    restore(model, weights, source=str(checkpoint_path))
    return model.eval()


def read_state_dict(checkpoint_path: Path) -> dict[str, torch.Tensor]:
    """The tensors of a Lightning checkpoint's ``state_dict`` (or of a bare state dict)."""
    if not checkpoint_path.is_file():
        raise FileNotFoundError(f"HMR2 checkpoint {checkpoint_path} does not exist")
    try:
        document = _load(checkpoint_path)
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError) as error:
        raise CheckpointMismatch(
            f"{checkpoint_path} could not be read as a PyTorch checkpoint: {error}"
        ) from error
    state = document.get("state_dict", document) if isinstance(document, Mapping) else None
    if not isinstance(state, Mapping):
        raise CheckpointMismatch(
            f"{checkpoint_path} holds neither a state dict nor a Lightning checkpoint"
        )
    return {str(name): value for name, value in state.items() if isinstance(value, torch.Tensor)}


def restore(model: HMR2, weights: Mapping[str, torch.Tensor], *, source: str = "") -> None:
    """Copy ``weights`` (prefixed names; others are ignored) into ``model``, all or none."""
    expected = model.state_dict()
    given = {name: value for name, value in weights.items() if name.startswith(PREFIXES)}
    optional = set(MEAN_BUFFERS) if model.config.mean_params_path is not None else set()
    missing = sorted(set(expected) - set(given) - optional)
    unexpected = sorted(set(given) - set(expected))
    misshapen = [
        f"{name}: checkpoint {list(given[name].shape)}, network {list(expected[name].shape)}"
        for name in sorted(set(given) & set(expected))
        if given[name].shape != expected[name].shape
    ]
    if missing or unexpected or misshapen:
        problems = []
        if missing:
            problems.append(f"{len(missing)} missing weights (e.g. {', '.join(missing[:3])})")
        if unexpected:
            problems.append(
                f"{len(unexpected)} weights the network does not have "
                f"(e.g. {', '.join(unexpected[:3])})"
            )
        if misshapen:
            problems.append(f"{len(misshapen)} of another shape ({'; '.join(misshapen[:3])})")
        raise CheckpointMismatch(
            f"the checkpoint {source} does not fit the configured HMR2 network: "
            + "; ".join(problems)
            + ". Is the model config the one that came with the checkpoint?"
        )
    with torch.no_grad():
        for name, value in given.items():
            expected[name].copy_(value)


def _load(path: Path) -> Any:
    try:
        unknown = torch.serialization.get_unsafe_globals_in_checkpoint(path)
    except Exception:  # not the zip format: the unpickler below says what is wrong
        unknown = []
    stand_ins = [(_stand_in(name), name) for name in unknown]
    with torch.serialization.safe_globals(stand_ins):
        try:
            return torch.load(path, map_location="cpu", weights_only=True, mmap=True)
        except RuntimeError:  # a file in the legacy (non-zip) format cannot be mapped
            return torch.load(path, map_location="cpu", weights_only=True)


def _stand_in(qualified_name: str) -> type:
    """A class that unpickles as an OrderedDict: the only container besides dict that the
    weights_only unpickler lets a pickle fill with items and attributes."""

    def construct(cls: type, *args: object, **kwargs: object) -> collections.OrderedDict[Any, Any]:
        return collections.OrderedDict()

    module, _, name = qualified_name.rpartition(".")
    stand_in = type(name, (), {"__new__": construct})
    stand_in.__module__ = module
    return stand_in
