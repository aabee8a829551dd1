"""Photos of people as users take them: natural stances, everyday clothes, phone cameras, rooms.

The held-out subjects of the photo measurement benchmark (``tests/support/photo_subjects.py``)
and the natural-stance pair of the end-to-end test are made here. Everything is deliberately
independent of the estimator and its training data (``adapters/estimation``, ``adapters/body/
posing.py``): a benchmark that shared their posing or their clothing model would measure the
estimator against its own assumptions.

- **Stance**: anny's own forward kinematics and skinning (the steps of ``model.forward``:
  ``get_bone_transforms`` with per-bone 4 x 4 deltas in its ``local-ref`` parameterisation,
  then ``get_skinned_vertices``). Each delta
  is the rest pose's delta with its rotation turned by a chosen rotation in world-aligned
  axes (after the parents' rotations), about the bone's head: arms hanging 0-50 degrees from
  the body, elbows bent 0-40 degrees, a little shoulder flexion, feet together to shoulder
  width, knees slightly bent, the body, spine and head turned a little.
- **Clothing is geometry**: a garment pushes the rest-pose surface out along its normals (by
  skin-weight membership, so hems taper), then the dressed surface is skinned like the body;
  skirts and dresses are an extra surface hanging from the waist around both legs, long hair
  an extra surface from the skull over the neck and shoulders. Nothing edits a mask.
- **Scene**: a pinhole camera 2-4 m away, 0.8-1.6 m high, 24-35 mm (35 mm equivalent),
  portrait or landscape, aimed roughly at the body; a room (floor, walls, a corner, a picture)
  ray-cast for that camera, a gradient or a textured wall; varied light and colour balance.

Truth is never taken from here: it is the anthropometry engine on the unclothed rest body.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from adapters.body.geometry import BodyGeometry, FloatArray
from adapters.body.render import (
    SKIN_TONES,
    Camera,
    ClothingBand,
    Rendering,
    Style,
    render,
    vertex_colours,
    vertex_normals,
)

# Bump whenever anything here changes what a subject looks like: cached renders are keyed by it.
GENERATOR_VERSION = "natural-photos-5"

# (width, height) of the photos as the phone saves them; the intake reads 512-4096 px.
PORTRAIT_SIZES = ((3024, 4032), (1536, 2048), (1200, 1600), (960, 1280))
PORTRAIT_WEIGHTS = (0.15, 0.4, 0.25, 0.2)
LANDSCAPE_SHARE = 0.3
DISTANCE_M = (2.0, 4.0)
CAMERA_HEIGHT_M = (0.8, 1.6)
FOCAL_LENGTH_MM = (24.0, 35.0)  # 35 mm equivalent, on the diagonal
FRAME_MARGIN = 0.025  # of the picture's shorter side, kept free around the body
EXIF_FOCAL_35MM, EXIF_FOCAL, EXIF_IFD = 0xA405, 0x920A, 0x8769
EXIF_MAKE, EXIF_MODEL = 0x010F, 0x0110
PHONES = (("Apple", "iPhone 14"), ("Google", "Pixel 8"), ("samsung", "SM-S911B"))

ARM_BONES = ("clavicle", "shoulder01", "upperarm01", "upperarm02", "lowerarm01", "lowerarm02")


# -- rotations ---------------------------------------------------------------------------------
def rotation(axis: FloatArray | tuple[float, float, float], degrees: float) -> FloatArray:
    """The 3 x 3 rotation by ``degrees`` about ``axis`` (right-handed)."""
    unit = np.asarray(axis, dtype=np.float64)
    unit = unit / np.linalg.norm(unit)
    angle = math.radians(degrees)
    cross = np.array([[0.0, -unit[2], unit[1]], [unit[2], 0.0, -unit[0]], [-unit[1], unit[0], 0.0]])
    return np.eye(3) + math.sin(angle) * cross + (1.0 - math.cos(angle)) * cross @ cross


def rotation_between(start: FloatArray, end: FloatArray) -> FloatArray:
    """The smallest rotation that turns direction ``start`` into direction ``end``."""
    a = start / np.linalg.norm(start)
    b = end / np.linalg.norm(end)
    axis = np.cross(a, b)
    sine, cosine = float(np.linalg.norm(axis)), float(np.dot(a, b))
    if sine < 1e-9:
        return np.eye(3)
    return rotation(axis, math.degrees(math.atan2(sine, cosine)))


X_AXIS, Y_AXIS, Z_AXIS = np.eye(3)


# -- stance ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stance:
    """How a person stands in one photo; angles in degrees, ``(left, right)`` per side.

    Directions are the body's (anny's frame): Z up, the body facing -Y, its left on +X.
    ``rest`` is anny's rest pose itself (the measurement A-pose), whatever the other fields say.
    """

    rest: bool = False
    arm_abduction_deg: tuple[float, float] = (20.0, 20.0)  # upper arm from the vertical, sideways
    shoulder_flexion_deg: tuple[float, float] = (5.0, 5.0)  # upper arm forward
    elbow_flexion_deg: tuple[float, float] = (15.0, 15.0)  # forearm forward from the upper arm
    forearm_inward_deg: tuple[float, float] = (10.0, 10.0)  # the bend turned towards the midline
    feet_apart_share: float = 0.5  # 0: feet together, 1: ankles at the shoulder joints' width
    knee_flexion_deg: float = 5.0
    foot_turnout_deg: tuple[float, float] = (8.0, 8.0)
    body_turn_deg: float = 0.0  # about the vertical, + turns the body's front towards its left
    spine_twist_deg: float = 0.0
    spine_lean_deg: float = 0.0  # sideways, + towards the body's left
    spine_bend_deg: float = 0.0  # + forwards
    head_turn_deg: float = 0.0  # relative to the chest
    head_nod_deg: float = 0.0  # + chin down
    head_roll_deg: float = 0.0  # + towards the left shoulder

    def describe(self) -> dict[str, Any]:
        if self.rest:
            return {"rest": True}
        return {
            key: value
            for key, value in self.__dict__.items()
            if key != "rest" and value is not None
        }


REST_STANCE = Stance(rest=True)


def _pair(rng: np.random.Generator, base: float, spread: float, low: float, high: float) -> Any:
    return tuple(float(np.clip(base + rng.uniform(-spread, spread), low, high)) for _ in range(2))


def natural_stance(rng: np.random.Generator) -> Stance:
    """A person standing for a photo as people do when asked to stand naturally."""
    wide = rng.random() < 0.2  # some hold the arms anywhere from touching the body to 50 deg
    abduction = float(rng.uniform(0.0, 50.0) if wide else rng.uniform(10.0, 30.0))
    body_turn = float(rng.uniform(-15.0, 15.0))
    spine_twist = float(rng.uniform(-5.0, 5.0))
    head_world = float(rng.uniform(-15.0, 15.0))
    return Stance(
        arm_abduction_deg=_pair(rng, abduction, 4.0, 0.0, 50.0),
        shoulder_flexion_deg=_pair(rng, float(rng.uniform(-3.0, 12.0)), 3.0, -5.0, 15.0),
        elbow_flexion_deg=_pair(rng, float(rng.uniform(0.0, 40.0)), 6.0, 0.0, 40.0),
        forearm_inward_deg=_pair(rng, float(rng.uniform(0.0, 25.0)), 5.0, 0.0, 30.0),
        feet_apart_share=float(rng.uniform(0.0, 1.0)),
        knee_flexion_deg=float(rng.uniform(0.0, 12.0)),
        foot_turnout_deg=_pair(rng, float(rng.uniform(0.0, 15.0)), 4.0, -3.0, 20.0),
        body_turn_deg=body_turn,
        spine_twist_deg=spine_twist,
        spine_lean_deg=float(rng.uniform(-3.0, 3.0)),
        spine_bend_deg=float(rng.uniform(-3.0, 4.0)),
        head_turn_deg=float(np.clip(head_world - body_turn - spine_twist, -25.0, 25.0)),
        head_nod_deg=float(rng.uniform(-8.0, 8.0)),
        head_roll_deg=float(rng.uniform(-4.0, 4.0)),
    )


def second_photo_stance(stance: Stance, rng: np.random.Generator) -> Stance:
    """The same person in the other photo: turned towards the other camera, standing again."""
    if stance.rest:
        return stance

    def nudge(pair: tuple[float, float], spread: float, low: float, high: float) -> Any:
        return tuple(float(np.clip(v + rng.uniform(-spread, spread), low, high)) for v in pair)

    body_turn = float(rng.uniform(-15.0, 15.0))
    return replace(
        stance,
        arm_abduction_deg=nudge(stance.arm_abduction_deg, 5.0, 0.0, 50.0),
        shoulder_flexion_deg=nudge(stance.shoulder_flexion_deg, 4.0, -5.0, 15.0),
        elbow_flexion_deg=nudge(stance.elbow_flexion_deg, 8.0, 0.0, 40.0),
        feet_apart_share=float(np.clip(stance.feet_apart_share + rng.uniform(-0.2, 0.2), 0, 1)),
        knee_flexion_deg=float(np.clip(stance.knee_flexion_deg + rng.uniform(-3, 3), 0, 12)),
        body_turn_deg=body_turn,
        spine_twist_deg=float(rng.uniform(-5.0, 5.0)),
        head_turn_deg=float(rng.uniform(-15.0, 15.0)) - body_turn,
        head_nod_deg=float(rng.uniform(-8.0, 8.0)),
    )


# -- anny's rig --------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class RestBody:
    """One anny body in its rest pose, in anny's own frame (metres, Z up, floor not at 0)."""

    parameters: FloatArray
    coefficients: Any  # torch (1, K) blend-shape coefficients
    vertices: FloatArray  # (V, 3)
    bone_poses: FloatArray  # (J, 4, 4) rest world poses P_c
    rest_deltas: Any  # torch (1, J, 4, 4): the local-ref deltas that give the rest pose


