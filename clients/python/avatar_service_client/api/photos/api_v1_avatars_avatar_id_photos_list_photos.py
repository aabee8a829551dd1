from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.photo_list_body import PhotoListBody
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    avatar_id: UUID,
    *,
    include_deleted: bool | Unset = False,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["includeDeleted"] = include_deleted


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/avatars/{avatar_id}/photos".format(avatar_id=quote(str(avatar_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PhotoListBody | Problem | None:
    if response.status_code == 200:
        response_200 = PhotoListBody.from_dict(response.json())



        return response_200

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

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

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
    include_deleted: bool | Unset = False,

) -> Response[PhotoListBody | Problem]:
    """ The avatar's photos (only its owner sees them)

    Args:
        avatar_id (UUID):
        include_deleted (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PhotoListBody | Problem]
     """


    kwargs = _get_kwargs(
        avatar_id=avatar_id,
include_deleted=include_deleted,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,
    include_deleted: bool | Unset = False,

) -> PhotoListBody | Problem | None:
    """ The avatar's photos (only its owner sees them)

    Args:
        avatar_id (UUID):
        include_deleted (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PhotoListBody | Problem
     """


    return sync_detailed(
        avatar_id=avatar_id,
client=client,
include_deleted=include_deleted,

    ).parsed

async def asyncio_detailed(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,
    include_deleted: bool | Unset = False,

) -> Response[PhotoListBody | Problem]:
    """ The avatar's photos (only its owner sees them)

    Args:
        avatar_id (UUID):
        include_deleted (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PhotoListBody | Problem]
     """


    kwargs = _get_kwargs(
        avatar_id=avatar_id,
include_deleted=include_deleted,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,
    include_deleted: bool | Unset = False,

) -> PhotoListBody | Problem | None:
    """ The avatar's photos (only its owner sees them)

    Args:
        avatar_id (UUID):
        include_deleted (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PhotoListBody | Problem
     """


    return (await asyncio_detailed(
        avatar_id=avatar_id,
client=client,
include_deleted=include_deleted,

    )).parsed
