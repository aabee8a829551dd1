from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.photo_list_body import PhotoListBody
from ...models.problem import Problem
from ...models.process_photos_request import ProcessPhotosRequest
from typing import cast
from uuid import UUID



def _get_kwargs(
    avatar_id: UUID,
    *,
    body: None | ProcessPhotosRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/avatars/{avatar_id}/photos/process".format(avatar_id=quote(str(avatar_id), safe=""),),
    }

    
    if isinstance(body, ProcessPhotosRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PhotoListBody | Problem | None:
    if response.status_code == 202:
        response_202 = PhotoListBody.from_dict(response.json())



        return response_202

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
    body: None | ProcessPhotosRequest,

) -> Response[PhotoListBody | Problem]:
    """ Process the photos waiting: uploaded ones, failed ones, and direct uploads

    Args:
        avatar_id (UUID):
        body (None | ProcessPhotosRequest):

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
    body: None | ProcessPhotosRequest,

) -> PhotoListBody | Problem | None:
    """ Process the photos waiting: uploaded ones, failed ones, and direct uploads

    Args:
        avatar_id (UUID):
        body (None | ProcessPhotosRequest):

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
    body: None | ProcessPhotosRequest,

) -> Response[PhotoListBody | Problem]:
    """ Process the photos waiting: uploaded ones, failed ones, and direct uploads

    Args:
        avatar_id (UUID):
        body (None | ProcessPhotosRequest):

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
    body: None | ProcessPhotosRequest,

) -> PhotoListBody | Problem | None:
    """ Process the photos waiting: uploaded ones, failed ones, and direct uploads

    Args:
        avatar_id (UUID):
        body (None | ProcessPhotosRequest):

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
