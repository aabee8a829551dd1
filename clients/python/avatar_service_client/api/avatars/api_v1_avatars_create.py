from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.api_v1_avatars_create_files_body import ApiV1AvatarsCreateFilesBody
from ...models.avatar_body import AvatarBody
from ...models.create_avatar_request import CreateAvatarRequest
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    *,
    body: CreateAvatarRequest | ApiV1AvatarsCreateFilesBody,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/avatars",
    }

    if isinstance(body, CreateAvatarRequest):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, ApiV1AvatarsCreateFilesBody):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AvatarBody | Problem | None:
    if response.status_code == 201:
        response_201 = AvatarBody.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AvatarBody | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateAvatarRequest | ApiV1AvatarsCreateFilesBody,

) -> Response[AvatarBody | Problem]:
    """ Create an avatar

     JSON creates any kind of avatar; multipart/form-data creates a photo_based avatar with its photos
    (spec 4.2.1; fields in the photos endpoints' description).

    Args:
        body (CreateAvatarRequest):
        body (ApiV1AvatarsCreateFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AvatarBody | Problem]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: CreateAvatarRequest | ApiV1AvatarsCreateFilesBody,

) -> AvatarBody | Problem | None:
    """ Create an avatar

     JSON creates any kind of avatar; multipart/form-data creates a photo_based avatar with its photos
    (spec 4.2.1; fields in the photos endpoints' description).

    Args:
        body (CreateAvatarRequest):
        body (ApiV1AvatarsCreateFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AvatarBody | Problem
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateAvatarRequest | ApiV1AvatarsCreateFilesBody,

) -> Response[AvatarBody | Problem]:
    """ Create an avatar

     JSON creates any kind of avatar; multipart/form-data creates a photo_based avatar with its photos
    (spec 4.2.1; fields in the photos endpoints' description).

    Args:
        body (CreateAvatarRequest):
        body (ApiV1AvatarsCreateFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AvatarBody | Problem]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateAvatarRequest | ApiV1AvatarsCreateFilesBody,

) -> AvatarBody | Problem | None:
    """ Create an avatar

     JSON creates any kind of avatar; multipart/form-data creates a photo_based avatar with its photos
    (spec 4.2.1; fields in the photos endpoints' description).

    Args:
        body (CreateAvatarRequest):
        body (ApiV1AvatarsCreateFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AvatarBody | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
