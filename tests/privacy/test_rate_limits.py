"""Rate limits (issue 16, item 6; spec 9.3): per user by role, per address without a token;
429 with Retry-After and the IETF draft's RateLimit headers; counters in Redis or in memory."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from adapters.memory.rate_counter import MemoryRequestCounter
from adapters.redis.rate_counter import RedisRequestCounter
from application.ports import CounterUnavailable
from application.rate_limits import CheckRateLimit
from domain.access import Role
from domain.rate_limits import RateLimit, RateLimits
from entrypoints.http.app import create_app
from entrypoints.http.auth import issue_token
from tests.support.harness import container_for_tests, settings_for_tests
from tests.support.processes import free_port
from tests.support.redis import redis_server

LIMITS = {
    "AVATAR_RATE_LIMIT_USER": "3",
    "AVATAR_RATE_LIMIT_PREMIUM": "5",
    "AVATAR_RATE_LIMIT_ANONYMOUS": "2",
    "AVATAR_RATE_LIMIT_WINDOW_S": "60",
}
AVATARS = "/api/v1/avatars"


def _client(tmp_path: Path, **environ: str) -> Iterator[TestClient]:  # type: ignore[type-arg]
    settings = settings_for_tests(
        {
            "AVATAR_DATA_DIR": str(tmp_path),
            "AVATAR_RUN_WORKERS": "false",
            "AVATAR_JWT_SECRET": "rate-limit-tests-secret-of-at-least-32-bytes",
            "AVATAR_LOG_LEVEL": "WARNING",
            **LIMITS,
            **environ,
        }
    )
    container = container_for_tests(settings=settings)
    with TestClient(app=create_app(container, migrate_on_start=False)) as client:
        client.app.state["settings"] = settings
        yield client


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    yield from _client(tmp_path)


def _bearer(client: TestClient, user_id: uuid.UUID, role: Role = Role.USER) -> dict[str, str]:  # type: ignore[type-arg]
    return {"Authorization": f"Bearer {issue_token(client.app.state['settings'], user_id, role)}"}


def test_a_user_gets_their_limit_then_429_with_retry_after_and_the_draft_headers(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    alice, bob = _bearer(client, uuid.uuid4()), _bearer(client, uuid.uuid4())
    remaining = []
    for _ in range(3):
        answer = client.get(AVATARS, headers=alice)
        assert answer.status_code == 200
        remaining.append(answer.headers["ratelimit-remaining"])
        assert answer.headers["ratelimit-limit"] == "3"
        assert answer.headers["ratelimit-policy"] == '"user";q=3;w=60'
    assert remaining == ["2", "1", "0"]

    refused = client.get(AVATARS, headers=alice)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    retry_after = int(refused.headers["retry-after"])
    assert 1 <= retry_after <= 60
    assert refused.headers["ratelimit-reset"] == str(retry_after)
    assert refused.headers["ratelimit"] == f'"user";r=0;t={retry_after}'
    problem = refused.json()
    assert (problem["status"], problem["type"]) == (
        429,
        "https://avatar-service.dev/problems/rate-limited",
    )
    assert "3 requests in 60 s" in problem["detail"]
    assert client.post(AVATARS, headers=alice, json={}).status_code == 429  # every method counts
    assert client.get(AVATARS, headers=bob).status_code == 200  # per user


def test_premium_users_and_admins_get_the_premium_limit(client: TestClient) -> None:  # type: ignore[type-arg]
    for role in (Role.PREMIUM, Role.ADMIN):
        caller = _bearer(client, uuid.uuid4(), role)
        statuses = [client.get(AVATARS, headers=caller).status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]


def test_requests_without_a_valid_token_count_per_address_and_probes_never(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    forged = {"Authorization": "Bearer not.a.token"}
    statuses = [
        client.get(AVATARS).status_code,
        client.get(AVATARS, headers=forged).status_code,
        client.get(AVATARS).status_code,
    ]
    assert statuses == [401, 401, 429]
    assert client.get(AVATARS).headers["ratelimit-policy"] == '"anonymous";q=2;w=60'
    assert all(client.get("/health").status_code == 200 for _ in range(5))
    # A signed-in user behind the same address has their own count.
    assert client.get(AVATARS, headers=_bearer(client, uuid.uuid4())).status_code == 200


def test_behind_a_proxy_the_address_it_appends_counts(tmp_path: Path) -> None:
    for client in _client(tmp_path, AVATAR_RATE_LIMIT_FORWARDED_HEADER="X-Forwarded-For"):
        # The client may write anything before the proxy's entry: only the last one counts.
        statuses = [
            client.get(AVATARS, headers={"X-Forwarded-For": chain}).status_code
            for chain in ("1.1.1.1, 10.0.0.1", "2.2.2.2, 10.0.0.1", "3.3.3.3, 10.0.0.1", "10.0.0.2")
        ]
        assert statuses == [401, 401, 429, 401]


async def test_memory_counters_start_again_in_each_window() -> None:
    now = [119.5]
    counter = MemoryRequestCounter(now=lambda: now[0])
    assert await counter.hit("user:a", 60, 100) == (1, pytest.approx(0.5))
    assert (await counter.hit("user:a", 60, 100))[0] == 2
    assert (await counter.hit("user:b", 60, 100))[0] == 1
    now[0] = 120.0
    assert await counter.hit("user:a", 60, 100) == (1, 60.0)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


async def test_redis_counters_are_shared_by_processes_and_expire_with_the_window(
    redis_url: str,
) -> None:
    now = [1_000_000.25]
    # lease_fraction=0: a round trip a request, every count exact across processes.
    first = RedisRequestCounter(redis_url, prefix="t1:", lease_fraction=0, now=lambda: now[0])
    second = RedisRequestCounter(redis_url, prefix="t1:", lease_fraction=0, now=lambda: now[0])
    try:
        counts = [(await c.hit("user:a", 60, 100))[0] for c in (first, second, first)]
        assert counts == [1, 2, 3]
        _, reset_s = await second.hit("user:a", 60, 100)
        assert reset_s == pytest.approx(1_000_020 - 1_000_000.25)
        ttl = await first._client.ttl(f"t1:user:a:{int(now[0] // 60)}")
        assert 0 < ttl <= 61
        now[0] += 60
        assert (await first.hit("user:a", 60, 100))[0] == 1
    finally:
        await first.close()
        await second.close()


async def _round_trips(counter: RedisRequestCounter) -> int:
    """Scripts the redis-server has been asked to run so far (INFO commandstats): the
    counters' round trips (the commands a script runs are counted apart, by their names)."""
    stats = await counter._client.info("commandstats")
    return sum(stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in ("evalsha", "eval"))


