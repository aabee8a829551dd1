"""Exported model files read by readers the project did not write.

- glTF / GLB: the Khronos glTF validator (npm ``gltf-validator``, run with Node.js) must
  report no error. It cannot decode Draco, so every level is also validated written without
  Draco (the same document with its data in plain accessors: weights, joints, inverse bind
  matrices and bounds checked), and trimesh (which decodes Draco with DracoPy's decoder)
  reads the compressed files back.
- FBX: assimp (``assimp-py``) and ufbx re-import every file. ufbx keeps control points, so it
  must give exactly our vertex and triangle counts, every bone and a cluster per deforming
  bone, with the bind pose we wrote; assimp splits vertices per polygon corner (its FBX
  importer does not re-weld), so there we compare 3 x triangles and the node count.

The body is anny's average woman (built from the shared cache, seconds when warm).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import trimesh

from adapters.body.geometry import BodyGeometry
from adapters.export.exporter import BodyMeshExporter
from adapters.export.gltf import glb, gltf_document
from adapters.export.lod import level_of_detail
from domain.model_file import MAX_MODEL_FILE_BYTES, LodLevel, ModelFormat
from tests.support.node import require_node, run_node

pytestmark = pytest.mark.slow
MOBILE_GLB_LIMIT_BYTES = 150 * 1024


@pytest.fixture(scope="module")
def body() -> BodyGeometry:
    from tests.support.bodies import anny_geometry

    return anny_geometry()


@pytest.fixture(scope="module")
def files(
    body: BodyGeometry, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[tuple[ModelFormat, LodLevel], Path]]:
    folder = tmp_path_factory.mktemp("models")
    exporter = BodyMeshExporter()
    written = {}
    for level in LodLevel:
        for model_format in ModelFormat:
            exported = exporter.export_now(body, model_format, level, "#c8a58c")
            path = folder / f"{level.value}.{exported.file_extension}"
            path.write_bytes(exported.data)
            written[model_format, level] = path
    yield written
    shutil.rmtree(folder, ignore_errors=True)


def validate(paths: list[Path]) -> list[dict[str, object]]:
    require_node("no glTF file was checked by the Khronos validator")
    result = run_node("validate_gltf.mjs", *map(str, paths))
    assert result.returncode == 0, result.stderr
    reports: list[dict[str, object]] = json.loads(result.stdout)
    return reports


def check_reports(reports: list[dict[str, object]]) -> None:
    for item in reports:
        issues = item["report"]["issues"]  # type: ignore[index]
        errors = [m for m in issues["messages"] if m["severity"] == 0]
        assert issues["numErrors"] == 0, (item["file"], errors[:10])
        if issues["numWarnings"]:
            found = [m["code"] for m in issues["messages"] if m["severity"] == 1]
            warnings.warn(
                f"glTF validator: {issues['numWarnings']} warnings in {item['file']}: "
                f"{sorted(set(found))}",
                stacklevel=2,
            )


def test_every_gltf_and_glb_passes_the_khronos_validator(
    files: dict[tuple[ModelFormat, LodLevel], Path],
) -> None:
    paths = [p for (f, _), p in files.items() if f in (ModelFormat.GLB, ModelFormat.GLTF)]
    reports = validate(paths)
    assert len(reports) == 8
    check_reports(reports)


def test_the_skin_data_passes_the_validator_when_written_without_draco(
    body: BodyGeometry, tmp_path: Path
) -> None:
    paths = []
    for level in LodLevel:
        document, binary = gltf_document(level_of_detail(body, level), "#c8a58c", draco=False)
        path = tmp_path / f"{level.value}-plain.glb"
        path.write_bytes(glb(document, binary))
        paths.append(path)
    reports = validate(paths)
    check_reports(reports)
    for item in reports:
        info = item["report"]["info"]  # type: ignore[index]
        assert info["animationCount"] == 0 and info["materialCount"] == 1


@pytest.mark.parametrize("level", list(LodLevel))
def test_draco_compressed_glb_decodes_to_the_level_in_an_independent_reader(
    files: dict[tuple[ModelFormat, LodLevel], Path], body: BodyGeometry, level: LodLevel
) -> None:
    mesh = level_of_detail(body, level)
    scene = trimesh.load(files[ModelFormat.GLB, level], force="scene")
    geometries = list(scene.geometry.values())
    assert len(geometries) == 1
    decoded = geometries[0]
    assert len(decoded.faces) == mesh.face_count
    step = 1.8 / 2**14  # 14-bit position quantisation over the body's extent
    assert np.allclose(decoded.bounds, [mesh.positions.min(0), mesh.positions.max(0)], atol=step)


def test_every_file_is_under_5_mb_and_the_mobile_glb_under_150_kb(
    files: dict[tuple[ModelFormat, LodLevel], Path],
) -> None:
    sizes = {key: path.stat().st_size for key, path in files.items()}
    assert max(sizes.values()) < MAX_MODEL_FILE_BYTES, sizes
    assert sizes[ModelFormat.GLB, LodLevel.MOBILE] < MOBILE_GLB_LIMIT_BYTES


def _count_nodes(node: object) -> int:
    return 1 + sum(_count_nodes(child) for child in node.children)  # type: ignore[attr-defined]


@pytest.mark.parametrize("level", list(LodLevel))
def test_every_fbx_reimports_in_assimp(
    files: dict[tuple[ModelFormat, LodLevel], Path], body: BodyGeometry, level: LodLevel
) -> None:
    assimp = pytest.importorskip("assimp_py", reason="ASSIMP-PY IS NOT INSTALLED (test extra)")
    mesh = level_of_detail(body, level)
    scene = assimp.import_file(str(files[ModelFormat.FBX, level]), assimp.Process_Triangulate)
    assert scene.num_meshes == 1
    imported = scene.meshes[0]
    assert imported.num_faces == mesh.face_count
    assert imported.num_vertices == 3 * mesh.face_count  # one vertex per polygon corner
    # the root node, the body's mesh node and one node per bone
    assert _count_nodes(scene.root_node) == 2 + body.bone_count
    assert {child.name for child in scene.root_node.children} == {"Body", body.joint_names[0]}


@pytest.mark.parametrize("level", list(LodLevel))
def test_every_fbx_reimports_in_ufbx_with_its_rig(
    files: dict[tuple[ModelFormat, LodLevel], Path], body: BodyGeometry, level: LodLevel
) -> None:
    pytest.importorskip("ufbx", reason="UFBX IS NOT INSTALLED (test extra)")
    mesh = level_of_detail(body, level)
    read = subprocess.run(
        [sys.executable, "-m", "tests.support.ufbx_facts", str(files[ModelFormat.FBX, level])],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert read.returncode == 0, read.stderr[-2000:]
    scene = json.loads(read.stdout)
    assert scene["warnings"] == []
    assert scene["meshes"] == 1
    assert scene["vertices"] == mesh.vertex_count
    assert scene["faces"] == mesh.face_count
    assert scene["bones"] == body.bone_count
    deforming = len(np.unique(mesh.joints[mesh.weights > 0]))
    assert scene["skins"] == 1
    assert len(scene["clusters"]) == deforming
    assert scene["max_weights_per_vertex"] <= 4

    world = mesh.skeleton.bind_matrices.copy()
    world[:, :3, 3] *= 100.0  # centimetres
    names = list(mesh.skeleton.names)
    for name, matrix in scene["nodes"].items():
        if name in names:  # the rig's local transforms give back the bind pose
            expected = world[names.index(name)][:3]
            assert np.allclose(np.array(matrix), expected, atol=1e-6), name
    for name, matrix in scene["clusters"].items():
        assert np.allclose(np.array(matrix), world[names.index(name)][:3])
    positions = np.array(scene["positions"])
    assert np.allclose(positions, mesh.positions * 100.0)
