"""The ``MeshExporter`` of bodies built by ``adapters.body``: glb, gltf, obj and fbx files.

Each call writes one file; the levels of detail, and the glTF document shared by .glb and
.gltf, are computed once per body and reused by the calls that follow (a generation asks
for up to 16 files of the same body). The work runs in a worker thread: it is CPU-bound
numpy, Draco and zlib code, most of which releases the GIL, so concurrent calls use
several cores and the event loop stays free.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable
from typing import Any

from adapters.body.geometry import BodyGeometry
from adapters.export.fbx import fbx_scene
from adapters.export.gltf import embedded_gltf, glb, gltf_document
from adapters.export.lod import level_of_detail
from adapters.export.mesh import LevelMesh
from adapters.export.obj import obj_zip
from application.ports import Appearance, BodyMesh, ExportedModel
from domain.model_file import LodLevel, ModelFormat

CONTENT_TYPES = {
    ModelFormat.GLB: "model/gltf-binary",
    ModelFormat.GLTF: "model/gltf+json",
    ModelFormat.OBJ: "application/zip",  # avatar.obj + avatar.mtl
    ModelFormat.FBX: "application/octet-stream",  # FBX has no registered media type
}
EXTENSIONS = {
    ModelFormat.GLB: "glb",
    ModelFormat.GLTF: "gltf",
    ModelFormat.OBJ: "obj.zip",
    ModelFormat.FBX: "fbx",
}


class _BodyCache:
    """What one body's files share, computed once: its levels and glTF documents."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.levels: dict[LodLevel, LevelMesh] = {}
        self.documents: dict[tuple[LodLevel, str], tuple[dict[str, Any], bytes]] = {}
        self.pending: dict[object, threading.Event] = {}

    def get(self, key: Any, table: dict[Any, Any], make: Callable[[], Any]) -> Any:
        """``table[key]``, made by one thread while the others asking for it wait."""
        while True:
            with self.lock:
                if key in table:
                    return table[key]
                event = self.pending.get(key)
                if event is None:
                    event = self.pending[key] = threading.Event()
                    break
            event.wait()
        try:
            value = make()
            with self.lock:
                table[key] = value
            return value
        finally:
            with self.lock:
                del self.pending[key]
            event.set()


class BodyMeshExporter:
    """Writes the bodies of ``adapters.body`` (``BodyGeometry``) in every ``ModelFormat``."""

    def __init__(self, *, draco: bool = True) -> None:
        self._draco = draco
        self._bodies: weakref.WeakKeyDictionary[BodyGeometry, _BodyCache] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()

    async def export(
        self,
        mesh: BodyMesh,
        model_format: ModelFormat,
        lod_level: LodLevel,
        appearance: Appearance,
    ) -> ExportedModel:
        if not isinstance(mesh, BodyGeometry):
            raise TypeError(f"this exporter writes BodyGeometry bodies, not {type(mesh).__name__}")
        return await asyncio.to_thread(
            self.export_now, mesh, model_format, lod_level, appearance.skin_tone
        )

    def export_now(
        self,
        geometry: BodyGeometry,
        model_format: ModelFormat,
        lod_level: LodLevel,
        skin_tone: str,
    ) -> ExportedModel:
        """The file, written in the calling thread."""
        with self._lock:
            cache = self._bodies.get(geometry)
            if cache is None:
                cache = self._bodies[geometry] = _BodyCache()
        level: LevelMesh = cache.get(
            lod_level, cache.levels, lambda: level_of_detail(geometry, lod_level)
        )
        vertex_count = level.vertex_count
        if model_format in (ModelFormat.GLB, ModelFormat.GLTF):
            document, binary = cache.get(
                (lod_level, skin_tone),
                cache.documents,
                lambda: gltf_document(level, skin_tone, draco=self._draco),
            )
            pack = glb if model_format is ModelFormat.GLB else embedded_gltf
            data = pack(document, binary)
            position = document["meshes"][0]["primitives"][0]["attributes"]["POSITION"]
            vertex_count = int(document["accessors"][position]["count"])  # split at UV seams
        elif model_format is ModelFormat.FBX:
            data = fbx_scene(level, skin_tone)
        else:
            data = obj_zip(level, skin_tone)
        return ExportedModel(
            data=data,
            content_type=CONTENT_TYPES[model_format],
            file_extension=EXTENSIONS[model_format],
            vertex_count=vertex_count,
            face_count=level.face_count,
            texture_count=0,  # the skin is a material colour; the files hold no images
        )