class AnnyRig:
    """anny's rig as its forward pass reads it: bone names, parents, reference orientations."""

    def __init__(self, space: Any) -> None:
        space.prepare()
        self.space = space
        self.model = space._model
        self.labels: tuple[str, ...] = tuple(str(label) for label in self.model.bone_labels)
        parents = self.model.bone_parents
        parents = parents.tolist() if hasattr(parents, "tolist") else list(parents)
        self.parents = np.array([int(p) if p is not None else -1 for p in parents])
        reference = self.model.reference_bone_orientations
        self.reference = None if reference is None else reference.numpy().astype(np.float64)
        self.faces = np.asarray(space.faces, dtype=np.int64)
        self.skin_indices = self.model.vertex_bone_indices.numpy().astype(np.int64)
        weights = self.model.vertex_bone_weights.numpy().astype(np.float64)
        self.skin_weights = weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-12)

    def bone(self, name: str) -> int:
        return self.labels.index(name)

    def membership(self, names: tuple[str, ...]) -> FloatArray:
        """Per vertex, the share of its skin weight on the bones whose names start with one
        of ``names`` (``upperarm01``: ``upperarm01.L`` and ``upperarm01.R``; ``finger``: all)."""
        chosen = {
            index for index, label in enumerate(self.labels) if label.startswith(tuple(names))
        }
        inside = np.isin(self.skin_indices, list(chosen))
        return np.asarray((self.skin_weights * inside).sum(axis=1))

    def rest(self, parameters: FloatArray) -> RestBody:
        import torch

        parameters = np.asarray(parameters, dtype=np.float64)
        coefficients = torch.as_tensor(self.space.coefficients(parameters[None]))
        with torch.no_grad():
            rest = self.model.get_rest_model(coefficients)
            output = dict(rest)
            output["bone_poses"] = rest["rest_bone_poses"]
            deltas = self.model.get_pose_parameterization(output, "local-ref")
        return RestBody(
            parameters=parameters,
            coefficients=coefficients,
            vertices=rest["rest_vertices"][0].numpy().astype(np.float64),
            bone_poses=rest["rest_bone_poses"][0].numpy().astype(np.float64),
            rest_deltas=deltas,
        )

    def deltas(self, body: RestBody, world_turns: Mapping[int, FloatArray]) -> Any:
        """anny's ``pose_parameters`` (torch (1, J, 4, 4), ``local-ref``) that turn each bone
        ``c`` of ``world_turns`` by ``B_c`` about its head, in world-aligned axes after its
        parents' turns: its posed orientation is ``A_p B_c R_c`` (``A_p``: the parents' turns,
        ``R_c``: its rest orientation).

        In ``local-ref`` a bone's posed orientation is ``W_p U_p^T D_c U_c`` (``U``: anny's
        reference orientations, ``D_c``: the delta's rotation); the rest pose has deltas
        ``D*_c``. Writing ``S_p = R_p U_p^T``, the delta ``(S_p^T B_c S_p) D*_c`` with the rest
        delta's translation gives ``A_p B_c R_c`` and keeps the bone's head where its parent
        puts it. The root's delta is its world pose: ``[B_0 | h_0]``.
        """
        import torch

        deltas = body.rest_deltas.clone()
        rest_rotations = body.bone_poses[:, :3, :3]
        for bone, turn in world_turns.items():
            parent = int(self.parents[bone])
            if parent < 0:
                turn_local = turn
            else:
                reference = (
                    rest_rotations[parent] if self.reference is None else self.reference[parent]
                )
                offset = rest_rotations[parent] @ reference.T
                turn_local = offset.T @ turn @ offset
            rotated = turn_local @ deltas[0, bone, :3, :3].numpy()
            deltas[0, bone, :3, :3] = torch.as_tensor(rotated)
        return deltas

    def pose(self, body: RestBody, stance: Stance) -> tuple[Any, FloatArray]:
        """anny's bone transforms (torch (1, J, 4, 4), rest -> posed) and the posed bone heads
        (J, 3) for ``stance``."""
        import torch

        turns = {} if stance.rest else self.stance_turns(body, stance)
        pose_parameters = self.deltas(body, turns)
        with torch.no_grad():
            transforms, poses = self.model.get_bone_transforms(
                pose_parameters, torch.as_tensor(body.bone_poses[None])
            )
        return transforms, poses[0, :, :3, 3].numpy().astype(np.float64)

    def skin(self, vertices: FloatArray, transforms: Any) -> FloatArray:
        """anny's own skinning of rest-pose vertices (its topology) by ``transforms``."""
        import torch

        with torch.no_grad():
            posed = self.model.get_skinned_vertices(
                torch.as_tensor(vertices[None]), transforms.to(torch.float64)
            )
        return posed[0].numpy().astype(np.float64)

    def stance_turns(self, body: RestBody, stance: Stance) -> dict[int, FloatArray]:
        """Per bone, its turn ``B_c`` (see ``deltas``) for ``stance``."""
        heads = body.bone_poses[:, :3, 3]

        def head(name: str) -> FloatArray:
            return heads[self.bone(name)]

        turns: dict[int, FloatArray] = {}
        turns[self.bone("root")] = rotation(Z_AXIS, stance.body_turn_deg)
        spine = [f"spine0{k}" for k in (5, 4, 3, 2, 1)]
        spine_turn = (
            rotation(Z_AXIS, stance.spine_twist_deg / len(spine))
            @ rotation(Y_AXIS, stance.spine_lean_deg / len(spine))
            @ rotation(X_AXIS, stance.spine_bend_deg / len(spine))
        )
        for name in spine:
            turns[self.bone(name)] = spine_turn
        neck = ("neck01", "neck02", "neck03", "head")
        neck_turn = (
            rotation(Z_AXIS, stance.head_turn_deg / len(neck))
            @ rotation(X_AXIS, stance.head_nod_deg / len(neck))
            @ rotation(Y_AXIS, stance.head_roll_deg / len(neck))
        )
        for name in neck:
            turns[self.bone(name)] = neck_turn

        # Arms: directions in the chest's frame (the rest frame turned by root and spine).
        for index, (suffix, side) in enumerate((("L", 1.0), ("R", -1.0))):
            shoulder, elbow = head(f"upperarm01.{suffix}"), head(f"lowerarm01.{suffix}")
            wrist = head(f"wrist.{suffix}")
            abduction = math.radians(stance.arm_abduction_deg[index])
            flexion = math.radians(stance.shoulder_flexion_deg[index])
            upper = np.array(
                [
                    side * math.sin(abduction),
                    -math.cos(abduction) * math.sin(flexion),
                    -math.cos(abduction) * math.cos(flexion),
                ]
            )
            upper_turn = rotation_between(elbow - shoulder, upper)
            inward = math.radians(stance.forearm_inward_deg[index])
            towards = np.array([-side * math.sin(inward), -math.cos(inward), 0.0])
            towards -= np.dot(towards, upper) * upper
            towards /= np.linalg.norm(towards)
            bend = math.radians(stance.elbow_flexion_deg[index])
            forearm = math.cos(bend) * upper + math.sin(bend) * towards
            forearm_turn = rotation_between(wrist - elbow, upper_turn.T @ forearm)
            turns[self.bone(f"upperarm01.{suffix}")] = upper_turn
            turns[self.bone(f"lowerarm01.{suffix}")] = forearm_turn

        # Legs: ankles at the chosen distance, knees bent, feet flat and turned out.
        shoulder_width = float(head("upperarm01.L")[0] - head("upperarm01.R")[0])
        together = 0.12 * shoulder_width / 0.37  # ankle joints of feet side by side
        ankles_apart = together + stance.feet_apart_share * (0.9 * shoulder_width - together)
        knee = math.radians(stance.knee_flexion_deg)
        for index, (suffix, side) in enumerate((("L", 1.0), ("R", -1.0))):
            hip, knee_head = head(f"upperleg01.{suffix}"), head(f"lowerleg01.{suffix}")
            ankle = head(f"foot.{suffix}")
            thigh_length = float(np.linalg.norm(knee_head - hip))
            shin_length = float(np.linalg.norm(ankle - knee_head))
            reach = (thigh_length + shin_length) * math.cos(knee / 2.0)
            sideways = float(np.clip((ankles_apart / 2.0 - side * hip[0]) / reach, -0.5, 0.5))
            spread = math.asin(sideways)
            thigh = np.array(
                [
                    side * math.sin(spread),
                    -math.cos(spread) * math.sin(knee / 2.0),
                    -math.cos(spread) * math.cos(knee / 2.0),
                ]
            )
            shin = thigh * np.array([1.0, -1.0, 1.0])
            thigh_turn = rotation_between(knee_head - hip, thigh)
            shin_turn = rotation_between(ankle - knee_head, thigh_turn.T @ shin)
            foot_turn = (shin_turn.T @ thigh_turn.T) @ rotation(
                Z_AXIS, side * stance.foot_turnout_deg[index]
            )
            turns[self.bone(f"upperleg01.{suffix}")] = thigh_turn
            turns[self.bone(f"lowerleg01.{suffix}")] = shin_turn
            turns[self.bone(f"foot.{suffix}")] = foot_turn
        return turns


