from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.api_v1_admin_users_user_id_avatars_list_user_avatars_sort import ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort
from ...models.avatar_page_body import AvatarPageBody
from ...models.avatar_status import AvatarStatus
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    user_id: UUID,
    *,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    status: AvatarStatus | None | Unset = UNSET,
    sort: ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort | Unset = ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort.VALUE_0,

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

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/admin/users/{user_id}/avatars".format(user_id=quote(str(user_id), safe=""),),
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AvatarPageBody | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    status: AvatarStatus | None | Unset = UNSET,
    sort: ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort | Unset = ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort.VALUE_0,

) -> Response[AvatarPageBody | Problem]:
    """ Any user's avatars (admins)

    Args:
        user_id (UUID):
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        status (AvatarStatus | None | Unset):
        sort (ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort | Unset): createdAt, updatedAt or
            name; prefix '-' for descending Default:
            ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort.VALUE_0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AvatarPageBody | Problem]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
limit=limit,
cursor=cursor,
status=status,
sort=sort,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    status: AvatarStatus | None | Unset = UNSET,
    sort: ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort | Unset = ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort.VALUE_0,

) -> AvatarPageBody | Problem | None:
    """ Any user's avatars (admins)

    Args:
        user_id (UUID):
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        status (AvatarStatus | None | Unset):
        sort (ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort | Unset): createdAt, updatedAt or
            name; prefix '-' for descending Default:
            ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort.VALUE_0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AvatarPageBody | Problem
     """


    return sync_detailed(
        user_id=user_id,
client=client,
limit=limit,
cursor=cursor,
status=status,
sort=sort,

    ).parsed

async def asyncio_detailed(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    status: AvatarStatus | None | Unset = UNSET,
    sort: ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort | Unset = ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort.VALUE_0,

) -> Response[AvatarPageBody | Problem]:
    """ Any user's avatars (admins)

    Args:
        user_id (UUID):
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        status (AvatarStatus | None | Unset):
        sort (ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort | Unset): createdAt, updatedAt or
            name; prefix '-' for descending Default:
            ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort.VALUE_0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AvatarPageBody | Problem]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
limit=limit,
cursor=cursor,
status=status,
sort=sort,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    status: AvatarStatus | None | Unset = UNSET,
    sort: ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort | Unset = ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort.VALUE_0,

) -> AvatarPageBody | Problem | None:
    """ Any user's avatars (admins)

    Args:
        user_id (UUID):
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        status (AvatarStatus | None | Unset):
        sort (ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort | Unset): createdAt, updatedAt or
            name; prefix '-' for descending Default:
            ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort.VALUE_0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AvatarPageBody | Problem
     """


    return (await asyncio_detailed(
        user_id=user_id,
client=client,
limit=limit,
cursor=cursor,
status=status,
sort=sort,

    )).parsed
