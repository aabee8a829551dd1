"""Wavefront OBJ with its MTL material, delivered as one zip archive.

An OBJ names its material library as a separate file, so one download holds both:
``avatar.obj`` and ``avatar.mtl`` in a zip (deflated: the text shrinks about threefold).
The OBJ has positions (metres, Y up, facing +Z), one normal per vertex, the body model's
own texture coordinates (v = 0 at the bottom, as OBJ reads them) and triangles
``v/vt/vn`` that keep the UV seams; the material's ``Kd`` is the skin tone. OBJ has no
skeleton: use glTF or FBX for an animatable body.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import numpy as np

from adapters.export.mesh import LevelMesh
from adapters.export.skin_tone import srgb

OBJ_NAME, MTL_NAME = "avatar.obj", "avatar.mtl"
# A fixed timestamp: the same body gives the same bytes (and the same ETag).
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _rows(prefix: str, values: np.ndarray[Any, Any], fmt: str) -> str:
    if len(values) == 0:
        return ""
    line = f"{prefix} {' '.join([fmt] * values.shape[1])}\n"
    text: str = (line * len(values)) % tuple(values.ravel().tolist())
    return text


def obj_text(mesh: LevelMesh, *, name: str = "Avatar") -> str:
    """The OBJ file of the body (referring to ``avatar.mtl``)."""
    header = (
        f"# avatar-service: the body mesh; metres, Y up, facing +Z\nmtllib {MTL_NAME}\no {name}\n"
    )
    parts = [
        header,
        _rows("v", mesh.positions, "%.5f"),
        _rows("vn", mesh.normals, "%.4f"),
    ]
    vertex = mesh.faces + 1
    if mesh.uvs is not None and mesh.face_uvs is not None:
        parts.append(_rows("vt", mesh.uvs, "%.5f"))
        corners = np.stack([vertex, mesh.face_uvs + 1, vertex], axis=2).reshape(-1, 9)
        face_line, face_format = "f %d/%d/%d %d/%d/%d %d/%d/%d\n", corners
    else:
        face_line = "f %d//%d %d//%d %d//%d\n"
        face_format = np.stack([vertex, vertex], axis=2).reshape(-1, 6)
    parts.append("usemtl Skin\ns 1\n")
    parts.append((face_line * len(face_format)) % tuple(face_format.ravel().tolist()))
    return "".join(parts)


def mtl_text(skin_tone: str) -> str:
    red, green, blue = srgb(skin_tone)
    return (
        "# avatar-service: the skin tone as the diffuse colour\n"
        "newmtl Skin\n"
        f"Kd {red:.4f} {green:.4f} {blue:.4f}\n"
        "Ka 0.0000 0.0000 0.0000\n"
        "Ks 0.0500 0.0500 0.0500\n"
        "Ns 10.0\n"
        "d 1.0\n"
        "illum 2\n"
    )


def obj_zip(mesh: LevelMesh, skin_tone: str, *, compression_level: int = 1) -> bytes:
    """``avatar.obj`` and ``avatar.mtl`` in one zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compression_level) as zf:
        for filename, text in ((OBJ_NAME, obj_text(mesh)), (MTL_NAME, mtl_text(skin_tone))):
            info = zipfile.ZipInfo(filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(
                info, text, compress_type=zipfile.ZIP_DEFLATED, compresslevel=compression_level
            )
    return buffer.getvalue()