# -- clothing ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outfit:
    """What a person wears: offsets in metres from the skin, colours, extra surfaces."""

    kind: str  # tight | regular | loose
    top_offset_m: float = 0.0
    top_hem: float = 0.5  # height of the hem, a share of the body's height
    sleeve: str = "none"  # none | short | elbow | long
    bottom_offset_m: float = 0.0
    bottom_waist: float = 0.58
    skirt: bool = False  # a skirt or dress hanging around both legs
    skirt_hem: float = 0.28  # share of the height (the knees are at about 0.28)
    skirt_ease_m: float = 0.02
    skirt_flare_deg: float = 8.0
    dress: bool = False  # the skirt is the top's colour and the top has no hem
    hair: bool = False  # long hair over the neck and shoulders
    hair_end_m: float = 0.05  # below the shoulder joints (negative: above)
    hair_thickness_m: float = 0.015
    top_colour: tuple[int, int, int] = (180, 40, 50)
    bottom_colour: tuple[int, int, int] = (40, 55, 120)

    def describe(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _colour(rng: np.random.Generator, low: int = 20, high: int = 230) -> tuple[int, int, int]:
    return tuple(int(v) for v in rng.integers(low, high, size=3))  # type: ignore[return-value]


def random_outfit(rng: np.random.Generator, kind: str, female: bool) -> Outfit:
    """Clothes of ``kind`` (tight: underwear colours only; regular: a fitted T-shirt and
    jeans 0.5-2 cm off the skin; loose: tops and trousers 3-6 cm off, skirts and dresses for
    some women); long hair for about half the women and a few men."""
    hair = rng.random() < (0.5 if female else 0.08)
    hair_end = float(rng.uniform(-0.04, 0.15))
    thickness = float(rng.uniform(0.01, 0.025))
    top, bottom = _colour(rng), _colour(rng)
    if kind == "tight":
        return Outfit(
            "tight", hair=hair, hair_end_m=hair_end, hair_thickness_m=thickness,
            top_colour=top, bottom_colour=bottom,
        )  # fmt: skip
    if kind == "regular":
        return Outfit(
            "regular",
            top_offset_m=float(rng.uniform(0.005, 0.02)),
            top_hem=float(rng.uniform(0.47, 0.53)),
            sleeve="short",
            bottom_offset_m=float(rng.uniform(0.005, 0.02)),
            bottom_waist=float(rng.uniform(0.55, 0.6)),
            hair=hair,
            hair_end_m=hair_end,
            hair_thickness_m=thickness,
            top_colour=top,
            bottom_colour=_colour(rng, 20, 110) if rng.random() < 0.6 else bottom,  # jeans
        )
    skirt = female and rng.random() < 0.5
    return Outfit(
        "loose",
        top_offset_m=float(rng.uniform(0.03, 0.06)),
        top_hem=float(rng.uniform(0.42, 0.5)),
        sleeve=("short", "elbow", "long")[int(rng.integers(3))],
        bottom_offset_m=0.0 if skirt else float(rng.uniform(0.03, 0.06)),
        bottom_waist=float(rng.uniform(0.55, 0.6)),
        skirt=skirt,
        skirt_hem=float(rng.uniform(0.22, 0.32)),
        skirt_ease_m=float(rng.uniform(0.01, 0.04)),
        skirt_flare_deg=float(rng.uniform(3.0, 15.0)),
        dress=skirt and rng.random() < 0.5,
        hair=hair,
        hair_end_m=hair_end,
        hair_thickness_m=thickness,
        top_colour=top,
        bottom_colour=bottom,
    )


def _smoothstep(values: FloatArray, low: float, high: float) -> FloatArray:
    t = np.clip((values - low) / (high - low), 0.0, 1.0)
    return np.asarray(t * t * (3.0 - 2.0 * t))


SLEEVE_BONES = {
    "none": (),
    "short": ("shoulder01", "upperarm01"),
    "elbow": ("shoulder01", "upperarm01", "upperarm02"),
    "long": ("shoulder01", "upperarm01", "upperarm02", "lowerarm01", "lowerarm02"),
}
LEG_BONES = ("root", "pelvis", "upperleg01", "upperleg02", "lowerleg01", "lowerleg02")
HAND_BONES = ("wrist", "finger", "metacarpal")
HEAD_BONES = ("neck", "head", "eye")
FOOT_BONES = ("foot", "toe")


@dataclass(frozen=True)
class Garments:
    """Per rest vertex: how far the clothes lie off the skin and which garment covers it."""

    offset_m: FloatArray  # (V,)
    top: FloatArray  # (V,) membership in [0, 1]
    bottom: FloatArray


def garments(rig: AnnyRig, body: RestBody, outfit: Outfit) -> Garments:
    vertices = body.vertices
    floor, top_of_head = float(vertices[:, 2].min()), float(vertices[:, 2].max())
    relative = (vertices[:, 2] - floor) / (top_of_head - floor)
    arms = rig.membership(ARM_BONES + HAND_BONES)
    sleeves = rig.membership(SLEEVE_BONES[outfit.sleeve]) if outfit.sleeve != "none" else 0.0
    bare = rig.membership(HEAD_BONES)
    hem = 0.5 if outfit.dress else outfit.top_hem  # a dress goes on under its skirt
    trunk = (1.0 - arms) * (1.0 - bare) * _smoothstep(relative, hem - 0.01, hem + 0.01)
    top = np.clip(trunk + sleeves, 0.0, 1.0)
    waist = outfit.bottom_waist
    legs = (1.0 - arms) * (1.0 - rig.membership(FOOT_BONES))
    bottom = np.clip(legs * (1.0 - _smoothstep(relative, waist - 0.01, waist + 0.01)), 0.0, 1.0)
    top_offset = outfit.top_offset_m
    bottom_offset = outfit.bottom_offset_m
    if outfit.kind == "loose":
        # Loose clothes hang from the shoulders and the waistband: close there, wide below.
        top_offset = outfit.top_offset_m * (0.3 + 0.7 * (1.0 - _smoothstep(relative, 0.7, 0.8)))
        bottom_offset = outfit.bottom_offset_m * (
            0.3
            + 0.7 * (1.0 - _smoothstep(relative, outfit.bottom_waist - 0.1, outfit.bottom_waist))
        )
    offset = np.maximum(top * top_offset, bottom * bottom_offset)
    return Garments(np.asarray(offset, dtype=np.float64), top, bottom)


def _ring_mesh(rings: list[FloatArray], closed: bool) -> tuple[FloatArray, NDArray[np.int64]]:
    """Vertices and faces of a surface through rings of equally many points; ``closed``:
    each ring closes on itself (a tube), else it is an open arc (a sheet)."""
    count = len(rings[0])
    steps = count if closed else count - 1
    level = np.arange(len(rings) - 1)[:, None] * count
    k = np.arange(steps)[None, :]
    a = (level + k).ravel()
    b = (level + (k + 1) % count).ravel()
    faces = np.concatenate([np.stack([a, b, b + count], 1), np.stack([a, b + count, a + count], 1)])
    return np.concatenate(rings), faces.astype(np.int64)


def _polygon_radius(points: FloatArray, centre: FloatArray, angles: FloatArray) -> FloatArray:
    """Per angle, how far from ``centre`` the convex hull of ``points`` (2D) reaches."""
    import cv2

    hull = cv2.convexHull(points.astype(np.float32)).reshape(-1, 2).astype(np.float64) - centre
    edges = np.roll(hull, -1, axis=0) - hull
    normals = np.stack([edges[:, 1], -edges[:, 0]], axis=1)
    normals /= np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)
    distances = np.einsum("ec,ec->e", normals, hull)
    flip = distances < 0
    normals[flip] *= -1.0
    distances = np.abs(distances)
    directions = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    facing = directions @ normals.T  # (A, E)
    with np.errstate(divide="ignore"):
        reach = np.where(facing > 1e-9, distances[None, :] / facing, np.inf)
    return np.asarray(reach.min(axis=1))


