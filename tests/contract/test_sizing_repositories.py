"""The size chart and fit repositories: every UnitOfWork adapter (memory, SQLite, PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from application.ports import UnitOfWorkFactory
from domain.fit_preferences import FitFeedback, FitFeel, FitPreference
from domain.size_charts import ChartGender, GarmentCategory, parse_chart
from tests.unit.test_size_recommendation import acme

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_a_chart_is_added_replaced_and_deleted(uow_factory: UnitOfWorkFactory) -> None:
    chart = parse_chart(acme())
    women = parse_chart(acme(gender="female"))
    async with uow_factory() as uow:
        assert await uow.size_charts.put(chart, T0) is False
        assert await uow.size_charts.put(women, T0) is False
        await uow.commit()
    bigger = parse_chart(acme(brand="ACME", source="Acme's 2026 guide"))
    async with uow_factory() as uow:
        assert await uow.size_charts.put(bigger, T0) is True  # the brand matches in any case
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert sorted(c.source for c in await uow.size_charts.list()) == [
            "Acme's 2026 guide",
            "Acme's size guide, 2025",
        ]
    async with uow_factory() as uow:
        assert await uow.size_charts.delete("acme", GarmentCategory.TOPS, ChartGender.MALE) == 1
        assert await uow.size_charts.delete("acme", GarmentCategory.TOPS, None) == 1
        assert await uow.size_charts.delete("acme", GarmentCategory.TOPS, None) == 0
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.size_charts.list() == []


async def test_fit_feedback_and_preferences_are_kept_per_user_and_erased(
    uow_factory: UnitOfWorkFactory,
) -> None:
    alice, bob = uuid.uuid4(), uuid.uuid4()
    feedback = FitFeedback(
        id=uuid.uuid4(),
        user_id=alice,
        avatar_id=uuid.uuid4(),
        brand="Acme",
        category=GarmentCategory.TOPS,
        size_worn="M",
        areas={"chest": FitFeel.TOO_TIGHT, "waist": FitFeel.RIGHT},
        created_at=T0,
    )
    preference = FitPreference(alice, GarmentCategory.TOPS, 4.5, 1, T0)
    async with uow_factory() as uow:
        await uow.fit.add_feedback(feedback)
        await uow.fit.save_preference(preference)
        await uow.fit.save_preference(FitPreference(bob, GarmentCategory.BOTTOMS, -1.0, 2, T0))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.fit.save_preference(FitPreference(alice, GarmentCategory.TOPS, 2.0, 2, T0))
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.fit.feedback_for(alice) == [feedback]
        assert await uow.fit.preferences(alice) == [
            FitPreference(alice, GarmentCategory.TOPS, 2.0, 2, T0)
        ]
    async with uow_factory() as uow:
        await uow.fit.delete_for_user(alice)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.fit.feedback_for(alice) == []
        assert await uow.fit.preferences(alice) == []
        assert len(await uow.fit.preferences(bob)) == 1
