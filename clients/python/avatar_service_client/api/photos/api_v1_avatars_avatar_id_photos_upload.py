from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.api_v1_avatars_avatar_id_photos_upload_body import ApiV1AvatarsAvatarIdPhotosUploadBody
from ...models.photo_list_body import PhotoListBody
from ...models.problem import Problem
from typing import cast
from uuid import UUID



def _get_kwargs(
    avatar_id: UUID,
    *,
    body: ApiV1AvatarsAvatarIdPhotosUploadBody,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/avatars/{avatar_id}/photos".format(avatar_id=quote(str(avatar_id), safe=""),),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PhotoListBody | Problem | None:
    if response.status_code == 201:
        response_201 = PhotoListBody.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())



        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PhotoListBody | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ApiV1AvatarsAvatarIdPhotosUploadBody,

) -> Response[PhotoListBody | Problem]:
    """ Upload photos (multipart/form-data, or base64 JSON)

     Photo endpoints of spec 4.1.2, the multipart create of spec 4.2.1, and direct-upload links.

    Photos arrive as multipart/form-data (streamed, within limits: ``entrypoints.http.multipart``)
    or, for clients that cannot send multipart, as base64 in JSON (the seed guide's body). Either
    way each photo is named ``photos[N]`` in problems, and the first failed check of each is
    reported (``application.photo_intake``).

    Multipart fields: ``photos[N][file]`` with ``photos[N][viewType]`` (front, side, back, other),
    or a file part named after its view (``front``, ``side``...); the hints of the measurement
    step, each optional: ``heightCm``, ``weightKg``, ``gender`` (female, male) and ``clothing``
    (tight, regular, loose: what the person wears in the photos); ``autoProcess`` (true); to
    create an avatar also ``name``, ``avatarType`` (photo_based), ``description``, ``tags`` (a
    JSON array or comma-separated), ``preferences`` (JSON) and ``skinTone``. The same hints go
    in a JSON body (camelCase), with the photos as ``{"viewType", "imageBase64"}``.

    Args:
        avatar_id (UUID):
        body (ApiV1AvatarsAvatarIdPhotosUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PhotoListBody | Problem]
     """


    kwargs = _get_kwargs(
        avatar_id=avatar_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ApiV1AvatarsAvatarIdPhotosUploadBody,

) -> PhotoListBody | Problem | None:
    """ Upload photos (multipart/form-data, or base64 JSON)

     Photo endpoints of spec 4.1.2, the multipart create of spec 4.2.1, and direct-upload links.

    Photos arrive as multipart/form-data (streamed, within limits: ``entrypoints.http.multipart``)
    or, for clients that cannot send multipart, as base64 in JSON (the seed guide's body). Either
    way each photo is named ``photos[N]`` in problems, and the first failed check of each is
    reported (``application.photo_intake``).

    Multipart fields: ``photos[N][file]`` with ``photos[N][viewType]`` (front, side, back, other),
    or a file part named after its view (``front``, ``side``...); the hints of the measurement
    step, each optional: ``heightCm``, ``weightKg``, ``gender`` (female, male) and ``clothing``
    (tight, regular, loose: what the person wears in the photos); ``autoProcess`` (true); to
    create an avatar also ``name``, ``avatarType`` (photo_based), ``description``, ``tags`` (a
    JSON array or comma-separated), ``preferences`` (JSON) and ``skinTone``. The same hints go
    in a JSON body (camelCase), with the photos as ``{"viewType", "imageBase64"}``.

    Args:
        avatar_id (UUID):
        body (ApiV1AvatarsAvatarIdPhotosUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PhotoListBody | Problem
     """


    return sync_detailed(
        avatar_id=avatar_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ApiV1AvatarsAvatarIdPhotosUploadBody,

) -> Response[PhotoListBody | Problem]:
    """ Upload photos (multipart/form-data, or base64 JSON)

     Photo endpoints of spec 4.1.2, the multipart create of spec 4.2.1, and direct-upload links.

    Photos arrive as multipart/form-data (streamed, within limits: ``entrypoints.http.multipart``)
    or, for clients that cannot send multipart, as base64 in JSON (the seed guide's body). Either
    way each photo is named ``photos[N]`` in problems, and the first failed check of each is
    reported (``application.photo_intake``).

    Multipart fields: ``photos[N][file]`` with ``photos[N][viewType]`` (front, side, back, other),
    or a file part named after its view (``front``, ``side``...); the hints of the measurement
    step, each optional: ``heightCm``, ``weightKg``, ``gender`` (female, male) and ``clothing``
    (tight, regular, loose: what the person wears in the photos); ``autoProcess`` (true); to
    create an avatar also ``name``, ``avatarType`` (photo_based), ``description``, ``tags`` (a
    JSON array or comma-separated), ``preferences`` (JSON) and ``skinTone``. The same hints go
    in a JSON body (camelCase), with the photos as ``{"viewType", "imageBase64"}``.

    Args:
        avatar_id (UUID):
        body (ApiV1AvatarsAvatarIdPhotosUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PhotoListBody | Problem]
     """


    kwargs = _get_kwargs(
        avatar_id=avatar_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ApiV1AvatarsAvatarIdPhotosUploadBody,

) -> PhotoListBody | Problem | None:
    """ Upload photos (multipart/form-data, or base64 JSON)

     Photo endpoints of spec 4.1.2, the multipart create of spec 4.2.1, and direct-upload links.

    Photos arrive as multipart/form-data (streamed, within limits: ``entrypoints.http.multipart``)
    or, for clients that cannot send multipart, as base64 in JSON (the seed guide's body). Either
    way each photo is named ``photos[N]`` in problems, and the first failed check of each is
    reported (``application.photo_intake``).

    Multipart fields: ``photos[N][file]`` with ``photos[N][viewType]`` (front, side, back, other),
    or a file part named after its view (``front``, ``side``...); the hints of the measurement
    step, each optional: ``heightCm``, ``weightKg``, ``gender`` (female, male) and ``clothing``
    (tight, regular, loose: what the person wears in the photos); ``autoProcess`` (true); to
    create an avatar also ``name``, ``avatarType`` (photo_based), ``description``, ``tags`` (a
    JSON array or comma-separated), ``preferences`` (JSON) and ``skinTone``. The same hints go
    in a JSON body (camelCase), with the photos as ``{"viewType", "imageBase64"}``.

    Args:
        avatar_id (UUID):
        body (ApiV1AvatarsAvatarIdPhotosUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PhotoListBody | Problem
     """


    return (await asyncio_detailed(
        avatar_id=avatar_id,
client=client,
body=body,

    )).parsed