def skirt_surface(
    rig: AnnyRig, posed: FloatArray, outfit: Outfit
) -> tuple[FloatArray, NDArray[np.int64]]:
    """A skirt (or a dress's skirt) in the posed frame: from the waist down to the hem, around
    the hull of both legs, never narrower lower down, with some ease and flare."""
    lower_body = (rig.membership((*LEG_BONES, "spine05", "spine04")) > 0.5) & (
        rig.membership(ARM_BONES + HAND_BONES) < 0.2
    )
    floor, top = float(posed[:, 2].min()), float(posed[:, 2].max())
    height = top - floor
    waist_z = floor + outfit.bottom_waist * height
    hem_z = floor + outfit.skirt_hem * height
    chosen = posed[lower_body]
    centre = chosen[(chosen[:, 2] > waist_z - 0.05) & (chosen[:, 2] < waist_z + 0.05), :2].mean(0)
    angles = np.linspace(0.0, 2.0 * np.pi, 96, endpoint=False)
    levels = np.arange(waist_z, hem_z, -0.02)
    rings, radius = [], np.zeros(len(angles))
    flare = math.tan(math.radians(outfit.skirt_flare_deg))
    for z in levels:
        near = chosen[np.abs(chosen[:, 2] - z) < 0.015, :2]
        if len(near) >= 3:
            radius = np.maximum(radius, _polygon_radius(near, centre, angles))
        drop = waist_z - z
        ease = outfit.skirt_ease_m * min(1.0, drop / 0.1) + flare * drop
        ring = np.stack(
            [
                centre[0] + (radius + ease) * np.cos(angles),
                centre[1] + (radius + ease) * np.sin(angles),
                np.full(len(angles), z),
            ],
            axis=1,
        )
        rings.append(ring)
    return _ring_mesh(rings, closed=True)


