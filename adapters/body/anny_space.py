"""The ``anny`` body model (Apache-2.0, MakeHuman data, shipped in its wheel) as a ShapeSpace.

Parameters are anny's six phenotypes (gender 0 = male .. 1 = female, age, muscle, weight,
height, proportions; in [0, 1]) followed by its twenty ``measure-*-incr`` local changes (in
[-1, 1]). The measurement stance is anny's rest pose (an A-pose), which is linear in the
blend-shape coefficients: bodies are ``template + coefficients @ blendshapes``, so a batch of
bodies is one matrix product and the fit gets exact derivatives for the local changes.

The first build on a machine takes about a minute (two on a busy one) and writes about
800 MB to the cache folder; ``prepare`` keeps only the ~65 MB compact file it needs.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from adapters.body.geometry import BodyGeometry, FloatArray, IntArray
from adapters.body.space import Progress
from application.ports import Gender, ModelReadiness

log = logging.getLogger(__name__)

PHENOTYPES: tuple[str, ...] = ("gender", "age", "muscle", "weight", "height", "proportions")
MEASURE_SLIDERS: tuple[str, ...] = tuple(
    sorted(
        f"measure-{name}-incr"
        for name in (
            "upperarm-length",
            "upperarm-circ",
            "lowerarm-length",
            "wrist-circ",
            "ankle-circ",
            "calf-circ",
            "lowerleg-height",
            "upperleg-height",
            "knee-circ",
            "thigh-circ",
            "neck-circ",
            "neck-height",
            "underbust-circ",
            "napetowaist-dist",
            "waisttohip-dist",
            "shoulder-dist",
            "hips-circ",
            "waist-circ",
            "frontchest-dist",
            "bust-circ",
        )
    )
)
# anny bone -> the landmark it stands for (bone heads are the joints).
ANNY_LANDMARKS: Mapping[str, str] = {
    "pelvis": "root",
    "spine_chest": "spine01",
    "neck": "neck01",
    "head": "head",
    "shoulder_l": "upperarm01.L",
    "shoulder_r": "upperarm01.R",
    "elbow_l": "lowerarm01.L",
    "elbow_r": "lowerarm01.R",
    "wrist_l": "wrist.L",
    "wrist_r": "wrist.R",
    "hip_l": "upperleg01.L",
    "hip_r": "upperleg01.R",
    "knee_l": "lowerleg01.L",
    "knee_r": "lowerleg01.R",
    "ankle_l": "foot.L",
    "ankle_r": "foot.R",
}
ADULT_AGE_YEARS = (18.0, 70.0)
LOCAL_CHANGE_SPREAD = 0.25  # standard deviation of the local changes in the population
COMPACT_GLOB = "v*/build_compact_model_data_*.safetensors"


class AnnySpace:
    """anny behind the ShapeSpace protocol; builds lazily, once, thread-safely."""

    model_name = "anny"
    topology = "anny"

    def __init__(self, cache_dir: Path, threads: int = 1) -> None:
        self.cache_dir = Path(cache_dir).expanduser()
        self._threads = threads
        self._lock = threading.Lock()
        self._model: Any = None
        self._arrays: dict[str, Any] = {}
        self._age_bounds = (0.0, 1.0)
        self._selection: tuple[bytes, FloatArray, FloatArray] | None = None
        self._building_since: float | None = None
        self.model_version = _anny_version()
        self.parameter_names = PHENOTYPES + MEASURE_SLIDERS
        self.lower = np.array([0.0] * len(PHENOTYPES) + [-1.0] * len(MEASURE_SLIDERS))
        self.upper = np.array([1.0] * len(PHENOTYPES) + [1.0] * len(MEASURE_SLIDERS))

    # -- readiness and building ----------------------------------------------------------------
    def readiness(self) -> ModelReadiness:
        if self._model is not None:
            return ModelReadiness(True, "anny loaded")
        if self._building_since is not None:
            elapsed = time.monotonic() - self._building_since
            return ModelReadiness(
                False,
                f"building anny's data for {elapsed:.0f} s (1-2 minutes the first time on a "
                "machine); bodies are fitted once it is done",
            )
        if any(self.cache_dir.glob(COMPACT_GLOB)):
            return ModelReadiness(True, "anny data cached; loads in a few seconds on first use")
        return ModelReadiness(
            False,
            f"anny has no data in {self.cache_dir}: the first request builds it (about 1-2 "
            "minutes); run `avatar-service models prepare` ahead",
        )

    def prepare(self, progress: Progress | None = None) -> None:
        if self._model is not None:
            return
        with self._lock:
            if self._model is not None:
                return
            report = progress or (lambda stage, done: None)
            cold = not any(self.cache_dir.glob(COMPACT_GLOB))
            self._building_since = time.monotonic() if cold else None
            try:
                self._prepare_locked(report, cold)
            finally:
                self._building_since = None

    def _prepare_locked(self, report: Progress, cold: bool) -> None:
        report("importing anny", 0.0)
        started = time.perf_counter()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("ANNY_CACHE_DIR", str(self.cache_dir))
        import torch
        import warp

        warp.config.quiet = True
        warp.config.log_level = warp.LOG_WARNING if hasattr(warp, "LOG_WARNING") else 2
        import anny
        import anny.paths

        anny.paths.set_anny_cache_path(self.cache_dir)
        torch.set_num_threads(self._threads)
        report(
            "building anny model data (first time on this machine: 1-2 minutes)"
            if cold
            else "loading cached anny model data",
            0.1,
        )
        model = anny.Anny(local_changes=list(MEASURE_SLIDERS))
        model.requires_grad_(False)
        report("preparing arrays", 0.8)
        self._arrays = _extract_arrays(model)
        self._age_bounds = _adult_age_bounds(model)
        self.lower[1], self.upper[1] = self._age_bounds
        self._model = model
        removed = self._keep_only_compact_data()
        log.info(
            "anny ready in %.1f s%s",
            time.perf_counter() - started,
            f" (removed {removed / 1e6:.0f} MB of build intermediates)" if removed else "",
        )
        report("ready", 1.0)

    def _keep_only_compact_data(self) -> int:
        """Delete the build intermediates: only the compact files are read afterwards."""
        removed = 0
        for pattern in ("v*/load_data_*.safetensors", "v*/build_model_data_*.safetensors"):
            for path in self.cache_dir.glob(pattern):
                removed += path.stat().st_size
                path.unlink()
        return removed

    # -- population ----------------------------------------------------------------------------
    def default(self, gender: Gender | None) -> FloatArray:
        self.prepare()
        params = np.zeros(len(self.parameter_names))
        params[: len(PHENOTYPES)] = 0.5
        params[1] = float(self._arrays["adult_age"])
        if gender is not None:
            for index, value in self.gender_parameter(gender).items():
                params[index] = value
        return params

    def gender_parameter(self, gender: Gender) -> dict[int, float]:
        return {0: 1.0 if gender is Gender.FEMALE else 0.0}

    def sample(self, rng: np.random.Generator, count: int, gender: Gender | None) -> FloatArray:
        """Adults 18-70 with anny's WHO-calibrated phenotype distributions per gender."""
        self.prepare()
        import torch

        distributions = self._arrays["distributions"]
        years = rng.uniform(*ADULT_AGE_YEARS, size=count)
        if gender is None:
            female = rng.random(count) < 0.5
        else:
            female = np.full(count, gender is Gender.FEMALE)
        params = np.zeros((count, len(self.parameter_names)))
        params[:, 0] = female.astype(float)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(rng.integers(2**31)))
            age = distributions.morphological_age_mapping.morphological_to_anny_age(
                torch.as_tensor(years, dtype=torch.float64)
            )
            params[:, 1] = age.numpy()
            for column, name in ((2, "muscle"), (3, "weight"), (4, "height"), (5, "proportions")):
                boys = getattr(distributions, f"boys_conditional_{name}_distribution")
                girls = getattr(distributions, f"girls_conditional_{name}_distribution")
                male_values = boys.get_torch_distribution(age).sample().numpy()
                female_values = girls.get_torch_distribution(age).sample().numpy()
                params[:, column] = np.where(female, female_values, male_values)
        local = rng.normal(0.0, LOCAL_CHANGE_SPREAD, size=(count, len(MEASURE_SLIDERS)))
        params[:, len(PHENOTYPES) :] = np.clip(local, -0.9, 0.9)
        return np.clip(params, self.lower, self.upper)

    # -- bodies --------------------------------------------------------------------------------
    def coefficients(self, parameters: FloatArray) -> FloatArray:
        """Blend-shape coefficients (B, K) for parameters (B, P)."""
        self.prepare()
        import torch

        parameters = np.atleast_2d(np.asarray(parameters, dtype=np.float64))
        phenotypes = torch.as_tensor(parameters[:, : len(PHENOTYPES)])
        local = torch.as_tensor(parameters[:, len(PHENOTYPES) :])
        facial = torch.zeros((parameters.shape[0], 0), dtype=torch.float64)
        with torch.no_grad():
            coefficients = self._model._get_phenotype_blendshape_coefficients(
                phenotypes, local, facial
            )
        return np.asarray(coefficients.numpy(), dtype=np.float64)

    def surface(
        self, parameters: FloatArray, only: IntArray | None = None
    ) -> tuple[FloatArray, FloatArray]:
        coefficients = self.coefficients(parameters)
        arrays = self._arrays
        count = coefficients.shape[0]
        joints = (arrays["template_heads"] + coefficients @ arrays["head_blendshapes"]).reshape(
            count, -1, 3
        )
        if only is None:
            vertices = (arrays["template"] + coefficients @ arrays["blendshapes"]).reshape(
                count, -1, 3
            )
            floor = vertices[:, :, 2].min(axis=1)
        else:
            template, basis = self._columns(np.asarray(only))
            part = template + coefficients @ basis
            vertices = np.zeros((count, arrays["template"].shape[1] // 3, 3))
            vertices[:, only] = part.reshape(count, -1, 3)
            floor = vertices[:, only, 2].min(axis=1)
        vertices[:, :, 2] -= floor[:, None]
        joints[:, :, 2] -= floor[:, None]
        return vertices, joints

    def _columns(self, only: IntArray) -> tuple[FloatArray, FloatArray]:
        """Template and blend shapes of some vertices; the last selection is kept."""
        key = only.tobytes()
        cached = self._selection
        if cached is None or cached[0] != key:
            columns = (only[:, None] * 3 + np.arange(3)).ravel()
            arrays = self._arrays
            cached = (key, arrays["template"][:, columns], arrays["blendshapes"][:, columns])
            self._selection = cached
        return cached[1], cached[2]

    def pullback(self, parameters: FloatArray, vertex_weights: FloatArray) -> FloatArray:
        """d/dp of sum(vertex_weights * vertices): a vertex-space gradient in parameter space.

        Exact for the local changes (linear); the phenotypes' nonlinear coefficient map is
        differentiated by forward differences in coefficient space (cheap: K numbers).
        """
        parameters = np.asarray(parameters, dtype=np.float64)
        projected = self._arrays["blendshapes"] @ np.asarray(vertex_weights).ravel()  # (K,)
        count = len(parameters)
        steps = np.where(parameters + 1e-4 > self.upper, -1e-4, 1e-4)
        batch = np.repeat(parameters[None], count + 1, axis=0)
        batch[np.arange(1, count + 1), np.arange(count)] += steps
        coefficients = self.coefficients(batch)
        return np.asarray((coefficients[1:] - coefficients[0]) @ projected / steps)

    def geometry(self, parameters: FloatArray) -> BodyGeometry:
        import torch

        parameters = np.asarray(parameters, dtype=np.float64).reshape(1, -1)
        coefficients = torch.as_tensor(self.coefficients(parameters))
        with torch.no_grad():
            rest = self._model.get_rest_model(coefficients)
        vertices = rest["rest_vertices"][0].numpy().astype(np.float64)
        bind = rest["rest_bone_poses"][0].numpy().astype(np.float64).copy()
        floor = vertices[:, 2].min()
        vertices[:, 2] -= floor
        bind[:, 2, 3] -= floor
        arrays = self._arrays
        return BodyGeometry(
            model_name=self.model_name,
            topology=self.topology,
            vertices=vertices,
            faces=arrays["faces"],
            joints=bind[:, :3, 3].copy(),
            joint_names=arrays["bone_names"],
            joint_parents=arrays["bone_parents"],
            skin_indices=arrays["skin_indices"],
            skin_weights=arrays["skin_weights"],
            landmarks=arrays["landmarks"],
            uvs=arrays["uvs"],
            face_uvs=arrays["face_uvs"],
            bind_matrices=bind,
        )

    @property
    def faces(self) -> Any:
        self.prepare()
        return self._arrays["faces"]


def _anny_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("anny")
    except PackageNotFoundError:  # pragma: no cover - anny is a dependency
        return "unknown"


def _extract_arrays(model: Any) -> dict[str, Any]:
    from anny.shape_distribution import SimpleShapeDistribution

    names = tuple(str(label) for label in model.bone_labels)
    parents = np.asarray(
        [int(p) if p is not None else -1 for p in _as_list(model.bone_parents)], dtype=np.int64
    )
    weights = model.vertex_bone_weights.numpy().astype(np.float64)
    weights = weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-12)
    count = model.blendshapes.shape[0]
    distributions = SimpleShapeDistribution(model)
    import torch

    adult_age = distributions.morphological_age_mapping.morphological_to_anny_age(
        torch.tensor([30.0], dtype=torch.float64)
    )
    uvs = getattr(model, "texture_coordinates", None)
    face_uvs = getattr(model, "face_texture_coordinate_indices", None)
    return {
        "template": model.template_vertices.numpy().reshape(1, -1).astype(np.float64),
        # Column-major: each vertex coordinate's coefficients lie together, so taking some
        # vertices' columns (``_columns``, the photo fit's support) is a contiguous copy.
        "blendshapes": np.asfortranarray(
            model.blendshapes.numpy().reshape(count, -1), dtype=np.float64
        ),
        "template_heads": model.template_bone_heads.numpy().reshape(1, -1).astype(np.float64),
        "head_blendshapes": model.bone_heads_blendshapes.numpy()
        .reshape(count, -1)
        .astype(np.float64),
        "faces": model.get_triangular_faces().numpy().astype(np.int64)
        if hasattr(model, "get_triangular_faces")
        else model.faces.numpy().astype(np.int64),
        "bone_names": names,
        "bone_parents": parents,
        "skin_indices": model.vertex_bone_indices.numpy().astype(np.int64),
        "skin_weights": weights,
        "landmarks": {key: names.index(bone) for key, bone in ANNY_LANDMARKS.items()},
        "uvs": None if uvs is None else uvs.numpy().astype(np.float64),
        "face_uvs": None if face_uvs is None else face_uvs.numpy().astype(np.int64),
        "distributions": distributions,
        "adult_age": float(adult_age[0]),
    }


def _adult_age_bounds(model: Any) -> tuple[float, float]:
    import torch
    from anny.shape_distribution import SimpleShapeDistribution

    mapping = SimpleShapeDistribution(model).morphological_age_mapping
    ages = mapping.morphological_to_anny_age(
        torch.tensor([ADULT_AGE_YEARS[0] - 2.0, ADULT_AGE_YEARS[1] + 10.0], dtype=torch.float64)
    )
    return float(max(ages[0], 0.0)), float(min(ages[1], 1.0))


def _as_list(values: Any) -> list[Any]:
    return values.tolist() if hasattr(values, "tolist") else list(values)
