"""Generated 3D model files of an avatar (spec 3.1.4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidValue

MAX_MODEL_FILE_BYTES = 5 * 1024 * 1024  # spec 9.3: under 5 MB compressed


class ModelFormat(StrEnum):
    GLTF = "gltf"
    GLB = "glb"
    FBX = "fbx"
    OBJ = "obj"


class LodLevel(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    MOBILE = "mobile"


class GenerationMethod(StrEnum):
    PARAMETRIC = "parametric"
    SCAN_BASED = "scan_based"
    PRESET = "preset"


@dataclass(frozen=True, slots=True)
class ModelFile:
    id: UUID
    avatar_id: UUID
    format: ModelFormat
    lod_level: LodLevel
    file_size: int
    storage_key: str
    storage_bucket: str
    vertex_count: int
    face_count: int
    texture_count: int
    generation_method: GenerationMethod
    created_at: datetime
    generation_parameters: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0 < self.file_size <= MAX_MODEL_FILE_BYTES:
            raise InvalidValue(
                f"a model file has 1 to {MAX_MODEL_FILE_BYTES} bytes (got {self.file_size})",
                field="fileSize",
            )
        if self.vertex_count < 0 or self.face_count < 0 or self.texture_count < 0:
            raise InvalidValue("counts are never negative", field="vertexCount")


def main_model(files: Sequence[ModelFile]) -> ModelFile:
    """The file that stands for the avatar's model: the most detailed GLB, else the first."""
    if not files:
        raise InvalidValue("a model generation produces at least one file", field="formats")
    detail = list(LodLevel)
    glbs = [f for f in files if f.format is ModelFormat.GLB]
    return min(glbs, key=lambda f: detail.index(f.lod_level)) if glbs else files[0]