def hair_surface(
    rig: AnnyRig, body: RestBody, outfit: Outfit
) -> tuple[FloatArray, NDArray[np.int64]]:
    """Long hair in the rest frame: over the skull, then falling from its widest part over
    the neck and onto the shoulders; open in front of the face."""
    vertices = body.vertices
    heads = body.bone_poses[:, :3, 3]
    head_vertices = rig.membership(("head", "eye", "neck03")) > 0.5
    not_arms = rig.membership(ARM_BONES + HAND_BONES) < 0.3
    skull = vertices[head_vertices]
    top = float(skull[:, 2].max())
    centre = np.array(
        [(skull[:, 0].max() + skull[:, 0].min()) / 2, (skull[:, 1].max() + skull[:, 1].min()) / 2]
    )
    head_bottom = float(heads[rig.bone("head")][2])
    head_height = top - head_bottom
    hairline_front = head_bottom + 0.75 * head_height
    shoulder_z = float(heads[rig.bone("upperarm01.L")][2])
    end = shoulder_z - outfit.hair_end_m
    thickness = outfit.hair_thickness_m
    candidates = vertices[not_arms]

    def body_radius(z: float, angles: FloatArray) -> FloatArray:
        near = candidates[np.abs(candidates[:, 2] - z) < 0.012]
        offsets = near[:, :2] - centre
        bins = ((np.arctan2(offsets[:, 0], offsets[:, 1]) + np.pi) / (2 * np.pi) * 180).astype(int)
        radius = np.zeros(180)
        np.maximum.at(radius, np.clip(bins, 0, 179), np.linalg.norm(offsets, axis=1))
        # fill empty bins from their neighbours
        for _ in range(4):
            empty = radius == 0
            if not empty.any():
                break
            radius[empty] = np.maximum(np.roll(radius, 1), np.roll(radius, -1))[empty]
        lookup = ((angles + np.pi) / (2 * np.pi) * 180).astype(int) % 180
        return radius[lookup]

    # The skull's widest reach per direction, where hair falls from.
    full = np.linspace(-np.pi, np.pi, 72, endpoint=False)
    widest = np.zeros(len(full))
    for z in np.arange(head_bottom, top, 0.01):
        widest = np.maximum(widest, body_radius(float(z), full))
    count = 61
    rings = []
    for z in np.arange(top - 0.004, end, -0.012):
        if z > hairline_front:
            reach = np.pi * 0.999
        elif z > shoulder_z:
            reach = math.radians(100.0)
        else:
            reach = math.radians(70.0)
        angles = np.linspace(-reach, reach, count)  # 0: straight back (+Y)
        radius = body_radius(float(z), angles) + thickness
        if z <= head_bottom + 0.5 * head_height:
            fall = np.interp(angles, full, widest, period=2 * np.pi) + thickness
            radius = np.maximum(radius, fall)
        rings.append(
            np.stack(
                [
                    centre[0] + radius * np.sin(angles),
                    centre[1] + radius * np.cos(angles),
                    np.full(count, z),
                ],
                axis=1,
            )
        )
    return _ring_mesh(rings, closed=False)


