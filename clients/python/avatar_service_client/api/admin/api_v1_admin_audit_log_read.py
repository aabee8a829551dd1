from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.audit_action import AuditAction
from ...models.audit_log_body import AuditLogBody
from ...models.audit_resource import AuditResource
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime



def _get_kwargs(
    *,
    actor_id: None | Unset | UUID = UNSET,
    avatar_id: None | Unset | UUID = UNSET,
    resource: AuditResource | None | Unset = UNSET,
    action: AuditAction | None | Unset = UNSET,
    since: datetime.datetime | float | None | Unset = UNSET,
    until: datetime.datetime | float | None | Unset = UNSET,
    limit: int | Unset = 100,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_actor_id: None | str | Unset
    if isinstance(actor_id, Unset):
        json_actor_id = UNSET
    elif isinstance(actor_id, UUID):
        json_actor_id = str(actor_id)
    else:
        json_actor_id = actor_id
    params["actorId"] = json_actor_id

    json_avatar_id: None | str | Unset
    if isinstance(avatar_id, Unset):
        json_avatar_id = UNSET
    elif isinstance(avatar_id, UUID):
        json_avatar_id = str(avatar_id)
    else:
        json_avatar_id = avatar_id
    params["avatarId"] = json_avatar_id

    json_resource: None | str | Unset
    if isinstance(resource, Unset):
        json_resource = UNSET
    elif isinstance(resource, AuditResource):
        json_resource = resource.value
    else:
        json_resource = resource
    params["resource"] = json_resource

    json_action: None | str | Unset
    if isinstance(action, Unset):
        json_action = UNSET
    elif isinstance(action, AuditAction):
        json_action = action.value
    else:
        json_action = action
    params["action"] = json_action

    json_since: float | None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_until: float | None | str | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    elif isinstance(until, datetime.datetime):
        json_until = until.isoformat()
    else:
        json_until = until
    params["until"] = json_until

    params["limit"] = limit


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/admin/audit-log",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AuditLogBody | Problem | None:
    if response.status_code == 200:
        response_200 = AuditLogBody.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AuditLogBody | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    actor_id: None | Unset | UUID = UNSET,
    avatar_id: None | Unset | UUID = UNSET,
    resource: AuditResource | None | Unset = UNSET,
    action: AuditAction | None | Unset = UNSET,
    since: datetime.datetime | float | None | Unset = UNSET,
    until: datetime.datetime | float | None | Unset = UNSET,
    limit: int | Unset = 100,

) -> Response[AuditLogBody | Problem]:
    """ Who read or changed which avatar, photo or export (admins)

    Args:
        actor_id (None | Unset | UUID):
        avatar_id (None | Unset | UUID):
        resource (AuditResource | None | Unset):
        action (AuditAction | None | Unset):
        since (datetime.datetime | float | None | Unset):
        until (datetime.datetime | float | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditLogBody | Problem]
     """


    kwargs = _get_kwargs(
        actor_id=actor_id,
avatar_id=avatar_id,
resource=resource,
action=action,
since=since,
until=until,
limit=limit,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    actor_id: None | Unset | UUID = UNSET,
    avatar_id: None | Unset | UUID = UNSET,
    resource: AuditResource | None | Unset = UNSET,
    action: AuditAction | None | Unset = UNSET,
    since: datetime.datetime | float | None | Unset = UNSET,
    until: datetime.datetime | float | None | Unset = UNSET,
    limit: int | Unset = 100,

) -> AuditLogBody | Problem | None:
    """ Who read or changed which avatar, photo or export (admins)

    Args:
        actor_id (None | Unset | UUID):
        avatar_id (None | Unset | UUID):
        resource (AuditResource | None | Unset):
        action (AuditAction | None | Unset):
        since (datetime.datetime | float | None | Unset):
        until (datetime.datetime | float | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditLogBody | Problem
     """


    return sync_detailed(
        client=client,
actor_id=actor_id,
avatar_id=avatar_id,
resource=resource,
action=action,
since=since,
until=until,
limit=limit,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    actor_id: None | Unset | UUID = UNSET,
    avatar_id: None | Unset | UUID = UNSET,
    resource: AuditResource | None | Unset = UNSET,
    action: AuditAction | None | Unset = UNSET,
    since: datetime.datetime | float | None | Unset = UNSET,
    until: datetime.datetime | float | None | Unset = UNSET,
    limit: int | Unset = 100,

) -> Response[AuditLogBody | Problem]:
    """ Who read or changed which avatar, photo or export (admins)

    Args:
        actor_id (None | Unset | UUID):
        avatar_id (None | Unset | UUID):
        resource (AuditResource | None | Unset):
        action (AuditAction | None | Unset):
        since (datetime.datetime | float | None | Unset):
        until (datetime.datetime | float | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditLogBody | Problem]
     """


    kwargs = _get_kwargs(
        actor_id=actor_id,
avatar_id=avatar_id,
resource=resource,
action=action,
since=since,
until=until,
limit=limit,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    actor_id: None | Unset | UUID = UNSET,
    avatar_id: None | Unset | UUID = UNSET,
    resource: AuditResource | None | Unset = UNSET,
    action: AuditAction | None | Unset = UNSET,
    since: datetime.datetime | float | None | Unset = UNSET,
    until: datetime.datetime | float | None | Unset = UNSET,
    limit: int | Unset = 100,

) -> AuditLogBody | Problem | None:
    """ Who read or changed which avatar, photo or export (admins)

    Args:
        actor_id (None | Unset | UUID):
        avatar_id (None | Unset | UUID):
        resource (AuditResource | None | Unset):
        action (AuditAction | None | Unset):
        since (datetime.datetime | float | None | Unset):
        until (datetime.datetime | float | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditLogBody | Problem
     """


    return (await asyncio_detailed(
        client=client,
actor_id=actor_id,
avatar_id=avatar_id,
resource=resource,
action=action,
since=since,
until=until,
limit=limit,

    )).parsed