def _limits(requests: int) -> RateLimits:
    limit = RateLimit("user", requests, 60)
    return RateLimits(limit, limit, limit)


async def test_redis_counts_are_leased_in_blocks_and_one_process_stops_exactly_at_the_limit(
    redis_url: str,
) -> None:
    counter = RedisRequestCounter(redis_url, prefix="t2:")  # 100 a minute: blocks of 10
    check = CheckRateLimit(counter, _limits(100))
    try:
        assert counter.block(100) == 10 and counter.block(1000) == 100
        assert (counter.block(3), counter.block(60), counter.block(10**6)) == (1, 6, 100)
        await check.for_address("warm-up")  # the script loaded, the connection made
        before = await _round_trips(counter)
        decisions = [await check.for_address("1.2.3.4") for _ in range(100)]
        assert await _round_trips(counter) - before == 10  # a round trip per 10 requests, not 100
        assert all(d.allowed for d in decisions)
        assert [d.remaining for d in decisions] == list(range(99, -1, -1))
        refused = [await check.for_address("1.2.3.4") for _ in range(20)]
        assert not any(d.allowed for d in refused)  # the 101st and every one after it
        assert {d.remaining for d in refused} == {0}
        assert all(1 <= d.reset_whole_s <= 60 for d in refused)
        # The last block ended at the limit: the rest are refused without a round trip.
        assert await _round_trips(counter) - before == 10
        # A limit raised within the window (a user made premium) leases again.
        assert await counter.hit("ip:1.2.3.4", 60, 200) == (
            101,
            pytest.approx(refused[-1].reset_s, abs=1),
        )
        assert await _round_trips(counter) - before == 11
    finally:
        await counter.close()


