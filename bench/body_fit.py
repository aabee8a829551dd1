"""Fitting the body model to measurements: accuracy and time (issue 3's benchmark).

Draws bodies from the model's own population (a seed the shipped population statistics
were not built with), measures them with the engine, and asks the fitter for a body with
those measurements: the full vector, and a short tailor's vector (height, weight, chest,
waist, hips) whose other measurements are filled from the population. Prints per
measurement mean and 95th-percentile absolute error (cm, kg) and the fit time; compares the
seed guide's method (convex hull of a 2 cm slab of vertices at fixed fractions of the
height) with the engine's definitions on the same bodies. Writes bench/results/body_fit.json.

    python bench/body_fit.py            # --bodies 200 --seed 7
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy.spatial import ConvexHull

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.body.anthropometry import REGIONS, measure, vertex_regions
from application.ports import FitRequest, Gender
from bench.report import write_report
from domain.measurements import MEASUREMENT_NAMES
from tests.support.bodies import anny_body_model, anny_space

TARGETS = {"mean_cm": 0.5, "height_cm": 0.3, "weight_kg": 1.0, "p95_cm": 1.0, "median_s": 1.0}
SHORT = ("height", "weight", "chest", "waist", "hips")
# The seed guide's fixed fractions of the height, and its slab half-thickness (2 cm).
SEED_FRACTIONS = {
    "chest": 0.72,
    "waist": 0.58,
    "hips": 0.52,
    "neckCircumference": 0.85,
    "thigh": 0.45,
}


def seed_method(vertices: np.ndarray, keep: np.ndarray | None = None) -> dict[str, float]:
    """The seed's slab hulls; ``keep`` restricts them to some vertices (arms removed)."""
    height = vertices[:, 2].max() - vertices[:, 2].min()
    if keep is not None:
        vertices = vertices[keep]
    values = {}
    for name, fraction in SEED_FRACTIONS.items():
        z = vertices[:, 2].min() + fraction * height
        slab = vertices[np.abs(vertices[:, 2] - z) < 0.02][:, :2]
        values[name] = float(ConvexHull(slab).area) * 100 if len(slab) >= 3 else float("nan")
    return values


