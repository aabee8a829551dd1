"""HMR2 estimation end to end: a small random HMR2 in onnxruntime and a synthetic SMPL file."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import numpy as np
import pytest

pytest.importorskip("smplx", reason="the smplx package (the 'smpl' extra) is not installed")
pytest.importorskip("onnx", reason="exporting HMR2 needs onnx (the 'hmr2' extra)")
import torch

from adapters.body.smplx_space import SmplxSpace
from adapters.estimation.hmr2 import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    Hmr2Estimator,
    Hmr2ShapeEstimator,
    box_from_keypoints,
    person_crop,
)
from application.errors import PhotoMeasurementFailed
from application.ports import GrayImage, ProcessedView, RgbImage
from domain.measurements import MEASUREMENT_NAMES
from domain.photo import ViewType
from domain.photo_checks import BodyHints, Keypoint
from inference_onnx.batching import MicroBatcher
from inference_onnx.engine import OnnxEngine
from inference_onnx.hmr2.config import HMR2Config
from inference_onnx.hmr2.export import export_onnx
from inference_onnx.hmr2.network import HMR2
from tests.support.synthetic_smpl import write_synthetic_smpl


@pytest.fixture(scope="module", autouse=True)
def _one_thread(one_torch_thread: None) -> None:
    """Small models on a shared machine: one torch thread (tests/support/torch_threads)."""


@pytest.fixture(scope="module")
def network() -> HMR2:
    torch.manual_seed(11)
    return HMR2(HMR2Config.small()).eval()


@pytest.fixture(scope="module")
def engine(network: HMR2, tmp_path_factory: pytest.TempPathFactory) -> OnnxEngine:
    return OnnxEngine(export_onnx(network, tmp_path_factory.mktemp("hmr2") / "hmr2.onnx"))


@pytest.fixture(scope="module")
def space(tmp_path_factory: pytest.TempPathFactory) -> SmplxSpace:
    return SmplxSpace(write_synthetic_smpl(tmp_path_factory.mktemp("smpl") / "SMPL_NEUTRAL.pkl"))


@pytest.fixture(scope="module")
def estimator(engine: OnnxEngine, space: SmplxSpace) -> Hmr2Estimator:
    return Hmr2Estimator(engine, space, metadata={"model": "hmr2-small", "version": "test"})


def photo(width: int = 480, height: int = 640, seed: int = 0) -> RgbImage:
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
    return RgbImage(width, height, pixels.tobytes())


def test_the_crop_is_the_box_grown_to_three_by_four_and_normalised() -> None:
    pixels = np.zeros((400, 400, 3), dtype=np.uint8)
    pixels[100:300, 150:250] = (255, 0, 0)  # a red person, 100 wide and 200 high
    crop = person_crop(RgbImage(400, 400, pixels.tobytes()), (150, 100, 250, 300))
    assert crop.shape == (3, 256, 192) and crop.dtype == np.float32
    red = (np.array([1.0, 0.0, 0.0], np.float32) - IMAGENET_MEAN) / IMAGENET_STD
    black = -IMAGENET_MEAN / IMAGENET_STD
    # 200 px high -> 256 rows; the box (100 px = 128 columns) is centred in 192 columns.
    assert np.allclose(crop[:, 128, 96], red, atol=1e-5)
    assert np.allclose(crop[:, 128, 10], black, atol=1e-5)
    assert np.allclose(crop[:, 128, 181], black, atol=1e-5)
    assert np.allclose(crop[:, 5, 96], red, atol=1e-5)


def test_a_box_outside_the_photo_reads_black_and_an_empty_box_is_refused() -> None:
    crop = person_crop(photo(), (-1000, -1000, -900, -800))
    assert np.allclose(crop, (-IMAGENET_MEAN / IMAGENET_STD)[:, None, None], atol=1e-5)
    with pytest.raises(ValueError, match="empty"):
        person_crop(photo(), (10, 10, 10, 50))


def test_the_box_from_keypoints_covers_the_head_and_the_soles() -> None:
    keypoints = [
        Keypoint("nose", 0.5, 0.1, 0.9),
        Keypoint("left_heel", 0.55, 0.9, 0.9),
        Keypoint("right_heel", 0.45, 0.9, 0.9),
        Keypoint("left_wrist", 0.9, 0.99, 0.1),  # not seen: left out
    ]
    x0, y0, x1, y1 = box_from_keypoints(keypoints, 1000, 1000)
    assert (y0, y1) == pytest.approx((100 - 80, 900 + 80))
    assert (x0, x1) == pytest.approx((450 - 80, 550 + 80))


async def test_a_photo_becomes_an_smpl_body_with_its_measurements(
    estimator: Hmr2Estimator, network: HMR2
) -> None:
    image, box = photo(), (140.0, 60.0, 340.0, 600.0)
    estimate = await estimator.estimate(image, box)
    with torch.no_grad():
        expected = network(torch.from_numpy(person_crop(image, box)[None]))[2][0].numpy()
    assert np.allclose(estimate.betas, expected, atol=1e-4)
    assert estimate.shape.model_name == "smpl"
    assert estimate.shape.model_version.startswith("SMPL_NEUTRAL.pkl#")
    assert list(estimate.shape.parameters) == [f"beta_{i}" for i in range(10)]
    assert all(-3.0 <= v <= 3.0 for v in estimate.shape.parameters.values())
    assert "height" in estimate.measurements and "waist" in estimate.measurements
    assert set(estimate.measurements) <= set(MEASUREMENT_NAMES)
    assert 100.0 < estimate.measurements["height"] < 250.0
    assert estimate.body_pose.shape == (23, 3, 3) and estimate.global_orient.shape == (3, 3)
    assert estimate.camera.shape == (3,)
    assert estimate.metadata["model"] == "hmr2-small"
    assert estimate.metadata["estimator"] == "hmr2"


async def test_concurrent_photos_share_micro_batches(
    estimator: Hmr2Estimator, engine: OnnxEngine, space: SmplxSpace
) -> None:
    # A batch of three runs as soon as the third arrives; the long wait only covers a busy
    # machine preparing the crops slowly.
    batcher = MicroBatcher(engine, max_batch_size=3, max_wait_ms=2000)
    batched = Hmr2Estimator(engine, space, batcher=batcher)
    images = [photo(seed=seed) for seed in range(3)]
    box = (100.0, 50.0, 380.0, 620.0)
    try:
        together = await asyncio.gather(*(batched.estimate(image, box) for image in images))
    finally:
        await batcher.close()
    assert batcher.batches_run == 1
    alone = await estimator.estimate(images[1], box)
    assert np.allclose(together[1].betas, alone.betas, atol=1e-5)


def _front_view(image: RgbImage) -> ProcessedView:
    mask = GrayImage(image.width, image.height, bytes(image.width * image.height))
    keypoints = [
        Keypoint("nose", 0.5, 0.12, 0.99),
        Keypoint("left_heel", 0.45, 0.92, 0.99),
        Keypoint("right_heel", 0.55, 0.92, 0.99),
        Keypoint("left_wrist", 0.3, 0.5, 0.99),
        Keypoint("right_wrist", 0.7, 0.5, 0.99),
    ]
    return ProcessedView(ViewType.FRONT, mask, keypoints, image=image)


async def test_hmr2_serves_the_shape_estimator_port_scaled_to_the_height_hint(
    estimator: Hmr2Estimator,
) -> None:
    port = Hmr2ShapeEstimator(estimator)
    view = _front_view(photo(seed=4))
    unscaled = await port.estimate([view], BodyHints())
    scaled = await port.estimate([view], BodyHints(height_cm=172.0))
    assert scaled.measurements["height"] == pytest.approx(172.0)
    factor = 172.0 / unscaled.measurements["height"]
    assert scaled.measurements["waist"] == pytest.approx(unscaled.measurements["waist"] * factor)
    assert scaled.measurements["weight"] == pytest.approx(
        unscaled.measurements["weight"] * factor**3
    )
    assert set(scaled.confidence.values()) == {0.3}
    assert scaled.metadata["confidence"] == "not calibrated for HMR2"
    with pytest.raises(PhotoMeasurementFailed, match="front photo is needed"):
        await port.estimate([replace(view, view_type=ViewType.SIDE)], BodyHints())


def test_hmr2_is_chosen_by_settings_and_its_files_are_checked(
    engine: OnnxEngine, space: SmplxSpace, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from entrypoints.container import build_container
    from entrypoints.settings import ConfigurationError, load_settings

    with pytest.raises(ConfigurationError, match="AVATAR_HMR2_ONNX"):
        build_container(load_settings({"AVATAR_SHAPE_ESTIMATOR": "hmr2"}))
    settings = load_settings(
        {
            "AVATAR_SHAPE_ESTIMATOR": "hmr2",
            "AVATAR_HMR2_ONNX": str(engine.model_path),
            "AVATAR_SMPL_MODEL_PATH": str(space.model_path),
            "AVATAR_DATA_DIR": str(tmp_path_factory.mktemp("data")),
        }
    )
    container = build_container(settings)
    assert isinstance(container.shape_estimator(), Hmr2ShapeEstimator)
    assert container.photo_measurement().images is not None  # HMR2 reads the pixels
