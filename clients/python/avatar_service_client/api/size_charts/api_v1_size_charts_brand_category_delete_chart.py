from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.api_v1_size_charts_brand_category_delete_chart_category import ApiV1SizeChartsBrandCategoryDeleteChartCategory
from ...models.api_v1_size_charts_brand_category_delete_chart_gender_type_1 import ApiV1SizeChartsBrandCategoryDeleteChartGenderType1
from ...models.api_v1_size_charts_brand_category_delete_chart_gender_type_2_type_1 import ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1
from ...models.api_v1_size_charts_brand_category_delete_chart_gender_type_3_type_1 import ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    brand: str,
    category: ApiV1SizeChartsBrandCategoryDeleteChartCategory,
    *,
    gender: ApiV1SizeChartsBrandCategoryDeleteChartGenderType1 | ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1 | ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1 | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_gender: None | str | Unset
    if isinstance(gender, Unset):
        json_gender = UNSET
    elif isinstance(gender, ApiV1SizeChartsBrandCategoryDeleteChartGenderType1):
        json_gender = gender.value
    elif isinstance(gender, ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1):
        json_gender = gender.value
    elif isinstance(gender, ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1):
        json_gender = gender.value
    else:
        json_gender = gender
    params["gender"] = json_gender


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/size-charts/{brand}/{category}".format(brand=quote(str(brand), safe=""),category=quote(str(category), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    brand: str,
    category: ApiV1SizeChartsBrandCategoryDeleteChartCategory,
    *,
    client: AuthenticatedClient,
    gender: ApiV1SizeChartsBrandCategoryDeleteChartGenderType1 | ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1 | ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1 | None | Unset = UNSET,

) -> Response[Any | Problem]:
    """ Delete a brand's added chart of a category (admins; ?gender= for one)

    Args:
        brand (str):
        category (ApiV1SizeChartsBrandCategoryDeleteChartCategory):
        gender (ApiV1SizeChartsBrandCategoryDeleteChartGenderType1 |
            ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1 |
            ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        brand=brand,
category=category,
gender=gender,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    brand: str,
    category: ApiV1SizeChartsBrandCategoryDeleteChartCategory,
    *,
    client: AuthenticatedClient,
    gender: ApiV1SizeChartsBrandCategoryDeleteChartGenderType1 | ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1 | ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1 | None | Unset = UNSET,

) -> Any | Problem | None:
    """ Delete a brand's added chart of a category (admins; ?gender= for one)

    Args:
        brand (str):
        category (ApiV1SizeChartsBrandCategoryDeleteChartCategory):
        gender (ApiV1SizeChartsBrandCategoryDeleteChartGenderType1 |
            ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1 |
            ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return sync_detailed(
        brand=brand,
category=category,
client=client,
gender=gender,

    ).parsed

async def asyncio_detailed(
    brand: str,
    category: ApiV1SizeChartsBrandCategoryDeleteChartCategory,
    *,
    client: AuthenticatedClient,
    gender: ApiV1SizeChartsBrandCategoryDeleteChartGenderType1 | ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1 | ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1 | None | Unset = UNSET,

) -> Response[Any | Problem]:
    """ Delete a brand's added chart of a category (admins; ?gender= for one)

    Args:
        brand (str):
        category (ApiV1SizeChartsBrandCategoryDeleteChartCategory):
        gender (ApiV1SizeChartsBrandCategoryDeleteChartGenderType1 |
            ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1 |
            ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        brand=brand,
category=category,
gender=gender,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    brand: str,
    category: ApiV1SizeChartsBrandCategoryDeleteChartCategory,
    *,
    client: AuthenticatedClient,
    gender: ApiV1SizeChartsBrandCategoryDeleteChartGenderType1 | ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1 | ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1 | None | Unset = UNSET,

) -> Any | Problem | None:
    """ Delete a brand's added chart of a category (admins; ?gender= for one)

    Args:
        brand (str):
        category (ApiV1SizeChartsBrandCategoryDeleteChartCategory):
        gender (ApiV1SizeChartsBrandCategoryDeleteChartGenderType1 |
            ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1 |
            ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1 | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return (await asyncio_detailed(
        brand=brand,
category=category,
client=client,
gender=gender,

    )).parsed
