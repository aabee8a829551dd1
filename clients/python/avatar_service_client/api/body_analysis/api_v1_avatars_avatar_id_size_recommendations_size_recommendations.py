from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.api_v1_avatars_avatar_id_size_recommendations_size_recommendations_category_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1
from ...models.api_v1_avatars_avatar_id_size_recommendations_size_recommendations_category_type_2_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1
from ...models.api_v1_avatars_avatar_id_size_recommendations_size_recommendations_category_type_3_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1
from ...models.api_v1_avatars_avatar_id_size_recommendations_size_recommendations_fit_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1
from ...models.api_v1_avatars_avatar_id_size_recommendations_size_recommendations_fit_type_2_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1
from ...models.api_v1_avatars_avatar_id_size_recommendations_size_recommendations_fit_type_3_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1
from ...models.problem import Problem
from ...models.size_recommendations_body import SizeRecommendationsBody
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    avatar_id: UUID,
    *,
    brand: None | str | Unset = UNSET,
    category: ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1 | None | Unset = UNSET,
    fit: ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1 | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_brand: None | str | Unset
    if isinstance(brand, Unset):
        json_brand = UNSET
    else:
        json_brand = brand
    params["brand"] = json_brand

    json_category: None | str | Unset
    if isinstance(category, Unset):
        json_category = UNSET
    elif isinstance(category, ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1):
        json_category = category.value
    elif isinstance(category, ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1):
        json_category = category.value
    elif isinstance(category, ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1):
        json_category = category.value
    else:
        json_category = category
    params["category"] = json_category

    json_fit: None | str | Unset
    if isinstance(fit, Unset):
        json_fit = UNSET
    elif isinstance(fit, ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1):
        json_fit = fit.value
    elif isinstance(fit, ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1):
        json_fit = fit.value
    elif isinstance(fit, ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1):
        json_fit = fit.value
    else:
        json_fit = fit
    params["fit"] = json_fit


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/avatars/{avatar_id}/size-recommendations".format(avatar_id=quote(str(avatar_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SizeRecommendationsBody | None:
    if response.status_code == 200:
        response_200 = SizeRecommendationsBody.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | SizeRecommendationsBody]:
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
    brand: None | str | Unset = UNSET,
    category: ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1 | None | Unset = UNSET,
    fit: ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1 | None | Unset = UNSET,

) -> Response[Problem | SizeRecommendationsBody]:
    """ The size to buy per brand and category, with a probability for each size

     Every brand and category without parameters. The fit is the one asked for, else the one learned from
    your fit feedback for that category, else regular.

    Args:
        avatar_id (UUID):
        brand (None | str | Unset):
        category (ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1 | None |
            Unset):
        fit (ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SizeRecommendationsBody]
     """


    kwargs = _get_kwargs(
        avatar_id=avatar_id,
brand=brand,
category=category,
fit=fit,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,
    brand: None | str | Unset = UNSET,
    category: ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1 | None | Unset = UNSET,
    fit: ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1 | None | Unset = UNSET,

) -> Problem | SizeRecommendationsBody | None:
    """ The size to buy per brand and category, with a probability for each size

     Every brand and category without parameters. The fit is the one asked for, else the one learned from
    your fit feedback for that category, else regular.

    Args:
        avatar_id (UUID):
        brand (None | str | Unset):
        category (ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1 | None |
            Unset):
        fit (ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SizeRecommendationsBody
     """


    return sync_detailed(
        avatar_id=avatar_id,
client=client,
brand=brand,
category=category,
fit=fit,

    ).parsed

async def asyncio_detailed(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,
    brand: None | str | Unset = UNSET,
    category: ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1 | None | Unset = UNSET,
    fit: ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1 | None | Unset = UNSET,

) -> Response[Problem | SizeRecommendationsBody]:
    """ The size to buy per brand and category, with a probability for each size

     Every brand and category without parameters. The fit is the one asked for, else the one learned from
    your fit feedback for that category, else regular.

    Args:
        avatar_id (UUID):
        brand (None | str | Unset):
        category (ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1 | None |
            Unset):
        fit (ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SizeRecommendationsBody]
     """


    kwargs = _get_kwargs(
        avatar_id=avatar_id,
brand=brand,
category=category,
fit=fit,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    avatar_id: UUID,
    *,
    client: AuthenticatedClient,
    brand: None | str | Unset = UNSET,
    category: ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1 | None | Unset = UNSET,
    fit: ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1 | ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1 | None | Unset = UNSET,

) -> Problem | SizeRecommendationsBody | None:
    """ The size to buy per brand and category, with a probability for each size

     Every brand and category without parameters. The fit is the one asked for, else the one learned from
    your fit feedback for that category, else regular.

    Args:
        avatar_id (UUID):
        brand (None | str | Unset):
        category (ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1 | None |
            Unset):
        fit (ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1 |
            ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SizeRecommendationsBody
     """


    return (await asyncio_detailed(
        avatar_id=avatar_id,
client=client,
brand=brand,
category=category,
fit=fit,

    )).parsed
