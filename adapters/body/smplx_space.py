"""SMPL, SMPL-H and SMPL-X as a ShapeSpace, through the ``smplx`` package (the ``smpl``
extra) and model files the user obtains under their own licence (never shipped).

Parameters are the shape coefficients (betas, 10 by default); the gender is the model file's
(female, male or neutral). The measurement stance is an A-pose: from SMPL's T-pose the arms
are lowered ``arm_angle_deg`` at the shoulders and the legs spread ``leg_angle_deg`` each at
the hips (the ankles turned back so the soles stay flat), so the thighs do not touch below
the crotch. SMPL's frame (metres, Y up, facing +Z, the body's left on +X) becomes ours by
(x, y, z) -> (x, -z, y), with the soles moved to z = 0.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import pickle
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from adapters.body.geometry import BodyGeometry, FloatArray, IntArray
from adapters.body.space import Progress
from application.ports import Gender, ModelReadiness

log = logging.getLogger(__name__)

MODEL_TYPES = ("smpl", "smplh", "smplx")
GENDERS = ("neutral", "female", "male")
INSTALL_HINT = "pip install -e '.[smpl]'"
WHERE_TO_GET = (
    "SMPL files come from https://smpl.is.tue.mpg.de, SMPL-X files from "
    "https://smpl-x.is.tue.mpg.de (registration and a non-commercial licence)"
)

# The first 22 joints are the same in SMPL, SMPL-H and SMPL-X (smplx.joint_names order);
# SMPL ends with one joint per hand.
SMPL_JOINT_NAMES: tuple[str, ...] = (
    "pelvis",
    "left_hip",
    "right_hip",
    "spine1",
    "left_knee",
    "right_knee",
    "spine2",
    "left_ankle",
    "right_ankle",
    "spine3",
    "left_foot",
    "right_foot",
    "neck",
    "left_collar",
    "right_collar",
    "head",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hand",
    "right_hand",
)
SMPL_LANDMARKS: Mapping[str, str] = {
    "pelvis": "pelvis",
    "spine_chest": "spine3",
    "neck": "neck",
    "head": "head",
    "shoulder_l": "left_shoulder",
    "shoulder_r": "right_shoulder",
    "elbow_l": "left_elbow",
    "elbow_r": "right_elbow",
    "wrist_l": "left_wrist",
    "wrist_r": "right_wrist",
    "hip_l": "left_hip",
    "hip_r": "right_hip",
    "knee_l": "left_knee",
    "knee_r": "right_knee",
    "ankle_l": "left_ankle",
    "ankle_r": "right_ankle",
}
# SMPL's frame to ours: x stays, SMPL's +Z (forward) becomes -Y, SMPL's +Y (up) becomes +Z.
TO_OURS = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]])
BETA_LIMIT = 3.0  # population draws are truncated here, in standard deviations
SKIN_INFLUENCES = 4  # joints kept per vertex (SMPL's weights have at most 4 nonzero)


class SmplModelMissing(FileNotFoundError):
    """The SMPL/SMPL-X model file is not where the settings say."""


class SmplxSpace:
    """An SMPL-family model file behind the ShapeSpace protocol; loads lazily, once."""

    def __init__(
        self,
        model_path: Path,
        *,
        model_type: str | None = None,
        gender: str | None = None,
        num_betas: int = 10,
        arm_angle_deg: float = 45.0,
        leg_angle_deg: float = 5.0,
    ) -> None:
        """``model_path``: a model file (.pkl or .npz) or a folder holding
        ``SMPL_NEUTRAL.pkl``, ``SMPLX_FEMALE.npz``, ... (directly or in ``smpl/``,
        ``smplx/``, ``smplh/``). The type and gender are read from the file name unless
        given."""
        self.model_path = Path(model_path).expanduser()
        if model_type is not None and model_type not in MODEL_TYPES:
            raise ValueError(f"model_type must be one of {MODEL_TYPES}, not {model_type!r}")
        if gender is not None and gender not in GENDERS:
            raise ValueError(f"gender must be one of {GENDERS}, not {gender!r}")
        self.model_file, self._searched = _find_model_file(self.model_path, model_type, gender)
        name = (self.model_file or self.model_path).name.lower()
        self.model_type = model_type or _type_from_name(name)
        self.gender_name = gender or _gender_from_name(name)
        self.gender: Gender | None = (
            None if self.gender_name == "neutral" else Gender(self.gender_name)
        )
        self.model_name = self.model_type
        self.num_betas = num_betas
        self.arm_angle_deg, self.leg_angle_deg = arm_angle_deg, leg_angle_deg
        self.parameter_names = tuple(f"beta_{index}" for index in range(num_betas))
        self.lower = np.full(num_betas, -BETA_LIMIT)
        self.upper = np.full(num_betas, BETA_LIMIT)
        self._lock = threading.Lock()
        self._model: Any = None
        self._arrays: dict[str, Any] = {}
        self._version: str | None = None

    # -- naming ----------------------------------------------------------------------------
    @property
    def topology(self) -> str:
        vertices = self._arrays.get("vertex_count")
        return f"{self.model_type}-{vertices}" if vertices else self.model_type

    @property
    def model_version(self) -> str:
        """The model file's name and the start of its SHA-256: a shape belongs to one file."""
        if self._version is None:
            if self.model_file is None:
                return "missing"
            digest = hashlib.sha256()
            with self.model_file.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            self._version = f"{self.model_file.name}#{digest.hexdigest()[:12]}"
        return self._version

    # -- readiness and loading -------------------------------------------------------------
    def readiness(self) -> ModelReadiness:
        if self._model is not None:
            return ModelReadiness(True, f"{self.model_file} loaded")
        if self.model_file is None:
            return ModelReadiness(False, self._missing_message())
        try:
            import smplx  # noqa: F401
        except ImportError:
            return ModelReadiness(False, f"the smplx package is not installed: {INSTALL_HINT}")
        return ModelReadiness(True, f"{self.model_file} found; loads in seconds on first use")

    def prepare(self, progress: Progress | None = None) -> None:
        if self._model is not None:
            return
        with self._lock:
            if self._model is not None:
                return
            report = progress or (lambda stage, done: None)
            if self.model_file is None:
                raise SmplModelMissing(self._missing_message())
            try:
                import smplx
                import torch
            except ImportError as error:
                raise ImportError(
                    f"SMPL/SMPL-X bodies need the smplx package: {INSTALL_HINT}"
                ) from error
            report(f"loading {self.model_file.name}", 0.0)
            # SMPL's arrays are handed to smplx; the others only lend their texture coordinates.
            data = _read_model_data(
                self.model_file, None if self.model_type == "smpl" else ("vt", "ft")
            )
            model = _build_model(smplx, self.model_type, self.model_file, data, self)
            if model.num_betas != self.num_betas:
                raise ValueError(
                    f"{self.model_file} has {model.num_betas} shape components, "
                    f"fewer than the {self.num_betas} asked for"
                )
            report("preparing arrays", 0.7)
            self._arrays = self._extract(model, data, torch)
            _ = self.model_version  # hashed once, here rather than on a request
            self._model = model
            log.info(
                "%s (%s) ready: %d vertices, %d joints",
                self.model_file.name,
                self.gender_name,
                self._arrays["vertex_count"],
                len(self._arrays["joint_names"]),
            )
            report("ready", 1.0)

    def _missing_message(self) -> str:
        searched = ", ".join(str(path) for path in self._searched) or str(self.model_path)
        return (
            f"no {self.model_type.upper()} model file found (looked for {searched}). "
            f"{WHERE_TO_GET}; point AVATAR_SMPL_MODEL_PATH at the file or its folder"
        )

    def _extract(self, model: Any, data: Mapping[str, Any], torch: Any) -> dict[str, Any]:
        joint_count = int(model.parents.shape[0])
        names = _joint_names(self.model_type, joint_count)
        weights = model.lbs_weights.numpy().astype(np.float64)
        skin_indices = np.argsort(-weights, axis=1)[:, :SKIN_INFLUENCES]
        skin_weights = np.take_along_axis(weights, skin_indices, axis=1)
        skin_weights /= np.maximum(skin_weights.sum(axis=1, keepdims=True), 1e-12)
        parents = model.parents.numpy().astype(np.int64)
        parents[0] = -1
        uvs, face_uvs = data.get("vt"), data.get("ft")
        return {
            "vertex_count": int(model.v_template.shape[0]),
            "faces": np.asarray(model.faces, dtype=np.int64),
            "joint_names": names,
            "joint_parents": parents,
            "skin_indices": skin_indices.astype(np.int64),
            "skin_weights": skin_weights,
            "landmarks": {key: names.index(joint) for key, joint in SMPL_LANDMARKS.items()},
            "uvs": None if uvs is None else np.asarray(uvs, dtype=np.float64)[:, :2],
            "face_uvs": None if face_uvs is None else np.asarray(face_uvs, dtype=np.int64),
            "pose": torch.from_numpy(self._stance(joint_count)).to(model.v_template.dtype),
        }

    def _stance(self, joint_count: int) -> np.ndarray:
        """Axis-angle pose (1, 3J) of the A-pose. SMPL's rest frames are the world's, so
        every rotation here is about SMPL's Z axis (the body's forward direction)."""
        pose = np.zeros((joint_count, 3))
        arm, leg = np.radians(self.arm_angle_deg), np.radians(self.leg_angle_deg)
        index = {name: i for i, name in enumerate(SMPL_JOINT_NAMES[:22])}
        pose[index["left_shoulder"], 2] = -arm  # the left arm (+X) swings down (-Y)
        pose[index["right_shoulder"], 2] = arm
        pose[index["left_hip"], 2] = leg  # the left foot moves out (+X)
        pose[index["right_hip"], 2] = -leg
        pose[index["left_ankle"], 2] = -leg  # soles flat again
        pose[index["right_ankle"], 2] = leg
        return pose.reshape(1, -1)

    # -- population ------------------------------------------------------------------------
    def default(self, gender: Gender | None) -> FloatArray:
        """Betas of zero: the mean body of the file's gender (``gender`` cannot change it)."""
        return np.zeros(self.num_betas)

    def sample(self, rng: np.random.Generator, count: int, gender: Gender | None) -> FloatArray:
        """Betas from N(0, 1), each truncated at +-3 (redrawn beyond)."""
        draws = rng.standard_normal((count, self.num_betas))
        outside = np.abs(draws) > BETA_LIMIT
        while outside.any():
            draws[outside] = rng.standard_normal(int(outside.sum()))
            outside = np.abs(draws) > BETA_LIMIT
        return draws

    def gender_parameter(self, gender: Gender) -> dict[int, float]:
        return {}  # the gender is the model file

    # -- bodies ----------------------------------------------------------------------------
    def surface(
        self, parameters: FloatArray, only: IntArray | None = None
    ) -> tuple[FloatArray, FloatArray]:
        """Vertices (B, V, 3) and joints (B, J, 3) in the A-pose, soles on z = 0.

        ``only`` (the vertices the caller will read) is accepted for the fitter's sake; SMPL
        skins every vertex anyway, so all are returned.
        """
        vertices, joints, _ = self._posed(parameters, with_transforms=False)
        return vertices, joints

    def geometry(self, parameters: FloatArray) -> BodyGeometry:
        vertices, joints, transforms = self._posed(
            np.asarray(parameters, dtype=np.float64).reshape(1, -1), with_transforms=True
        )
        arrays = self._arrays
        assert transforms is not None
        return BodyGeometry(
            model_name=self.model_name,
            topology=self.topology,
            vertices=vertices[0],
            faces=arrays["faces"],
            joints=joints[0],
            joint_names=arrays["joint_names"],
            joint_parents=arrays["joint_parents"],
            skin_indices=arrays["skin_indices"],
            skin_weights=arrays["skin_weights"],
            landmarks=arrays["landmarks"],
            uvs=arrays["uvs"],
            face_uvs=arrays["face_uvs"],
            bind_matrices=transforms[0],
            extras={"gender": self.gender_name, "model_file": str(self.model_file)},
        )

    def _posed(
        self, parameters: FloatArray, *, with_transforms: bool
    ) -> tuple[FloatArray, FloatArray, FloatArray | None]:
        self.prepare()
        import torch
        from smplx.lbs import batch_rigid_transform, batch_rodrigues, blend_shapes, lbs

        model = self._model
        betas_array = np.atleast_2d(np.asarray(parameters, dtype=np.float64))
        if betas_array.shape[1] != self.num_betas:
            raise ValueError(
                f"expected {self.num_betas} betas per body, got {betas_array.shape[1]}"
            )
        betas = torch.as_tensor(betas_array, dtype=model.v_template.dtype)
        count = betas.shape[0]
        pose = self._arrays["pose"].expand(count, -1).contiguous()
        with torch.no_grad():
            vertices, joints = lbs(
                betas,
                pose,
                model.v_template,
                model.shapedirs,
                model.posedirs,
                model.J_regressor,
                model.parents,
                model.lbs_weights,
            )
            transforms = None
            if with_transforms:
                rest = torch.einsum(
                    "jv,bvk->bjk",
                    model.J_regressor,
                    model.v_template + blend_shapes(betas, model.shapedirs),
                )
                rotations = batch_rodrigues(pose.reshape(-1, 3)).reshape(count, -1, 3, 3)
                _, relative = batch_rigid_transform(rotations, rest, model.parents)
                transforms = relative.numpy().astype(np.float64)
        ours = vertices.numpy().astype(np.float64) @ TO_OURS.T
        joints_ours = joints.numpy().astype(np.float64) @ TO_OURS.T
        floor = ours[:, :, 2].min(axis=1)
        ours[:, :, 2] -= floor[:, None]
        joints_ours[:, :, 2] -= floor[:, None]
        world = None
        if transforms is not None:
            # A joint's world transform: its rotation seen in our frame, at its posed place.
            world = np.zeros_like(transforms)
            world[:, :, :3, :3] = TO_OURS @ transforms[:, :, :3, :3] @ TO_OURS.T
            world[:, :, :3, 3] = joints_ours
            world[:, :, 3, 3] = 1.0
        return ours, joints_ours, world


