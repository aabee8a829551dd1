"""The skinned body as a binary FBX 7.4 scene.

No FBX writer on PyPI fits (Autodesk's SDK is proprietary and not on PyPI; the rest only
read), and Blender's exporter is GPL, so the service writes the format itself
(docs/adr/0031-fbx-writer.md). The scene is what engines import a skinned character from:

- one mesh ``Model`` with its ``Geometry``: control points (the welded vertices), triangles,
  normals per control point, UVs per polygon corner (``IndexToDirect``, so seams stay
  seams), one material whose diffuse colour is the skin tone;
- one ``LimbNode`` model (with its ``NodeAttribute``) per joint, parented as the rig is, with
  local translation and rotation (Euler XYZ, degrees) of the bind pose;
- one ``Skin`` deformer with a ``Cluster`` per joint that moves vertices (control point
  indices, weights, ``Transform`` and ``TransformLink``), and a ``BindPose``.

Units: centimetres (``UnitScaleFactor`` 1, FBX's own default, which Maya, Unreal, Unity and
Blender all convert from). Axes: Y up, the body facing +Z, as in the glTF files.
"""

from __future__ import annotations

from itertools import count
from typing import Any

import numpy as np

from adapters.export.fbx_binary import (
    CREATION_TIME,
    FILE_ID,
    Node,
    array,
    boolean,
    double,
    encode,
    integer,
    long,
    object_name,
    raw,
    string,
)
from adapters.export.mesh import LevelMesh
from adapters.export.skin_tone import linear_rgb

CENTIMETRES_PER_METRE = 100.0
CREATOR = "avatar-service"


def _p(name: str, kind: str, label: str, flags: str, *values: tuple[str, Any]) -> Node:
    """A ``P`` property record of a ``Properties70`` block."""
    return Node("P", [string(name), string(kind), string(label), string(flags), *values])


def _vector(name: str, values: np.ndarray[Any, Any]) -> Node:
    return _p(name, name, "", "A", *(double(float(v)) for v in values))


def _matrix(transform: np.ndarray[Any, Any]) -> tuple[str, Any]:
    """A 4x4 transform as FBX stores it: 16 doubles, translation in 12-14."""
    return array("d", np.asarray(transform, dtype=np.float64).T.ravel())


