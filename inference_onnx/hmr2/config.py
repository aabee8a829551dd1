"""The shape of an HMR2 network: the official ViT-H/16 one, a small one, or one read from
4D-Humans' ``model_config.yaml``.

The official configuration file does not describe the backbone (4D-Humans builds ViT-H/16
in code); a ``MODEL.BACKBONE`` section may add ``EMBED_DIM``, ``DEPTH``, ``NUM_HEADS`` and
``MLP_RATIO`` to describe another ViT, which is how the tests write small configurations.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A configuration this implementation cannot build; the message says which field."""


@dataclass(frozen=True, slots=True)
class BackboneConfig:
    """A plain ViT on a person crop, as ViTPose and HMR2 use it (no class token)."""

    image_height: int = 256
    image_width: int = 192
    patch_size: int = 16
    # HMR2's patch embedding pads by 2 pixels, so a 256x192 crop gives 16x12 patches.
    patch_padding: int = 2
    embed_dim: int = 1280
    depth: int = 32
    num_heads: int = 16
    mlp_ratio: float = 4.0
    qkv_bias: bool = True
    layer_norm_eps: float = 1e-6

    @property
    def patch_grid(self) -> tuple[int, int]:
        """Rows and columns of patch tokens the convolution produces."""

        def size(pixels: int) -> int:
            return (pixels + 2 * self.patch_padding - self.patch_size) // self.patch_size + 1

        return size(self.image_height), size(self.image_width)

    @property
    def position_count(self) -> int:
        """Entries of the position embedding: one per patch of the unpadded grid, plus the
        pretrained class token's (kept in the checkpoint, added to every patch)."""
        return (self.image_height // self.patch_size) * (self.image_width // self.patch_size) + 1


@dataclass(frozen=True, slots=True)
class DecoderConfig:
    """The SMPL head's transformer decoder: one query token cross-attending to the patches."""

    dim: int = 1024
    depth: int = 6
    heads: int = 8
    dim_head: int = 64
    mlp_dim: int = 1024
    context_dim: int = 1280  # the backbone's embedding size
    layer_norm_eps: float = 1e-5


@dataclass(frozen=True, slots=True)
class HMR2Config:
    backbone: BackboneConfig = field(default_factory=BackboneConfig)
    decoder: DecoderConfig = field(default_factory=DecoderConfig)
    ief_iters: int = 1  # iterative error feedback rounds of the head
    num_body_joints: int = 23  # SMPL joints besides the root
    # "zero": the query token is a constant; "mean_shape": it carries the current estimate.
    transformer_input: str = "zero"
    image_mean: tuple[float, float, float] = (0.485, 0.456, 0.406)  # RGB, in [0, 1]
    image_std: tuple[float, float, float] = (0.229, 0.224, 0.225)
    mean_params_path: Path | None = None  # smpl_mean_params.npz (pose, shape, cam)

    def __post_init__(self) -> None:
        if self.transformer_input not in ("zero", "mean_shape"):
            raise ConfigError(
                f"MODEL.SMPL_HEAD.TRANSFORMER_INPUT must be 'zero' or 'mean_shape', "
                f"not {self.transformer_input!r}"
            )
        if self.decoder.context_dim != self.backbone.embed_dim:
            raise ConfigError(
                f"the decoder's context_dim ({self.decoder.context_dim}) must equal the "
                f"backbone's embedding size ({self.backbone.embed_dim})"
            )
        if self.ief_iters < 1:
            raise ConfigError("MODEL.SMPL_HEAD.IEF_ITERS must be at least 1")

    @property
    def pose_size(self) -> int:
        """Numbers of the 6D rotations of the root and the body joints."""
        return 6 * (self.num_body_joints + 1)

    @classmethod
    def official(cls, mean_params_path: Path | None = None) -> HMR2Config:
        """The released HMR2 (4D-Humans, ``epoch=35-step=1000000.ckpt``): ViT-H/16."""
        return cls(mean_params_path=mean_params_path)

    @classmethod
    def small(cls, mean_params_path: Path | None = None) -> HMR2Config:
        """A few-MB network of the same structure, for tests and benchmarks."""
        return cls(
            backbone=BackboneConfig(embed_dim=64, depth=2, num_heads=2),
            decoder=DecoderConfig(
                dim=64, depth=2, heads=2, dim_head=32, mlp_dim=128, context_dim=64
            ),
            mean_params_path=mean_params_path,
        )

    @classmethod
    def from_model_config(cls, path: Path) -> HMR2Config:
        """Read 4D-Humans' ``model_config.yaml`` (needs PyYAML: the ``hmr2`` extra)."""
        try:
            import yaml
        except ImportError as error:  # pragma: no cover - PyYAML ships with the test extra
            raise ImportError(
                "reading model_config.yaml needs PyYAML: pip install -e '.[hmr2]'"
            ) from error
        if not path.is_file():
            raise FileNotFoundError(f"HMR2 model config {path} does not exist")
        with path.open() as handle:
            document = yaml.safe_load(handle)
        if not isinstance(document, dict):
            raise ConfigError(f"{path} is not a YAML mapping")
        return cls.from_mapping(document, base=path.parent)

    @classmethod
    def from_mapping(cls, document: dict[str, Any], base: Path | None = None) -> HMR2Config:
        """The configuration from the parsed ``model_config.yaml``; relative paths are
        resolved against ``base``."""
        model = _section(document, "MODEL")
        backbone_section = _section(model, "BACKBONE", "MODEL.")
        if str(backbone_section.get("TYPE", "vit")).lower() != "vit":
            raise ConfigError(
                f"MODEL.BACKBONE.TYPE {backbone_section['TYPE']!r} is not supported (only vit)"
            )
        head = _section(model, "SMPL_HEAD", "MODEL.")
        if str(head.get("TYPE", "transformer_decoder")) != "transformer_decoder":
            raise ConfigError(
                f"MODEL.SMPL_HEAD.TYPE {head['TYPE']!r} is not supported (only transformer_decoder)"
            )
        if str(head.get("JOINT_REP", "6d")) != "6d":
            raise ConfigError("MODEL.SMPL_HEAD.JOINT_REP must be 6d (as HMR2 is trained)")
        image_size = int(model.get("IMAGE_SIZE", 256))
        defaults = BackboneConfig()
        backbone = replace(
            defaults,
            # HMR2 crops a square IMAGE_SIZE patch to its central 3/4 columns for the ViT.
            image_height=image_size,
            image_width=image_size * 3 // 4,
            embed_dim=int(backbone_section.get("EMBED_DIM", defaults.embed_dim)),
            depth=int(backbone_section.get("DEPTH", defaults.depth)),
            num_heads=int(backbone_section.get("NUM_HEADS", defaults.num_heads)),
            mlp_ratio=float(backbone_section.get("MLP_RATIO", defaults.mlp_ratio)),
        )
        decoder = _decoder(_section(head, "TRANSFORMER_DECODER", "MODEL.SMPL_HEAD."))
        smpl = document.get("SMPL") or {}
        mean_params = smpl.get("MEAN_PARAMS")
        mean_params_path = None
        if mean_params:
            mean_params_path = Path(str(mean_params)).expanduser()
            if not mean_params_path.is_absolute() and base is not None:
                mean_params_path = base / mean_params_path
        return cls(
            backbone=backbone,
            decoder=decoder,
            ief_iters=int(head.get("IEF_ITERS", 1)),
            num_body_joints=int(smpl.get("NUM_BODY_JOINTS", 23)),
            transformer_input=str(head.get("TRANSFORMER_INPUT", "zero")),
            image_mean=_triple(model.get("IMAGE_MEAN"), (0.485, 0.456, 0.406)),
            image_std=_triple(model.get("IMAGE_STD"), (0.229, 0.224, 0.225)),
            mean_params_path=mean_params_path,
        )


# TRANSFORMER_DECODER keys that only matter when training.
_TRAINING_ONLY = {"dropout", "emb_dropout", "emb_dropout_type"}


def _decoder(section: dict[str, Any]) -> DecoderConfig:
    known = {"dim", "depth", "heads", "dim_head", "mlp_dim", "context_dim", "norm"}
    unknown = set(section) - known - _TRAINING_ONLY
    if unknown:
        raise ConfigError(
            f"MODEL.SMPL_HEAD.TRANSFORMER_DECODER has options this implementation does not "
            f"support: {sorted(unknown)}"
        )
    if section.get("norm", "layer") != "layer":
        raise ConfigError(
            f"MODEL.SMPL_HEAD.TRANSFORMER_DECODER.norm {section['norm']!r} is not supported "
            "(only layer)"
        )
    defaults = DecoderConfig()
    return DecoderConfig(
        dim=int(section.get("dim", defaults.dim)),
        depth=int(section.get("depth", defaults.depth)),
        heads=int(section.get("heads", defaults.heads)),
        dim_head=int(section.get("dim_head", defaults.dim_head)),
        mlp_dim=int(section.get("mlp_dim", defaults.mlp_dim)),
        context_dim=int(section.get("context_dim", defaults.context_dim)),
    )


def _section(parent: dict[str, Any], key: str, prefix: str = "") -> dict[str, Any]:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{prefix}{key} must be a mapping")
    return value


def _triple(value: Any, default: tuple[float, float, float]) -> tuple[float, float, float]:
    if value is None:
        return default
    first, second, third = (float(v) for v in value)
    return first, second, third
