"""Export: the body as a model file (glTF, GLB, OBJ, FBX) at a level of detail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from application.ports.body import BodyMesh
from domain.model_file import LodLevel, ModelFormat


@dataclass(frozen=True, slots=True)
class Appearance:
    """How the avatar looks beyond its shape."""

    skin_tone: str = "#c8a58c"  # sRGB hex, the material's base colour


@dataclass(frozen=True, slots=True)
class ExportedModel:
    data: bytes
    content_type: str
    file_extension: str
    vertex_count: int
    face_count: int
    texture_count: int


class MeshExporter(Protocol):
    async def export(
        self,
        mesh: BodyMesh,
        model_format: ModelFormat,
        lod_level: LodLevel,
        appearance: Appearance,
    ) -> ExportedModel:
        """The body as one file of ``model_format`` at ``lod_level``."""
        ...