def skin_extra(rig: AnnyRig, body: RestBody, points: FloatArray, transforms: Any) -> FloatArray:
    """Rest-frame points posed with the skin weights of their nearest body vertex."""
    from scipy.spatial import cKDTree

    nearest = cKDTree(body.vertices).query(points)[1]
    weights = rig.skin_weights[nearest]
    bones = rig.skin_indices[nearest]
    matrices = transforms[0].numpy().astype(np.float64)  # (J, 4, 4)
    homogeneous = np.concatenate([points, np.ones((len(points), 1))], axis=1)
    moved = np.einsum("pkij,pj->pki", matrices[bones], homogeneous)[..., :3]
    return np.asarray((moved * weights[..., None]).sum(axis=1))


# -- the dressed, posed body -------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Figure:
    """What the camera sees: a posed, dressed surface with its colours (soles on z = 0)."""

    geometry: BodyGeometry  # posed; faces include clothing surfaces; landmarks are the body's
    colours: FloatArray  # (V, 3) albedo in [0, 1]


def dressed_figure(
    rig: AnnyRig,
    body: RestBody,
    stance: Stance,
    outfit: Outfit,
    style: Style,
    rest_geometry: BodyGeometry,
) -> Figure:
    """The body in ``stance`` wearing ``outfit``; colours from ``style`` on the rest body (so
    the face stays a face when the head turns) with the garments painted over."""
    transforms, joints = rig.pose(body, stance)
    clothes = garments(rig, body, outfit)
    normals = vertex_normals(body.vertices, rig.faces)
    dressed_rest = body.vertices + normals * clothes.offset_m[:, None]
    vertices = rig.skin(dressed_rest, transforms)
    bare = rig.skin(body.vertices, transforms) if clothes.offset_m.any() else vertices
    floor = float(bare[:, 2].min())  # soles of the unclothed feet on the floor

    colours = vertex_colours(rest_geometry, style)
    top_colour = np.asarray(outfit.top_colour, dtype=np.float64) / 255.0
    bottom_colour = np.asarray(outfit.bottom_colour, dtype=np.float64) / 255.0
    if outfit.bottom_offset_m > 0:
        colours[clothes.bottom > 0.5] = bottom_colour
    if outfit.top_offset_m > 0:
        colours[clothes.top > 0.5] = top_colour
    parts_vertices, parts_faces, parts_colours = [vertices], [rig.faces], [colours]
    offset = len(vertices)
    if outfit.skirt:
        skirt_vertices, skirt_faces = skirt_surface(rig, vertices, outfit)
        parts_vertices.append(skirt_vertices)
        parts_faces.append(skirt_faces + offset)
        skirt_colour = top_colour if outfit.dress else bottom_colour
        parts_colours.append(np.tile(skirt_colour, (len(skirt_vertices), 1)))
        offset += len(skirt_vertices)
    if outfit.hair:
        hair_rest, hair_faces = hair_surface(rig, body, outfit)
        hair_vertices = skin_extra(rig, body, hair_rest, transforms)
        parts_vertices.append(hair_vertices)
        parts_faces.append(hair_faces + offset)
        hair_colour = np.asarray(style.hair, dtype=np.float64) / 255.0
        parts_colours.append(np.tile(hair_colour, (len(hair_vertices), 1)))
    all_vertices = np.concatenate(parts_vertices)
    all_vertices[:, 2] -= floor
    joints = joints.copy()
    joints[:, 2] -= floor
    geometry = replace(
        rest_geometry,
        vertices=all_vertices,
        faces=np.concatenate(parts_faces),
        joints=joints,
        bind_matrices=None,
        uvs=None,
        face_uvs=None,
    )
    return Figure(geometry, np.concatenate(parts_colours))


# -- the scene ---------------------------------------------------------------------------------
def random_style(rng: np.random.Generator, outfit: Outfit) -> Style:
    """Skin tone, underwear colours (tight clothing), hair colour and light."""
    tones = list(SKIN_TONES.values())
    skin = np.asarray(tones[int(rng.integers(len(tones)))], dtype=np.float64)
    skin = tuple(int(v) for v in np.clip(skin * rng.uniform(0.92, 1.08, size=3), 0, 255))
    clothing: tuple[ClothingBand, ...] = ()
    if outfit.kind == "tight":
        clothing = (
            ClothingBand(0.42, float(rng.uniform(0.52, 0.58)), outfit.bottom_colour),
            ClothingBand(0.62, float(rng.uniform(0.78, 0.81)), outfit.top_colour),
        )
    hairs = ((45, 30, 20), (20, 15, 12), (110, 75, 40), (190, 150, 90), (120, 120, 115))
    return Style(
        skin=skin,  # type: ignore[arg-type]
        clothing=clothing,
        hair=hairs[int(rng.integers(len(hairs)))],
        light_direction=(
            float(rng.uniform(-0.8, 0.8)),
            -1.0,
            float(rng.uniform(0.2, 1.0)),
        ),
        ambient=float(rng.uniform(0.25, 0.5)),
        diffuse=float(rng.uniform(0.5, 0.8)),
    )


