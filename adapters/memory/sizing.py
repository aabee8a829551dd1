"""In-memory repositories of size charts and of fit feedback and preferences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.fit_preferences import FitFeedback, FitPreference
from domain.size_charts import ChartGender, GarmentCategory, SizeChart, brand_key


@dataclass
class SizingTables:
    charts: dict[tuple[str, GarmentCategory, ChartGender], SizeChart] = field(default_factory=dict)
    preferences: dict[tuple[UUID, GarmentCategory], FitPreference] = field(default_factory=dict)
    feedback: list[FitFeedback] = field(default_factory=list)


class HoldsSizing(Protocol):
    """The unit of work's working tables (read through them: a rollback replaces them)."""

    sizing: SizingTables


class MemorySizeChartRepository:
    def __init__(self, holder: HoldsSizing) -> None:
        self._holder = holder

    @property
    def _tables(self) -> SizingTables:
        return self._holder.sizing

    async def list(self) -> list[SizeChart]:
        return [self._tables.charts[key] for key in sorted(self._tables.charts)]

    async def put(self, chart: SizeChart, now: datetime) -> bool:
        existed = chart.key in self._tables.charts
        self._tables.charts[chart.key] = chart
        return existed

    async def delete(
        self, brand: str, category: GarmentCategory, gender: ChartGender | None
    ) -> int:
        doomed = [
            key
            for key in self._tables.charts
            if key[0] == brand_key(brand) and key[1] == category and gender in (None, key[2])
        ]
        for key in doomed:
            del self._tables.charts[key]
        return len(doomed)


class MemoryFitRepository:
    def __init__(self, holder: HoldsSizing) -> None:
        self._holder = holder

    @property
    def _tables(self) -> SizingTables:
        return self._holder.sizing

    async def preferences(self, user_id: UUID) -> list[FitPreference]:
        found = [p for (user, _), p in self._tables.preferences.items() if user == user_id]
        return sorted(found, key=lambda p: p.category.value)

    async def save_preference(self, preference: FitPreference) -> None:
        self._tables.preferences[(preference.user_id, preference.category)] = preference

    async def add_feedback(self, feedback: FitFeedback) -> None:
        self._tables.feedback.append(feedback)

    async def feedback_for(self, user_id: UUID) -> list[FitFeedback]:
        return [f for f in self._tables.feedback if f.user_id == user_id]

    async def delete_for_user(self, user_id: UUID) -> None:
        tables = self._tables
        tables.feedback = [f for f in tables.feedback if f.user_id != user_id]
        tables.preferences = {k: v for k, v in tables.preferences.items() if k[0] != user_id}
