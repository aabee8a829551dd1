"""Sizing: the size charts (shipped and added by admins) and what users say about fit."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.fit_preferences import FitFeedback, FitPreference
from domain.size_charts import ChartGender, GarmentCategory, SizeChart


class SizeChartSource(Protocol):
    """The charts that ship with the service (each names its source)."""

    def charts(self) -> Sequence[SizeChart]:
        """Every shipped chart, validated."""
        ...


class SizeChartRepository(Protocol):
    """The charts admins added; one per brand (any case), category and gender."""

    async def list(self) -> builtins.list[SizeChart]:
        """Every added chart, by brand, category and gender."""
        ...

    async def put(self, chart: SizeChart, now: datetime) -> bool:
        """Store ``chart``, replacing the one of its brand, category and gender; returns
        whether it replaced one."""
        ...

    async def delete(
        self, brand: str, category: GarmentCategory, gender: ChartGender | None
    ) -> int:
        """Delete the brand's charts of ``category`` (of one gender, or all); how many went."""
        ...


class FitRepository(Protocol):
    """Each user's fit feedback and the preference per garment category learned from it."""

    async def preferences(self, user_id: UUID) -> builtins.list[FitPreference]:
        """The user's preferences, one per category that had feedback, by category."""
        ...

    async def save_preference(self, preference: FitPreference) -> None:
        """Store (replace) the user's preference of its category."""
        ...

    async def add_feedback(self, feedback: FitFeedback) -> None: ...

    async def feedback_for(self, user_id: UUID) -> builtins.list[FitFeedback]:
        """Every feedback of the user, oldest first."""
        ...

    async def delete_for_user(self, user_id: UUID) -> None:
        """Erase the user's feedback and preferences."""
        ...
