"""Body analysis and size recommendations of an avatar (spec 2.2.5, 4.1.4), fit feedback.

The analysis itself (body type, proportions, symmetry) is stored with the avatar and each
version; it is recomputed whenever the measurements change. Size recommendations and fit
preferences are read at the time they are asked for, from the charts and the owner's
preferences of that moment (a chart an admin replaced or a feedback just given count at
once); a regeneration also stores them in the analysis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from uuid import UUID

from application.access import load_modifiable, load_readable
from application.errors import SizeChartNotFound
from application.ports import (
    BlobStore,
    Clock,
    IdGenerator,
    KeypointsFormat,
    SizeChartSource,
    UnitOfWork,
    UnitOfWorkFactory,
)
from domain.access import Viewer
from domain.avatar import Avatar, AvatarType
from domain.body_analysis import BodyAnalysis, Fit, analyse_body, can_analyse
from domain.errors import InvalidValue
from domain.fit_preferences import FitFeedback, FitFeel, FitPreference, learn, neutral_preference
from domain.measurements import MeasurementProfile
from domain.photo import PhotoStatus, ViewType
from domain.size_charts import GarmentCategory, SizeChart, brand_key
from domain.size_recommendation import SizeRecommendation, charts_for, recommend_sizes
from domain.symmetry import Symmetry, keypoint_symmetry


async def all_charts(uow: UnitOfWork, shipped: SizeChartSource) -> list[SizeChart]:
    """The shipped charts and the admins' (an admin's chart replaces a shipped one of the
    same brand, category and gender)."""
    stored = await uow.size_charts.list()
    replaced = {chart.key for chart in stored}
    return [*(c for c in shipped.charts() if c.key not in replaced), *stored]


def recommendation_key(recommendation: SizeRecommendation) -> str:
    """The key of a recommendation in the analysis' ``sizeRecommendations``: brand/category."""
    return f"{recommendation.brand}/{recommendation.category}"


@dataclass(frozen=True, slots=True)
class AnalysisView:
    """The stored analysis with the recommendations and preferences of now."""

    analysis: BodyAnalysis
    recommendations: list[SizeRecommendation]
    preferences: Mapping[GarmentCategory, FitPreference]


def _measured(avatar: Avatar) -> MeasurementProfile:
    if avatar.measurements is None or not can_analyse(avatar.measurements):
        raise InvalidValue(
            "this avatar has no measurements to analyse yet; its photos are not processed",
            field="measurements",
        )
    return avatar.measurements


def _shifts(preferences: Mapping[GarmentCategory, FitPreference]) -> dict[GarmentCategory, float]:
    return {category: p.offset_cm for category, p in preferences.items() if p.feedback_count}


def _with_current(
    analysis: BodyAnalysis,
    recommendations: Sequence[SizeRecommendation],
    preferences: Mapping[GarmentCategory, FitPreference],
) -> BodyAnalysis:
    def fit_of(category: GarmentCategory) -> Fit:
        preference = preferences.get(category)
        return preference.fit if preference else Fit.REGULAR

    return replace(
        analysis,
        fit_tops=fit_of(GarmentCategory.TOPS),
        fit_bottoms=fit_of(GarmentCategory.BOTTOMS),
        size_recommendations={recommendation_key(r): r.size for r in recommendations},
    )


async def _current_view(
    uow: UnitOfWork, avatar: Avatar, shipped: SizeChartSource, analysis: BodyAnalysis
) -> AnalysisView:
    profile = _measured(avatar)
    preferences = {p.category: p for p in await uow.fit.preferences(avatar.user_id)}
    charts = await all_charts(uow, shipped)
    recommendations = recommend_sizes(charts, profile, _shifts(preferences))
    return AnalysisView(
        analysis=_with_current(analysis, recommendations, preferences),
        recommendations=recommendations,
        preferences=preferences,
    )


class GetAnalysis:
    def __init__(self, uow_factory: UnitOfWorkFactory, shipped: SizeChartSource) -> None:
        self._uow_factory, self._shipped = uow_factory, shipped

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> AnalysisView:
        """The avatar's analysis with its owner's fit preferences and the size of every
        brand and category now; ``InvalidValue`` if it has no measurements yet."""
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_readable(uow, avatar_id, viewer)
            _measured(avatar)
            if avatar.body_analysis is None:
                raise InvalidValue("this avatar has no analysis yet", field="analysis")
            return await _current_view(uow, avatar, self._shipped, avatar.body_analysis)


async def front_photo_symmetry(
    uow: UnitOfWork, blobs: BlobStore, keypoints_format: KeypointsFormat, avatar_id: UUID
) -> Symmetry | None:
    """The symmetry of the avatar's newest processed front photo, while its keypoints are
    kept (photos are deleted a day after processing); None without one."""
    photos = await uow.photos.list_for_avatar(avatar_id)
    fronts = [
        p
        for p in photos
        if p.view_type is ViewType.FRONT
        and p.status is PhotoStatus.PROCESSED
        and p.keypoints_key is not None
    ]
    if not fronts or fronts[-1].keypoints_key is None:
        return None
    stored = keypoints_format.read(await blobs.get(fronts[-1].keypoints_key))
    return keypoint_symmetry(stored.keypoints, aspect_ratio=stored.width_px / stored.height_px)


