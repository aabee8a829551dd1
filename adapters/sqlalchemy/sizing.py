"""SQL repositories of size charts and of fit feedback and preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.tables import fit_feedback, fit_preferences, size_charts
from domain.fit_preferences import FitFeedback, FitFeel, FitPreference
from domain.size_charts import (
    ChartGender,
    GarmentCategory,
    SizeChart,
    brand_key,
    chart_document,
    parse_chart,
)


async def _upsert(
    connection: AsyncConnection, table: sa.Table, keys: dict[str, Any], values: dict[str, Any]
) -> bool:
    """Update the row of ``keys`` or insert it; True when it existed."""
    where = sa.and_(*(table.c[name] == value for name, value in keys.items()))
    updated = await connection.execute(table.update().where(where).values(values))
    if updated.rowcount:
        return True
    await connection.execute(table.insert().values(**keys, **values))
    return False


class SqlSizeChartRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def list(self) -> list[SizeChart]:
        result = await self._connection.execute(
            sa.select(size_charts.c.document).order_by(*size_charts.primary_key.columns)
        )
        return [parse_chart(document) for (document,) in result]

    async def put(self, chart: SizeChart, now: datetime) -> bool:
        keys = {"brand_key": brand_key(chart.brand), "category": chart.category.value,
                "gender": chart.gender.value}  # fmt: skip
        values = {"document": chart_document(chart), "updated_at": now}
        return await _upsert(self._connection, size_charts, keys, values)

    async def delete(
        self, brand: str, category: GarmentCategory, gender: ChartGender | None
    ) -> int:
        where = [size_charts.c.brand_key == brand_key(brand), size_charts.c.category == category]
        if gender is not None:
            where.append(size_charts.c.gender == gender.value)
        deleted = await self._connection.execute(size_charts.delete().where(*where))
        return int(deleted.rowcount or 0)


class SqlFitRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def preferences(self, user_id: UUID) -> list[FitPreference]:
        rows = await self._connection.execute(
            sa.select(fit_preferences)
            .where(fit_preferences.c.user_id == user_id)
            .order_by(fit_preferences.c.category)
        )
        return [
            FitPreference(
                user_id=row.user_id,
                category=GarmentCategory(row.category),
                offset_cm=float(row.offset_cm),
                feedback_count=int(row.feedback_count),
                updated_at=row.updated_at,
            )
            for row in rows
        ]

    async def save_preference(self, preference: FitPreference) -> None:
        await _upsert(
            self._connection,
            fit_preferences,
            {"user_id": preference.user_id, "category": preference.category.value},
            {
                "offset_cm": preference.offset_cm,
                "feedback_count": preference.feedback_count,
                "updated_at": preference.updated_at,
            },
        )

    async def add_feedback(self, feedback: FitFeedback) -> None:
        await self._connection.execute(
            fit_feedback.insert().values(
                id=feedback.id,
                user_id=feedback.user_id,
                avatar_id=feedback.avatar_id,
                brand=feedback.brand,
                category=feedback.category.value,
                size_worn=feedback.size_worn,
                areas={area: feel.value for area, feel in feedback.areas.items()},
                created_at=feedback.created_at,
            )
        )

    async def feedback_for(self, user_id: UUID) -> list[FitFeedback]:
        rows = await self._connection.execute(
            sa.select(fit_feedback)
            .where(fit_feedback.c.user_id == user_id)
            .order_by(fit_feedback.c.created_at, fit_feedback.c.id)
        )
        return [
            FitFeedback(
                id=row.id,
                user_id=row.user_id,
                avatar_id=row.avatar_id,
                brand=row.brand,
                category=GarmentCategory(row.category),
                size_worn=row.size_worn,
                areas={area: FitFeel(feel) for area, feel in row.areas.items()},
                created_at=row.created_at,
            )
            for row in rows
        ]

    async def delete_for_user(self, user_id: UUID) -> None:
        await self._connection.execute(
            fit_feedback.delete().where(fit_feedback.c.user_id == user_id)
        )
        await self._connection.execute(
            fit_preferences.delete().where(fit_preferences.c.user_id == user_id)
        )