async def test_concurrent_requests_share_one_lease_and_wait_for_it(redis_url: str) -> None:
    counter = RedisRequestCounter(redis_url, prefix="t3:")
    try:
        await counter.hit("warm-up", 60, 100)
        before = await _round_trips(counter)
        hits = await asyncio.gather(*(counter.hit("user:c", 60, 100) for _ in range(50)))
        assert sorted(count for count, _ in hits) == list(range(1, 51))
        assert await _round_trips(counter) - before == 5  # not one per waiting request
    finally:
        await counter.close()


async def test_two_processes_sharing_redis_never_let_more_than_the_limit_through(
    redis_url: str,
) -> None:
    first = RedisRequestCounter(redis_url, prefix="t4:")
    second = RedisRequestCounter(redis_url, prefix="t4:")
    one, two = CheckRateLimit(first, _limits(100)), CheckRateLimit(second, _limits(100))
    try:
        # Worst case for early refusals: the second process holds a block and uses one count;
        # the first is refused after 90, with 91 requests made (at most block - 1 early).
        assert (await two.for_address("a")).allowed
        first_alone = [(await one.for_address("a")).allowed for _ in range(95)]
        assert first_alone == [True] * 90 + [False] * 5
        then_second = [(await two.for_address("a")).allowed for _ in range(15)]
        assert then_second == [True] * 9 + [False] * 6  # its block, then no more: 100 in all

        # Concurrent, interleaved: exactly the limit passes, none twice the same count.
        decisions = await asyncio.gather(
            *(check.for_address("b") for _ in range(150) for check in (one, two))
        )
        allowed = [d.count for d in decisions if d.allowed]
        assert sorted(allowed) == list(range(1, 101))
        remaining = [d.remaining for d in decisions]
        assert min(remaining) == 0 and max(remaining) == 99
    finally:
        await first.close()
        await second.close()


async def test_leases_start_again_in_each_window(redis_url: str) -> None:
    now = [2_000_000.5]  # the window 33333 (of 60 s) ends at 2_000_040
    counter = RedisRequestCounter(redis_url, prefix="t5:", now=lambda: now[0])
    check = CheckRateLimit(counter, _limits(20))  # blocks of 2
    try:
        first = [await check.for_address("a") for _ in range(21)]
        assert [d.allowed for d in first] == [True] * 20 + [False]
        assert first[-1].reset_s == pytest.approx(39.5)
        assert 0 < await counter._client.ttl("t5:ip:a:33333") <= 61
        now[0] = 2_000_040.0  # the next window: counted afresh, the old leases forgotten
        second = [await check.for_address("a") for _ in range(21)]
        assert [d.allowed for d in second] == [True] * 20 + [False]
        assert [d.remaining for d in second[:3]] == [19, 18, 17]
        assert second[0].reset_s == pytest.approx(60.0)
        assert await counter._client.get("t5:ip:a:33334") == b"20"
        assert list(counter._windows[60][1]) == ["ip:a"]
        now[0] = 2_000_039.0  # the clock stepped back a window: asked alone, still refused
        assert not (await check.for_address("a")).allowed
    finally:
        await counter.close()