@dataclass(frozen=True)
class Shot:
    """One photo's camera and how the picture is finished."""

    camera: Camera
    background: str  # room | gradient | wall
    exposure: float
    tint: tuple[float, float, float]
    noise: float
    quality: int


def picture_size(rng: np.random.Generator, landscape: bool) -> tuple[int, int]:
    index = int(rng.choice(len(PORTRAIT_SIZES), p=PORTRAIT_WEIGHTS))
    width, height = PORTRAIT_SIZES[index]
    return (height, width) if landscape else (width, height)


def _fits(camera: Camera, points: FloatArray) -> bool:
    pixels, depth = camera.project(points)
    margin = FRAME_MARGIN * min(camera.width_px, camera.height_px)
    return bool(
        (depth > 0.1).all()
        and pixels[:, 0].min() > margin
        and pixels[:, 1].min() > margin
        and pixels[:, 0].max() < camera.width_px - margin
        and pixels[:, 1].max() < camera.height_px - margin
    )


def _aimed(camera: Camera, distance_m: float, aim_height_m: float, tilt_noise_deg: float) -> Camera:
    """``camera`` moved to ``distance_m`` and tilted to look at ``aim_height_m`` (+ noise)."""
    aim = math.degrees(math.atan2(camera.height_m - aim_height_m, distance_m))
    return replace(camera, distance_m=float(distance_m), tilt_deg=aim + tilt_noise_deg)


def random_camera(
    rng: np.random.Generator, points: FloatArray, azimuth_deg: float, *, exact_view: bool
) -> Camera:
    """A phone 2-4 m away, 0.8-1.6 m high, 24-35 mm, aimed roughly at the body, with the whole
    body (``points``, sub-sampled) in the picture. ``exact_view``: no turn off ``azimuth_deg``."""
    body_top = float(points[:, 2].max())
    for attempt in range(60):
        landscape = rng.random() < (LANDSCAPE_SHARE if attempt < 30 else 0.0)
        width, height = picture_size(rng, landscape)
        focal = float(rng.uniform(*FOCAL_LENGTH_MM))
        camera_height = float(rng.uniform(*CAMERA_HEIGHT_M))
        aim_height = body_top * float(rng.uniform(0.42, 0.58))
        azimuth = azimuth_deg + (0.0 if exact_view else float(rng.uniform(-4.0, 4.0)))
        offset = float(rng.uniform(-0.25, 0.25))
        tilt_noise = float(rng.normal(0.0, 1.5))
        prototype = Camera(
            width_px=width,
            height_px=height,
            height_m=camera_height,
            azimuth_deg=azimuth,
            focal_length_mm=focal,
            target_x_m=offset * math.cos(math.radians(azimuth)),
            target_y_m=offset * math.sin(math.radians(azimuth)),
        )
        distances = np.arange(DISTANCE_M[0], DISTANCE_M[1] + 1e-9, 0.1)
        nearest = next(
            (d for d in distances if _fits(_aimed(prototype, d, aim_height, tilt_noise), points)),
            None,
        )
        if nearest is None:
            continue
        distance = float(rng.uniform(nearest, DISTANCE_M[1]))
        camera = _aimed(prototype, distance, aim_height, tilt_noise)
        if _fits(camera, points):
            return camera
    raise RuntimeError("no camera frames this body")  # pragma: no cover - ranges allow one


