"""Privacy benchmark (issue 16): the cost of encryption at rest on GET one and on the list, and
the rate limiter's cost per request.

On PostgreSQL (found or started by tests.support.postgres, in a throwaway database) with the
test profile's container (memory blobs, the light body model), two users get the same
``--avatars`` processed measurement avatars: one's rows sealed as the service writes them,
the other's opened back into the clear columns (the rows of before migration 0012, which the
same code reads without opening anything). Then, alternating rounds to share the machine's
noise fairly (call by call, medians):

- the use cases GetAvatar and ListAvatars (limit 20) for each user (microseconds per call);
- the same over HTTP, through the ASGI app in this process (httpx, one request at a time,
  audit log included): requests per second (1 / the median latency), sealed against clear;
- the rate limiter: GET one through the app with the limiter against the app with a
  pass-through in its place, and the middleware alone around an empty ASGI app with memory
  counters and with Redis counters (a redis-server started here, if one is installed). Redis
  counters are taken three ways: exact (a round trip a request, as before leasing), leased in
  blocks of 10 (what the default 100-a-minute user gets) and leased as configured by default
  (blocks of 100 under the premium users' 1,000 a minute, which the bench's users are); each
  with the round trips it made per request (INFO commandstats).

Prints a table and writes bench/results/privacy.json. Target (issue 16): under 10 % each.

    python bench/privacy.py [--avatars 100] [--calls 2000] [--requests 600]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import msgspec
import redis.asyncio as aioredis
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/privacy.py` puts bench/ first, not the root
    sys.path.insert(0, str(ROOT))

from adapters.memory.rate_counter import MemoryRequestCounter  # noqa: E402
from adapters.redis.rate_counter import RedisRequestCounter  # noqa: E402
from adapters.sqlalchemy.engine import create_engine  # noqa: E402
from adapters.sqlalchemy.migrate import upgrade  # noqa: E402
from adapters.sqlalchemy.sealing import ANALYSIS_SEALED, PROFILE_SEALED, context  # noqa: E402
from adapters.sqlalchemy.tables import avatars, body_analyses, measurement_profiles  # noqa: E402
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory  # noqa: E402
from adapters.system.clock_and_ids import SystemClock, UuidGenerator  # noqa: E402
from application.create_avatar import CreateAvatarCommand  # noqa: E402
from application.ports import AvatarQuery, RequestCounter  # noqa: E402
from application.rate_limits import CheckRateLimit  # noqa: E402
from bench.report import write_report  # noqa: E402
from domain.access import Role, Viewer  # noqa: E402
from domain.avatar import AvatarType  # noqa: E402
from domain.rate_limits import RateLimit, RateLimits  # noqa: E402
from entrypoints.http import app as http_app  # noqa: E402
from entrypoints.http.auth import TokenVerifier, issue_token  # noqa: E402
from entrypoints.http.rate_limits import limit_requests  # noqa: E402
from tests.support.data import SPEC_MEASUREMENTS  # noqa: E402
from tests.support.encryption import envelope_for_tests  # noqa: E402
from tests.support.harness import Harness, container_for_tests, settings_for_tests  # noqa: E402
from tests.support.postgres import fresh_database, postgres_server  # noqa: E402
from tests.support.redis import redis_server, redis_server_binary  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "privacy.json"
TARGET_OVERHEAD = 0.10
SECRET = "privacy-bench-secret-of-at-least-32-bytes"


async def _seed(harness: Harness, viewer: Viewer, count: int) -> list[uuid.UUID]:
    ids = []
    for n in range(count):
        avatar = await harness.create_avatar(
            CreateAvatarCommand(
                viewer=viewer,
                name=f"bench {n}",
                avatar_type=AvatarType.MEASUREMENT_BASED,
                measurements={k: v + n * 0.01 for k, v in SPEC_MEASUREMENTS.items()},
            )
        )
        ids.append(avatar.id)
    await harness.run_jobs()
    return ids


async def _open_into_clear_columns(factory: SqlUnitOfWorkFactory, user_id: uuid.UUID) -> int:
    """Rewrite the user's sealed profiles and analyses as the rows of before migration 0012."""
    envelope, opened = factory.envelope, 0
    async with factory() as uow:
        key = await uow.data_keys.get(user_id)
        assert key is not None
        connection = uow.data_keys._connection  # the unit's connection (a benchmark's shortcut)
        for table, columns in (
            (measurement_profiles, PROFILE_SEALED),
            (body_analyses, ANALYSIS_SEALED),
        ):
            rows = await connection.execute(
                sa.select(table.c.id, table.c.avatar_id, table.c.sealed)
                .join(avatars, avatars.c.id == table.c.avatar_id)
                .where(avatars.c.user_id == user_id, table.c.sealed.is_not(None))
            )
            for row_id, avatar_id, sealed in rows.all():
                where = context(table.name, avatar_id)
                document = msgspec.json.decode(envelope.open(user_id, key, bytes(sealed), where))
                values = {column: document[column] for column in columns}
                await connection.execute(
                    table.update().where(table.c.id == row_id).values(sealed=None, **values)
                )
                opened += 1
        await uow.commit()
    return opened