class RegenerateAnalysis:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        blobs: BlobStore,
        shipped: SizeChartSource,
        keypoints: KeypointsFormat,
    ) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids
        self._blobs, self._shipped, self._keypoints = blobs, shipped, keypoints

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> AnalysisView:
        """Analyse the current measurements again (with the front photo's symmetry while the
        photo is kept), store it with today's size recommendations, publish
        ``avatar.analysis_updated``."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            avatar = await load_modifiable(uow, avatar_id, viewer)
            profile = _measured(avatar)
            symmetry = None
            if avatar.avatar_type is AvatarType.PHOTO_BASED:
                symmetry = await front_photo_symmetry(uow, self._blobs, self._keypoints, avatar.id)
            fresh = analyse_body(profile, self._ids.new_id(), now, symmetry=symmetry)
            view = await _current_view(uow, avatar, self._shipped, fresh)
            avatar.replace_body_analysis(view.analysis, now)
            await uow.avatars.update(avatar)
            await uow.commit()
        assert avatar.body_analysis is not None
        return replace(view, analysis=avatar.body_analysis)


class GetSizeRecommendations:
    def __init__(self, uow_factory: UnitOfWorkFactory, shipped: SizeChartSource) -> None:
        self._uow_factory, self._shipped = uow_factory, shipped

    async def __call__(
        self,
        viewer: Viewer,
        avatar_id: UUID,
        *,
        brand: str | None = None,
        category: GarmentCategory | None = None,
        fit: Fit | None = None,
    ) -> list[SizeRecommendation]:
        """A recommendation per brand and category (those asked for), for ``fit`` or else the
        owner's learned preference; ``SizeChartNotFound`` when no chart matches."""
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_readable(uow, avatar_id, viewer)
            profile = _measured(avatar)
            preferences = {p.category: p for p in await uow.fit.preferences(avatar.user_id)}
            charts = [
                c
                for c in await all_charts(uow, self._shipped)
                if (brand is None or brand_key(c.brand) == brand_key(brand))
                and (category is None or c.category is category)
            ]
        if not charts:
            raise SizeChartNotFound(_no_chart_text(brand, category), field="brand")
        found = recommend_sizes(charts, profile, _shifts(preferences), fit=fit)
        if not found:
            raise SizeChartNotFound(
                f"{_no_chart_text(brand, category)} for this avatar's gender and measurements",
                field="brand",
            )
        return found


def _no_chart_text(brand: str | None, category: GarmentCategory | None) -> str:
    what = " ".join(part for part in (brand, category.value if category else None) if part)
    return f"no size chart for {what or 'any brand'}"


@dataclass(frozen=True, slots=True)
class FitFeedbackCommand:
    viewer: Viewer
    avatar_id: UUID
    brand: str
    category: GarmentCategory
    size_worn: str
    areas: Mapping[str, FitFeel]


@dataclass(frozen=True, slots=True)
class FitFeedbackOutcome:
    feedback: FitFeedback
    preference: FitPreference
    recommendation: SizeRecommendation


class RecordFitFeedback:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        shipped: SizeChartSource,
    ) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids
        self._shipped = shipped

    async def __call__(self, command: FitFeedbackCommand) -> FitFeedbackOutcome:
        """Keep the feedback and move the owner's preference of that category; returns the
        preference and that brand's recommendation with it."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            avatar = await load_modifiable(uow, command.avatar_id, command.viewer)
            profile = _measured(avatar)
            candidates = [
                c
                for c in await all_charts(uow, self._shipped)
                if brand_key(c.brand) == brand_key(command.brand) and c.category is command.category
            ]
            chosen = charts_for(candidates, profile.gender)
            if not chosen:
                raise SizeChartNotFound(
                    _no_chart_text(command.brand, command.category), field="brand"
                )
            chart = chosen[0]
            feedback = FitFeedback(
                id=self._ids.new_id(),
                user_id=avatar.user_id,
                avatar_id=avatar.id,
                brand=chart.brand,
                category=command.category,
                size_worn=command.size_worn,
                areas=dict(command.areas),
                created_at=now,
            )
            known = {p.category: p for p in await uow.fit.preferences(avatar.user_id)}
            before = known.get(command.category) or neutral_preference(
                avatar.user_id, command.category, now
            )
            preference = learn(before, feedback, chart, profile.values, now)
            await uow.fit.add_feedback(feedback)
            await uow.fit.save_preference(preference)
            await uow.commit()
        recommendation = recommend_sizes(
            [chart], profile, {command.category: preference.offset_cm}
        )[0]
        return FitFeedbackOutcome(feedback, preference, recommendation)


@dataclass(frozen=True, slots=True)
class FitData:
    """What the service keeps of a user's fit: every feedback and the preferences learned."""

    feedback: list[FitFeedback]
    preferences: list[FitPreference]


class ExportFitData:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer) -> FitData:
        """The viewer's fit feedback and preferences, for their copy of their data."""
        async with self._uow_factory(read_only=True) as uow:
            return FitData(
                feedback=await uow.fit.feedback_for(viewer.user_id),
                preferences=await uow.fit.preferences(viewer.user_id),
            )
