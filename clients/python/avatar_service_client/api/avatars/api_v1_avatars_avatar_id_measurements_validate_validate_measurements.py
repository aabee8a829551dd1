from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.validate_measurements_request import ValidateMeasurementsRequest
from ...models.validation_result_body import ValidationResultBody
from typing import cast
from uuid import UUID



def _get_kwargs(
    avatar_id: UUID,
    *,
    body: ValidateMeasurementsRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/avatars/{avatar_id}/measurements/validate".format(avatar_id=quote(str(avatar_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | ValidationResultBody | None:
    if response.status_code == 200:
        response_200 = ValidationResultBody.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | ValidationResultBody]:
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
    body: ValidateMeasurementsRequest,

) -> Response[Problem | ValidationResultBody]:
    """ Check a full measurement set without storing it

    Args:
        avatar_id (UUID):
        body (ValidateMeasurementsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ValidationResultBody]
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
    body: ValidateMeasurementsRequest,

) -> Problem | ValidationResultBody | None:
    """ Check a full measurement set without storing it

    Args:
        avatar_id (UUID):
        body (ValidateMeasurementsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ValidationResultBody
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
    body: ValidateMeasurementsRequest,

) -> Response[Problem | ValidationResultBody]:
    """ Check a full measurement set without storing it

    Args:
        avatar_id (UUID):
        body (ValidateMeasurementsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ValidationResultBody]
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
    body: ValidateMeasurementsRequest,

) -> Problem | ValidationResultBody | None:
    """ Check a full measurement set without storing it

    Args:
        avatar_id (UUID):
        body (ValidateMeasurementsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ValidationResultBody
     """


    return (await asyncio_detailed(
        avatar_id=avatar_id,
client=client,
body=body,

    )).parsed
