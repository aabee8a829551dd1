from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.api_v1_size_charts_list_charts_category_type_1 import ApiV1SizeChartsListChartsCategoryType1
from ...models.api_v1_size_charts_list_charts_category_type_2_type_1 import ApiV1SizeChartsListChartsCategoryType2Type1
from ...models.api_v1_size_charts_list_charts_category_type_3_type_1 import ApiV1SizeChartsListChartsCategoryType3Type1
from ...models.api_v1_size_charts_list_charts_response_200_item import ApiV1SizeChartsListChartsResponse200Item
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    brand: None | str | Unset = UNSET,
    category: ApiV1SizeChartsListChartsCategoryType1 | ApiV1SizeChartsListChartsCategoryType2Type1 | ApiV1SizeChartsListChartsCategoryType3Type1 | None | Unset = UNSET,

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
    elif isinstance(category, ApiV1SizeChartsListChartsCategoryType1):
        json_category = category.value
    elif isinstance(category, ApiV1SizeChartsListChartsCategoryType2Type1):
        json_category = category.value
    elif isinstance(category, ApiV1SizeChartsListChartsCategoryType3Type1):
        json_category = category.value
    else:
        json_category = category
    params["category"] = json_category


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/size-charts",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | list[ApiV1SizeChartsListChartsResponse200Item] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = ApiV1SizeChartsListChartsResponse200Item.from_dict(response_200_item_data)



            response_200.append(response_200_item)

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | list[ApiV1SizeChartsListChartsResponse200Item]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    brand: None | str | Unset = UNSET,
    category: ApiV1SizeChartsListChartsCategoryType1 | ApiV1SizeChartsListChartsCategoryType2Type1 | ApiV1SizeChartsListChartsCategoryType3Type1 | None | Unset = UNSET,

) -> Response[Problem | list[ApiV1SizeChartsListChartsResponse200Item]]:
    """ The size charts in use (size-chart/v1 documents)

     Shipped charts and those admins added; docs/body-analysis.md describes the format.

    Args:
        brand (None | str | Unset):
        category (ApiV1SizeChartsListChartsCategoryType1 |
            ApiV1SizeChartsListChartsCategoryType2Type1 | ApiV1SizeChartsListChartsCategoryType3Type1
            | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[ApiV1SizeChartsListChartsResponse200Item]]
     """


    kwargs = _get_kwargs(
        brand=brand,
category=category,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    brand: None | str | Unset = UNSET,
    category: ApiV1SizeChartsListChartsCategoryType1 | ApiV1SizeChartsListChartsCategoryType2Type1 | ApiV1SizeChartsListChartsCategoryType3Type1 | None | Unset = UNSET,

) -> Problem | list[ApiV1SizeChartsListChartsResponse200Item] | None:
    """ The size charts in use (size-chart/v1 documents)

     Shipped charts and those admins added; docs/body-analysis.md describes the format.

    Args:
        brand (None | str | Unset):
        category (ApiV1SizeChartsListChartsCategoryType1 |
            ApiV1SizeChartsListChartsCategoryType2Type1 | ApiV1SizeChartsListChartsCategoryType3Type1
            | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[ApiV1SizeChartsListChartsResponse200Item]
     """


    return sync_detailed(
        client=client,
brand=brand,
category=category,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    brand: None | str | Unset = UNSET,
    category: ApiV1SizeChartsListChartsCategoryType1 | ApiV1SizeChartsListChartsCategoryType2Type1 | ApiV1SizeChartsListChartsCategoryType3Type1 | None | Unset = UNSET,

) -> Response[Problem | list[ApiV1SizeChartsListChartsResponse200Item]]:
    """ The size charts in use (size-chart/v1 documents)

     Shipped charts and those admins added; docs/body-analysis.md describes the format.

    Args:
        brand (None | str | Unset):
        category (ApiV1SizeChartsListChartsCategoryType1 |
            ApiV1SizeChartsListChartsCategoryType2Type1 | ApiV1SizeChartsListChartsCategoryType3Type1
            | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[ApiV1SizeChartsListChartsResponse200Item]]
     """


    kwargs = _get_kwargs(
        brand=brand,
category=category,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    brand: None | str | Unset = UNSET,
    category: ApiV1SizeChartsListChartsCategoryType1 | ApiV1SizeChartsListChartsCategoryType2Type1 | ApiV1SizeChartsListChartsCategoryType3Type1 | None | Unset = UNSET,

) -> Problem | list[ApiV1SizeChartsListChartsResponse200Item] | None:
    """ The size charts in use (size-chart/v1 documents)

     Shipped charts and those admins added; docs/body-analysis.md describes the format.

    Args:
        brand (None | str | Unset):
        category (ApiV1SizeChartsListChartsCategoryType1 |
            ApiV1SizeChartsListChartsCategoryType2Type1 | ApiV1SizeChartsListChartsCategoryType3Type1
            | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[ApiV1SizeChartsListChartsResponse200Item]
     """


    return (await asyncio_detailed(
        client=client,
brand=brand,
category=category,

    )).parsed
