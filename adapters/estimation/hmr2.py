"""Body shape from one photo with HMR2 (4D-Humans) and an SMPL-family model.

    person box -> 256x192 crop (HMR2's) -> HMR2 in onnxruntime -> betas
               -> SmplxSpace body in the A-pose -> anthropometry.measure -> measurements

The HMR2 network is an ONNX file exported by ``python -m inference_onnx.hmr2.export`` from
the checkpoint the user downloads; the SMPL model file is the user's too (README: "SMPL /
SMPL-X and HMR2 (optional)"). HMR2 regresses the neutral SMPL body's betas: pair it with a
neutral SMPL file for measurements that mean what HMR2 meant.

``Hmr2Estimator.estimate`` serves one photo and a person box; turning a ``PhotoUpload`` into
pixels and a box (from the photo intake's keypoints: ``box_from_keypoints``) is the
composition's job.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from adapters.body.anthropometry import measure
from adapters.body.geometry import FloatArray
from adapters.body.smplx_space import SmplxSpace
from adapters.body.space import body_shape
from application.errors import PhotoMeasurementFailed
from application.ports import (
    BodyShape,
    EstimationProgress,
    ProcessedView,
    RgbImage,
    ShapeEstimate,
)
from domain.photo import ViewType
from domain.photo_checks import VISIBLE, BodyHints, Keypoint
from inference_onnx.batching import MicroBatcher
from inference_onnx.engine import OnnxEngine

CROP_HEIGHT, CROP_WIDTH = 256, 192
IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
IMAGENET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels


@dataclass(frozen=True)
class Hmr2Estimate:
    shape: BodyShape  # the betas, as the SMPL space's parameters (clipped to its bounds)
    measurements: Mapping[str, float]  # cm, kg, keyed by domain.measurements names
    betas: FloatArray  # (10,) as HMR2 predicted them
    global_orient: FloatArray  # (3, 3) the body's rotation in the camera frame
    body_pose: FloatArray  # (23, 3, 3) joint rotations (SMPL's, relative to the parents)
    camera: FloatArray  # (3,) weak-perspective scale and translation, in crop units
    metadata: Mapping[str, str] = field(default_factory=dict)


class Hmr2Estimator:
    def __init__(
        self,
        engine: OnnxEngine,
        space: SmplxSpace,
        *,
        batcher: MicroBatcher | None = None,
        metadata: Mapping[str, str] | None = None,
    ) -> None:
        """``batcher``: a MicroBatcher over ``engine`` so concurrent photos share runs;
        ``metadata``: the model's provenance (``ModelRecord.provenance()``) to pass on."""
        self._engine, self._space, self._batcher = engine, space, batcher
        self._metadata = dict(metadata or {})

    @property
    def provider(self) -> str:
        return str(self._engine.provider)

    async def estimate(self, image: RgbImage, box: Box) -> Hmr2Estimate:
        crop = person_crop(image, box)[None]
        if self._batcher is not None:
            outputs = await self._batcher.infer({"image": crop})
        else:
            outputs = await asyncio.to_thread(self._engine.run, {"image": crop})
        betas = outputs["betas"][0].astype(np.float64)
        space = self._space
        parameters = np.clip(betas[: len(space.parameter_names)], space.lower, space.upper)
        measured = await asyncio.to_thread(lambda: measure(space.geometry(parameters)).values)
        return Hmr2Estimate(
            shape=body_shape(space, parameters),
            measurements=measured,
            betas=betas,
            global_orient=outputs["global_orient"][0, 0].astype(np.float64),
            body_pose=outputs["body_pose"][0].astype(np.float64),
            camera=outputs["camera"][0].astype(np.float64),
            metadata={**self._metadata, "estimator": "hmr2", "body_model": space.model_version},
        )


def person_crop(image: RgbImage, box: Box) -> np.ndarray:
    """HMR2's input for a person in ``box``: (3, 256, 192) float32, normalised RGB.

    As 4D-Humans crops: the box grows to a 3:4 (width:height) box around its centre, which
    is resampled to 192x256 (blurred first when it shrinks more than 2.2 times, against
    aliasing); parts outside the photo are black.
    """
    x0, y0, x1, y1 = (float(v) for v in box)
    if not (x1 > x0 and y1 > y0):
        raise ValueError(f"the person box {box} is empty")
    pixels = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.width, 3)
    centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
    height = max(y1 - y0, (x1 - x0) * CROP_HEIGHT / CROP_WIDTH)
    scale = CROP_HEIGHT / height  # crop pixels per photo pixel
    shrink = 1 / scale / 2
    if shrink > 1.1:
        pixels = _blurred_around(pixels, (centre_x, centre_y), height, sigma=(shrink - 1) / 2)
    # The box centre goes to the crop's centre (4D-Humans' convention, no half-pixel shift).
    transform = np.array(
        [
            [scale, 0.0, CROP_WIDTH / 2 - scale * centre_x],
            [0.0, scale, CROP_HEIGHT / 2 - scale * centre_y],
        ]
    )
    crop = cv2.warpAffine(
        pixels,
        transform,
        (CROP_WIDTH, CROP_HEIGHT),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(0, 0, 0),
    )
    normalised = (crop.astype(np.float32) / 255.0 - IMAGENET_MEAN) / IMAGENET_STD
    return np.ascontiguousarray(normalised.transpose(2, 0, 1))