def background_image(rng: np.random.Generator, camera: Camera, kind: str) -> NDArray[np.uint8]:
    width, height = camera.width_px, camera.height_px
    if kind == "room":
        return room_for(camera, rng)
    top = rng.uniform(110, 250, size=3)
    bottom = rng.uniform(50, 200, size=3)
    rows = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    image = np.broadcast_to(
        (top * (1 - rows) + bottom * rows).astype(np.float32), (height, width, 3)
    ).copy()
    if kind == "wall":  # plaster or wallpaper stripes
        import cv2

        cell = max(4, width // 160)
        blotches = rng.normal(0.0, 10.0, (height // cell + 1, width // cell + 1)).astype(np.float32)
        image += cv2.resize(blotches, (width, height), interpolation=cv2.INTER_CUBIC)[..., None]
        if rng.random() < 0.5:
            period = int(rng.integers(width // 40, width // 12))
            stripes = (np.arange(width) // period) % 2
            image *= (1.0 - 0.06 * stripes)[None, :, None].astype(np.float32)
    image += rng.normal(0.0, 2.0, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


WALL_COLOURS = ((235, 232, 225), (220, 215, 200), (200, 205, 210), (225, 210, 190), (190, 200, 185))
FLOOR_COLOURS = ((150, 110, 75), (120, 85, 55), (180, 150, 110), (140, 140, 140), (90, 90, 95))


def _room_colour(
    rng: np.random.Generator, palette: tuple[tuple[int, int, int], ...], spread: float
) -> FloatArray:
    base = np.asarray(palette[int(rng.integers(len(palette)))], dtype=np.float64)
    return np.asarray(base * rng.uniform(1.0 - spread, 1.0 + spread, size=3))


def room_for(camera: Camera, rng: np.random.Generator) -> NDArray[np.uint8]:
    """A room seen by ``camera``: floor, a back wall 0.7-2.5 m behind the person, sometimes a
    side wall (a corner), a skirting board, a picture or a door; ray-cast per pixel."""
    width, height = camera.width_px, camera.height_px
    scale = max(1, max(width, height) // 1024)  # cast at <= 1024 px, then resize
    small_w, small_h = width // scale, height // scale
    rotation_matrix, centre = camera.pose()
    focal = camera.focal_px / scale
    u = (np.arange(small_w) + 0.5 - small_w / 2.0) / focal
    v = (np.arange(small_h) + 0.5 - small_h / 2.0) / focal
    grid_u, grid_v = np.meshgrid(u, v)
    rays = np.stack([grid_u, grid_v, np.ones_like(grid_u)], axis=-1) @ rotation_matrix
    forward = rotation_matrix[2].copy()
    forward[2] = 0.0
    forward /= np.linalg.norm(forward)
    sideways = np.array([-forward[1], forward[0], 0.0])
    wall_distance = camera.distance_m + float(rng.uniform(0.7, 2.5))
    wall_colour = _room_colour(rng, WALL_COLOURS, 0.12)
    floor_colour = _room_colour(rng, FLOOR_COLOURS, 0.15)
    depth = np.full(rays.shape[:2], np.inf)
    image = np.zeros(rays.shape, dtype=np.float64)
    # back wall: points p with (p - centre) . forward = wall_distance
    along = rays @ forward
    with np.errstate(divide="ignore", invalid="ignore"):
        t_wall = np.where(along > 1e-6, wall_distance / along, np.inf)
    hit = centre + rays * t_wall[..., None]
    wall = np.isfinite(t_wall)
    depth[wall] = t_wall[wall]
    across = (hit - centre) @ sideways
    texture = 1.0 + 0.015 * np.sin(hit[..., 2] * 7.0 + across * 3.0)
    image[wall] = wall_colour * texture[wall][:, None]
    # a picture frame or a door on the wall
    if rng.random() < 0.6:
        left = float(rng.uniform(-2.0, 1.5))
        right = left + float(rng.uniform(0.4, 1.0))
        low = float(rng.uniform(0.0, 1.2))
        high = low + float(rng.uniform(0.4, 2.0 - low))
        frame = (
            wall & (across > left) & (across < right) & (hit[..., 2] > low) & (hit[..., 2] < high)
        )
        image[frame] = rng.uniform(30, 220, size=3)
    skirting = wall & (hit[..., 2] < 0.08)
    image[skirting] = rng.uniform(40, 250) * np.ones(3)
    # side wall
    if rng.random() < 0.5:
        side = float(rng.choice([-1.0, 1.0]))
        side_distance = float(rng.uniform(1.2, 2.5))
        towards = rays @ (side * sideways)
        with np.errstate(divide="ignore", invalid="ignore"):
            t_side = np.where(towards > 1e-6, side_distance / towards, np.inf)
        nearer = t_side < depth
        depth[nearer] = t_side[nearer]
        image[nearer] = wall_colour * 0.85
    # floor z = 0 and ceiling z = 2.5
    with np.errstate(divide="ignore", invalid="ignore"):
        t_floor = np.where(rays[..., 2] < -1e-6, -centre[2] / rays[..., 2], np.inf)
        t_ceiling = np.where(rays[..., 2] > 1e-6, (2.5 - centre[2]) / rays[..., 2], np.inf)
    on_floor = t_floor < depth
    floor_hit = centre + rays * np.where(np.isfinite(t_floor), t_floor, 0.0)[..., None]
    pattern = rng.integers(3)
    if pattern == 0:  # planks
        plank = np.floor((floor_hit @ sideways) / 0.14)
        shade = 1.0 + 0.08 * np.sin(plank * 12.9898) + 0.02 * np.sin(floor_hit @ forward * 60)
    elif pattern == 1:  # tiles
        tile = (np.floor(floor_hit[..., 0] / 0.4) + np.floor(floor_hit[..., 1] / 0.4)) % 2
        shade = 1.0 - 0.07 * tile
    else:  # carpet
        shade = 1.0 + 0.0 * floor_hit[..., 0]
    image[on_floor] = floor_colour * shade[on_floor][:, None]
    depth[on_floor] = t_floor[on_floor]
    ceiling = t_ceiling < depth
    image[ceiling] = wall_colour * 1.05
    # light falls off away from the middle of the room
    image *= (0.85 + 0.15 * np.exp(-((grid_u**2 + grid_v**2) / 0.5)))[..., None]
    image += rng.normal(0.0, 4.0, image.shape)
    small = np.clip(image, 0, 255).astype(np.uint8)
    if scale == 1:
        return small
    import cv2

    return np.asarray(cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR))


def random_shot(
    rng: np.random.Generator, figure: Figure, azimuth_deg: float, *, exact_view: bool
) -> Shot:
    points = figure.geometry.vertices[:: max(1, len(figure.geometry.vertices) // 6000)]
    camera = random_camera(rng, points, azimuth_deg, exact_view=exact_view)
    kinds = ("room", "room", "gradient", "wall")
    return Shot(
        camera=camera,
        background=kinds[int(rng.integers(len(kinds)))],
        exposure=float(rng.uniform(0.85, 1.1)),
        tint=tuple(float(v) for v in rng.uniform(0.93, 1.07, size=3)),  # type: ignore[arg-type]
        noise=float(rng.uniform(1.0, 4.0)),
        quality=int(rng.integers(80, 96)),
    )


def photograph(rng: np.random.Generator, figure: Figure, shot: Shot, style: Style) -> Rendering:
    """The picture (RGB) of ``figure`` as ``shot`` takes it, finished like a phone photo."""
    background = background_image(rng, shot.camera, shot.background)
    rendering = render(
        figure.geometry, shot.camera, style=style, background=background, colours=figure.colours
    )
    image = rendering.image.astype(np.float32)
    image *= shot.exposure * np.asarray(shot.tint, dtype=np.float32)
    image += rng.normal(0.0, shot.noise, image.shape).astype(np.float32)
    return replace(rendering, image=np.clip(image, 0, 255).astype(np.uint8))


def jpeg_file(
    pixels: NDArray[np.uint8], quality: int, focal_length_35mm: float | None, phone: int = 0
) -> bytes:
    """The photo as a phone saves it; with EXIF (make, model, focal lengths) when
    ``focal_length_35mm`` is given, else with no metadata at all."""
    buffer = io.BytesIO()
    options: dict[str, Any] = {"quality": quality}
    if focal_length_35mm is not None:
        exif = Image.Exif()
        make, model = PHONES[phone % len(PHONES)]
        exif[EXIF_MAKE] = make
        exif[EXIF_MODEL] = model
        details = exif.get_ifd(EXIF_IFD)
        details[EXIF_FOCAL_35MM] = round(focal_length_35mm)
        details[EXIF_FOCAL] = round(focal_length_35mm / 6.1, 2)  # a phone's 1/2.3" sensor
        options["exif"] = exif
    Image.fromarray(pixels).save(buffer, "JPEG", **options)
    return buffer.getvalue()
