"""The keypoints file as a JSON document (``avatar-service/keypoints/v1``, docs/storage.md):
pixel coordinates in the analysed picture, whose size is kept beside them."""

from __future__ import annotations

import json

from application.ports import KeypointsFormat, PhotoKeypoints
from domain.photo import ViewType
from domain.photo_checks import Keypoint

KEYPOINTS_FORMAT = "avatar-service/keypoints/v1"


class JsonKeypointsFormat(KeypointsFormat):
    media_type = "application/json"

    def write(self, keypoints: PhotoKeypoints) -> bytes:
        width, height = keypoints.width_px, keypoints.height_px
        document = {
            "format": KEYPOINTS_FORMAT,
            "viewType": keypoints.view_type.value,
            "detector": keypoints.detector,
            "imageWidth": width,
            "imageHeight": height,
            "originalWidth": keypoints.original_width_px,
            "originalHeight": keypoints.original_height_px,
            "people": keypoints.people,
            "faces": keypoints.faces,
            "keypoints": [
                {
                    "name": point.name,
                    "x": round(point.x * width, 2),
                    "y": round(point.y * height, 2),
                    "visibility": round(point.visibility, 4),
                }
                for point in keypoints.keypoints
            ],
        }
        return json.dumps(document, indent=1).encode()

    def read(self, data: bytes) -> PhotoKeypoints:
        document = json.loads(data)
        width, height = float(document["imageWidth"]), float(document["imageHeight"])
        return PhotoKeypoints(
            view_type=ViewType(document.get("viewType", ViewType.FRONT.value)),
            keypoints=tuple(
                Keypoint(
                    name=point["name"],
                    x=float(point["x"]) / width,
                    y=float(point["y"]) / height,
                    visibility=float(point["visibility"]),
                )
                for point in document["keypoints"]
            ),
            width_px=int(width),
            height_px=int(height),
            original_width_px=int(document.get("originalWidth", width)),
            original_height_px=int(document.get("originalHeight", height)),
            people=int(document.get("people", 1)),
            faces=int(document.get("faces", 1)),
            detector=str(document.get("detector", "")),
        )
