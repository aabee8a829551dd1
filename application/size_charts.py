"""The size charts: anyone signed in reads them; admins add, replace and delete a brand's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from application.analysis import all_charts
from application.errors import NotAllowed, SizeChartNotFound
from application.ports import Clock, SizeChartSource, UnitOfWorkFactory
from domain.access import Role, Viewer
from domain.errors import InvalidValue
from domain.size_charts import ChartGender, GarmentCategory, SizeChart, brand_key, parse_chart


def _ensure_admin(viewer: Viewer) -> None:
    if viewer.role is not Role.ADMIN:
        raise NotAllowed("only an admin may change size charts", field="role")


class ListSizeCharts:
    def __init__(self, uow_factory: UnitOfWorkFactory, shipped: SizeChartSource) -> None:
        self._uow_factory, self._shipped = uow_factory, shipped

    async def __call__(
        self, brand: str | None = None, category: GarmentCategory | None = None
    ) -> list[SizeChart]:
        """Every chart in use (shipped and added), optionally of one brand or category."""
        async with self._uow_factory(read_only=True) as uow:
            charts = await all_charts(uow, self._shipped)
        return [
            c
            for c in charts
            if (brand is None or brand_key(c.brand) == brand_key(brand))
            and (category is None or c.category is category)
        ]


@dataclass(frozen=True, slots=True)
class PutSizeChartCommand:
    viewer: Viewer
    brand: str
    category: GarmentCategory
    gender: ChartGender
    document: Mapping[str, Any]


class PutSizeChart:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory, self._clock = uow_factory, clock

    async def __call__(self, command: PutSizeChartCommand) -> tuple[SizeChart, bool]:
        """Validate and store a brand's chart; returns it and whether it replaced one.

        The brand, category and gender of the address and of the document must agree;
        ``InvalidValue`` names anything wrong in the document (docs/body-analysis.md).
        """
        _ensure_admin(command.viewer)
        document = {
            "brand": command.brand,
            "category": command.category.value,
            "gender": command.gender.value,
            **command.document,
        }
        chart = parse_chart(document)
        for name, wanted in (
            ("brand", brand_key(command.brand)),
            ("category", command.category.value),
            ("gender", command.gender.value),
        ):
            given = chart.key[0] if name == "brand" else getattr(chart, name).value
            if given != wanted:
                raise InvalidValue(
                    f"the document's {name} {document[name]!r} is not the one of the address",
                    field=name,
                )
        async with self._uow_factory() as uow:
            replaced = await uow.size_charts.put(chart, self._clock.now())
            await uow.commit()
        return chart, replaced


class DeleteSizeChart:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(
        self,
        viewer: Viewer,
        brand: str,
        category: GarmentCategory,
        gender: ChartGender | None = None,
    ) -> int:
        """Delete a brand's added chart of a category (every gender when None); returns how
        many went; ``SizeChartNotFound`` if none (shipped charts cannot be deleted)."""
        _ensure_admin(viewer)
        async with self._uow_factory() as uow:
            deleted = await uow.size_charts.delete(brand, category, gender)
            await uow.commit()
        if not deleted:
            raise SizeChartNotFound(
                f"no added size chart for {brand} {category.value}"
                + (f" ({gender.value})" if gender else "")
                + "; shipped charts can be replaced, not deleted",
                field="brand",
            )
        return deleted
