from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.api_v1_avatars_list_avatars_sort import ApiV1AvatarsListAvatarsSort
from ...models.avatar_page_body import AvatarPageBody
from ...models.avatar_status import AvatarStatus
from ...models.avatar_type import AvatarType
from ...models.problem import Problem
from ...models.visibility import Visibility
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    status: AvatarStatus | None | Unset = UNSET,
    avatar_type: AvatarType | None | Unset = UNSET,
    visibility: None | Unset | Visibility = UNSET,
    tag: None | str | Unset = UNSET,
    sort: ApiV1AvatarsListAvatarsSort | Unset = ApiV1AvatarsListAvatarsSort.VALUE_0,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, AvatarStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_avatar_type: None | str | Unset
    if isinstance(avatar_type, Unset):
        json_avatar_type = UNSET
    elif isinstance(avatar_type, AvatarType):
        json_avatar_type = avatar_type.value
    else:
        json_avatar_type = avatar_type
    params["avatarType"] = json_avatar_type

    json_visibility: None | str | Unset
    if isinstance(visibility, Unset):
        json_visibility = UNSET
    elif isinstance(visibility, Visibility):
        json_visibility = visibility.value
    else:
        json_visibility = visibility
    params["visibility"] = json_visibility

    json_tag: None | str | Unset
    if isinstance(tag, Unset):
        json_tag = UNSET
    else:
        json_tag = tag
    params["tag"] = json_tag

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/avatars",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AvatarPageBody | Problem | None:
    if response.status_code == 200:
        response_200 = AvatarPageBody.from_dict(response.json())



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

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AvatarPageBody | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    status: AvatarStatus | None | Unset = UNSET,
    avatar_type: AvatarType | None | Unset = UNSET,
    visibility: None | Unset | Visibility = UNSET,
    tag: None | str | Unset = UNSET,
    sort: ApiV1AvatarsListAvatarsSort | Unset = ApiV1AvatarsListAvatarsSort.VALUE_0,

) -> Response[AvatarPageBody | Problem]:
    """ List your avatars

    Args:
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        status (AvatarStatus | None | Unset):
        avatar_type (AvatarType | None | Unset):
        visibility (None | Unset | Visibility):
        tag (None | str | Unset):
        sort (ApiV1AvatarsListAvatarsSort | Unset): createdAt, updatedAt or name; prefix '-' for
            descending Default: ApiV1AvatarsListAvatarsSort.VALUE_0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AvatarPageBody | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
status=status,
avatar_type=avatar_type,
visibility=visibility,
tag=tag,
sort=sort,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    status: AvatarStatus | None | Unset = UNSET,
    avatar_type: AvatarType | None | Unset = UNSET,
    visibility: None | Unset | Visibility = UNSET,
    tag: None | str | Unset = UNSET,
    sort: ApiV1AvatarsListAvatarsSort | Unset = ApiV1AvatarsListAvatarsSort.VALUE_0,

) -> AvatarPageBody | Problem | None:
    """ List your avatars

    Args:
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        status (AvatarStatus | None | Unset):
        avatar_type (AvatarType | None | Unset):
        visibility (None | Unset | Visibility):
        tag (None | str | Unset):
        sort (ApiV1AvatarsListAvatarsSort | Unset): createdAt, updatedAt or name; prefix '-' for
            descending Default: ApiV1AvatarsListAvatarsSort.VALUE_0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AvatarPageBody | Problem
     """


    return sync_detailed(
        client=client,
limit=limit,
cursor=cursor,
status=status,
avatar_type=avatar_type,
visibility=visibility,
tag=tag,
sort=sort,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    status: AvatarStatus | None | Unset = UNSET,
    avatar_type: AvatarType | None | Unset = UNSET,
    visibility: None | Unset | Visibility = UNSET,
    tag: None | str | Unset = UNSET,
    sort: ApiV1AvatarsListAvatarsSort | Unset = ApiV1AvatarsListAvatarsSort.VALUE_0,

) -> Response[AvatarPageBody | Problem]:
    """ List your avatars

    Args:
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        status (AvatarStatus | None | Unset):
        avatar_type (AvatarType | None | Unset):
        visibility (None | Unset | Visibility):
        tag (None | str | Unset):
        sort (ApiV1AvatarsListAvatarsSort | Unset): createdAt, updatedAt or name; prefix '-' for
            descending Default: ApiV1AvatarsListAvatarsSort.VALUE_0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AvatarPageBody | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
status=status,
avatar_type=avatar_type,
visibility=visibility,
tag=tag,
sort=sort,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    status: AvatarStatus | None | Unset = UNSET,
    avatar_type: AvatarType | None | Unset = UNSET,
    visibility: None | Unset | Visibility = UNSET,
    tag: None | str | Unset = UNSET,
    sort: ApiV1AvatarsListAvatarsSort | Unset = ApiV1AvatarsListAvatarsSort.VALUE_0,

) -> AvatarPageBody | Problem | None:
    """ List your avatars

    Args:
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        status (AvatarStatus | None | Unset):
        avatar_type (AvatarType | None | Unset):
        visibility (None | Unset | Visibility):
        tag (None | str | Unset):
        sort (ApiV1AvatarsListAvatarsSort | Unset): createdAt, updatedAt or name; prefix '-' for
            descending Default: ApiV1AvatarsListAvatarsSort.VALUE_0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AvatarPageBody | Problem
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
cursor=cursor,
status=status,
avatar_type=avatar_type,
visibility=visibility,
tag=tag,
sort=sort,

    )).parsed
