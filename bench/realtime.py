"""Benchmark of live updates: WebSocket connections on one API process, and how soon a
processing event reaches a socket after it is committed, while avatars are being created.

- ``connections``: N sockets (default 1,000) authenticate and subscribe to an avatar each;
  the API process's resident memory before and after gives the memory per idle connection
  (target: under 50 KB).
- ``load``: avatars are created through the API at a fixed rate (default 20 per second);
  three of the open sockets subscribe to each new avatar, and every ``avatar:processing``,
  ``avatar:completed`` or ``avatar:failed`` frame they receive gives a latency, from the
  event's ``occurredAt`` (read just before the transaction that commits it) to its arrival
  (p50/p95/p99 of the worker's events; target p95 under 250 ms in the production profile).
  The ``queued`` events of the creates are reported apart: their ``occurredAt`` is read
  when the create request starts, so they include the create itself.

Profiles: ``embedded`` (one `avatar-service serve`: SQLite, the in-process bus and worker) and
``production`` (PostgreSQL and the Kafka-protocol broker found or started as the tests do,
one `serve` and one `worker`). Model files are not written (AVATAR_AUTO_MODEL_FORMATS=""),
so the worker's CPU competes less with the API on a small machine.

    python bench/realtime.py [--profile embedded|production] [--connections 1000]
        [--rate 20] [--seconds 15]

Prints a table and writes bench/results/realtime-<profile>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import websockets  # noqa: E402

from adapters.contract.messages import Topics  # noqa: E402
from bench.report import write_report  # noqa: E402
from domain.access import Role  # noqa: E402
from entrypoints.http.auth import issue_token  # noqa: E402
from entrypoints.settings import load_settings  # noqa: E402
from tests.support.data import SPEC_MEASUREMENTS  # noqa: E402
from tests.support.processes import free_port, service_command, service_environment  # noqa: E402

SECRET = "realtime-benchmark-secret-of-at-least-32-bytes"
TARGET_P95_MS = 250.0
TARGET_KB_PER_CONNECTION = 50.0
SUBSCRIBERS_PER_AVATAR = 3


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def raise_file_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


@contextlib.contextmanager
def process(arguments: list[str], environment: dict[str, str], log: Path) -> Iterator[int]:
    with log.open("wb") as output:
        running = subprocess.Popen(
            service_command(*arguments), env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield running.pid
    finally:
        running.terminate()
        try:
            running.wait(timeout=30)
        except subprocess.TimeoutExpired:
            running.kill()


@contextlib.contextmanager
def infrastructure(profile: str, data_dir: Path) -> Iterator[dict[str, str]]:
    """The settings of the profile, with PostgreSQL and the broker for production."""
    common = {
        "AVATAR_DATA_DIR": str(data_dir),
        "AVATAR_JWT_SECRET": SECRET,
        "AVATAR_LOG_LEVEL": "WARNING",
        "AVATAR_AUTO_MODEL_FORMATS": "",
        "AVATAR_RATE_LIMIT_PREMIUM": "100000000",
        "AVATAR_RATE_LIMIT_ANONYMOUS": "100000000",
    }
    if profile == "embedded":
        yield common
        return
    from tests.support.kafka import kafka_broker
    from tests.support.postgres import fresh_database, postgres_server

    prefix = f"rt{uuid.uuid4().hex[:6]}."
    topics = Topics.with_prefix(prefix)
    with postgres_server() as server, fresh_database(server) as url, kafka_broker() as broker:
        broker.create_topics(
            [
                topics.events,
                topics.jobs,
                topics.jobs_retry,
                topics.jobs_dead_letter,
                topics.photo_jobs,
                topics.photo_jobs_retry,
            ],
            partitions=3,
        )
        yield {
            **common,
            "AVATAR_DATABASE_URL": url,
            "AVATAR_EVENT_BUS": "kafka",
            "AVATAR_KAFKA_BOOTSTRAP": broker.bootstrap,
            "AVATAR_KAFKA_TOPIC_PREFIX": prefix,
            "AVATAR_KAFKA_GROUP_ID": f"rt-{uuid.uuid4().hex}",
        }


class Socket:
    """One client: its connection and the latencies of the updates it received."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.latencies_ms: list[float] = []
        self.by_stage: dict[str, list[float]] = {}
        self.errors: list[str] = []

    async def read(self) -> None:
        async for raw in self.connection:
            received = time.time()
            frame = json.loads(raw)
            kind = frame["type"]
            if kind.startswith("avatar:"):
                occurred = datetime.fromisoformat(frame["occurredAt"]).timestamp()
                latency_ms = (received - occurred) * 1000
                self.latencies_ms.append(latency_ms)
                stage = frame["data"].get("stage") or frame["data"]["status"]
                self.by_stage.setdefault(stage, []).append(latency_ms)
            elif kind == "error":
                self.errors.append(frame["message"])

    async def subscribe(self, avatar_id: str) -> None:
        await self.connection.send(json.dumps({"type": "subscribe", "avatarId": avatar_id}))