async def test_when_redis_is_down_requests_pass_and_the_outage_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    down = RedisRequestCounter(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(CounterUnavailable):
        await down.hit("user:a", 60, 100)
    limits = RateLimits(
        RateLimit("user", 1, 60), RateLimit("premium", 1, 60), RateLimit("anonymous", 1, 60)
    )
    check = CheckRateLimit(down, limits)
    decisions = [await check.for_address("1.2.3.4") for _ in range(3)]
    assert all(d.allowed for d in decisions)
    assert "rate limit counters unavailable" in caplog.text
    await down.close()


async def test_a_lease_in_hand_outlives_redis_then_requests_pass(tmp_path: Path) -> None:
    with redis_server(tmp_path) as url:
        counter = RedisRequestCounter(url)
        check = CheckRateLimit(counter, _limits(100))  # blocks of 10
        assert (await check.for_address("a")).remaining == 99
    # Redis is gone: the block's other 9 counts are still this process's to give.
    remaining = [(await check.for_address("a")).remaining for _ in range(9)]
    assert remaining == list(range(98, 89, -1))
    # Then every request passes (fail open), those waiting on one refill included.
    decisions = await asyncio.gather(*(check.for_address("a") for _ in range(5)))
    assert all(d.allowed and d.remaining == 100 for d in decisions)
    await counter.close()


def test_the_production_store_counts_in_redis_across_app_instances(
    tmp_path: Path, redis_url: str
) -> None:
    environ = {"AVATAR_RATE_LIMIT_STORE": "redis", "AVATAR_REDIS_URL": redis_url}
    user = uuid.uuid4()
    statuses = []
    for folder in ("one", "two"):  # two API processes, one count
        for client in _client(tmp_path / folder, **environ):
            caller = _bearer(client, user)
            statuses += [client.get(AVATARS, headers=caller).status_code for _ in range(2)]
    assert statuses == [200, 200, 200, 429]


def test_behind_redis_the_headers_count_down_to_the_429(tmp_path: Path, redis_url: str) -> None:
    environ = {
        "AVATAR_RATE_LIMIT_STORE": "redis",
        "AVATAR_REDIS_URL": redis_url,
        "AVATAR_RATE_LIMIT_USER": "30",  # blocks of 3
    }
    for client in _client(tmp_path, **environ):
        caller = _bearer(client, uuid.uuid4())
        answers = [client.get(AVATARS, headers=caller) for _ in range(31)]
        assert [a.status_code for a in answers] == [200] * 30 + [429]
        remaining = [int(a.headers["ratelimit-remaining"]) for a in answers]
        assert remaining == [*range(29, -1, -1), 0]
        assert 1 <= int(answers[-1].headers["retry-after"]) <= 60


def test_limits_are_settings_with_the_specs_defaults() -> None:
    from entrypoints.settings import load_settings

    settings = load_settings({})
    assert (settings.rate_limit_user, settings.rate_limit_premium) == (100, 1000)
    assert settings.rate_limit_window_s == 60
    assert settings.rate_limit_lease_fraction == 0.1
    assert settings.resolved_rate_limit_store == "memory"
    assert load_settings({"AVATAR_PROFILE": "production"}).resolved_rate_limit_store == "redis"


def test_websockets_count_when_they_open(client: TestClient) -> None:  # type: ignore[type-arg]
    from litestar.exceptions import WebSocketDisconnect

    token = _bearer(client, uuid.uuid4())["Authorization"].removeprefix("Bearer ")
    protocols = ["avatar-events.v1", f"bearer.{token}"]
    for _ in range(3):
        with client.websocket_connect("/api/v1/ws", subprotocols=protocols) as socket:
            assert socket.receive_json()["type"] == "ready"
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        client.websocket_connect("/api/v1/ws", subprotocols=protocols) as socket,
    ):
        socket.receive_json()
    assert refused.value.code == 1008
    # The same user's HTTP requests share the count.
    assert client.get(AVATARS, headers={"Authorization": f"Bearer {token}"}).status_code == 429
