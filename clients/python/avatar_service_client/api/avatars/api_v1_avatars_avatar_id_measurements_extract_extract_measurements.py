from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.extraction_started_body import ExtractionStartedBody
from ...models.problem import Problem
from typing import cast
from uuid import UUID



def _get_kwargs(
    avatar_id: UUID,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/avatars/{avatar_id}/measurements/extract".format(avatar_id=quote(str(avatar_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ExtractionStartedBody | Problem | None:
    if response.status_code == 202:
        response_202 = ExtractionStartedBody.from_dict(response.json())



        return response_202

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

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ExtractionStartedBody | Problem]:
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

) -> Response[ExtractionStartedBody | Problem]:
    """ Measure the body from the avatar's photos again (a new version)

     Runs the measurement step again on the avatar's current processed front and side photos (the newest
    of each view), for example after better photos were uploaded. The avatar goes to processing; when it
    completes, the extracted measurements are a new version. Values typed since (manualOverrides) stay
    as typed and the body is fitted to them. 422 (field photos) when a processed front or side photo is
    missing, 409 while the avatar or one of those photos is being processed.

    Args:
        avatar_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExtractionStartedBody | Problem]
     """


    kwargs = _get_kwargs(
        avatar_id=avatar_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,

) -> ExtractionStartedBody | Problem | None:
    """ Measure the body from the avatar's photos again (a new version)

     Runs the measurement step again on the avatar's current processed front and side photos (the newest
    of each view), for example after better photos were uploaded. The avatar goes to processing; when it
    completes, the extracted measurements are a new version. Values typed since (manualOverrides) stay
    as typed and the body is fitted to them. 422 (field photos) when a processed front or side photo is
    missing, 409 while the avatar or one of those photos is being processed.

    Args:
        avatar_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExtractionStartedBody | Problem
     """


    return sync_detailed(
        avatar_id=avatar_id,
client=client,

    ).parsed

async def asyncio_detailed(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,

) -> Response[ExtractionStartedBody | Problem]:
    """ Measure the body from the avatar's photos again (a new version)

     Runs the measurement step again on the avatar's current processed front and side photos (the newest
    of each view), for example after better photos were uploaded. The avatar goes to processing; when it
    completes, the extracted measurements are a new version. Values typed since (manualOverrides) stay
    as typed and the body is fitted to them. 422 (field photos) when a processed front or side photo is
    missing, 409 while the avatar or one of those photos is being processed.

    Args:
        avatar_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExtractionStartedBody | Problem]
     """


    kwargs = _get_kwargs(
        avatar_id=avatar_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,

) -> ExtractionStartedBody | Problem | None:
    """ Measure the body from the avatar's photos again (a new version)

     Runs the measurement step again on the avatar's current processed front and side photos (the newest
    of each view), for example after better photos were uploaded. The avatar goes to processing; when it
    completes, the extracted measurements are a new version. Values typed since (manualOverrides) stay
    as typed and the body is fitted to them. 422 (field photos) when a processed front or side photo is
    missing, 409 while the avatar or one of those photos is being processed.

    Args:
        avatar_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExtractionStartedBody | Problem
     """


    return (await asyncio_detailed(
        avatar_id=avatar_id,
client=client,

    )).parsed
