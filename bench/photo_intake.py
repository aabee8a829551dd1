"""Benchmark of the photo intake: upload-to-processed time, and memory for a 10 MB upload.

Starts one ``avatar-service serve`` (embedded profile: SQLite, filesystem store, in-process
worker) and, for ``--pairs`` front+side pairs of rendered bodies (different bodies from the
anny population, ``--width`` x ``--height`` JPEGs with a phone's EXIF), measures the time
from the start of ``POST /api/v1/avatars`` (multipart) until both photos are ``processed``
(polled every 10 ms): p50 and p95. Target of issue 5: p50 at most 0.5 s on 2 CPU cores.

Then the server's peak resident memory above its idle level (``VmHWM`` after resetting it
through ``/proc/<pid>/clear_refs``, minus ``VmRSS`` at idle) while it takes one 10 MB photo
(3024 x 4032, just under the limit) and processes it. Target: under 100 MB.

    python bench/photo_intake.py [--pairs 20] [--width 1536 --height 2048]

Prints the figures and writes bench/results/photo_intake.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.body.render import Camera, render  # noqa: E402
from application.ports import Gender  # noqa: E402
from bench.http_read import issue_token, running_server  # noqa: E402
from bench.report import write_report  # noqa: E402
from tests.support import photos  # noqa: E402
from tests.support.bodies import anny_geometry, anny_space  # noqa: E402
from tests.support.processes import free_port, service_environment  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "photo_intake.json"
API = "/api/v1/avatars"
TARGET_P50_S = 0.5
TARGET_PEAK_MB = 100.0
MAX_PHOTO_BYTES = 10 * 1024 * 1024


def pair_photos(count: int, width: int, height: int, seed: int = 7) -> list[tuple[bytes, bytes]]:
    """Front and side JPEGs of ``count`` bodies drawn from the anny population."""
    space = anny_space()
    rng = np.random.default_rng(seed)
    camera = replace(photos.PORTRAIT, width_px=width, height_px=height)
    background = photos.room(width, height)
    pairs = []
    for parameters in space.sample(rng, count, None):
        geometry = space.geometry(parameters)
        pairs.append(
            tuple(
                photos.jpeg(
                    photos.body_rendering(geometry, view, camera, background=background).image,
                    exif=photos.camera_exif(),
                )
                for view in ("front", "side")
            )
        )
    return pairs  # type: ignore[return-value]


def ten_megabyte_photo() -> bytes:
    """A 3024 x 4032 front photo with sensor noise, encoded to just under 10 MB."""
    camera = replace(photos.PORTRAIT, width_px=3024, height_px=4032)
    picture = photos.body_rendering(anny_geometry(Gender.FEMALE), "front", camera).image
    rng = np.random.default_rng(1)
    best = b""
    for sigma in (6.0, 9.0, 12.0, 16.0, 20.0):
        noisy = np.clip(picture + rng.normal(0, sigma, picture.shape), 0, 255).astype(np.uint8)
        for quality in (90, 93, 95, 97):
            data = photos.jpeg(noisy, quality=quality, exif=photos.camera_exif())
            if len(best) < len(data) <= MAX_PHOTO_BYTES:
                best = data
    return best


def multipart(front: bytes, side: bytes | None = None) -> tuple[dict[str, str], list[Any]]:
    data = {"photos[0][viewType]": "front"}
    files = [("photos[0][file]", ("front.jpg", front, "image/jpeg"))]
    if side is not None:
        data["photos[1][viewType]"] = "side"
        files.append(("photos[1][file]", ("side.jpg", side, "image/jpeg")))
    return data, files


def upload_until_processed(
    client: httpx.Client, front: bytes, side: bytes | None, name: str
) -> tuple[float, float]:
    """(seconds until the create answered, seconds until every photo was processed)."""
    data, files = multipart(front, side)
    data |= {"name": name, "avatarType": "photo_based"}
    started = time.perf_counter()
    response = client.post(API, data=data, files=files)
    answered = time.perf_counter() - started
    if response.status_code != 201:
        raise SystemExit(f"upload refused: {response.status_code} {response.text[:500]}")
    avatar_id = response.json()["id"]
    while True:
        found = client.get(f"{API}/{avatar_id}/photos").json()["photos"]
        statuses = {photo["status"] for photo in found}
        if statuses <= {"processed", "failed"}:
            if statuses != {"processed"}:
                raise SystemExit(f"processing failed: {found}")
            return answered, time.perf_counter() - started
        if time.perf_counter() - started > 60:
            raise SystemExit(f"not processed within 60 s: {found}")
        time.sleep(0.01)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process (every thread), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kb(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def render_seconds() -> float:
    geometry = anny_geometry(Gender.FEMALE)
    camera = Camera(width_px=1024, height_px=768, distance_m=3.5)
    render(geometry, camera)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        render(geometry, camera)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--width", type=int, default=1536)
    parser.add_argument("--height", type=int, default=2048)
    parser.add_argument("--output", type=Path, default=RESULTS)
    options = parser.parse_args()

    print(f"rendering {options.pairs + options.warmup} front+side pairs and a 10 MB photo...")
    pairs = pair_photos(options.pairs + options.warmup, options.width, options.height)
    big = ten_megabyte_photo()
    render_s = render_seconds()
    with tempfile.TemporaryDirectory(prefix="bench-photos-") as folder:
        data_dir = Path(folder)
        env = service_environment(AVATAR_DATA_DIR=str(data_dir), AVATAR_LOG_LEVEL="warning")
        port = free_port()
        with running_server(env, port, data_dir / "server.log") as server:
            token = issue_token(env, uuid.uuid4())
            headers = {"Authorization": f"Bearer {token}"}
            with httpx.Client(
                base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=60
            ) as client:
                answered, processed, cpu = [], [], []
                for number, (front, side) in enumerate(pairs):
                    cpu_before = cpu_seconds(server.pid)
                    upload_s, total_s = upload_until_processed(
                        client, front, side, f"pair {number}"
                    )
                    if number >= options.warmup:
                        answered.append(upload_s)
                        processed.append(total_s)
                        cpu.append(cpu_seconds(server.pid) - cpu_before)
                time.sleep(1.0)
                idle = memory_kb(server.pid)
                Path(f"/proc/{server.pid}/clear_refs").write_text("5")  # VmHWM := VmRSS
                big_upload_s, big_total_s = upload_until_processed(client, big, None, "ten MB")
                peak = memory_kb(server.pid)
    peak_above_idle_mb = (peak["VmHWM"] - idle["VmRSS"]) / 1024
    figures = {
        "pairs": len(processed),
        "photo_size_px": [options.width, options.height],
        "photo_bytes_mean": int(statistics.mean(len(f) + len(s) for f, s in pairs) / 2),
        "upload_to_processed_p50_s": round(statistics.median(processed), 3),
        "upload_to_processed_p95_s": round(percentile(processed, 0.95), 3),
        "upload_to_processed_max_s": round(max(processed), 3),
        "server_cpu_per_pair_s": round(statistics.median(cpu), 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "upload_answered_p50_s": round(statistics.median(answered), 3),
        "upload_answered_p95_s": round(percentile(answered, 0.95), 3),
        "target_p50_s": TARGET_P50_S,
        "p50_met": statistics.median(processed) <= TARGET_P50_S,
        "ten_mb_photo_bytes": len(big),
        "ten_mb_upload_answered_s": round(big_upload_s, 3),
        "ten_mb_upload_to_processed_s": round(big_total_s, 3),
        "idle_rss_mb": round(idle["VmRSS"] / 1024, 1),
        "peak_rss_mb": round(peak["VmHWM"] / 1024, 1),
        "peak_above_idle_mb": round(peak_above_idle_mb, 1),
        "target_peak_mb": TARGET_PEAK_MB,
        "peak_met": peak_above_idle_mb < TARGET_PEAK_MB,
        "render_1024x768_s": round(render_s, 3),
    }
    print()
    print(f"front+side pairs of {options.width}x{options.height} JPEGs: {len(processed)}")
    print(
        f"  upload to processed  p50 {figures['upload_to_processed_p50_s']:.3f} s   "
        f"p95 {figures['upload_to_processed_p95_s']:.3f} s   "
        f"(target p50 <= {TARGET_P50_S} s: {'met' if figures['p50_met'] else 'MISSED'})"
    )
    print(
        f"  server CPU per pair (polling included) {figures['server_cpu_per_pair_s']:.3f} s; "
        f"load average {figures['load_average_1min']} on {os.cpu_count()} CPUs"
    )
    print(
        f"  upload answered      p50 {figures['upload_answered_p50_s']:.3f} s   "
        f"p95 {figures['upload_answered_p95_s']:.3f} s"
    )
    print(
        f"10 MB photo ({len(big)} bytes, 3024x4032): answered {big_upload_s:.2f} s, "
        f"processed {big_total_s:.2f} s"
    )
    print(
        f"  server memory: idle {figures['idle_rss_mb']} MB, peak {figures['peak_rss_mb']} MB, "
        f"peak above idle {figures['peak_above_idle_mb']} MB "
        f"(target < {TARGET_PEAK_MB:.0f} MB: {'met' if figures['peak_met'] else 'MISSED'})"
    )
    print(f"render of a body at 1024x768: {render_s * 1000:.0f} ms")
    write_report(
        "photo_intake",
        options.output,
        settings=vars(options) | {"output": str(options.output)},
        figures=figures,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
