"""Photo measurement on held-out subjects: rendered photos through the whole pipeline.

    python bench/photo_measurement.py                 # 40 subjects, with and without height
    python bench/photo_measurement.py --calibrate     # also (re)write the confidence calibration

Each subject (``tests/support/photo_subjects.py``: bodies, cameras and backgrounds apart from
training's) is rendered front and side as JPEG photos, cleaned and decoded like an upload,
segmented and keypointed by the MediaPipe detector, then measured by the default estimator
(features, ONNX regressor, refinement, anthropometry). Printed and written to
``bench/results/photo_measurement.json``: per measurement the mean absolute error (cm, kg),
the mean vertex-to-vertex error of the fitted mesh (mm), with the height given and without,
the same for the regressor alone (no refinement), the share of true values inside the 90 %
interval each confidence stands for, and the time from processed photos to measurements.

``--calibrate`` first runs ``--calibration-subjects`` other subjects (other seeds) and writes
``adapters/estimation/data/photo_calibration.json``: per measurement the one-sigma error as a
share of the value, so that 90 % of the calibration errors fall inside +-1.645 sigma.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.body.parametric import CONFIDENCE_SCALE  # noqa: E402
from adapters.estimation.photo_estimator import (  # noqa: E402
    CALIBRATION_PATH,
    Calibration,
    PhotoShapeEstimator,
)
from application.errors import PhotoMeasurementFailed  # noqa: E402
from bench.report import write_report  # noqa: E402
from domain.measurements import MEASUREMENT_NAMES  # noqa: E402
from domain.photo_checks import BodyHints  # noqa: E402
from tests.support.bodies import anny_space  # noqa: E402
from tests.support.photo_subjects import Subject, make_subject, vertex_error_mm  # noqa: E402

SUBJECT_CACHE = Path("~/.cache/avatar-service/photo-bench").expanduser()
TARGET_TORSO_CM, TARGET_OTHER_CM = 1.0, 1.5
TARGET_VERTEX_MM, TARGET_SECONDS = 10.0, 1.5
TORSO = ("chest", "waist", "hips")
SETTINGS = (("with_height", True), ("without_height", False))


def subjects(first_seed: int, count: int) -> list[Subject]:
    """Rendered and detected subjects, cached on disk (MediaPipe takes about a second each)."""
    from adapters.vision.mediapipe_detector import MediaPipePersonDetector

    space = anny_space()
    detector: Any = None
    result = []
    for seed in range(first_seed, first_seed + count):
        path = SUBJECT_CACHE / f"subject-{seed}.pkl"
        if path.exists():
            result.append(pickle.loads(path.read_bytes()))
            continue
        if detector is None:
            detector = MediaPipePersonDetector(instances=1)
        subject = make_subject(space, detector, seed, exif_focal=seed % 2 == 0)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(subject))
        result.append(subject)
    return result


def run(estimator: PhotoShapeEstimator, group: list[Subject]) -> dict[str, Any]:
    """Per setting: errors per subject and measurement, vertex errors, confidences, times."""
    space = anny_space()
    out: dict[str, Any] = {}
    for label, with_height in SETTINGS:
        rows = []
        failures = []
        for subject in group:
            hints = BodyHints(height_cm=subject.truth["height"] if with_height else None)
            started = time.perf_counter()
            try:
                estimate = estimator.estimate_sync(subject.views, hints)
            except PhotoMeasurementFailed as error:
                failures.append({"seed": subject.seed, "reason": error.reason})
                continue
            elapsed = time.perf_counter() - started
            fitted = np.array([estimate.shape.parameters[n] for n in space.parameter_names])
            rows.append(
                {
                    "seed": subject.seed,
                    "seconds": elapsed,
                    "vertex_mm": vertex_error_mm(space, fitted, subject.parameters),
                    "errors": {
                        n: estimate.measurements[n] - subject.truth[n] for n in MEASUREMENT_NAMES
                    },
                    "truth": {n: subject.truth[n] for n in MEASUREMENT_NAMES},
                    "confidence": dict(estimate.confidence),
                }
            )
        out[label] = {"rows": rows, "failures": failures}
    return out


def summarise(results: dict[str, Any]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for label, data in results.items():
        rows = data["rows"]
        if not rows:
            summary[label] = {"subjects": 0, "failures": data["failures"]}
            continue
        mae = {
            n: round(statistics.fmean(abs(r["errors"][n]) for r in rows), 3)
            for n in MEASUREMENT_NAMES
        }
        bias = {
            n: round(statistics.fmean(r["errors"][n] for r in rows), 3) for n in MEASUREMENT_NAMES
        }
        inside = {
            n: round(
                statistics.fmean(
                    abs(r["errors"][n])
                    <= (1.0 - r["confidence"][n]) * CONFIDENCE_SCALE * r["truth"][n] + 1e-9
                    for r in rows
                ),
                3,
            )
            for n in MEASUREMENT_NAMES
        }
        seconds = sorted(r["seconds"] for r in rows)
        summary[label] = {
            "subjects": len(rows),
            "failures": data["failures"],
            "mae": mae,
            "bias": bias,
            "vertex_error_mm": round(statistics.fmean(r["vertex_mm"] for r in rows), 2),
            "share_inside_90_interval": inside,
            "mean_confidence": {
                n: round(statistics.fmean(r["confidence"][n] for r in rows), 3)
                for n in MEASUREMENT_NAMES
            },
            "seconds_mean": round(statistics.fmean(seconds), 3),
            "seconds_p95": round(seconds[int(0.95 * (len(seconds) - 1))], 3),
        }
    return summary


def calibration(results: dict[str, Any]) -> dict[str, Any]:
    """One-sigma error shares so 90 % of these errors fall inside +-1.645 sigma."""
    out: dict[str, Any] = {}
    for label, data in results.items():
        shares = {}
        for name in MEASUREMENT_NAMES:
            relative = [abs(r["errors"][name]) / r["truth"][name] for r in data["rows"]]
            shares[name] = round(float(np.quantile(relative, 0.9)) / 1.645, 5)
        out[label] = {"sigma_share": shares, "subjects": len(data["rows"])}
    return out


def print_table(summary: dict[str, Any], regressor_only: dict[str, Any]) -> None:
    for label, _ in SETTINGS:
        full, plain = summary[label], regressor_only.get(label, {})
        if not full.get("subjects"):
            print(f"{label}: no subject measured")
            continue
        print(f"\n{label} ({full['subjects']} subjects, {len(full['failures'])} failures)")
        print(
            f"{'measurement':<20}{'MAE full':>10}{'bias':>8}{'regressor':>11}{'in 90%':>8}"
            f"{'target':>8}"
        )
        for name in MEASUREMENT_NAMES:
            target = TARGET_TORSO_CM if name in TORSO else TARGET_OTHER_CM
            unit_target = "" if name == "weight" else f"{target:.1f}"
            plain_mae = plain.get("mae", {}).get(name, float("nan"))
            print(
                f"{name:<20}{full['mae'][name]:>10.2f}{full['bias'][name]:>8.2f}{plain_mae:>11.2f}"
                f"{full['share_inside_90_interval'][name]:>8.2f}{unit_target:>8}"
            )
        print(
            f"vertex error {full['vertex_error_mm']:.1f} mm (regressor alone "
            f"{plain.get('vertex_error_mm', float('nan')):.1f}); target < {TARGET_VERTEX_MM:g}"
        )
        print(
            f"time per avatar {full['seconds_mean']:.2f} s mean, {full['seconds_p95']:.2f} s p95;"
            f" target <= {TARGET_SECONDS:g} s"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=40)
    parser.add_argument("--seed", type=int, default=900_000)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--calibration-subjects", type=int, default=40)
    parser.add_argument("--calibration-seed", type=int, default=800_000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--output", type=Path, default=ROOT / "bench/results/photo_measurement.json"
    )
    arguments = parser.parse_args(argv)
    import torch

    torch.set_num_threads(arguments.threads)
    os.environ.setdefault("OMP_NUM_THREADS", str(arguments.threads))
    space = anny_space()
    estimator = PhotoShapeEstimator.from_package(space, threads=arguments.threads)
    calibration_figures = None
    if arguments.calibrate:
        group = subjects(arguments.calibration_seed, arguments.calibration_subjects)
        calibration_figures = calibration(run(estimator, group))
        CALIBRATION_PATH.write_text(
            json.dumps(
                {
                    "about": "one-sigma error per measurement as a share of the value; "
                    "written by bench/photo_measurement.py --calibrate",
                    "seeds": [
                        arguments.calibration_seed,
                        arguments.calibration_seed + arguments.calibration_subjects - 1,
                    ],
                    **calibration_figures,
                },
                indent=2,
            )
            + "\n"
        )
        print(f"wrote {CALIBRATION_PATH}")
        estimator = PhotoShapeEstimator(
            space,
            estimator._engine,
            estimator._info,
            calibration=Calibration.load(),
        )
    group = subjects(arguments.seed, arguments.subjects)
    estimator.estimate_sync(group[0].views, BodyHints())  # warm-up: imports, first runs
    full = summarise(run(estimator, group))
    plain_estimator = PhotoShapeEstimator(
        space, estimator._engine, estimator._info, refine_iterations=0
    )
    regressor_only = summarise(run(plain_estimator, group))
    print_table(full, regressor_only)
    write_report(
        "photo_measurement",
        arguments.output,
        settings={
            "subjects": arguments.subjects,
            "seeds": [arguments.seed, arguments.seed + arguments.subjects - 1],
            "threads": arguments.threads,
        },
        targets={
            "mae_cm_torso": TARGET_TORSO_CM,
            "mae_cm_other": TARGET_OTHER_CM,
            "vertex_error_mm": TARGET_VERTEX_MM,
            "seconds_per_avatar": TARGET_SECONDS,
        },
        full_pipeline=full,
        regressor_only=regressor_only,
        calibration=calibration_figures,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
