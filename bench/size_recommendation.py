"""Benchmark of the size recommender: every brand and category at once, as the analysis does.

20 brands x 5 categories (100 charts of 8 sizes on chest, waist and hips, seeded) plus the
shipped EN 13402-3 charts, for a fitted profile of 15 measurements with its confidence
scores and a learned fit offset in two categories. One call of ``recommend_sizes`` is what
``GET .../size-recommendations`` and the analysis compute. Target of issue 15: < 20 ms.

    python bench/size_recommendation.py [--repeat 200]

Prints the figures and writes bench/results/size_recommendation.json.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.size_charts.shipped import shipped_charts  # noqa: E402
from bench.report import write_report  # noqa: E402
from domain.measurements import ExtractionMethod, Gender, MeasurementProfile  # noqa: E402
from domain.size_charts import GarmentCategory, SizeChart, parse_chart  # noqa: E402
from domain.size_recommendation import recommend_sizes  # noqa: E402
from domain.units import MeasurementUnit  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "size_recommendation.json"
BRANDS = 20
TARGET_MS = 20.0
CATEGORY_MEASUREMENTS = {
    GarmentCategory.TOPS: ("chest", "waist"),
    GarmentCategory.SHIRTS: ("chest", "neckCircumference"),
    GarmentCategory.OUTERWEAR: ("chest",),
    GarmentCategory.DRESSES: ("chest", "waist", "hips"),
    GarmentCategory.BOTTOMS: ("waist", "hips"),
}
START_CM = {"chest": 76.0, "waist": 60.0, "hips": 82.0, "neckCircumference": 34.0}
STEP_CM = {"chest": 8.0, "waist": 8.0, "hips": 8.0, "neckCircumference": 2.0}
LABELS = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "3XL")


def brand_charts(seed: int = 15) -> list[SizeChart]:
    """20 brands x 5 categories, each brand cutting a little larger or smaller."""
    rng = random.Random(seed)
    charts = []
    for brand in range(BRANDS):
        offset = rng.uniform(-3.0, 3.0)
        for category, names in CATEGORY_MEASUREMENTS.items():
            sizes: list[dict[str, Any]] = []
            for index, label in enumerate(LABELS):
                ranges = {}
                for name in names:
                    low = START_CM[name] + offset + index * STEP_CM[name]
                    ranges[name] = [round(low, 1), round(low + STEP_CM[name], 1)]
                sizes.append({"label": label, "ranges": ranges})
            charts.append(
                parse_chart(
                    {
                        "brand": f"Brand {brand:02d}",
                        "category": category.value,
                        "gender": "female",
                        "unit": "cm",
                        "source": "synthetic, for the benchmark",
                        "measurements": list(names),
                        "sizes": sizes,
                    }
                )
            )
    return charts


def fitted_profile() -> MeasurementProfile:
    now = datetime.now(UTC)
    values = {
        "height": 168.0, "weight": 64.0, "chest": 92.0, "waist": 74.0, "hips": 99.0,
        "shoulderWidth": 39.0, "armLength": 58.0, "inseam": 76.0, "neckCircumference": 33.5,
        "bicep": 28.0, "forearm": 24.0, "thigh": 56.0, "calf": 36.0, "wrist": 15.5,
        "ankle": 22.0,
    }  # fmt: skip
    return MeasurementProfile(
        id=uuid.uuid4(),
        avatar_id=uuid.uuid4(),
        values=values,
        unit=MeasurementUnit.METRIC,
        extraction_method=ExtractionMethod.MIXED,
        created_at=now,
        updated_at=now,
        confidence_scores={name: 0.6 for name in values},
        manual_overrides=("height", "chest", "waist", "hips"),
        gender=Gender.FEMALE,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    charts = [*brand_charts(), *shipped_charts()]
    profile = fitted_profile()
    learned = {GarmentCategory.TOPS: 2.5, GarmentCategory.BOTTOMS: -1.0}
    recommend_sizes(charts, profile, learned)  # warm up
    times_ms = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        recommendations = recommend_sizes(charts, profile, learned)
        times_ms.append((time.perf_counter() - started) * 1000.0)
    times_ms.sort()
    figures = {
        "charts": len(charts),
        "recommendations": len(recommendations),
        "repeat": args.repeat,
        "median_ms": round(statistics.median(times_ms), 3),
        "p95_ms": round(times_ms[int(0.95 * (len(times_ms) - 1))], 3),
        "max_ms": round(times_ms[-1], 3),
        "target_ms": TARGET_MS,
    }
    figures["meets_target"] = figures["p95_ms"] < TARGET_MS
    print(
        f"{figures['recommendations']} recommendations ({BRANDS} brands x "
        f"{len(CATEGORY_MEASUREMENTS)} categories + shipped charts): median "
        f"{figures['median_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms, max "
        f"{figures['max_ms']:.2f} ms (target < {TARGET_MS:g} ms: "
        f"{'met' if figures['meets_target'] else 'NOT met'})"
    )
    example = recommendations[0]
    print(f"e.g. {example.brand} {example.category}: {example.size}; {'; '.join(example.reasons)}")
    write_report("size_recommendation", RESULTS, figures=figures)


if __name__ == "__main__":
    main()
