"""The size charts shipped with the service: ``size-chart/v1`` JSON files in ``data/``.

Each file says where its numbers come from (``source``); docs/body-analysis.md lists them.
They are read once and validated like any chart an admin sends.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from domain.size_charts import SizeChart, parse_chart


@functools.cache
def shipped_charts() -> tuple[SizeChart, ...]:
    """Every shipped chart, parsed and validated."""
    folder = resources.files("adapters.size_charts") / "data"
    return tuple(
        parse_chart(json.loads(entry.read_text(encoding="utf-8")))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".json")
    )


class ShippedSizeCharts:
    """``SizeChartSource`` over the files in ``data/``."""

    def charts(self) -> tuple[SizeChart, ...]:
        return shipped_charts()
