from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.api_v1_size_charts_brand_category_gender_put_chart_body import ApiV1SizeChartsBrandCategoryGenderPutChartBody
from ...models.api_v1_size_charts_brand_category_gender_put_chart_category import ApiV1SizeChartsBrandCategoryGenderPutChartCategory
from ...models.api_v1_size_charts_brand_category_gender_put_chart_gender import ApiV1SizeChartsBrandCategoryGenderPutChartGender
from ...models.api_v1_size_charts_brand_category_gender_put_chart_response_200 import ApiV1SizeChartsBrandCategoryGenderPutChartResponse200
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    brand: str,
    category: ApiV1SizeChartsBrandCategoryGenderPutChartCategory,
    gender: ApiV1SizeChartsBrandCategoryGenderPutChartGender,
    *,
    body: ApiV1SizeChartsBrandCategoryGenderPutChartBody,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/size-charts/{brand}/{category}/{gender}".format(brand=quote(str(brand), safe=""),category=quote(str(category), safe=""),gender=quote(str(gender), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ApiV1SizeChartsBrandCategoryGenderPutChartResponse200 | Problem | None:
    if response.status_code == 200:
        response_200 = ApiV1SizeChartsBrandCategoryGenderPutChartResponse200.from_dict(response.json())



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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ApiV1SizeChartsBrandCategoryGenderPutChartResponse200 | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    brand: str,
    category: ApiV1SizeChartsBrandCategoryGenderPutChartCategory,
    gender: ApiV1SizeChartsBrandCategoryGenderPutChartGender,
    *,
    client: AuthenticatedClient,
    body: ApiV1SizeChartsBrandCategoryGenderPutChartBody,

) -> Response[ApiV1SizeChartsBrandCategoryGenderPutChartResponse200 | Problem]:
    """ Add or replace a brand's chart (admins)

     The body is a size-chart/v1 document (brand, category and gender may be left out: the address gives
    them). Overlapping or gapped ranges, unknown measurements, units or fits are refused with 422 naming
    the field. 201 when added, 200 when it replaced one.

    Args:
        brand (str):
        category (ApiV1SizeChartsBrandCategoryGenderPutChartCategory):
        gender (ApiV1SizeChartsBrandCategoryGenderPutChartGender):
        body (ApiV1SizeChartsBrandCategoryGenderPutChartBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiV1SizeChartsBrandCategoryGenderPutChartResponse200 | Problem]
     """


    kwargs = _get_kwargs(
        brand=brand,
category=category,
gender=gender,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    brand: str,
    category: ApiV1SizeChartsBrandCategoryGenderPutChartCategory,
    gender: ApiV1SizeChartsBrandCategoryGenderPutChartGender,
    *,
    client: AuthenticatedClient,
    body: ApiV1SizeChartsBrandCategoryGenderPutChartBody,

) -> ApiV1SizeChartsBrandCategoryGenderPutChartResponse200 | Problem | None:
    """ Add or replace a brand's chart (admins)

     The body is a size-chart/v1 document (brand, category and gender may be left out: the address gives
    them). Overlapping or gapped ranges, unknown measurements, units or fits are refused with 422 naming
    the field. 201 when added, 200 when it replaced one.

    Args:
        brand (str):
        category (ApiV1SizeChartsBrandCategoryGenderPutChartCategory):
        gender (ApiV1SizeChartsBrandCategoryGenderPutChartGender):
        body (ApiV1SizeChartsBrandCategoryGenderPutChartBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiV1SizeChartsBrandCategoryGenderPutChartResponse200 | Problem
     """


    return sync_detailed(
        brand=brand,
category=category,
gender=gender,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    brand: str,
    category: ApiV1SizeChartsBrandCategoryGenderPutChartCategory,
    gender: ApiV1SizeChartsBrandCategoryGenderPutChartGender,
    *,
    client: AuthenticatedClient,
    body: ApiV1SizeChartsBrandCategoryGenderPutChartBody,

) -> Response[ApiV1SizeChartsBrandCategoryGenderPutChartResponse200 | Problem]:
    """ Add or replace a brand's chart (admins)

     The body is a size-chart/v1 document (brand, category and gender may be left out: the address gives
    them). Overlapping or gapped ranges, unknown measurements, units or fits are refused with 422 naming
    the field. 201 when added, 200 when it replaced one.

    Args:
        brand (str):
        category (ApiV1SizeChartsBrandCategoryGenderPutChartCategory):
        gender (ApiV1SizeChartsBrandCategoryGenderPutChartGender):
        body (ApiV1SizeChartsBrandCategoryGenderPutChartBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiV1SizeChartsBrandCategoryGenderPutChartResponse200 | Problem]
     """


    kwargs = _get_kwargs(
        brand=brand,
category=category,
gender=gender,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    brand: str,
    category: ApiV1SizeChartsBrandCategoryGenderPutChartCategory,
    gender: ApiV1SizeChartsBrandCategoryGenderPutChartGender,
    *,
    client: AuthenticatedClient,
    body: ApiV1SizeChartsBrandCategoryGenderPutChartBody,

) -> ApiV1SizeChartsBrandCategoryGenderPutChartResponse200 | Problem | None:
    """ Add or replace a brand's chart (admins)

     The body is a size-chart/v1 document (brand, category and gender may be left out: the address gives
    them). Overlapping or gapped ranges, unknown measurements, units or fits are refused with 422 naming
    the field. 201 when added, 200 when it replaced one.

    Args:
        brand (str):
        category (ApiV1SizeChartsBrandCategoryGenderPutChartCategory):
        gender (ApiV1SizeChartsBrandCategoryGenderPutChartGender):
        body (ApiV1SizeChartsBrandCategoryGenderPutChartBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiV1SizeChartsBrandCategoryGenderPutChartResponse200 | Problem
     """


    return (await asyncio_detailed(
        brand=brand,
category=category,
gender=gender,
client=client,
body=body,

    )).parsed