async def _per_call_us(call: Callable[[], Awaitable[Any]], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        await call()
    return (time.perf_counter() - start) / count * 1e6


async def _paired_us(
    calls: dict[str, Callable[[], Awaitable[Any]]], count: int, warmup: int = 20
) -> dict[str, float]:
    """The median microseconds per call of each of ``calls``, taken in turn call by call (so
    the machine's other load falls on every variant alike)."""
    durations: dict[str, list[float]] = {name: [] for name in calls}
    for n in range(warmup + count):
        for name, call in calls.items():
            start = time.perf_counter()
            await call()
            if n >= warmup:
                durations[name].append((time.perf_counter() - start) * 1e6)
    return {name: statistics.median(values) for name, values in durations.items()}


def _overhead(with_us: float, without_us: float) -> float:
    return with_us / without_us - 1.0


async def _use_cases(
    harness: Harness, users: dict[str, tuple[Viewer, list[uuid.UUID]]], count: int
) -> dict[str, Any]:
    cycles = {kind: iter(ids * (count + 100)) for kind, (_, ids) in users.items()}
    query = AvatarQuery(limit=20)

    def get(kind: str) -> Callable[[], Awaitable[Any]]:
        viewer = users[kind][0]
        return lambda: harness.get_avatar(viewer, next(cycles[kind]))

    def listing(kind: str) -> Callable[[], Awaitable[Any]]:
        viewer = users[kind][0]
        return lambda: harness.list_avatars(viewer, query)

    gets = await _paired_us({kind: get(kind) for kind in users}, count)
    lists = await _paired_us({kind: listing(kind) for kind in users}, count)
    return {
        "get_one_us": gets,
        "list_us": lists,
        "get_one_overhead": _overhead(gets["sealed"], gets["clear"]),
        "list_overhead": _overhead(lists["sealed"], lists["clear"]),
    }


def _getter(
    client: httpx.AsyncClient, paths: list[str], token: str
) -> Callable[[], Awaitable[Any]]:
    headers = {"Authorization": f"Bearer {token}"}
    cycle = iter(paths * 100_000)

    async def get() -> None:
        response = await client.get(next(cycle), headers=headers)
        assert response.status_code == 200, response.text

    return get


# Redis counters: (a Redis database of its own, AVATAR_RATE_LIMIT_LEASE_FRACTION). The test
# profile's limits are a billion (nothing refused): 1e-8 leases blocks of 10, as the default
# 0.1 does under 100 a minute; 0.1 leases the cap, 100, as under the premium 1,000 a minute.
REDIS_VARIANTS = {"exact": (1, "0"), "block_10": (2, "1e-8"), "leased": (3, "0.1")}


async def _round_trips(redis_url: str) -> int:
    """Scripts run by the redis-server so far: the counters' round trips."""
    client = aioredis.Redis.from_url(redis_url)
    try:
        stats = await client.info("commandstats")
    finally:
        await client.aclose()
    return sum(stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in ("evalsha", "eval"))


def _app(
    factory: SqlUnitOfWorkFactory,
    data_dir: Path,
    *,
    limiter: bool,
    redis_url: str | None = None,
    lease_fraction: str = "0.1",
) -> Any:
    redis = (
        {
            "AVATAR_RATE_LIMIT_STORE": "redis",
            "AVATAR_REDIS_URL": redis_url,
            "AVATAR_RATE_LIMIT_LEASE_FRACTION": lease_fraction,
        }
        if redis_url
        else {}
    )
    settings = settings_for_tests(
        {
            "AVATAR_DATA_DIR": str(data_dir),
            "AVATAR_RUN_WORKERS": "false",
            "AVATAR_JWT_SECRET": SECRET,
            "AVATAR_LOG_LEVEL": "WARNING",
            **redis,
        }
    )
    container = container_for_tests(
        settings=settings, uow_factory=factory, clock=SystemClock(), ids=UuidGenerator()
    )
    if limiter:
        return http_app.create_app(container, migrate_on_start=False), settings
    original = http_app.limit_requests
    http_app.limit_requests = lambda *args: lambda app: app  # type: ignore[assignment]
    try:
        return http_app.create_app(container, migrate_on_start=False), settings
    finally:
        http_app.limit_requests = original


async def _http(
    factory: SqlUnitOfWorkFactory,
    users: dict[str, tuple[Viewer, list[uuid.UUID]]],
    requests: int,
    data_dir: Path,
    redis_url: str | None,
) -> dict[str, Any]:
    limited, settings = _app(factory, data_dir, limiter=True)
    unlimited, _ = _app(factory, data_dir, limiter=False)
    tokens = {
        kind: issue_token(settings, viewer.user_id, viewer.role)
        for kind, (viewer, _) in users.items()
    }
    transports = {"limiter": limited, "no_limiter": unlimited}
    redis_variants = REDIS_VARIANTS if redis_url else {}
    for variant, (database, fraction) in redis_variants.items():
        assert redis_url is not None
        transports[f"redis_{variant}"] = _app(
            factory,
            data_dir,
            limiter=True,
            redis_url=redis_url.rsplit("/", 1)[0] + f"/{database}",
            lease_fraction=fraction,
        )[0]
    clients = {
        name: httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")
        for name, app in transports.items()
    }
    one = {kind: [f"/api/v1/avatars/{i}" for i in ids] for kind, (_, ids) in users.items()}
    page = ["/api/v1/avatars?limit=20"]
    trips_before = await _round_trips(redis_url) if redis_url else 0
    try:
        gets = await _paired_us(
            {
                "sealed": _getter(clients["limiter"], one["sealed"], tokens["sealed"]),
                "clear": _getter(clients["limiter"], one["clear"], tokens["clear"]),
                "sealed_no_limiter": _getter(
                    clients["no_limiter"], one["sealed"], tokens["sealed"]
                ),
                **{
                    f"sealed_redis_{variant}": _getter(
                        clients[f"redis_{variant}"], one["sealed"], tokens["sealed"]
                    )
                    for variant in redis_variants
                },
            },
            requests,
        )
        trips = await _round_trips(redis_url) - trips_before if redis_url else 0
        lists = await _paired_us(
            {kind: _getter(clients["limiter"], page, tokens[kind]) for kind in users},
            requests // 2,
        )
    finally:
        for client in clients.values():
            await client.aclose()
    per_s = {f"get_{name}": 1e6 / us for name, us in gets.items()}
    per_s |= {f"list_{name}": 1e6 / us for name, us in lists.items()}
    redis_figures: dict[str, Any] = {
        f"redis_{variant}_overhead": 1
        - per_s[f"get_sealed_redis_{variant}"] / per_s["get_sealed_no_limiter"]
        for variant in redis_variants
    }
    if redis_url:  # the three variants' round trips together (the blocks of each are known)
        redis_figures["redis_round_trips"] = trips
        redis_figures["redis_requests_per_variant"] = requests + 20  # the warm-up's included
    return {
        **redis_figures,
        "requests_per_s": per_s,  # one request at a time: 1 / the median latency
        # Throughput lost: sealed against clear (with the limiter), limiter against none (sealed).
        "get_one_encryption_overhead": 1 - per_s["get_sealed"] / per_s["get_clear"],
        "list_encryption_overhead": 1 - per_s["list_sealed"] / per_s["list_clear"],
        "limiter_overhead": 1 - per_s["get_sealed"] / per_s["get_sealed_no_limiter"],
    }


async def _limiter_alone(counter: RequestCounter, count: int) -> dict[str, float]:
    limit = RateLimit("bench", 10**9, 60)
    check = CheckRateLimit(counter, RateLimits(limit, limit, limit))
    settings = settings_for_tests({"AVATAR_JWT_SECRET": SECRET})
    token = issue_token(settings, uuid.uuid4(), Role.USER).encode()

    async def empty(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    limited = limit_requests(check, TokenVerifier(settings), "")(empty)
    scope = {
        "type": "http",
        "path": "/api/v1/avatars",
        "headers": [(b"authorization", b"Bearer " + token)],
        "client": ("127.0.0.1", 5000),
    }

    async def send(message: Any) -> None:
        return None

    async def receive() -> Any:
        return {"type": "http.request"}

    bare = await _per_call_us(lambda: empty(scope, receive, send), count)
    wrapped = await _per_call_us(lambda: limited(scope, receive, send), count)
    return {"bare_us": bare, "with_limiter_us": wrapped, "limiter_us": wrapped - bare}


async def _redis_alone(redis_url: str, count: int) -> dict[str, dict[str, float]]:
    """The middleware alone with Redis counters: exact, blocks of 10 and blocks of 100 (the
    limit is a billion: the block is the cap), with the round trips each made per request."""
    figures = {}
    for name, fraction, max_lease in (
        ("exact", 0.0, 1),
        ("block_10", 1.0, 10),
        ("block_100", 1.0, 100),
    ):
        counter = RedisRequestCounter(redis_url, lease_fraction=fraction, max_lease=max_lease)
        before = await _round_trips(redis_url)
        figures[f"redis_{name}"] = await _limiter_alone(counter, count)
        figures[f"redis_{name}"]["round_trips_per_request"] = (
            await _round_trips(redis_url) - before
        ) / count
        await counter.close()
    return figures


async def run(args: argparse.Namespace) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(postgres_server())
        url = stack.enter_context(fresh_database(server))
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        redis_url = stack.enter_context(redis_server(folder)) if redis_server_binary() else None
        engine = create_engine(url, pool_size=5)
        await upgrade(engine)
        factory = SqlUnitOfWorkFactory(engine, envelope_for_tests())
        harness = Harness(factory)
        sealed = Viewer(uuid.uuid4(), Role.PREMIUM)  # premium: more than 10 avatars
        clear = Viewer(uuid.uuid4(), Role.PREMIUM)
        users = {
            "sealed": (sealed, await _seed(harness, sealed, args.avatars)),
            "clear": (clear, await _seed(harness, clear, args.avatars)),
        }
        opened = await _open_into_clear_columns(factory, clear.user_id)
        print(f"seeded {args.avatars} avatars per user; {opened} rows of one user put in clear")
        use_cases = await _use_cases(harness, users, args.calls)
        http = await _http(factory, users, args.requests, folder, redis_url)
        await engine.dispose()
        limiter: dict[str, Any] = {"memory": await _limiter_alone(MemoryRequestCounter(), 20_000)}
        if redis_url:
            limiter |= await _redis_alone(redis_url, 5_000)
    return {"use_cases": use_cases, "http": http, "limiter_alone": limiter}


def _print(results: dict[str, Any]) -> None:
    use_cases, http, limiter = results["use_cases"], results["http"], results["limiter_alone"]
    rps = http["requests_per_s"]
    print(f"{'':34}{'sealed':>12}{'clear':>12}{'overhead':>10}")
    for label, key, overhead in (
        ("GetAvatar (us/call)", "get_one_us", use_cases["get_one_overhead"]),
        ("ListAvatars limit 20 (us/call)", "list_us", use_cases["list_overhead"]),
    ):
        row = use_cases[key]
        print(f"{label:34}{row['sealed']:12.0f}{row['clear']:12.0f}{overhead:10.1%}")
    print(
        f"{'GET one over HTTP (req/s)':34}{rps['get_sealed']:12.0f}"
        f"{rps['get_clear']:12.0f}{http['get_one_encryption_overhead']:10.1%}"
    )
    print(
        f"{'GET list over HTTP (req/s)':34}{rps['list_sealed']:12.0f}"
        f"{rps['list_clear']:12.0f}{http['list_encryption_overhead']:10.1%}"
    )
    print(f"\n{'':34}{'limiter':>12}{'none':>12}{'overhead':>10}")
    print(
        f"{'GET one over HTTP (req/s), memory':34}{rps['get_sealed']:12.0f}"
        f"{rps['get_sealed_no_limiter']:12.0f}{http['limiter_overhead']:10.1%}"
    )
    for variant in REDIS_VARIANTS:
        if f"redis_{variant}_overhead" in http:
            label = f"GET one (req/s), Redis {variant}"
            print(
                f"{label:34}{rps[f'get_sealed_redis_{variant}']:12.0f}"
                f"{rps['get_sealed_no_limiter']:12.0f}{http[f'redis_{variant}_overhead']:10.1%}"
            )
    if "redis_round_trips" in http:
        print(
            f"Redis round trips over HTTP: {http['redis_round_trips']} for "
            f"{http['redis_requests_per_variant']} requests per variant"
        )
    for store, figures in limiter.items():
        trips = figures.get("round_trips_per_request")
        per = f" ({trips:.2f} round trips a request)" if trips is not None else ""
        print(f"limiter alone, {store} counters: {figures['limiter_us']:.1f} us per request{per}")
    print(f"target: under {TARGET_OVERHEAD:.0%} each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--avatars", type=int, default=100)
    parser.add_argument("--calls", type=int, default=2000, help="use case calls per variant")
    parser.add_argument("--requests", type=int, default=600, help="HTTP requests per variant")
    args = parser.parse_args()
    results = asyncio.run(run(args))
    _print(results)
    write_report("privacy", RESULTS, parameters=vars(args), **results)


if __name__ == "__main__":
    main()
