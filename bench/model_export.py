"""Model export: all four levels of detail in all four formats for one anny avatar (issue 4).

Builds anny's average woman (the shared cache: ``AVATAR_BODY_MODEL_CACHE_DIR`` or
~/.cache/avatar-service/anny), then, ``--runs`` times, exports the 16 files with a fresh
exporter (nothing cached between runs) the way a generation does: one call per file, in
order, each level decimated once and shared by its formats. Prints the time of the whole
set (median and worst run), the time per level and per format, and each file's size,
vertex and triangle counts; checks the targets (whole set <= 1 s on the reference machine's
2 cores, every file < 5 MB, the mobile GLB < 150 KB). Writes bench/results/model_export.json.

    python bench/model_export.py            # --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.export.exporter import BodyMeshExporter
from adapters.export.lod import TRIANGLE_BUDGETS
from application.ports import Gender
from bench.report import write_report
from domain.model_file import MAX_MODEL_FILE_BYTES, LodLevel, ModelFormat
from tests.support.bodies import anny_geometry

TARGETS = {
    "whole_set_s": 1.0,
    "max_file_bytes": MAX_MODEL_FILE_BYTES,
    "mobile_glb_bytes": 150 * 1024,
}
SKIN_TONE = "#c8a58c"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--output", type=Path, default=Path(__file__).parent / "results" / "model_export.json"
    )
    args = parser.parse_args()

    started = time.perf_counter()
    body = anny_geometry(Gender.FEMALE)
    print(
        f"anny body: {body.vertex_count} vertices, {body.face_count} triangles, "
        f"{body.bone_count} bones (built in {time.perf_counter() - started:.1f} s)"
    )
    BodyMeshExporter().export_now(body, ModelFormat.GLB, LodLevel.MOBILE, SKIN_TONE)  # warm-up

    totals: list[float] = []
    per_file: dict[tuple[LodLevel, ModelFormat], list[float]] = {}
    files = {}
    for _ in range(args.runs):
        exporter = BodyMeshExporter()
        run_started = time.perf_counter()
        for level in LodLevel:
            for model_format in ModelFormat:
                file_started = time.perf_counter()
                exported = exporter.export_now(body, model_format, level, SKIN_TONE)
                per_file.setdefault((level, model_format), []).append(
                    time.perf_counter() - file_started
                )
                files[level, model_format] = exported
        totals.append(time.perf_counter() - run_started)

    print(
        f"\n{'level':8} {'format':6} {'budget':>7} {'bytes':>10} {'vertices':>9} "
        f"{'triangles':>9} {'ms':>7}"
    )
    rows = []
    for (level, model_format), exported in files.items():
        median_ms = statistics.median(per_file[level, model_format]) * 1000
        budget = TRIANGLE_BUDGETS[level]
        rows.append(
            {
                "level": level.value,
                "format": model_format.value,
                "triangle_budget": budget,
                "bytes": len(exported.data),
                "vertices": exported.vertex_count,
                "triangles": exported.face_count,
                "median_ms": round(median_ms, 1),
            }
        )
        print(
            f"{level.value:8} {model_format.value:6} {budget or 'full':>7} "
            f"{len(exported.data):>10,} {exported.vertex_count:>9,} "
            f"{exported.face_count:>9,} {median_ms:>7.1f}"
        )
    # the first format of a level pays for its decimation (and glTF for the shared document)
    by_level = {
        level.value: round(sum(statistics.median(per_file[level, f]) for f in ModelFormat), 3)
        for level in LodLevel
    }
    by_format = {
        f.value: round(sum(statistics.median(per_file[level, f]) for level in LodLevel), 3)
        for f in ModelFormat
    }
    median_s, worst_s = statistics.median(totals), max(totals)
    largest = max(len(e.data) for e in files.values())
    mobile_glb = len(files[LodLevel.MOBILE, ModelFormat.GLB].data)
    met = {
        "whole_set_s": median_s <= TARGETS["whole_set_s"],
        "max_file_bytes": largest < TARGETS["max_file_bytes"],
        "mobile_glb_bytes": mobile_glb < TARGETS["mobile_glb_bytes"],
    }
    print(
        f"\nwhole set of 16 files: median {median_s:.3f} s, worst {worst_s:.3f} s "
        f"over {args.runs} runs (target <= {TARGETS['whole_set_s']} s)"
    )
    print(f"seconds per level: {by_level}")
    print(f"seconds per format: {by_format}")
    print(f"largest file {largest:,} bytes (< 5 MB), mobile GLB {mobile_glb:,} bytes (< 150 KB)")
    print("targets met: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in met.items()))
    write_report(
        "model_export",
        args.output,
        body={
            "model": body.model_name,
            "vertices": body.vertex_count,
            "triangles": body.face_count,
            "bones": body.bone_count,
        },
        runs=args.runs,
        whole_set_s={
            "median": round(median_s, 3),
            "worst": round(worst_s, 3),
            "all": [round(t, 3) for t in totals],
        },
        seconds_per_level=by_level,
        seconds_per_format=by_format,
        files=rows,
        targets=TARGETS,
        met=met,
    )


if __name__ == "__main__":
    main()
