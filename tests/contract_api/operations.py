"""The data a schemathesis run needs beyond the document: real ids and signed links."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from adapters.filesystem.signed_urls import UrlSigner
from entrypoints.settings import Settings
from tests.contract_api.schemathesis_run import OperationSettings

# Rules across fields that JSON Schema cannot state (the operations' descriptions say them):
# measurements that together describe no human body, a size chart whose sizes do not follow
# each other. For schema-valid data these operations may answer 422.
CROSS_FIELD_RULES = {
    # (and a photo part is read for what it is: JPEG, PNG or WebP, else 415)
    ("POST", "/api/v1/avatars"): (415, 422),
    ("PUT", "/api/v1/avatars/{avatar_id}/measurements"): (422,),
    ("PUT", "/api/v1/size-charts/{brand}/{category}/{gender}"): (422,),
    # Before the body is fitted there is nothing to analyse (the avatars here stay unfitted).
    ("GET", "/api/v1/avatars/{avatar_id}/analysis"): (422,),
    ("GET", "/api/v1/avatars/{avatar_id}/size-recommendations"): (422,),
    ("POST", "/api/v1/avatars/{avatar_id}/analysis/regenerate"): (422,),
    ("POST", "/api/v1/avatars/{avatar_id}/fit-feedback"): (422,),
    # A photo must be a JPEG, PNG or WebP by its content and pass the checks (resolution, one
    # whole person): a made-up image does not.
    ("POST", "/api/v1/avatars/{avatar_id}/photos"): (415, 422),
    # Only photos uploaded through their links can be processed.
    ("POST", "/api/v1/avatars/{avatar_id}/photos/process"): (422,),
    # A cursor is opaque: only one the service issued is accepted.
    ("GET", "/api/v1/avatars"): (400,),
    ("GET", "/api/v1/admin/users/{user_id}/avatars"): (400,),
    # A signed upload link fixes the body's type and size (query parameters beside the body).
    ("PUT", "/api/v1/blobs/{key}"): (400, 413),
}
BLOB_PATH = "/api/v1/blobs/{key}"
ERASURE = {("DELETE", "/api/v1/users/me")}
NOT_YET_REFUSED: dict[tuple[str, str], tuple[str, ...]] = {}


# Operations that are given an avatar fitted beforehand (with its model files), each its own.
FITTED_OPERATIONS = {
    ("GET", "/api/v1/avatars/{avatar_id}/analysis"),
    ("GET", "/api/v1/avatars/{avatar_id}/size-recommendations"),
    ("POST", "/api/v1/avatars/{avatar_id}/analysis/regenerate"),
    ("POST", "/api/v1/avatars/{avatar_id}/fit-feedback"),
    ("GET", "/api/v1/avatars/{avatar_id}/models"),
    ("GET", "/api/v1/avatars/{avatar_id}/models/{model_id}"),
    ("GET", "/api/v1/avatars/{avatar_id}/models/{model_id}/download"),
}


@dataclass(frozen=True)
class Fitted:
    avatar_id: str
    model_id: str  # its GLB


def fitted_avatars(client: httpx.Client, count: int, timeout_s: float = 300) -> list[Fitted]:
    """``count`` measurement avatars, fitted and with their model files (a worker must run)."""
    ids = [_new_avatar(client, f"fitted {number}") for number in range(count)]
    found: dict[str, Fitted] = {}
    deadline = time.monotonic() + timeout_s
    while len(found) < count and time.monotonic() < deadline:
        for avatar_id in ids:
            if avatar_id in found:
                continue
            avatar = client.get(f"/api/v1/avatars/{avatar_id}").json()
            assert avatar["status"] != "failed", avatar
            if avatar["status"] == "completed":
                glb = next(m for m in avatar["models"] if m["format"] == "glb")
                found[avatar_id] = Fitted(avatar_id, glb["id"])
        time.sleep(0.3)
    assert len(found) == count, f"{count - len(found)} avatars not fitted in {timeout_s} s"
    return [found[avatar_id] for avatar_id in ids]


def _query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def _new_avatar(client: httpx.Client, name: str) -> str:
    response = client.post(
        "/api/v1/avatars",
        json={"name": name, "avatarType": "measurement_based", "measurements": {"height": 172}},
    )
    response.raise_for_status()
    return str(response.json()["id"])


def operation_settings(
    document: dict[str, Any],
    client: httpx.Client,
    settings: Settings,
    other_token: str,
    fitted: list[Fitted],
) -> list[OperationSettings]:
    """One avatar of its own for every operation on an avatar (a DELETE does not take away
    another's; a fitted one with its GLB for FITTED_OPERATIONS), and signed links for the blob
    routes, to an object that exists."""
    found: list[OperationSettings] = []
    unused = list(fitted)
    signer = UrlSigner(settings.blob_url_signing_key())
    expires = int(time.time()) + 3600
    stored = "contract/stored.bin"
    upload = signer.url("PUT", stored, expires, size=4, type="image/jpeg")
    client.put(upload, content=b"\xff\xd8\xff\xd9", headers={"Content-Type": "image/jpeg"})
    for path, item in document["paths"].items():
        for method in item:
            key = (method.upper(), path)
            parameters: dict[str, str] = {}
            if key in FITTED_OPERATIONS:
                avatar = unused.pop()
                parameters["avatar_id"] = avatar.avatar_id
                if "{model_id}" in path:
                    parameters["model_id"] = avatar.model_id
            elif "{avatar_id}" in path:
                parameters["avatar_id"] = _new_avatar(client, f"contract {method} {path}"[:200])
            if path == BLOB_PATH and method == "get":
                parameters = {"key": stored, **_query(signer.url("GET", stored, expires))}
            if path == BLOB_PATH and method == "put":
                url = signer.url("PUT", "contract/upload.bin", expires, size=16, type="image/png")
                parameters = {"key": "contract/upload.bin", **_query(url)}
            also = CROSS_FIELD_RULES.get(key, ())
            # Erasing oneself would take every other operation's avatar away.
            headers = {"Authorization": f"Bearer {other_token}"} if key in ERASURE else {}
            checks_off = NOT_YET_REFUSED.get(key, ())
            if parameters or also or headers or checks_off:
                operation_id = item[method]["operationId"]
                found.append(
                    OperationSettings(
                        key[0], path, operation_id, parameters, also, headers, checks_off
                    )
                )
    return found