def summarise(errors: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {
        name: {
            "mean": round(float(np.mean(np.abs(v))), 3),
            "p95": round(float(np.percentile(np.abs(v), 95)), 3),
            "max": round(float(np.max(np.abs(v))), 3),
        }
        for name, v in errors.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bodies", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, default=Path("bench/results/body_fit.json"))
    args = parser.parse_args()

    space, model = anny_space(), anny_body_model()
    rng = np.random.default_rng(args.seed)
    half = args.bodies // 2
    parameters = np.vstack(
        [space.sample(rng, half, Gender.FEMALE), space.sample(rng, args.bodies - half, Gender.MALE)]
    )
    genders = [Gender.FEMALE] * half + [Gender.MALE] * (args.bodies - half)
    model.fit_now(FitRequest({"height": 170.0}, Gender.FEMALE))  # warm-up

    full_errors: dict[str, list[float]] = {n: [] for n in MEASUREMENT_NAMES}
    short_given: dict[str, list[float]] = {n: [] for n in SHORT}
    short_filled: dict[str, list[float]] = {n: [] for n in MEASUREMENT_NAMES if n not in SHORT}
    seed_vs_engine: dict[str, list[float]] = {n: [] for n in SEED_FRACTIONS}
    # The seed sliced a T-posed SMPL body; on the A-pose its slabs catch the arms, so the
    # same method is also run with the arms' vertices removed (its height fractions alone).
    seed_no_arms: dict[str, list[float]] = {n: [] for n in SEED_FRACTIONS}
    full_times, short_times, rounds = [], [], []
    for i, (p, gender) in enumerate(zip(parameters, genders, strict=True)):
        geometry = space.geometry(p)
        truth = measure(geometry, gender).values  # the chest of the gender (ADR 42)
        for name, value in seed_method(geometry.vertices).items():
            seed_vs_engine[name].append(value - truth[name])
        regions = vertex_regions(geometry)
        arms = np.isin(regions, [REGIONS.index("arm_l"), REGIONS.index("arm_r")])
        for name, value in seed_method(geometry.vertices, ~arms).items():
            seed_no_arms[name].append(value - truth[name])
        started = time.perf_counter()
        fitted = model.fit_now(FitRequest(truth, gender))
        full_times.append(time.perf_counter() - started)
        rounds.append(model.last_report.rounds if model.last_report else 0)
        for name in MEASUREMENT_NAMES:
            full_errors[name].append(fitted.measurements[name] - truth[name])
        started = time.perf_counter()
        short = model.fit_now(FitRequest({n: truth[n] for n in SHORT}, gender))
        short_times.append(time.perf_counter() - started)
        for name in MEASUREMENT_NAMES:
            bucket = short_given if name in SHORT else short_filled
            bucket[name].append(short.measurements[name] - truth[name])
        if (i + 1) % 20 == 0:
            print(f"  {i + 1}/{args.bodies} bodies, median fit {np.median(full_times):.2f} s")

    full = summarise(full_errors)

    def differences(found: dict[str, list[float]]) -> dict[str, dict[str, float]]:
        return {
            name: {
                "mean_difference": round(float(np.nanmean(d)), 2),
                "mean_abs_difference": round(float(np.nanmean(np.abs(d))), 2),
            }
            for name, d in found.items()
        }

    seed, seed_without_arms = differences(seed_vs_engine), differences(seed_no_arms)
    times = {
        "full_vector": {
            "median_s": round(float(np.median(full_times)), 3),
            "p95_s": round(float(np.percentile(full_times, 95)), 3),
            "mean_rounds": round(float(np.mean(rounds)), 2),
        },
        "short_vector": {
            "median_s": round(float(np.median(short_times)), 3),
            "p95_s": round(float(np.percentile(short_times, 95)), 3),
        },
    }
    print(f"\nFull vector given ({args.bodies} bodies): |fitted - requested|")
    print(f"{'measurement':<18} {'mean':>7} {'p95':>7} {'max':>7}")
    for name, row in full.items():
        print(f"{name:<18} {row['mean']:>7.3f} {row['p95']:>7.3f} {row['max']:>7.3f}")
    print("\nShort vector (height, weight, chest, waist, hips): given / filled from population")
    for name, row in {**summarise(short_given), **summarise(short_filled)}.items():
        kind = "given" if name in SHORT else "filled"
        print(f"{name:<18} {kind:<7} mean {row['mean']:>6.2f}  p95 {row['p95']:>6.2f}")
    print("\nSeed guide's fixed fractions minus the engine's definitions (cm)")
    for name, row in seed.items():
        mean, spread = row["mean_difference"], row["mean_abs_difference"]
        bare = seed_without_arms[name]
        print(
            f"{name:<18} mean {mean:>7.2f}  mean |d| {spread:>6.2f}   arms removed: mean "
            f"{bare['mean_difference']:>6.2f}  mean |d| {bare['mean_abs_difference']:>5.2f}"
        )
    print(
        f"\nfit time, full vector: median {times['full_vector']['median_s']} s, "
        f"p95 {times['full_vector']['p95_s']} s; short vector median "
        f"{times['short_vector']['median_s']} s"
    )
    lengths = [n for n in MEASUREMENT_NAMES if n not in ("height", "weight")]
    verdict = {
        "girths_and_lengths_mean_le_0.5cm": all(full[n]["mean"] <= 0.5 for n in lengths),
        "height_le_0.3cm": full["height"]["mean"] <= 0.3,
        "weight_le_1kg": full["weight"]["mean"] <= 1.0,
        "p95_le_1cm": all(full[n]["p95"] <= 1.0 for n in [*lengths, "height"]),
        "median_time_le_1s": times["full_vector"]["median_s"] <= 1.0,
    }
    print("targets:", verdict)
    write_report(
        "body_fit",
        args.output,
        settings={"bodies": args.bodies, "seed": args.seed, "model": space.model_name},
        full_vector=full,
        short_vector={"given": summarise(short_given), "filled": summarise(short_filled)},
        seed_method_vs_engine=seed,
        seed_method_without_arms_vs_engine=seed_without_arms,
        times=times,
        targets=TARGETS,
        verdict=verdict,
    )


if __name__ == "__main__":
    main()