# -- model files ---------------------------------------------------------------------------
def _type_from_name(name: str) -> str:
    for model_type in ("smplx", "smplh"):
        if model_type in name:
            return model_type
    return "smpl"


def _gender_from_name(name: str) -> str:
    if "female" in name:
        return "female"
    if "male" in name:  # after "female", which contains it
        return "male"
    return "neutral"


def _find_model_file(
    path: Path, model_type: str | None, gender: str | None
) -> tuple[Path | None, list[Path]]:
    """The model file ``path`` names or holds, and the places looked at."""
    if path.is_file():
        return path, [path]
    if not path.is_dir():
        return None, [path]
    searched = []
    for kind in [model_type] if model_type else ["smplx", "smpl", "smplh"]:
        for folder in (path, path / kind):
            for suffix in (".npz", ".pkl"):
                candidate = folder / f"{kind.upper()}_{(gender or 'neutral').upper()}{suffix}"
                searched.append(candidate)
                if candidate.is_file():
                    return candidate, searched
    return None, searched


def _read_model_data(path: Path, keys: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The arrays of a model file (only ``keys`` when given and the file is an .npz, which
    reads lazily). A .pkl is unpickled: it is the user's own licensed file."""
    if path.suffix == ".npz":
        with np.load(path, allow_pickle=True) as archive:
            return {key: archive[key] for key in archive.files if keys is None or key in keys}
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle, encoding="latin1")
    except ModuleNotFoundError as error:
        if "chumpy" in str(error):
            raise ValueError(
                f"{path} stores chumpy arrays (the original SMPL release): convert it once "
                "with smplx's tools/clean_ch.py, or use the .npz of the model"
            ) from error
        raise
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not an SMPL-family model file")
    return data


def _build_model(smplx: Any, model_type: str, path: Path, data: dict[str, Any], space: Any) -> Any:
    from smplx.utils import Struct

    common = {"gender": space.gender_name, "num_betas": space.num_betas}
    # smplx prints a warning about 10-component files on stdout; keep the service's clean.
    with contextlib.redirect_stdout(io.StringIO()):
        if model_type == "smpl":
            return smplx.SMPL(model_path=str(path), data_struct=Struct(**data), **common)
        options = {"use_pca": False, "flat_hand_mean": True, "ext": path.suffix.lstrip(".")}
        if model_type == "smplh":
            return smplx.SMPLH(model_path=str(path), **common, **options)
        return smplx.SMPLX(model_path=str(path), **common, **options)


def _joint_names(model_type: str, joint_count: int) -> tuple[str, ...]:
    if model_type == "smpl":
        names: tuple[str, ...] = SMPL_JOINT_NAMES
    else:
        from smplx.joint_names import JOINT_NAMES, SMPLH_JOINT_NAMES

        names = tuple(SMPLH_JOINT_NAMES if model_type == "smplh" else JOINT_NAMES)
    if len(names) < joint_count:
        raise ValueError(f"{model_type} has {joint_count} joints, more than the names known")
    return names[:joint_count]
