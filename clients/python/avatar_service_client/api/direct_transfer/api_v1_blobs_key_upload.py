from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.api_v1_blobs_key_upload_response_201 import ApiV1BlobsKeyUploadResponse201
from ...models.problem import Problem
from ...types import File, FileTypes
from io import BytesIO
from typing import cast



def _get_kwargs(
    key: str,
    *,
    body: File,
    expires: str,
    signature: str,
    size: str,
    type_: str,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    params: dict[str, Any] = {}

    params["expires"] = expires

    params["signature"] = signature

    params["size"] = size

    params["type"] = type_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/blobs/{key}".format(key=quote(str(key), safe=""),),
        "params": params,
    }

    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = body.mime_type or "image/jpeg"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ApiV1BlobsKeyUploadResponse201 | Problem | None:
    if response.status_code == 201:
        response_201 = ApiV1BlobsKeyUploadResponse201.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ApiV1BlobsKeyUploadResponse201 | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    key: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    expires: str,
    signature: str,
    size: str,
    type_: str,

) -> Response[ApiV1BlobsKeyUploadResponse201 | Problem]:
    """ Upload through a signed link

    Args:
        key (str):
        expires (str):
        signature (str):
        size (str):
        type_ (str):
        body (File):
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiV1BlobsKeyUploadResponse201 | Problem]
     """


    kwargs = _get_kwargs(
        key=key,
body=body,
expires=expires,
signature=signature,
size=size,
type_=type_,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    key: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    expires: str,
    signature: str,
    size: str,
    type_: str,

) -> ApiV1BlobsKeyUploadResponse201 | Problem | None:
    """ Upload through a signed link

    Args:
        key (str):
        expires (str):
        signature (str):
        size (str):
        type_ (str):
        body (File):
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiV1BlobsKeyUploadResponse201 | Problem
     """


    return sync_detailed(
        key=key,
client=client,
body=body,
expires=expires,
signature=signature,
size=size,
type_=type_,

    ).parsed

async def asyncio_detailed(
    key: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    expires: str,
    signature: str,
    size: str,
    type_: str,

) -> Response[ApiV1BlobsKeyUploadResponse201 | Problem]:
    """ Upload through a signed link

    Args:
        key (str):
        expires (str):
        signature (str):
        size (str):
        type_ (str):
        body (File):
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiV1BlobsKeyUploadResponse201 | Problem]
     """


    kwargs = _get_kwargs(
        key=key,
body=body,
expires=expires,
signature=signature,
size=size,
type_=type_,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    key: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    expires: str,
    signature: str,
    size: str,
    type_: str,

) -> ApiV1BlobsKeyUploadResponse201 | Problem | None:
    """ Upload through a signed link

    Args:
        key (str):
        expires (str):
        signature (str):
        size (str):
        type_ (str):
        body (File):
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiV1BlobsKeyUploadResponse201 | Problem
     """


    return (await asyncio_detailed(
        key=key,
client=client,
body=body,
expires=expires,
signature=signature,
size=size,
type_=type_,

    )).parsed
