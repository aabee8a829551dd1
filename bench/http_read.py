"""Read benchmark: GET /api/v1/avatars/{id} and GET /api/v1/avatars?limit=20 under wrk.

`avatar-service serve --workers N` for each N of --workers (1 and 2), each with the read
cache off and on (ADR 54), on PostgreSQL (found or started by tests.support.postgres, in a
throwaway database); 200 measurement-based avatars seeded once (2 over the API, fitted and
exported, the rest copied through the repositories in seconds), then wrk with many
concurrent keep-alive connections per scenario. Prints a table and writes
bench/results/http_read.json. Targets (issue 2): p95 under 200 ms and at least 3,000
requests/s on one process. The targets are reported, never asserted.

    python bench/http_read.py [--duration 10] [--connections 1000] [--avatars 200]
                              [--workers 1,2] [--cache both|on|off]

Needs `wrk` on the PATH (`apt-get install wrk`). `--profile` also samples the server with
py-spy (`pip install py-spy`) during each scenario; the figures of a profiled run are lower.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/http_read.py` puts bench/ first, not the root
    sys.path.insert(0, str(ROOT))

from tests.support.data import SPEC_MEASUREMENTS  # noqa: E402
from tests.support.postgres import fresh_database, postgres_server  # noqa: E402
from tests.support.processes import free_port, service_command, service_environment  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "http_read.json"
TARGET_P95_MS = 200.0
TARGET_RPS = 3000.0
RESULT_MARKER = "BENCH_RESULT "

# wrk runs one Lua state per thread. `ids` rotates the GET-by-id scenario across the seeded
# avatars, each thread starting at a different offset; `done` prints one JSON line that the
# Python side parses (latency figures are microseconds).
LUA_TEMPLATE = """
local token = "{token}"
local mode = "{mode}"
local list_path = "{list_path}"
local ids = {{ {ids} }}
local counter = 0
local threads = {{}}
local next_offset = 0

wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

function setup(thread)
  thread:set("offset", next_offset)
  next_offset = next_offset + 7919
  table.insert(threads, thread)
end

function init(args)
  counter = tonumber(offset) or 0
end

