"""The mesh exporters on a small synthetic figure: levels of detail, frames, skins, formats."""

from __future__ import annotations

import io
import json
import struct
import zipfile

import numpy as np
import pytest

from adapters.export.exporter import CONTENT_TYPES, BodyMeshExporter
from adapters.export.fbx_binary import HEADER
from adapters.export.gltf import byte_weights, gltf_document
from adapters.export.lod import TRIANGLE_BUDGETS, level_of_detail
from adapters.export.mesh import MAX_INFLUENCES, full_level
from adapters.export.obj import obj_zip
from adapters.export.skin_tone import linear_rgb, srgb
from application.ports import Appearance
from domain.model_file import LodLevel, ModelFormat
from tests.support.figure import rigged_figure


def glb_json(data: bytes) -> dict[str, object]:
    magic, version, total = struct.unpack_from("<4sII", data)
    assert (magic, version, total) == (b"glTF", 2, len(data))
    length, kind = struct.unpack_from("<II", data, 12)
    assert kind == 0x4E4F534A
    document: dict[str, object] = json.loads(data[20 : 20 + length])
    return document


@pytest.mark.parametrize("level", list(LodLevel))
def test_each_level_keeps_to_its_triangle_budget(level: LodLevel) -> None:
    figure = rigged_figure()
    mesh = level_of_detail(figure, level)
    budget = TRIANGLE_BUDGETS[level]
    if budget is None or budget >= figure.face_count:
        assert mesh.face_count == figure.face_count
    else:
        assert budget * 0.9 <= mesh.face_count <= budget


@pytest.mark.parametrize("level", [LodLevel.LOW, LodLevel.MOBILE])
def test_decimated_triangles_keep_texture_coordinates_of_one_island(level: LodLevel) -> None:
    figure = rigged_figure()
    mesh = level_of_detail(figure, level)
    assert mesh.uvs is not None and mesh.face_uvs is not None and figure.uvs is not None
    # every UV is one of the body model's own, and no triangle spans two islands (the
    # figure's islands are the cells of a 3 x 2 atlas)
    original = {tuple(uv) for uv in np.round(figure.uvs, 9)}
    assert {tuple(uv) for uv in np.round(mesh.uvs, 9)} <= original
    corners = mesh.uvs[mesh.face_uvs]
    cells = np.floor(corners[..., 0] * 3) + 3 * np.floor(corners[..., 1] * 2)
    assert np.all(cells == cells[:, :1])


@pytest.mark.parametrize("level", list(LodLevel))
def test_every_vertex_has_four_influences_summing_to_one(level: LodLevel) -> None:
    mesh = level_of_detail(rigged_figure(), level)
    assert mesh.joints.shape == mesh.weights.shape == (mesh.vertex_count, MAX_INFLUENCES)
    assert np.allclose(mesh.weights.sum(axis=1), 1.0)
    assert np.all(mesh.weights >= 0) and np.all(np.diff(mesh.weights, axis=1) <= 1e-12)


def test_decimated_vertices_follow_the_joints_of_the_surface_they_came_from() -> None:
    figure = rigged_figure()
    full, mobile = full_level(figure), level_of_detail(figure, LodLevel.MOBILE)
    # the dominant joint of each decimated vertex is the dominant joint of the nearest
    # original vertex, for nearly all of them (they differ only where two joints blend evenly)
    distances = np.linalg.norm(mobile.positions[:, None] - full.positions[None], axis=2)
    nearest = distances.argmin(axis=1)
    agree = mobile.joints[:, 0] == full.joints[nearest, 0]
    assert agree.mean() > 0.9


def test_files_are_in_the_exchange_frame_y_up_facing_plus_z() -> None:
    figure = rigged_figure()
    mesh = full_level(figure)
    heights = mesh.positions[:, 1]
    assert heights.min() == pytest.approx(0.0, abs=1e-9)
    assert heights.max() == pytest.approx(figure.vertices[:, 2].max())
    # left stays on +X; the body model's -Y (front) becomes +Z
    assert np.allclose(mesh.positions[:, 0], figure.vertices[:, 0])
    assert np.allclose(mesh.positions[:, 2], -figure.vertices[:, 1])


def test_inverse_bind_matrices_undo_the_bind_pose() -> None:
    skeleton = full_level(rigged_figure()).skeleton
    products = skeleton.bind_matrices @ skeleton.inverse_bind_matrices()
    assert np.allclose(products, np.eye(4), atol=1e-9)
    # chaining local transforms from the root gives back each joint's bind transform
    local = skeleton.local_matrices()
    for joint in range(skeleton.bone_count):
        chain, node = np.eye(4), joint
        while node >= 0:
            chain = local[node] @ chain
            node = int(skeleton.parents[node])
        assert np.allclose(chain, skeleton.bind_matrices[joint], atol=1e-9)


def test_weights_as_bytes_sum_to_exactly_255() -> None:
    rng = np.random.default_rng(4)
    weights = rng.dirichlet(np.ones(4), size=500)
    packed = byte_weights(weights)
    assert packed.dtype == np.uint8
    assert np.all(packed.astype(int).sum(axis=1) == 255)
    assert np.abs(packed / 255.0 - weights).max() < 2 / 255