def euler_xyz_degrees(rotation: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Angles (x, y, z) in degrees with ``rotation == Rz @ Ry @ Rx`` (FBX's eEulerXYZ)."""
    m = rotation
    sin_y = -float(np.clip(m[2, 0], -1.0, 1.0))
    y = np.arcsin(sin_y)
    if abs(sin_y) < 1.0 - 1e-9:
        x = np.arctan2(m[2, 1], m[2, 2])
        z = np.arctan2(m[1, 0], m[0, 0])
    else:  # gimbal lock: put the whole turn about X
        x = np.arctan2(-m[1, 2], m[1, 1])
        z = 0.0
    return np.degrees(np.array([x, y, z]))


def _header() -> list[Node]:
    header = Node("FBXHeaderExtension")
    header.add("FBXHeaderVersion", integer(1003))
    header.add("FBXVersion", integer(7400))
    header.add("EncryptionType", integer(0))
    stamp = header.add("CreationTimeStamp")
    for name, value in (
        ("Version", 1000),
        ("Year", 1970),
        ("Month", 1),
        ("Day", 1),
        ("Hour", 10),
        ("Minute", 0),
        ("Second", 0),
        ("Millisecond", 0),
    ):
        stamp.add(name, integer(value))
    header.add("Creator", string(CREATOR))
    file_id = Node("FileId", [raw(FILE_ID)])
    creation = Node("CreationTime", [string(CREATION_TIME)])
    creator = Node("Creator", [string(CREATOR)])
    return [header, file_id, creation, creator]


def _global_settings() -> Node:
    settings = Node("GlobalSettings")
    settings.add("Version", integer(1000))
    properties = settings.add("Properties70")
    for name, value in (
        ("UpAxis", 1),
        ("UpAxisSign", 1),
        ("FrontAxis", 2),
        ("FrontAxisSign", 1),
        ("CoordAxis", 0),
        ("CoordAxisSign", 1),
        ("OriginalUpAxis", 1),
        ("OriginalUpAxisSign", 1),
    ):
        properties.children.append(_p(name, "int", "Integer", "", integer(value)))
    properties.children.append(_p("UnitScaleFactor", "double", "Number", "", double(1.0)))
    properties.children.append(_p("OriginalUnitScaleFactor", "double", "Number", "", double(1.0)))
    properties.children.append(
        _p("DefaultCamera", "KString", "", "", string("Producer Perspective"))
    )
    properties.children.append(_p("TimeMode", "enum", "", "", integer(11)))
    return settings


def _documents(scene_id: int) -> list[Node]:
    documents = Node("Documents")
    documents.add("Count", integer(1))
    document = documents.add("Document", long(scene_id), string("Scene"), string("Scene"))
    properties = document.add("Properties70")
    properties.children.append(_p("SourceObject", "object", "", ""))
    properties.children.append(_p("ActiveAnimStackName", "KString", "", "", string("")))
    document.add("RootNode", long(0))
    return [documents, Node("References")]


def _definitions(counts: dict[str, int]) -> Node:
    definitions = Node("Definitions")
    definitions.add("Version", integer(100))
    definitions.add("Count", integer(sum(counts.values())))
    for kind, number in counts.items():
        definitions.add("ObjectType", string(kind)).add("Count", integer(number))
    return definitions


def _geometry(mesh: LevelMesh, geometry_id: int) -> Node:
    geometry = Node(
        "Geometry", [long(geometry_id), object_name("Body", "Geometry"), string("Mesh")]
    )
    geometry.add("Properties70")
    geometry.add("GeometryVersion", integer(124))
    geometry.add("Vertices", array("d", mesh.positions * CENTIMETRES_PER_METRE))
    polygon_vertices = mesh.faces.astype(np.int64).copy()
    polygon_vertices[:, 2] = -polygon_vertices[:, 2] - 1  # a negative index closes a polygon
    geometry.add("PolygonVertexIndex", array("i", polygon_vertices))

    normals = geometry.add("LayerElementNormal", integer(0))
    normals.add("Version", integer(101))
    normals.add("Name", string(""))
    normals.add("MappingInformationType", string("ByVertice"))
    normals.add("ReferenceInformationType", string("Direct"))
    normals.add("Normals", array("d", mesh.normals))
    layers = ["LayerElementNormal"]

    if mesh.uvs is not None and mesh.face_uvs is not None:
        uvs = geometry.add("LayerElementUV", integer(0))
        uvs.add("Version", integer(101))
        uvs.add("Name", string("UVMap"))
        uvs.add("MappingInformationType", string("ByPolygonVertex"))
        uvs.add("ReferenceInformationType", string("IndexToDirect"))
        uvs.add("UV", array("d", mesh.uvs))
        uvs.add("UVIndex", array("i", mesh.face_uvs))
        layers.append("LayerElementUV")

    materials = geometry.add("LayerElementMaterial", integer(0))
    materials.add("Version", integer(101))
    materials.add("Name", string(""))
    materials.add("MappingInformationType", string("AllSame"))
    materials.add("ReferenceInformationType", string("IndexToDirect"))
    materials.add("Materials", array("i", [0]))
    layers.append("LayerElementMaterial")

    layer = geometry.add("Layer", integer(0))
    layer.add("Version", integer(100))
    for kind in layers:
        element = layer.add("LayerElement")
        element.add("Type", string(kind))
        element.add("TypedIndex", integer(0))
    return geometry


def _model(model_id: int, name: str, kind: str, local: np.ndarray[Any, Any] | None) -> Node:
    model = Node("Model", [long(model_id), object_name(name, "Model"), string(kind)])
    model.add("Version", integer(232))
    properties = model.add("Properties70")
    if local is not None:
        properties.children.append(_vector("Lcl Translation", local[:3, 3] * CENTIMETRES_PER_METRE))
        properties.children.append(_vector("Lcl Rotation", euler_xyz_degrees(local[:3, :3])))
    model.add("MultiLayer", integer(0))
    model.add("MultiTake", integer(0))
    model.add("Shading", boolean(True))
    model.add("Culling", string("CullingOff"))
    return model


def _material(material_id: int, skin_tone: str) -> Node:
    material = Node("Material", [long(material_id), object_name("Skin", "Material"), string("")])
    material.add("Version", integer(102))
    material.add("ShadingModel", string("phong"))
    material.add("MultiLayer", integer(0))
    properties = material.add("Properties70")
    colour = np.array(linear_rgb(skin_tone))
    properties.children.append(_p("DiffuseColor", "Color", "", "A", *(double(c) for c in colour)))
    properties.children.append(_p("DiffuseFactor", "Number", "", "A", double(1.0)))
    properties.children.append(
        _p("SpecularColor", "Color", "", "A", double(0.05), double(0.05), double(0.05))
    )
    properties.children.append(_p("Shininess", "Number", "", "A", double(10.0)))
    properties.children.append(_p("Opacity", "Number", "", "A", double(1.0)))
    return material


def fbx_scene(mesh: LevelMesh, skin_tone: str, *, compression_level: int = 1) -> bytes:
    """The body as a binary FBX 7.4 file."""
    ids = count(1_000_000)
    skeleton = mesh.skeleton
    scene_id, geometry_id, mesh_model_id, material_id = (next(ids) for _ in range(4))
    skin_id, pose_id = next(ids), next(ids)
    bone_ids = [next(ids) for _ in skeleton.names]
    attribute_ids = [next(ids) for _ in skeleton.names]

    objects = Node("Objects")
    connections = Node("Connections")

    def connect(child: int, parent: int) -> None:
        connections.add("C", string("OO"), long(child), long(parent))

    objects.children.append(_geometry(mesh, geometry_id))
    objects.children.append(_model(mesh_model_id, "Body", "Mesh", None))
    objects.children.append(_material(material_id, skin_tone))
    connect(mesh_model_id, 0)
    connect(geometry_id, mesh_model_id)
    connect(material_id, mesh_model_id)

    local = skeleton.local_matrices()
    world = skeleton.bind_matrices.copy()
    world[:, :3, 3] *= CENTIMETRES_PER_METRE
    for joint, name in enumerate(skeleton.names):
        attribute = objects.add(
            "NodeAttribute",
            long(attribute_ids[joint]),
            object_name(name, "NodeAttribute"),
            string("LimbNode"),
        )
        attribute.add("TypeFlags", string("Skeleton"))
        objects.children.append(_model(bone_ids[joint], name, "LimbNode", local[joint]))
        parent = int(skeleton.parents[joint])
        connect(bone_ids[joint], bone_ids[parent] if parent >= 0 else 0)
        connect(attribute_ids[joint], bone_ids[joint])

    skin = objects.add("Deformer", long(skin_id), object_name("Skin", "Deformer"), string("Skin"))
    skin.add("Version", integer(101))
    skin.add("Link_DeformAcuracy", double(50.0))
    skin.add("SkinningType", string("Linear"))
    connect(skin_id, geometry_id)
    clusters = 0
    for joint, name in enumerate(skeleton.names):
        vertices, slots = np.nonzero((mesh.joints == joint) & (mesh.weights > 0))
        if len(vertices) == 0:
            continue  # a joint that moves nothing at this level is in the rig, not the skin
        cluster_id = next(ids)
        cluster = objects.add(
            "Deformer", long(cluster_id), object_name(name, "SubDeformer"), string("Cluster")
        )
        cluster.add("Version", integer(100))
        cluster.add("UserData", string(""), string(""))
        cluster.add("Indexes", array("i", vertices))
        cluster.add("Weights", array("d", mesh.weights[vertices, slots]))
        cluster.add("Transform", _matrix(np.linalg.inv(world[joint])))
        cluster.add("TransformLink", _matrix(world[joint]))
        connect(cluster_id, skin_id)
        connect(bone_ids[joint], cluster_id)
        clusters += 1

    pose = objects.add("Pose", long(pose_id), object_name("BindPose", "Pose"), string("BindPose"))
    pose.add("Type", string("BindPose"))
    pose.add("Version", integer(100))
    pose.add("NbPoseNodes", integer(1 + skeleton.bone_count))
    pose_nodes = [(mesh_model_id, np.eye(4)), *zip(bone_ids, world, strict=True)]
    for node_id, transform in pose_nodes:
        pose_node = pose.add("PoseNode")
        pose_node.add("Node", long(node_id))
        pose_node.add("Matrix", _matrix(transform))

    definitions = _definitions(
        {
            "GlobalSettings": 1,
            "Model": 1 + skeleton.bone_count,
            "Geometry": 1,
            "Material": 1,
            "NodeAttribute": skeleton.bone_count,
            "Deformer": 1 + clusters,
            "Pose": 1,
        }
    )
    takes = Node("Takes")
    takes.add("Current", string(""))
    nodes = [
        *_header(),
        _global_settings(),
        *_documents(scene_id),
        definitions,
        objects,
        connections,
        takes,
    ]
    return encode(nodes, compression_level)