function request()
  counter = counter + 1
  if mode == "get" then
    return wrk.format("GET", "/api/v1/avatars/" .. ids[(counter % #ids) + 1])
  end
  return wrk.format("GET", list_path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{marker}{{"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {{"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}, ' ..
    '"latency_us": {{"p50": %d, "p90": %d, "p95": %d, "p99": %d, "mean": %.1f, ' ..
    '"stdev": %.1f, "max": %d}}}}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.stdev, latency.max))
end
"""


@dataclass(frozen=True)
class Scenario:
    name: str
    mode: str  # "get" or "list"
    path: str  # a representative path, for the sanity check and the report


# -- process limits and machine facts --------------------------------------------------------


def raise_open_files_limit(needed: int) -> dict[str, Any]:
    """Raise RLIMIT_NOFILE's soft limit to the hard limit, for us and every child we start
    (the server and wrk inherit it): 1000 connections need about 1000 descriptors on each side.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    before = soft
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        print(
            f"warning: RLIMIT_NOFILE is {soft} (hard {hard}); {needed} connections need more. "
            "Raise the hard limit (ulimit -Hn, /etc/security/limits.conf) and rerun.",
            file=sys.stderr,
        )
    return {"soft_before": before, "soft": soft, "hard": hard}


def _read_int(path: str) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int(Path(path).read_text().split()[0])
    return None


def machine_info(wrk: str, nofile: dict[str, Any]) -> dict[str, Any]:
    cpu_model = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    wrk_version = subprocess.run([wrk, "-v"], capture_output=True, text=True)
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": cpu_model,
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "wrk": (wrk_version.stdout + wrk_version.stderr).strip().splitlines()[0],
        "rlimit_nofile": nofile,
        "somaxconn": _read_int("/proc/sys/net/core/somaxconn"),
    }


def _package_versions() -> dict[str, str]:
    from importlib import metadata

    versions = {}
    for name in ("litestar", "uvicorn", "uvloop", "httptools", "sqlalchemy", "asyncpg", "msgspec"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return versions


def wait_until_idle(pid: int, limit_s: float = 300, busy_share: float = 0.1) -> float:
    """Wait until the server stops using CPU; the seconds waited.

    Neither uvicorn nor Litestar abandons a request whose client went away, so after a wrk
    run under overload the server keeps working through up to ``--connections`` orphaned
    requests. Measuring before they drain would charge their work to the next run.
    """
    started = time.monotonic()
    idle_samples = 0
    previous = _tree_cpu_seconds(pid)
    while previous is not None and time.monotonic() - started < limit_s and idle_samples < 2:
        time.sleep(0.5)
        current = _tree_cpu_seconds(pid)
        if current is None:
            break
        idle_samples = idle_samples + 1 if current - previous < 0.5 * busy_share else 0
        previous = current
    return round(time.monotonic() - started, 1)


def _cpu_seconds(pid: int) -> float | None:
    """utime + stime of a process, from /proc (Linux); None elsewhere."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return None


def _tree_cpu_seconds(pid: int) -> float | None:
    """CPU seconds of a process and its children (``serve --workers N`` forks N servers)."""
    own = _cpu_seconds(pid)
    if own is None:
        return None
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                own += _cpu_seconds(int(stat.parent.name)) or 0.0
    return own


# -- the server --------------------------------------------------------------------------------


def _postgres_cpu_seconds() -> float:
    """CPU seconds of every visible process named postgres (0 if none is visible)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/comm"):
        with contextlib.suppress(OSError):
            if stat.read_text().strip() == "postgres":
                total += _cpu_seconds(int(stat.parent.name)) or 0.0
    return total


def server_environment(database_url: str, data_dir: Path) -> dict[str, str]:
    # Inherited AVATAR_* variables would change what is measured; start from none of them.
    env = service_environment(
        AVATAR_DATABASE_URL=database_url,
        AVATAR_DATA_DIR=str(data_dir),
        AVATAR_LOG_LEVEL="warning",
    )
    return env


@contextlib.contextmanager
def running_server(
    env: dict[str, str], port: int, log_path: Path, workers: int = 1
) -> Iterator[subprocess.Popen]:
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            service_command("serve", "--port", str(port), "--workers", str(workers)),
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_healthy(server, port, log_path)
            yield server
        finally:
            _stop(server)


def _wait_healthy(
    server: subprocess.Popen, port: int, log_path: Path, timeout_s: float = 60
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"the server exited with {server.returncode} before answering /health:\n"
                + log_path.read_text(errors="replace")[-3000:]
            )
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer /health within {timeout_s:.0f} s")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        server.send_signal(signal.SIGINT)  # uvicorn shuts down gracefully (lifespan runs)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def issue_token(env: dict[str, str], user_id: uuid.UUID) -> str:
    done = subprocess.run(
        service_command("token", "--user", str(user_id), "--role", "premium"),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"avatar-service token failed:\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


# -- seeding -----------------------------------------------------------------------------------


# Avatars created over the API (each fitted and exported, seconds apiece on 2 cores); the rest
# are copies of them written through the service's own repositories (sealed under the user's
# data key like any row, ADR 52), without fitting: 200 in seconds.
API_SEEDED = 2


async def seed(base_url: str, token: str, count: int, env: dict[str, str]) -> list[str]:
    """``count`` completed measurement-based avatars: a few made over the API, the rest
    copied from them (new ids and names; the same bodies and model files)."""
    made = await seed_over_api(base_url, token, min(count, API_SEEDED))
    copies = await copy_through_repositories(env, made, count - len(made))
    return made + copies


async def copy_through_repositories(
    env: dict[str, str], templates: list[str], count: int, per_transaction: int = 100
) -> list[str]:
    """Copy the avatars ``templates`` (round robin) ``count`` times with their model files,
    through the units of work of a container on the server's settings (its database and
    key ring), so the copies are sealed and read exactly as the server's own rows."""
    from dataclasses import replace

    from entrypoints.container import build_container
    from entrypoints.settings import load_settings

    if count <= 0:
        return []
    container = build_container(load_settings(env))
    factory = container.stored_uow_factory()
    originals = []
    async with factory(read_only=True) as uow:
        for template in templates:
            avatar = await uow.avatars.get(uuid.UUID(template))
            assert avatar is not None
            originals.append((avatar, await uow.model_files.list_for_avatar(avatar.id)))
    new_ids: list[str] = []
    for first in range(0, count, per_transaction):
        async with factory() as uow:
            for i in range(first, min(count, first + per_transaction)):
                avatar, files = originals[i % len(originals)]
                avatar_id = uuid.uuid4()
                measurements = avatar.measurements and replace(
                    avatar.measurements, id=uuid.uuid4(), avatar_id=avatar_id
                )
                analysis = avatar.body_analysis and replace(
                    avatar.body_analysis,
                    id=uuid.uuid4(),
                    avatar_id=avatar_id,
                    measurement_profile_id=measurements.id if measurements else uuid.uuid4(),
                )
                copied_files = {
                    f.id: replace(f, id=uuid.uuid4(), avatar_id=avatar_id) for f in files
                }
                copy = replace(
                    avatar,
                    id=avatar_id,
                    name=f"{avatar.name}-copy-{i:05d}",
                    measurements=measurements,
                    body_analysis=analysis,
                    model_file_id=None,
                    processing_job_id=None,
                    events=[],
                )
                await uow.avatars.add(copy)
                for model_file in copied_files.values():
                    await uow.model_files.add(model_file)
                if avatar.model_file_id in copied_files:
                    copy.model_file_id = copied_files[avatar.model_file_id].id
                    await uow.avatars.update(copy)
                new_ids.append(str(avatar_id))
            await uow.commit()
    await container.engine().dispose()
    return new_ids


async def seed_over_api(base_url: str, token: str, count: int, timeout_s: float = 300) -> list[str]:
    """Create ``count`` measurement-based avatars and wait until every one is completed."""
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=20)
    gate = asyncio.Semaphore(20)
    run = uuid.uuid4().hex[:6]

    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=30
    ) as client:

        async def create(i: int) -> str:
            body = {
                "name": f"bench-{run}-{i:05d}",
                "avatarType": "measurement_based",
                "measurements": SPEC_MEASUREMENTS,
            }
            async with gate:
                response = await client.post("/api/v1/avatars", json=body)
            if response.status_code != 201:
                raise SystemExit(f"creating an avatar: {response.status_code} {response.text}")
            return str(response.json()["id"])

        ids = list(await asyncio.gather(*(create(i) for i in range(count))))

        async def status(avatar_id: str) -> str:
            async with gate:
                response = await client.get(f"/api/v1/avatars/{avatar_id}")
            response.raise_for_status()
            return str(response.json()["status"])

        pending = list(ids)
        deadline = time.monotonic() + timeout_s
        while pending:
            statuses = await asyncio.gather(*(status(i) for i in pending))
            failed = [i for i, s in zip(pending, statuses, strict=True) if s == "failed"]
            if failed:
                raise SystemExit(
                    f"{len(failed)} seeded avatars failed processing, e.g. {failed[0]}"
                )
            pending = [i for i, s in zip(pending, statuses, strict=True) if s != "completed"]
            if pending and time.monotonic() > deadline:
                raise SystemExit(f"{len(pending)} avatars still not completed after {timeout_s} s")
            if pending:
                await asyncio.sleep(0.5)
    return ids


def check_scenario(base_url: str, token: str, path: str) -> int:
    """One request before the load, so a broken route is not benchmarked as 4xx replies."""
    response = httpx.get(base_url + path, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}: {response.text[:500]}")
    return len(response.content)


# -- wrk ---------------------------------------------------------------------------------------


def write_lua(folder: Path, scenario: Scenario, token: str, ids: list[str]) -> Path:
    script = LUA_TEMPLATE.format(
        token=token,
        mode=scenario.mode,
        list_path=scenario.path if scenario.mode == "list" else "",
        ids=", ".join(f'"{i}"' for i in ids),
        marker=RESULT_MARKER,
    )
    path = folder / f"{scenario.name}.lua"
    path.write_text(script)
    return path


def run_wrk(
    wrk: str, lua: Path, url: str, threads: int, connections: int, duration_s: int
) -> tuple[dict[str, Any], str]:
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration_s}s",
        "--timeout",
        "10s",
        "-s",
        str(lua),
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 120)
    result = None
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_MARKER):
            result = json.loads(line[len(RESULT_MARKER) :])
    if done.returncode != 0 or result is None:
        raise SystemExit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return result, done.stdout


def summarise(raw: dict[str, Any]) -> dict[str, Any]:
    duration_s = raw["duration_us"] / 1e6
    lat = raw["latency_us"]
    errors = raw["errors"]
    socket_errors = sum(errors[k] for k in ("connect", "read", "write", "timeout"))
    rps = raw["requests"] / duration_s if duration_s else 0.0
    p95_ms = lat["p95"] / 1000
    return {
        "requests": raw["requests"],
        "duration_s": round(duration_s, 3),
        "requests_per_s": round(rps, 1),
        "transfer_mb_per_s": round(raw["bytes"] / duration_s / 1e6, 2) if duration_s else 0.0,
        "latency_ms": {k: round(v / 1000, 2) for k, v in lat.items()},
        "status_errors": errors["status"],  # responses with status >= 400 (wrk's definition)
        "socket_errors": {k: errors[k] for k in ("connect", "read", "write", "timeout")},
        "socket_errors_total": socket_errors,
        "target_met": {
            "p95_under_200ms": p95_ms < TARGET_P95_MS,
            "at_least_3000_rps": rps >= TARGET_RPS,
        },
    }


# -- profiling (optional) ----------------------------------------------------------------------


def start_profiler(pid: int, duration_s: int, output: Path) -> subprocess.Popen | None:
    spy = shutil.which("py-spy")
    if not spy:
        print("  (--profile: py-spy is not installed; pip install py-spy)", file=sys.stderr)
        return None
    return subprocess.Popen(
        [
            spy,
            "record",
            "--pid",
            str(pid),
            "-d",
            str(max(1, duration_s - 2)),
            "--rate",
            "200",
            "--nonblocking",
            "--format",
            "raw",
            "-o",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def top_functions(folded: Path, count: int = 15) -> dict[str, list[tuple[str, float]]]:
    """Self and inclusive shares of samples per function, from py-spy's collapsed stacks."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in folded.read_text().splitlines():
        stack, _, weight = line.rpartition(" ")
        if not stack or not weight.isdigit():
            continue
        n = int(weight)
        frames = [
            re.sub(r" \(.*?/(site-packages|lib/python3\.\d+)/", " (", f) for f in stack.split(";")
        ]
        total += n
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
    if not total:
        return {"self": [], "inclusive": []}
    return {
        "samples": total,  # type: ignore[dict-item]
        "self": [(f, round(100 * n / total, 1)) for f, n in own.most_common(count)],
        "inclusive": [(f, round(100 * n / total, 1)) for f, n in inclusive.most_common(count)],
    }


# -- the run -----------------------------------------------------------------------------------


def print_table(results: dict[str, dict[str, Any]]) -> None:
    header = (
        f"{'scenario':<26} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'non-2xx':>8} {'sock err':>9} {'timeouts':>9} {'srv CPU':>8} "
        f"{'ms CPU/req':>10}  target"
    )
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        lat = r["latency_ms"]
        met = r["target_met"]
        verdict = (
            "MET"
            if all(met.values())
            else "missed (" + ", ".join(k for k, ok in met.items() if not ok) + ")"
        )
        cpu = r.get("server_cpu_percent")
        print(
            f"{name:<26} {r['requests_per_s']:>9.0f} {lat['p50']:>8.1f} {lat['p95']:>8.1f} "
            f"{lat['p99']:>8.1f} {lat['max']:>8.1f} {r['status_errors']:>8} "
            f"{r['socket_errors_total']:>9} {r['socket_errors']['timeout']:>9} "
            f"{(f'{cpu:.0f}%' if cpu is not None else '?'):>8} "
            f"{r.get('server_cpu_ms_per_request') or '?':>10}  "
            f"{verdict}"
        )


def measure(
    args: argparse.Namespace,
    wrk: str,
    folder: Path,
    server: subprocess.Popen,
    base_url: str,
    token: str,
    ids: list[str],
    scenario: Scenario,
    profiles: dict[str, Any],
    name: str,
) -> dict[str, Any]:
    """A warm-up, then the measured wrk run of ``scenario`` against ``server``."""
    sample = scenario.path.replace("{id}", ids[0])
    body_bytes = check_scenario(base_url, token, sample)
    lua = write_lua(folder, scenario, token, ids)
    url = base_url + sample
    drained = wait_until_idle(server.pid)
    if args.warmup > 0:
        run_wrk(wrk, lua, url, args.threads, args.connections, args.warmup)
        drained += wait_until_idle(server.pid)
    print(f"{scenario.name}: GET {scenario.path} for {args.duration} s ...", flush=True)
    profiler = None
    folded = args.output.parent / f"http_read-{name.replace(' ', '-')}.folded"
    if args.profile:
        folded.parent.mkdir(parents=True, exist_ok=True)
        profiler = start_profiler(server.pid, args.duration, folded)
    cpu_before = _tree_cpu_seconds(server.pid)
    postgres_before = _postgres_cpu_seconds()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall_before = time.monotonic()
    raw, _ = run_wrk(wrk, lua, url, args.threads, args.connections, args.duration)
    wall = time.monotonic() - wall_before
    cpu_after = _tree_cpu_seconds(server.pid)
    postgres_cpu = _postgres_cpu_seconds() - postgres_before
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if server.poll() is not None:
        raise SystemExit(f"the server died during {name}")
    summary = summarise(raw)
    summary["path"] = scenario.path
    summary["drain_wait_before_s"] = drained
    summary["littles_law_mean_latency_ms"] = (
        round(1000 * args.connections / summary["requests_per_s"], 1)
        if summary["requests_per_s"]
        else None
    )
    summary["response_bytes"] = body_bytes
    if cpu_before is not None and cpu_after is not None:
        summary["server_cpu_percent"] = round(100 * (cpu_after - cpu_before) / wall, 1)
        # Robust to a busy machine, unlike requests/s: what one request costs the server.
        summary["server_cpu_ms_per_request"] = (
            round(1000 * (cpu_after - cpu_before) / raw["requests"], 2) if raw["requests"] else None
        )
    wrk_cpu = (
        children_after.ru_utime
        + children_after.ru_stime
        - children_before.ru_utime
        - children_before.ru_stime
    )
    summary["wrk_cpu_percent"] = round(100 * wrk_cpu / wall, 1)
    summary["postgres_cpu_percent"] = round(100 * postgres_cpu / wall, 1)
    if profiler is not None:
        _, err = profiler.communicate(timeout=60)
        if folded.exists():
            profiles[name] = top_functions(folded)
            summary["profile"] = str(folded)
            summary["profiled"] = True
        else:
            print(f"  py-spy failed: {err.strip()[-500:]}", file=sys.stderr)
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=1000, help="concurrent connections")
    parser.add_argument("--avatars", type=int, default=200, help="avatars to seed")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--workers",
        default="1,2",
        help="API processes to measure, comma-separated (avatar-service serve --workers)",
    )
    parser.add_argument(
        "--cache",
        choices=["both", "on", "off"],
        default="both",
        help="the read cache (AVATAR_READ_CACHE memory or off): each setting measured",
    )
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per scenario")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="JSON results file (default bench/results/http_read.json)",
    )
    parser.add_argument(
        "--scenario",
        choices=["all", "get_by_id", "list"],
        default="all",
        help="which scenario to run",
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        default=None,
        help="AVATAR_DB_POOL_SIZE for the server (default: the service's own default)",
    )
    parser.add_argument(
        "--event-loop",
        choices=["auto", "asyncio", "uvloop"],
        default=None,
        help="AVATAR_EVENT_LOOP for the server (default: the service's own, auto)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="sample the server with py-spy during each run"
    )
    args = parser.parse_args()
    args.output = args.output or RESULTS
    process_counts = [int(n) for n in str(args.workers).split(",") if n.strip()]
    caches = ["off", "on"] if args.cache == "both" else [args.cache]
    configurations = [(n, cache) for n in process_counts for cache in caches]

    wrk = shutil.which("wrk")
    if not wrk:
        print(
            "wrk is not installed: install it (`apt-get install wrk` on Debian/Ubuntu, "
            "`brew install wrk` on macOS) and rerun.",
            file=sys.stderr,
        )
        return 2
    nofile = raise_open_files_limit(args.connections + 256)
    machine = machine_info(wrk, nofile)
    scenarios = [
        Scenario("get_by_id", "get", "/api/v1/avatars/{id}"),
        Scenario("list", "list", "/api/v1/avatars?limit=20"),
    ]
    scenarios = [s for s in scenarios if args.scenario in ("all", s.name)]
    print(
        f"http_read: {args.connections} connections, {args.duration} s per scenario, "
        f"wrk -t{args.threads}, {machine['cpu_count']} CPUs, RLIMIT_NOFILE {nofile['soft']}"
    )
    if (machine["cpu_count"] or 0) <= 4:
        print(
            f"note: only {machine['cpu_count']} CPUs: wrk, PostgreSQL and the server share them, "
            "so the figures understate what the server does on a machine of its own."
        )

    results: dict[str, dict[str, Any]] = {}
    profiles: dict[str, Any] = {}
    server_log = ""
    with (
        postgres_server() as server_url,
        fresh_database(server_url) as database_url,
        tempfile.TemporaryDirectory(prefix="avatar-bench-") as tmp,
    ):
        folder = Path(tmp)
        env = server_environment(database_url, folder / "data")
        if args.pool_size is not None:
            env["AVATAR_DB_POOL_SIZE"] = str(args.pool_size)
        if args.event_loop is not None:
            env["AVATAR_EVENT_LOOP"] = args.event_loop
        token = issue_token(env, uuid.uuid4())
        ids: list[str] = []
        for processes, cache in configurations:
            label = f"{processes}p cache {cache}"
            # `memory` also with several processes on the in-process bus (where `auto` is
            # off): this run only reads, so no process misses another's write.
            config_env = {**env, "AVATAR_READ_CACHE": "memory" if cache == "on" else "off"}
            port = free_port()
            base_url = f"http://127.0.0.1:{port}"
            log_path = folder / f"server-{processes}p-{cache}.log"
            with running_server(config_env, port, log_path, processes) as server:
                if not ids:
                    print(f"server pid {server.pid} on {base_url}; seeding {args.avatars} avatars")
                    started = time.monotonic()
                    ids = asyncio.run(seed(base_url, token, args.avatars, config_env))
                    seeding_s = round(time.monotonic() - started, 1)
                    print(f"seeded {len(ids)} completed avatars in {seeding_s} s")
                print(f"\n== {processes} process{'es' if processes > 1 else ''}, cache {cache}")
                for scenario in scenarios:
                    name = f"{label} {scenario.name}"
                    summary = measure(
                        args, wrk, folder, server, base_url, token, ids, scenario, profiles, name
                    )
                    summary.update(processes=processes, read_cache=cache)
                    results[name] = summary
            server_log += log_path.read_text(errors="replace")[-1000:]

    print()
    print_table(results)
    print(
        f"targets: p95 < {TARGET_P95_MS:.0f} ms and >= {TARGET_RPS:.0f} req/s. "
        "non-2xx = responses with status >= 400; sock err includes timeouts (> 10 s, left out "
        "of the percentiles); srv CPU = server process CPU time / wall time (100% = one core)."
    )
    for name, r in results.items():
        print(
            f"  {name}: {r['requests']} requests in {r['duration_s']:.1f} s; true mean latency "
            f"(connections / req/s) {r['littles_law_mean_latency_ms']} ms; waited "
            f"{r['drain_wait_before_s']} s for the server to go idle first; CPU of wrk "
            f"{r['wrk_cpu_percent']:.0f}%, of PostgreSQL {r['postgres_cpu_percent']:.0f}%"
        )
    for name, profile in profiles.items():
        print(f"\n{name}: top functions by own time ({profile.get('samples', 0)} samples)")
        for frame, share in profile["self"][:12]:
            print(f"  {share:5.1f}%  {frame}")

    report = {
        "benchmark": "http_read",
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "packages": _package_versions(),
        "settings": {
            "duration_s": args.duration,
            "connections": args.connections,
            "wrk_threads": args.threads,
            "wrk_timeout_s": 10,
            "warmup_s": args.warmup,
            "avatars": args.avatars,
            "server_processes": process_counts,
            "read_cache": caches,
            "seeding_s": seeding_s if ids else None,
            "database": "postgresql (asyncpg)",
            "db_pool_size": args.pool_size or "service default",
            "event_loop": args.event_loop or "service default (auto: uvloop)",
            "profiled": args.profile,
        },
        "targets": {"p95_ms_below": TARGET_P95_MS, "requests_per_s_at_least": TARGET_RPS},
        "scenarios": results,
        "profiles": profiles,
        "notes": [
            "wrk runs on the same machine as the server and PostgreSQL and competes for CPU.",
            "Closed-loop load (wrk): latency under saturation includes queueing in the server.",
            "Percentiles cover completed requests only: requests slower than wrk's 10 s timeout "
            "(socket_errors.timeout) and those still in flight at the end are not in them; "
            "littles_law_mean_latency_ms (connections / requests_per_s) is the true mean.",
            "Each measured run starts only after the server has gone idle: it keeps working on "
            "requests whose clients went away (warm-up, previous scenario).",
        ],
        "server_log_tail": server_log[-2000:],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"\nwrote {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