def _blurred_around(
    pixels: np.ndarray, centre: tuple[float, float], height: float, sigma: float
) -> np.ndarray:
    """A copy of ``pixels`` blurred (Gaussian, ``sigma``) where the crop will read."""
    margin = int(np.ceil(3 * sigma)) + 2
    half = height / 2 + margin
    rows, columns = pixels.shape[:2]
    top, bottom = max(0, int(centre[1] - half)), min(rows, int(np.ceil(centre[1] + half)))
    left, right = max(0, int(centre[0] - half)), min(columns, int(np.ceil(centre[0] + half)))
    blurred = pixels.copy()
    if bottom > top and right > left:
        blurred[top:bottom, left:right] = cv2.GaussianBlur(
            pixels[top:bottom, left:right], (0, 0), sigmaX=sigma
        )
    return blurred


def box_from_keypoints(
    keypoints: Sequence[Keypoint], width: int, height: int, *, margin: float = 0.1
) -> Box:
    """A person box from the photo intake's keypoints (fractions of the image size).

    Landmarks stop at the eyes and the heels: the box grows by ``margin`` of the person's
    height above and below (the skull and the soles) and as much on each side.
    """
    seen = [k for k in keypoints if k.visibility >= VISIBLE] or list(keypoints)
    if not seen:
        raise ValueError("no keypoints to place the person box")
    xs = np.array([k.x * width for k in seen])
    ys = np.array([k.y * height for k in seen])
    extra = margin * float(ys.max() - ys.min())
    return (
        float(xs.min() - extra),
        float(ys.min() - extra),
        float(xs.max() + extra),
        float(ys.max() + extra),
    )


# HMR2's betas are not calibrated against tape measurements here: every value gets this
# confidence, and the metadata says so (the shipped photo regressor is calibrated).
UNCALIBRATED_CONFIDENCE = 0.3


class Hmr2ShapeEstimator:
    """The ``ShapeEstimator`` port with HMR2: the front photo's person, an SMPL body.

    Selected by ``AVATAR_SHAPE_ESTIMATOR=hmr2`` with the exported network and the user's SMPL
    file. HMR2 sees one photo and no scale: with a height hint, lengths are scaled to it
    (and the mass with the cube); without one, the neutral body's own scale stays.
    """

    needs_images = True

    def __init__(self, estimator: Hmr2Estimator) -> None:
        self._estimator = estimator

    @property
    def inference(self) -> dict[str, str]:
        """Model name -> the onnxruntime execution provider running it (for /ready, metrics)."""
        return {"hmr2": self._estimator.provider}

    async def estimate(
        self,
        views: Sequence[ProcessedView],
        hints: BodyHints,
        progress: EstimationProgress | None = None,
    ) -> ShapeEstimate:
        front = next((v for v in views if v.view_type is ViewType.FRONT), None)
        if front is None or front.image is None:
            raise PhotoMeasurementFailed(
                "a front photo is needed: HMR2 reads the body from it", retryable=True
            )
        image = front.image
        try:
            box = box_from_keypoints(front.keypoints, image.width, image.height)
        except ValueError as error:
            raise PhotoMeasurementFailed(
                "front photo: no body landmarks found; take it again with the whole body in view",
                retryable=True,
                view_type="front",
            ) from error
        if progress is not None:
            progress("measurement_extraction", 0.2)
        result = await self._estimator.estimate(image, box)
        measured = dict(result.measurements)
        scale = 1.0
        if hints.height_cm is not None and measured.get("height"):
            scale = hints.height_cm / measured["height"]
        scaled = {
            name: value * scale**3 if name == "weight" else value * scale
            for name, value in measured.items()
        }
        return ShapeEstimate(
            shape=result.shape,
            measurements=scaled,
            confidence={name: UNCALIBRATED_CONFIDENCE for name in scaled},
            metadata={
                **result.metadata,
                "scale": "height hint" if scale != 1.0 else "the neutral body's own",
                "confidence": "not calibrated for HMR2",
            },
        )
