"""Body analysis, size recommendations and fit feedback (spec 4.1.4), and the size charts."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from application.analysis import (
    FitFeedbackCommand,
    GetAnalysis,
    GetSizeRecommendations,
    RecordFitFeedback,
    RegenerateAnalysis,
)
from application.size_charts import (
    DeleteSizeChart,
    ListSizeCharts,
    PutSizeChart,
    PutSizeChartCommand,
)
from domain.access import Viewer
from domain.body_analysis import Fit
from domain.fit_preferences import FitFeel, FitPreference
from domain.size_charts import ChartGender, GarmentCategory, chart_document
from domain.size_recommendation import SizeRecommendation
from entrypoints.http import schemas
from entrypoints.http.injection import Injected

CategoryName = Literal["tops", "shirts", "outerwear", "dresses", "bottoms"]
FitName = Literal["fitted", "regular", "loose", "oversized"]
FeelName = Literal["too_tight", "right", "too_loose"]
ChartGenderName = Literal["female", "male", "unisex"]
Brand = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class SizeRecommendationBody(schemas.Response):
    brand: str
    category: str
    chart_gender: str
    size: str
    probabilities: dict[str, float]  # size -> probability it is the one needed
    fit: str
    shift_cm: float  # how far the body was moved before the chart was read
    reasons: list[str]
    other_fits: dict[str, str]  # fit -> size, where it differs
    source: str


class SizeRecommendationsBody(schemas.Response):
    avatar_id: UUID
    recommendations: list[SizeRecommendationBody]


class FitFeedbackRequest(schemas.Request):
    """How a size you wore fitted: ``fit`` maps areas the brand's chart measures (chest,
    waist, hips...) to too_tight, right or too_loose."""

    brand: Brand
    category: CategoryName
    size_worn: Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
    fit: Annotated[dict[str, FeelName], msgspec.Meta(min_length=1, max_length=10)]


class FitPreferenceBody(schemas.Response):
    category: str
    fit: str
    offset_cm: float
    feedback_count: int


class FitFeedbackBody(schemas.Response):
    id: UUID
    brand: str
    category: str
    size_worn: str
    fit: dict[str, str]
    preference: FitPreferenceBody
    recommendation: SizeRecommendationBody


def recommendation_body(recommendation: SizeRecommendation) -> SizeRecommendationBody:
    return SizeRecommendationBody(
        brand=recommendation.brand,
        category=recommendation.category,
        chart_gender=recommendation.chart_gender,
        size=recommendation.size,
        probabilities=dict(recommendation.probabilities),
        fit=recommendation.fit.value,
        shift_cm=recommendation.shift_cm,
        reasons=list(recommendation.reasons),
        other_fits={fit.value: size for fit, size in recommendation.other_fits.items()},
        source=recommendation.source,
    )


def preference_body(preference: FitPreference) -> FitPreferenceBody:
    return FitPreferenceBody(
        category=preference.category.value,
        fit=preference.fit.value,
        offset_cm=preference.offset_cm,
        feedback_count=preference.feedback_count,
    )


class AnalysisController(Controller):
    path = "/api/v1/avatars/{avatar_id:uuid}"
    tags = ["body analysis"]
    security = [{"BearerToken": []}]

    @get(
        "/analysis",
        summary="The body analysis, with the size of every brand and category now",
        description="Body type by written rules (docs/body-analysis.md) with its probability "
        "under the measurements' uncertainty as confidence, proportions, symmetry (and what "
        "it could see: symmetrySource), the owner's fit preferences and "
        "sizeRecommendations as 'brand/category' -> size.",
    )
    async def get_analysis(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        get_analysis: Injected[GetAnalysis],
    ) -> schemas.BodyAnalysisBody:
        return schemas.analysis_body((await get_analysis(viewer, avatar_id)).analysis)

    @post(
        "/analysis/regenerate",
        status_code=HTTP_200_OK,
        summary="Analyse the current measurements again (and the front photo while kept)",
    )
    async def regenerate(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        regenerate_analysis: Injected[RegenerateAnalysis],
    ) -> schemas.BodyAnalysisBody:
        return schemas.analysis_body((await regenerate_analysis(viewer, avatar_id)).analysis)

    @get(
        "/size-recommendations",
        summary="The size to buy per brand and category, with a probability for each size",
        description="Every brand and category without parameters. The fit is the one asked "
        "for, else the one learned from your fit feedback for that category, else regular.",
    )
    async def size_recommendations(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        get_size_recommendations: Injected[GetSizeRecommendations],
        brand: Annotated[str | None, QueryParameter(max_length=200)] = None,
        category: Annotated[CategoryName | None, QueryParameter()] = None,
        fit: Annotated[FitName | None, QueryParameter()] = None,
    ) -> SizeRecommendationsBody:
        found = await get_size_recommendations(
            viewer,
            avatar_id,
            brand=brand,
            category=GarmentCategory(category) if category else None,
            fit=Fit(fit) if fit else None,
        )
        return SizeRecommendationsBody(
            avatar_id=avatar_id, recommendations=[recommendation_body(r) for r in found]
        )

    @post(
        "/fit-feedback",
        status_code=HTTP_201_CREATED,
        summary="Say how a size fitted; your preference for that category learns from it",
    )
    async def fit_feedback(
        self,
        avatar_id: FromPath[UUID],
        data: JSONBody[FitFeedbackRequest],
        viewer: Injected[Viewer],
        record_fit_feedback: Injected[RecordFitFeedback],
    ) -> FitFeedbackBody:
        outcome = await record_fit_feedback(
            FitFeedbackCommand(
                viewer=viewer,
                avatar_id=avatar_id,
                brand=data.brand,
                category=GarmentCategory(data.category),
                size_worn=data.size_worn,
                areas={area: FitFeel(feel) for area, feel in data.fit.items()},
            )
        )
        feedback = outcome.feedback
        return FitFeedbackBody(
            id=feedback.id,
            brand=feedback.brand,
            category=feedback.category.value,
            size_worn=feedback.size_worn,
            fit={area: feel.value for area, feel in feedback.areas.items()},
            preference=preference_body(outcome.preference),
            recommendation=recommendation_body(outcome.recommendation),
        )


class SizeChartController(Controller):
    path = "/api/v1/size-charts"
    tags = ["size charts"]
    security = [{"BearerToken": []}]

    @get(
        "/",
        summary="The size charts in use (size-chart/v1 documents)",
        description="Shipped charts and those admins added; docs/body-analysis.md describes "
        "the format.",
    )
    async def list_charts(
        self,
        viewer: Injected[Viewer],
        list_size_charts: Injected[ListSizeCharts],
        brand: Annotated[str | None, QueryParameter(max_length=200)] = None,
        category: Annotated[CategoryName | None, QueryParameter()] = None,
    ) -> list[dict[str, Any]]:
        charts = await list_size_charts(brand, GarmentCategory(category) if category else None)
        return [chart_document(chart) for chart in charts]

    @put(
        "/{brand:str}/{category:str}/{gender:str}",
        summary="Add or replace a brand's chart (admins)",
        description="The body is a size-chart/v1 document (brand, category and gender may be "
        "left out: the address gives them). Overlapping or gapped ranges, unknown "
        "measurements, units or fits are refused with 422 naming the field. 201 when added, "
        "200 when it replaced one.",
    )
    async def put_chart(
        self,
        brand: FromPath[Brand],
        category: FromPath[CategoryName],
        gender: FromPath[ChartGenderName],
        data: JSONBody[dict[str, Any]],
        viewer: Injected[Viewer],
        put_size_chart: Injected[PutSizeChart],
    ) -> Response[dict[str, Any]]:
        chart, replaced = await put_size_chart(
            PutSizeChartCommand(
                viewer=viewer,
                brand=brand,
                category=GarmentCategory(category),
                gender=ChartGender(gender),
                document=data,
            )
        )
        return Response(
            chart_document(chart), status_code=HTTP_200_OK if replaced else HTTP_201_CREATED
        )

    @delete(
        "/{brand:str}/{category:str}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a brand's added chart of a category (admins; ?gender= for one)",
    )
    async def delete_chart(
        self,
        brand: FromPath[Brand],
        category: FromPath[CategoryName],
        viewer: Injected[Viewer],
        delete_size_chart: Injected[DeleteSizeChart],
        gender: Annotated[ChartGenderName | None, QueryParameter()] = None,
    ) -> None:
        await delete_size_chart(
            viewer, brand, GarmentCategory(category), ChartGender(gender) if gender else None
        )
