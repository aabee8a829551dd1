from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.dead_letter_body import DeadLetterBody
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    letter_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/admin/dead-letters/{letter_id}/replay".format(letter_id=quote(str(letter_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeadLetterBody | Problem | None:
    if response.status_code == 202:
        response_202 = DeadLetterBody.from_dict(response.json())



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

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DeadLetterBody | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    letter_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[DeadLetterBody | Problem]:
    """ Send a dead letter's job to the workers again (admins)

    Args:
        letter_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeadLetterBody | Problem]
     """


    kwargs = _get_kwargs(
        letter_id=letter_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    letter_id: str,
    *,
    client: AuthenticatedClient,

) -> DeadLetterBody | Problem | None:
    """ Send a dead letter's job to the workers again (admins)

    Args:
        letter_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeadLetterBody | Problem
     """


    return sync_detailed(
        letter_id=letter_id,
client=client,

    ).parsed

async def asyncio_detailed(
    letter_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[DeadLetterBody | Problem]:
    """ Send a dead letter's job to the workers again (admins)

    Args:
        letter_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeadLetterBody | Problem]
     """


    kwargs = _get_kwargs(
        letter_id=letter_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    letter_id: str,
    *,
    client: AuthenticatedClient,

) -> DeadLetterBody | Problem | None:
    """ Send a dead letter's job to the workers again (admins)

    Args:
        letter_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeadLetterBody | Problem
     """


    return (await asyncio_detailed(
        letter_id=letter_id,
client=client,

    )).parsed
