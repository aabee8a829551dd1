"""Photo measurement on chosen subjects, for development: what a change does before the
benchmark is run (issue 20).

    python bench/photo_diagnose.py regular@812000:80 --jobs 2
    python bench/photo_diagnose.py regular@812000:80 natural@811000:80 \\
        --set adapters.estimation.refinement.ROUNDS=9 --output /tmp/rounds9.json

Not a benchmark. It runs the estimator the way ``bench/photo_measurement.py`` does (the same
cached subjects, ``run_condition``), and then it reads what was rendered: each subject's true
clothing offsets against the ones the fit solved for, and the errors of people with and
without long hair, by gender, and by body-mass index. ``--set MODULE.NAME=VALUE`` replaces a
constant (a Python literal) in every worker before the estimator is built. Choose designs
on calibration or development seeds (810000-813999, 950000 and up), never on the
benchmark's own (910000-913999): the tool warns about those.

A set is ``CONDITION@FIRST:COUNT`` with a condition of ``bench/photo_measurement.py``
(``rest``, ``natural``, ``regular``, ``loose``, ``no_height``). Subjects not yet cached are
rendered first (about 30 a minute on 2 cores). Per-subject rows go to ``--output`` as JSON.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import multiprocessing
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.photo_measurement import (  # noqa: E402
    CONDITIONS,
    SubjectSource,
    estimator_for,
    run_condition,
    summarise,
)

HELD_OUT = range(910_000, 914_000)
TORSO = ("chest", "waist", "hips")


def parse_set(text: str) -> tuple[str, list[int]]:
    """``regular@812000:80`` -> ("regular", [812000 .. 812079])."""
    condition, _, seeds = text.partition("@")
    first, _, count = seeds.partition(":")
    if condition not in CONDITIONS or not first.isdigit() or not count.isdigit():
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected CONDITION@FIRST:COUNT, CONDITION one of {', '.join(CONDITIONS)}"
        )
    return condition, list(range(int(first), int(first) + int(count)))


def parse_override(text: str) -> tuple[str, str, Any]:
    """``package.module.NAME=literal`` -> (module, name, value)."""
    target, _, literal = text.partition("=")
    module, _, name = target.rpartition(".")
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError) as error:
        raise argparse.ArgumentTypeError(f"{text!r}: the value is not a literal") from error
    if not module or not name:
        raise argparse.ArgumentTypeError(f"{text!r}: expected MODULE.NAME=VALUE")
    return module, name, value


def _work(job: tuple[list[tuple[str, list[int]]], list[tuple[str, str, Any]]]) -> list[Any]:
    """One worker: the overrides, then every (condition, seeds) through the estimator."""
    sets, overrides = job
    import torch

    torch.set_num_threads(1)
    for module, name, value in overrides:
        setattr(importlib.import_module(module), name, value)
    source = SubjectSource()
    estimator = estimator_for(source.space, 1)
    rows = []
    try:
        for condition, seeds in sets:
            for row in run_condition(estimator, source, CONDITIONS[condition], seeds)["rows"]:
                rows.append({"condition": condition, **row})
    finally:
        source.close()
    return rows


def _line(label: str, rows: list[dict[str, Any]]) -> str:
    """Chest, waist and hips of ``rows`` as the benchmark summarises them (``summarise``)."""
    if not rows:
        return f"  {label:<22} none"
    figures = summarise({"rows": rows})
    parts = [f"{n} {figures['mae'][n]:.2f}/{figures['bias'][n]:+.2f}" for n in TORSO]
    return f"  {label:<22} n={len(rows):<3} " + "  ".join(parts)


def summary(rows: list[dict[str, Any]]) -> list[str]:
    """MAE/bias of chest, waist and hips, by group; how well the clothing offsets were found."""
    done = [row for row in rows if "estimate" in row]
    lines = [f"{len(done)} of {len(rows)} completed (chest / waist / hips: MAE/bias, cm)"]
    lines += [
        f"  failed {row['seed']}: {row['failure']['reason']}" for row in rows if "failure" in row
    ]
    if not done:
        return lines
    lines.append(_line("all", done))
    mae = summarise({"rows": done})["mae"]
    worst = max((n for n in mae if n not in (*TORSO, "weight")), key=mae.__getitem__)
    lines.append(f"  worst other: {worst} {mae[worst]:.2f}")
    lines.append(_line("long hair seen", [r for r in done if r.get("long_hair")]))
    lines.append(_line("no long hair seen", [r for r in done if not r.get("long_hair")]))
    for gender in ("female", "male"):
        lines.append(_line(gender, [r for r in done if r["gender"] == gender]))
    bmi = np.array([r["truth"]["weight"] / (r["truth"]["height"] / 100.0) ** 2 for r in done])
    for low, high in ((0, 20), (20, 25), (25, 30), (30, 99)):
        inside = [r for r, b in zip(done, bmi, strict=True) if low <= b < high]
        lines.append(_line(f"BMI {low}-{high}", inside))
    solved = [r for r in done if "clothing_offset_cm" in r and r.get("outfit")]
    for index, garment, key in ((0, "top", "top_offset_m"), (1, "trousers", "bottom_offset_m")):
        pairs = np.array(
            [(r["clothing_offset_cm"][index], 100.0 * r["outfit"][key]) for r in solved]
        )
        if len(pairs) < 3 or pairs[:, 1].std() == 0:
            continue
        lines.append(
            f"  {garment} offset: solved {pairs[:, 0].mean():.2f} +- {pairs[:, 0].std():.2f}, "
            f"true {pairs[:, 1].mean():.2f} +- {pairs[:, 1].std():.2f} cm, "
            f"correlation {np.corrcoef(pairs.T)[0, 1]:.2f}"
        )
    seconds = [r["seconds"] for r in done]
    lines.append(
        f"  time per avatar {np.mean(seconds):.2f} s mean (not a timing: workers share cores)"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sets", nargs="+", type=parse_set, help="CONDITION@FIRST:COUNT")
    parser.add_argument(
        "--set", dest="overrides", action="append", type=parse_override, default=[],
        metavar="MODULE.NAME=VALUE", help="replace a constant (a Python literal)",
    )  # fmt: skip
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--output", type=Path, help="the rows as JSON")
    arguments = parser.parse_args(argv)
    held_out = sorted({seed for _, seeds in arguments.sets for seed in seeds if seed in HELD_OUT})
    if held_out:
        print(f"warning: {len(held_out)} of these seeds are the benchmark's held-out subjects")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    jobs = max(1, arguments.jobs)
    # Every worker takes every jobs-th seed of each set, so each sees every condition.
    shares = [
        ([(c, seeds[k::jobs]) for c, seeds in arguments.sets], arguments.overrides)
        for k in range(jobs)
    ]
    if jobs == 1:
        parts = [_work(shares[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            parts = pool.map(_work, shares)
    rows = sorted((row for part in parts for row in part), key=lambda r: r["seed"])
    for condition in dict.fromkeys(name for name, _ in arguments.sets):
        print(f"== {condition} ==")
        print("\n".join(summary([r for r in rows if r["condition"] == condition])))
    if arguments.output:
        arguments.output.write_text(json.dumps(rows, indent=1) + "\n")
        print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
