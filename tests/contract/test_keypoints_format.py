"""The keypoints format port: what is written is read back, for every adapter of it."""

from __future__ import annotations

import json

import pytest

from adapters.json_files.keypoints import JsonKeypointsFormat
from application.ports import KeypointsFormat, PhotoKeypoints
from domain.photo import ViewType
from domain.photo_checks import Keypoint

FORMATS = [pytest.param(JsonKeypointsFormat(), id="json")]
STORED = PhotoKeypoints(
    view_type=ViewType.SIDE,
    keypoints=(Keypoint("nose", 0.5, 0.125, 0.9), Keypoint("left_ankle", 0.25, 0.75, 0.5)),
    width_px=800,
    height_px=1024,
    original_width_px=3000,
    original_height_px=4000,
    people=1,
    faces=0,
    detector="mediapipe-pose-heavy",
)


@pytest.mark.parametrize("keypoints_format", FORMATS)
def test_the_keypoints_written_are_read_back(keypoints_format: KeypointsFormat) -> None:
    assert keypoints_format.read(keypoints_format.write(STORED)) == STORED
    assert keypoints_format.media_type


def test_the_json_file_keeps_pixel_coordinates_and_its_format_name() -> None:
    document = json.loads(JsonKeypointsFormat().write(STORED))
    assert document["format"] == "avatar-service/keypoints/v1"
    assert (document["imageWidth"], document["imageHeight"]) == (800, 1024)
    assert document["keypoints"][0] == {"name": "nose", "x": 400.0, "y": 128.0, "visibility": 0.9}


def test_a_json_file_with_only_the_picture_size_and_keypoints_is_read() -> None:
    document = {
        "imageWidth": 100,
        "imageHeight": 200,
        "keypoints": [{"name": "nose", "x": 50, "y": 20, "visibility": 1.0}],
    }
    read = JsonKeypointsFormat().read(json.dumps(document).encode())
    assert read.keypoints == (Keypoint("nose", 0.5, 0.1, 1.0),)
    assert (read.original_width_px, read.original_height_px) == (100, 200)