def test_a_glb_has_a_skin_over_every_joint_and_the_skin_tone_as_base_colour() -> None:
    exported = BodyMeshExporter().export_now(
        rigged_figure(), ModelFormat.GLB, LodLevel.HIGH, "#c8a58c"
    )
    document = glb_json(exported.data)
    assert document["extensionsRequired"] == ["KHR_draco_mesh_compression"]
    skins = document["skins"]
    assert isinstance(skins, list) and len(skins[0]["joints"]) == 16
    primitive = document["meshes"][0]["primitives"][0]  # type: ignore[index]
    assert set(primitive["attributes"]) == {
        "POSITION",
        "NORMAL",
        "TEXCOORD_0",
        "JOINTS_0",
        "WEIGHTS_0",
    }
    colour = document["materials"][0]["pbrMetallicRoughness"]["baseColorFactor"]  # type: ignore[index]
    assert colour == pytest.approx([*linear_rgb("#c8a58c"), 1.0])
    assert exported.content_type == "model/gltf-binary" and exported.texture_count == 0


def test_the_gltf_file_carries_its_buffer_inside() -> None:
    exported = BodyMeshExporter().export_now(
        rigged_figure(), ModelFormat.GLTF, LodLevel.MOBILE, "#8d5524"
    )
    document = json.loads(exported.data)
    assert document["buffers"][0]["uri"].startswith("data:application/octet-stream;base64,")
    assert exported.content_type == "model/gltf+json" and exported.file_extension == "gltf"


def test_an_obj_download_is_a_zip_of_the_obj_and_its_material() -> None:
    mesh = level_of_detail(rigged_figure(), LodLevel.LOW)
    archive = zipfile.ZipFile(io.BytesIO(obj_zip(mesh, "#c8a58c")))
    assert sorted(archive.namelist()) == ["avatar.mtl", "avatar.obj"]
    obj = archive.read("avatar.obj").decode()
    lines = obj.splitlines()
    assert "mtllib avatar.mtl" in lines and "usemtl Skin" in lines
    assert sum(line.startswith("v ") for line in lines) == mesh.vertex_count
    assert sum(line.startswith("f ") for line in lines) == mesh.face_count
    red, green, blue = srgb("#c8a58c")
    assert f"Kd {red:.4f} {green:.4f} {blue:.4f}" in archive.read("avatar.mtl").decode()
    assert CONTENT_TYPES[ModelFormat.OBJ] == "application/zip"


def test_the_same_body_gives_the_same_bytes() -> None:
    figure = rigged_figure()
    for model_format in ModelFormat:
        first = BodyMeshExporter().export_now(figure, model_format, LodLevel.LOW, "#c8a58c")
        second = BodyMeshExporter().export_now(figure, model_format, LodLevel.LOW, "#c8a58c")
        assert first.data == second.data, model_format


def test_an_fbx_file_starts_with_the_binary_7400_header() -> None:
    exported = BodyMeshExporter().export_now(
        rigged_figure(), ModelFormat.FBX, LodLevel.MOBILE, "#c8a58c"
    )
    assert exported.data.startswith(HEADER) and struct.unpack_from("<I", HEADER, 23) == (7400,)
    assert exported.file_extension == "fbx"


def test_an_uncompressed_document_stores_every_attribute_in_the_buffer() -> None:
    document, binary = gltf_document(
        level_of_detail(rigged_figure(), LodLevel.MOBILE), "#aabbcc", draco=False
    )
    assert "extensionsUsed" not in document
    assert all("bufferView" in accessor for accessor in document["accessors"])
    assert document["buffers"][0]["byteLength"] == len(binary)


@pytest.mark.parametrize("tone", ["c8a58c", "#C8A58C", " #c8a58c "])
def test_skin_tones_are_read_with_or_without_hash(tone: str) -> None:
    assert srgb(tone) == pytest.approx((200 / 255, 165 / 255, 140 / 255))


@pytest.mark.parametrize("tone", ["#c8a58", "brown", "#gggggg"])
def test_a_skin_tone_that_is_not_a_hex_colour_is_refused(tone: str) -> None:
    with pytest.raises(ValueError, match="sRGB hex colour"):
        srgb(tone)


async def test_the_exporter_refuses_bodies_it_cannot_read() -> None:
    class NotABody:
        vertex_count = face_count = bone_count = 0

    with pytest.raises(TypeError, match="BodyGeometry"):
        await BodyMeshExporter().export(NotABody(), ModelFormat.GLB, LodLevel.HIGH, Appearance())


def test_bending_an_elbow_moves_the_forearm_and_nothing_below_the_waist() -> None:
    mesh = level_of_detail(rigged_figure(), LodLevel.LOW)
    skeleton = mesh.skeleton
    names = list(skeleton.names)
    local = skeleton.local_matrices()
    bend = np.eye(4)
    bend[:3, :3] = [[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]  # 90 degrees
    local[names.index("elbow_l")] = local[names.index("elbow_l")] @ bend
    world = np.empty_like(local)
    for joint in range(skeleton.bone_count):  # the figure lists parents before children
        parent = int(skeleton.parents[joint])
        world[joint] = local[joint] if parent < 0 else world[parent] @ local[joint]
    skinning = world @ skeleton.inverse_bind_matrices()  # linear blend skinning, as engines do
    homogeneous = np.c_[mesh.positions, np.ones(mesh.vertex_count)]
    moved = np.einsum("vk,vkij,vj->vi", mesh.weights, skinning[mesh.joints], homogeneous)[:, :3]
    shift = np.linalg.norm(moved - mesh.positions, axis=1)
    hand = mesh.positions[:, 0] > 0.7  # the left wrist's end of the arm (+X, exchange frame)
    legs = mesh.positions[:, 1] < 0.8
    assert shift[hand].min() > 0.1
    assert shift[legs].max() < 1e-9