async def settled(client: httpx.AsyncClient, pid: int, timeout_s: float = 300) -> None:
    """Until the process is ready (its body model loaded, when it runs jobs) and its memory
    stops growing, so that what the sockets add is what is measured."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if (await client.get("/ready")).status_code == 200:
                break
        await asyncio.sleep(1)
    last = rss_kb(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(2)
        now = rss_kb(pid)
        if abs(now - last) < 1024:
            return
        last = now


async def open_sockets(url: str, token: str, count: int) -> list[Socket]:
    protocols = [
        websockets.Subprotocol("avatar-events.v1"),
        websockets.Subprotocol(f"bearer.{token}"),
    ]
    sockets: list[Socket] = []
    for start in range(0, count, 50):  # in batches: the server accepts them as fast as it can
        batch = await asyncio.gather(
            *(
                websockets.connect(url, subprotocols=protocols, open_timeout=60, max_queue=None)
                for _ in range(min(50, count - start))
            )
        )
        for connection in batch:
            ready = json.loads(await connection.recv())
            assert ready["type"] == "ready", ready
            sockets.append(Socket(connection))
    return sockets


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


async def run(profile: str, connections: int, rate: float, seconds: float) -> dict[str, Any]:
    raise_file_limit(connections * 2 + 512)
    port = free_port()
    base, ws_url = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/api/v1/ws"
    settings = load_settings({"AVATAR_JWT_SECRET": SECRET})
    token = issue_token(settings, uuid.uuid4(), Role.PREMIUM, ttl_s=3600)
    scratch = tempfile.mkdtemp(prefix="realtime-")  # kept: serve.log and worker.log
    print(f"logs in {scratch}")
    with infrastructure(profile, Path(scratch)) as env:
        environment = service_environment(**env)
        logs = Path(scratch)
        with contextlib.ExitStack() as stack:
            api_pid = stack.enter_context(
                process(["serve", "--port", str(port)], environment, logs / "serve.log")
            )
            async with httpx.AsyncClient(
                base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
            ) as client:
                for _ in range(600):
                    with contextlib.suppress(httpx.HTTPError):
                        if (await client.get("/health")).status_code == 200:
                            break
                    await asyncio.sleep(0.2)
                if profile == "production":
                    stack.enter_context(process(["worker"], environment, logs / "worker.log"))
                    deadline = time.monotonic() + 120
                    while "live feed: reading" not in (logs / "serve.log").read_text():
                        if time.monotonic() > deadline:
                            break  # the log level hides it: give the group a moment instead
                        await asyncio.sleep(0.5)
                await settled(client, api_pid)
                idle_avatar = (
                    await client.post(
                        "/api/v1/avatars",
                        json={"name": "idle", "avatarType": "photo_based"},
                    )
                ).json()["id"]
                before_kb = rss_kb(api_pid)
                started = time.monotonic()
                sockets = await open_sockets(ws_url, token, connections)
                opened_s = time.monotonic() - started
                readers = [asyncio.create_task(s.read()) for s in sockets]
                for socket in sockets:  # idle: subscribed to a draft that never changes
                    await socket.subscribe(idle_avatar)
                await asyncio.sleep(3)
                after_kb = rss_kb(api_pid)

                created, refused = 0, 0
                interval = 1.0 / rate
                next_at = time.monotonic()
                end = next_at + seconds
                turn = 0

                async def create_one(number: int) -> None:
                    nonlocal created, refused, turn
                    answer = await client.post(
                        "/api/v1/avatars",
                        json={
                            "name": f"load {number}",
                            "avatarType": "measurement_based",
                            "measurements": SPEC_MEASUREMENTS,
                        },
                    )
                    if answer.status_code != 201:
                        refused += 1
                        return
                    created += 1
                    avatar_id = answer.json()["id"]
                    for _ in range(SUBSCRIBERS_PER_AVATAR):
                        await sockets[turn % len(sockets)].subscribe(avatar_id)
                        turn += 1

                pending: list[asyncio.Task[None]] = []
                number = 0
                while time.monotonic() < end:
                    pending.append(asyncio.create_task(create_one(number)))
                    number += 1
                    next_at += interval
                    await asyncio.sleep(max(0.0, next_at - time.monotonic()))
                await asyncio.gather(*pending)
                await asyncio.sleep(5)  # the last events arrive
                for reader in readers:
                    reader.cancel()
                await asyncio.gather(*(s.connection.close() for s in sockets))
    by_stage: dict[str, list[float]] = {}
    for socket in sockets:
        for stage, values in socket.by_stage.items():
            by_stage.setdefault(stage, []).extend(values)
    # The headline: the worker's events (its stages, completed, failed), whose occurredAt is
    # read just before their commit. A "queued" event's occurredAt is read when the create
    # request starts, before the measurement check, so its figure includes the create itself.
    latencies = [ms for stage, values in by_stage.items() if stage != "queued" for ms in values]
    errors = [e for s in sockets for e in s.errors]
    return {
        "profile": profile,
        "connections": {
            "open": len(sockets),
            "seconds_to_open": round(opened_s, 2),
            "rss_before_kb": before_kb,
            "rss_after_kb": after_kb,
            "kb_per_idle_connection": round((after_kb - before_kb) / max(1, len(sockets)), 1),
            "target_kb": TARGET_KB_PER_CONNECTION,
        },
        "load": {
            "avatars_per_s_wanted": rate,
            "seconds": seconds,
            "avatars_created": created,
            "creates_refused": refused,
            "subscribers_per_avatar": SUBSCRIBERS_PER_AVATAR,
            "frames_received": len(latencies),
            "error_frames": len(errors),
            "latency_ms": {
                "p50": round(percentile(latencies, 0.50), 1),
                "p95": round(percentile(latencies, 0.95), 1),
                "p99": round(percentile(latencies, 0.99), 1),
                "mean": round(statistics.fmean(latencies), 1) if latencies else None,
            },
            "target_p95_ms": TARGET_P95_MS,
            "latency_ms_by_stage": {
                stage: {
                    "frames": len(values),
                    "p50": round(percentile(values, 0.50), 1),
                    "p95": round(percentile(values, 0.95), 1),
                }
                for stage, values in sorted(by_stage.items())
            },
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=["embedded", "production"], default="embedded")
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=20.0, help="avatars created per second")
    parser.add_argument("--seconds", type=float, default=15.0)
    arguments = parser.parse_args()
    figures = asyncio.run(
        run(arguments.profile, arguments.connections, arguments.rate, arguments.seconds)
    )
    connections, load = figures["connections"], figures["load"]
    print(f"profile {figures['profile']}, {os.cpu_count()} cores")
    print(
        f"{connections['open']} sockets opened in {connections['seconds_to_open']} s; "
        f"{connections['kb_per_idle_connection']} KB per idle connection "
        f"(target < {TARGET_KB_PER_CONNECTION:.0f})"
    )
    latency = load["latency_ms"]
    print(
        f"{load['avatars_created']} avatars in {load['seconds']:.0f} s, "
        f"{load['frames_received']} frames: latency p50 {latency['p50']} ms, "
        f"p95 {latency['p95']} ms, p99 {latency['p99']} ms (target p95 < {TARGET_P95_MS:.0f})"
    )
    write_report(
        "realtime", ROOT / "bench" / "results" / f"realtime-{figures['profile']}.json", **figures
    )


if __name__ == "__main__":
    main()
