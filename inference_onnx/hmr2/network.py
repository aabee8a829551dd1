"""The HMR2 network (Goel et al., "Humans in 4D", ICCV 2023) as plain torch modules.

A ViT turns a 256x192 person crop into 16x12 patch tokens; the SMPL head's transformer
decoder lets one query token cross-attend to them and reads out residuals to the SMPL mean
parameters: the pose of the root and 23 body joints (6D rotations, returned as rotation
matrices), 10 shape coefficients (betas) and a weak-perspective camera (scale, tx, ty).

Module and parameter names follow 4D-Humans (MIT licence) so its checkpoint's state_dict
loads as is: ``backbone.*`` (ViTPose's ViT) and ``smpl_head.*``. Dropout and stochastic
depth are left out: this definition is for inference and export only. Every reshape uses
the token counts fixed by the configuration and -1 for the batch, so the exported graph
computes no shapes at run time.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional

from inference_onnx.hmr2.config import BackboneConfig, DecoderConfig, HMR2Config

# Names of the exported model's input and outputs, in order.
INPUT_NAME = "image"
OUTPUT_NAMES = ("global_orient", "body_pose", "betas", "camera")


def attend(
    query: torch.Tensor, key: torch.Tensor, value: torch.Tensor, dim_head: int
) -> torch.Tensor:
    """Scaled dot-product attention over (B, heads, tokens, dim_head) tensors."""
    if not torch.onnx.is_in_onnx_export():
        return functional.scaled_dot_product_attention(query, key, value)
    # Exported as plain MatMul/Softmax with the scale as a constant: the exporter's own
    # translation recomputes the scale from the shape at every run.
    scores = (query * dim_head**-0.5) @ key.transpose(-1, -2)
    return torch.softmax(scores, dim=-1) @ value


# -- backbone ----------------------------------------------------------------------------
class PatchEmbed(nn.Module):
    def __init__(self, config: BackboneConfig) -> None:
        super().__init__()
        rows, columns = config.patch_grid
        self.count, self.dim = rows * columns, config.embed_dim
        self.proj = nn.Conv2d(
            3,
            config.embed_dim,
            kernel_size=config.patch_size,
            stride=config.patch_size,
            padding=config.patch_padding,
        )

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return self.proj(image).reshape(-1, self.dim, self.count).transpose(1, 2)


class SelfAttention(nn.Module):
    """ViT attention: one fused query/key/value projection, laid out [3][heads][head]."""

    def __init__(self, dim: int, heads: int, qkv_bias: bool, count: int) -> None:
        super().__init__()
        self.heads, self.count, self.dim = heads, count, dim
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        dim_head = self.dim // self.heads
        shape = (-1, self.count, 3, self.heads, dim_head)
        query, key, value = self.qkv(tokens).reshape(shape).permute(2, 0, 3, 1, 4).unbind(0)
        mixed = attend(query, key, value, dim_head)
        return self.proj(mixed.transpose(1, 2).reshape(-1, self.count, self.dim))


class FeedForward(nn.Module):
    def __init__(self, dim: int, hidden: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.act(self.fc1(tokens)))


class EncoderBlock(nn.Module):
    def __init__(self, config: BackboneConfig) -> None:
        super().__init__()
        dim = config.embed_dim
        self.norm1 = nn.LayerNorm(dim, eps=config.layer_norm_eps)
        rows, columns = config.patch_grid
        self.attn = SelfAttention(dim, config.num_heads, config.qkv_bias, rows * columns)
        self.norm2 = nn.LayerNorm(dim, eps=config.layer_norm_eps)
        self.mlp = FeedForward(dim, int(dim * config.mlp_ratio))

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        tokens = tokens + self.attn(self.norm1(tokens))
        return tokens + self.mlp(self.norm2(tokens))


class VisionTransformer(nn.Module):
    def __init__(self, config: BackboneConfig) -> None:
        super().__init__()
        rows, columns = config.patch_grid
        if rows * columns != config.position_count - 1:
            raise ValueError(
                f"a {config.image_height}x{config.image_width} image gives {rows}x{columns} "
                f"patches but {config.position_count - 1} position embeddings"
            )
        self.patch_embed = PatchEmbed(config)
        self.pos_embed = nn.Parameter(torch.zeros(1, config.position_count, config.embed_dim))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        self.blocks = nn.ModuleList(EncoderBlock(config) for _ in range(config.depth))
        self.last_norm = nn.LayerNorm(config.embed_dim, eps=config.layer_norm_eps)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        """Patch tokens (B, rows * columns, C), row by row."""
        tokens = self.patch_embed(image)
        # The pretrained class token's embedding is added to every patch, as ViTPose does.
        tokens = tokens + self.pos_embed[:, 1:] + self.pos_embed[:, :1]
        for block in self.blocks:
            tokens = block(tokens)
        return self.last_norm(tokens)


# -- SMPL head -------------------------------------------------------------------------------
class PreNorm(nn.Module):
    def __init__(self, dim: int, inner: nn.Module, eps: float) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim, eps=eps)
        self.fn = inner

    def forward(self, tokens: torch.Tensor, context: torch.Tensor | None = None) -> torch.Tensor:
        normed = self.norm(tokens)
        return self.fn(normed) if context is None else self.fn(normed, context)


def _output_projection(inner_dim: int, dim: int, heads: int, dim_head: int) -> nn.Module:
    # As in 4D-Humans: no projection when one head already has the model's width.
    if heads == 1 and dim_head == dim:
        return nn.Identity()
    return nn.Sequential(nn.Linear(inner_dim, dim))


def _split_heads(
    tokens: torch.Tensor, count: int, config: DecoderConfig, parts: int = 1
) -> torch.Tensor:
    """(B, count, parts * heads * dim_head) -> (parts, B, heads, count, dim_head)."""
    shape = (-1, count, parts, config.heads, config.dim_head)
    return tokens.reshape(shape).permute(2, 0, 3, 1, 4)


def _split_parts(
    tokens: torch.Tensor, count: int, config: DecoderConfig, parts: int
) -> tuple[torch.Tensor, ...]:
    return _split_heads(tokens, count, config, parts).unbind(0)


def _merge_heads(tokens: torch.Tensor, count: int, config: DecoderConfig) -> torch.Tensor:
    return tokens.transpose(1, 2).reshape(-1, count, config.heads * config.dim_head)


# The SMPL head decodes one query token.
QUERY_TOKENS = 1


class DecoderSelfAttention(nn.Module):
    def __init__(self, config: DecoderConfig) -> None:
        super().__init__()
        inner = config.heads * config.dim_head
        self.config = config
        self.to_qkv = nn.Linear(config.dim, inner * 3, bias=False)
        self.to_out = _output_projection(inner, config.dim, config.heads, config.dim_head)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        query, key, value = _split_parts(self.to_qkv(tokens), QUERY_TOKENS, self.config, 3)
        mixed = attend(query, key, value, self.config.dim_head)
        return self.to_out(_merge_heads(mixed, QUERY_TOKENS, self.config))


class CrossAttention(nn.Module):
    def __init__(self, config: DecoderConfig, context_tokens: int) -> None:
        super().__init__()
        inner = config.heads * config.dim_head
        self.config, self.context_tokens = config, context_tokens
        self.to_kv = nn.Linear(config.context_dim, inner * 2, bias=False)
        self.to_q = nn.Linear(config.dim, inner, bias=False)
        self.to_out = _output_projection(inner, config.dim, config.heads, config.dim_head)

    def forward(self, tokens: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        key, value = _split_parts(self.to_kv(context), self.context_tokens, self.config, 2)
        query = _split_heads(self.to_q(tokens), QUERY_TOKENS, self.config)[0]
        mixed = attend(query, key, value, self.config.dim_head)
        return self.to_out(_merge_heads(mixed, QUERY_TOKENS, self.config))


class DecoderFeedForward(nn.Module):
    def __init__(self, dim: int, hidden: int) -> None:
        super().__init__()
        # Indices 0 and 3 as in the checkpoint (its dropouts sat at 2 and 4).
        self.net = nn.Sequential(
            nn.Linear(dim, hidden), nn.GELU(), nn.Identity(), nn.Linear(hidden, dim)
        )

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.net(tokens)


class CrossAttentionLayers(nn.Module):
    def __init__(self, config: DecoderConfig, context_tokens: int) -> None:
        super().__init__()
        eps = config.layer_norm_eps
        self.layers = nn.ModuleList(
            nn.ModuleList(
                [
                    PreNorm(config.dim, DecoderSelfAttention(config), eps),
                    PreNorm(config.dim, CrossAttention(config, context_tokens), eps),
                    PreNorm(config.dim, DecoderFeedForward(config.dim, config.mlp_dim), eps),
                ]
            )
            for _ in range(config.depth)
        )

    def forward(self, tokens: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        for self_attention, cross_attention, feed_forward in self.layers:  # type: ignore[misc]
            tokens = self_attention(tokens) + tokens
            tokens = cross_attention(tokens, context) + tokens
            tokens = feed_forward(tokens) + tokens
        return tokens


class TransformerDecoder(nn.Module):
    def __init__(self, config: DecoderConfig, token_dim: int, context_tokens: int) -> None:
        super().__init__()
        self.to_token_embedding = nn.Linear(token_dim, config.dim)
        self.pos_embedding = nn.Parameter(torch.randn(1, QUERY_TOKENS, config.dim))
        self.transformer = CrossAttentionLayers(config, context_tokens)

    def forward(self, token: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        embedded = self.to_token_embedding(token) + self.pos_embedding
        return self.transformer(embedded, context)


class SMPLHead(nn.Module):
    """Residuals to the SMPL mean parameters, read out of one decoded query token."""

    def __init__(self, config: HMR2Config) -> None:
        super().__init__()
        self.config = config
        pose_size = config.pose_size
        token_dim = pose_size + 10 + 3 if config.transformer_input == "mean_shape" else 1
        rows, columns = config.backbone.patch_grid
        self.transformer = TransformerDecoder(config.decoder, token_dim, rows * columns)
        self.decpose = nn.Linear(config.decoder.dim, pose_size)
        self.decshape = nn.Linear(config.decoder.dim, 10)
        self.deccam = nn.Linear(config.decoder.dim, 3)
        pose, shape, camera = mean_parameters(config)
        self.register_buffer("init_body_pose", torch.from_numpy(pose)[None])
        self.register_buffer("init_betas", torch.from_numpy(shape)[None])
        self.register_buffer("init_cam", torch.from_numpy(camera)[None])

    def forward(
        self, context: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        # (1, n) until the first residual broadcasts them to the batch
        pose, betas, camera = self.init_body_pose, self.init_betas, self.init_cam
        zero_token = torch.zeros_like(context[:, :QUERY_TOKENS, :1])  # (B, 1, 1)
        for _ in range(self.config.ief_iters):
            if self.config.transformer_input == "mean_shape":
                estimate = torch.cat([pose, betas, camera], dim=1)[:, None, :]
                token = estimate + zero_token  # to the batch
            else:
                token = zero_token
            decoded = self.transformer(token, context)[:, 0]
            pose = self.decpose(decoded) + pose
            betas = self.decshape(decoded) + betas
            camera = self.deccam(decoded) + camera
        joints = self.config.num_body_joints + 1
        rotations = rotation_6d_to_matrix(pose.reshape(-1, joints, 6))
        return rotations[:, :1], rotations[:, 1:], betas, camera


def rotation_6d_to_matrix(sixd: torch.Tensor) -> torch.Tensor:
    """Rotation matrices (..., 3, 3) from 6D rotations (..., 6) (Zhou et al., CVPR 2019).

    The 6 numbers hold two 3-vectors, orthonormalised (Gram-Schmidt) into the first two
    columns; the third column is their cross product.
    """
    first = _unit(sixd[..., 0:3])
    second = sixd[..., 3:6]
    second = _unit(second - (first * second).sum(dim=-1, keepdim=True) * first)
    # The cross product written out: exports to plain ONNX arithmetic.
    third = torch.stack(
        [
            first[..., 1] * second[..., 2] - first[..., 2] * second[..., 1],
            first[..., 2] * second[..., 0] - first[..., 0] * second[..., 2],
            first[..., 0] * second[..., 1] - first[..., 1] * second[..., 0],
        ],
        dim=-1,
    )
    return torch.stack([first, second, third], dim=-1)


def _unit(vectors: torch.Tensor) -> torch.Tensor:
    # functional.normalize, without the shape arithmetic its export adds
    return vectors / torch.linalg.vector_norm(vectors, dim=-1, keepdim=True).clamp_min(1e-12)


def mean_parameters(config: HMR2Config) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The SMPL mean pose (6D), shape and camera the head starts from.

    Read from ``config.mean_params_path`` (4D-Humans' ``smpl_mean_params.npz``) when set;
    otherwise the rest pose, zero betas and a unit-scale camera. A checkpoint overwrites
    them: the official one stores them as ``smpl_head.init_*`` buffers.
    """
    pose_size = config.pose_size
    if config.mean_params_path is None:
        identity = np.array([1, 0, 0, 0, 1, 0], dtype=np.float32)
        return (
            np.tile(identity, pose_size // 6),
            np.zeros(10, np.float32),
            np.array([0.9, 0, 0], np.float32),
        )
    path = config.mean_params_path
    if not path.is_file():
        raise FileNotFoundError(f"SMPL mean parameters {path} do not exist")
    with np.load(path) as data:
        missing = {"pose", "shape", "cam"} - set(data.files)
        if missing:
            raise ValueError(f"{path} lacks the arrays {sorted(missing)}")
        pose, shape, camera = (
            np.asarray(data[name], np.float32).reshape(-1) for name in ("pose", "shape", "cam")
        )
    if pose.shape != (pose_size,) or shape.shape != (10,) or camera.shape != (3,):
        raise ValueError(
            f"{path}: pose, shape and cam must hold {pose_size}, 10 and 3 numbers, "
            f"not {pose.size}, {shape.size} and {camera.size}"
        )
    return pose, shape, camera


class HMR2(nn.Module):
    """Person crop (B, 3, H, W), normalised with the ImageNet mean and deviation, to
    (global_orient (B, 1, 3, 3), body_pose (B, 23, 3, 3), betas (B, 10), camera (B, 3))."""

    def __init__(self, config: HMR2Config) -> None:
        super().__init__()
        self.config = config
        self.backbone = VisionTransformer(config.backbone)
        self.smpl_head = SMPLHead(config)

    def forward(
        self, image: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        return self.smpl_head(self.backbone(image))
