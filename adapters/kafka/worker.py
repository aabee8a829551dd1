"""The job worker over a Kafka consumer group: at-least-once delivery, done once in effect.

- Offsets are committed by hand, one message at a time, only after the job's result is
  committed to the database (the handler returns); a worker killed mid-job leaves its offset
  uncommitted, and the job is delivered again to the group, where the processed-message
  record makes the second run change nothing.
- A failing job goes to its lane's retry topic with its attempt number and a not-before time
  (exponential backoff); after ``max_attempts`` it goes to the dead-letter topic with the
  error attached. Either way the original offset is then committed and the group moves on.
- Two lanes (ADR 58): the jobs topic, and the photo jobs topic that an upload's
  preprocessing goes to (``Topics.job_topic``). Each topic and each retry topic has a
  consumer loop (and a consumer group) of its own, so a photo job never waits behind a
  measurement running in the same process.
- ``stop`` (SIGTERM) lets the current jobs finish and hands the rest back uncommitted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from aiokafka.errors import KafkaError
from opentelemetry.trace import SpanKind

from adapters.contract.messages import TRACEPARENT, Topics, job_from_payload, message_span
from adapters.kafka.cloudevents import header
from adapters.kafka.security import PLAINTEXT, KafkaSecurity
from application.ports import ProcessAvatarJob

log = logging.getLogger(__name__)

JobHandler = Callable[[ProcessAvatarJob], Awaitable[None]]
# Told the consumer lag (topic, partition, messages behind the high watermark) after each job.
LagObserver = Callable[[str, int, int], None]
ATTEMPT, NOT_BEFORE, ERROR = "x-attempt", "x-not-before", "x-error"


class KafkaJobWorker:
    def __init__(
        self,
        bootstrap: str,
        topics: Topics,
        handler: JobHandler,
        *,
        group_id: str = "avatar-service-workers",
        max_attempts: int = 3,
        backoff_s: float = 1.0,
        client_id: str = "avatar-service-worker",
        session_timeout_ms: int = 10_000,
        heartbeat_interval_ms: int = 3_000,
        lag_observer: LagObserver = lambda topic, partition, lag: None,
        security: KafkaSecurity = PLAINTEXT,
    ) -> None:
        self._bootstrap, self._topics, self._handler = bootstrap, topics, handler
        self._security = security
        self._group_timing = {
            "session_timeout_ms": session_timeout_ms,
            "heartbeat_interval_ms": heartbeat_interval_ms,
        }
        self._group_id, self._client_id = group_id, client_id
        self._max_attempts, self._backoff_s = max_attempts, backoff_s
        self.handled = 0
        self._lag_observer = lag_observer

    async def run(self, stop: asyncio.Event) -> None:
        """Consume the job, photo job and retry topics until ``stop`` is set; reconnects after a
        broker failure (uncommitted jobs are then delivered again)."""
        backoff_s = 0.5
        while not stop.is_set():
            try:
                await self._run_once(stop)
                backoff_s = 0.5
            except* (KafkaError, OSError) as failures:
                log.warning(
                    "kafka worker lost the broker (%s); reconnecting in %.1f s",
                    failures.exceptions[0],
                    backoff_s,
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=backoff_s)
                backoff_s = min(10.0, backoff_s * 2)

    async def _run_once(self, stop: asyncio.Event) -> None:
        producer = AIOKafkaProducer(
            **self._security.client_options(),
            bootstrap_servers=self._bootstrap,
            acks="all",
            enable_idempotence=False,
            client_id=self._client_id,
        )
        await producer.start()
        topics, group = self._topics, self._group_id
        # Each loop: the topic it consumes, in a group of its own, and where its failures go.
        loops = (
            (topics.jobs, group, topics.jobs_retry),
            (topics.jobs_retry, f"{group}-retry", topics.jobs_retry),
            (topics.photo_jobs, f"{group}-photos", topics.photo_jobs_retry),
            (topics.photo_jobs_retry, f"{group}-photos-retry", topics.photo_jobs_retry),
        )
        try:
            async with asyncio.TaskGroup() as running:  # a loop that fails stops the others
                for topic, group_id, retry_topic in loops:
                    running.create_task(self._consume(topic, group_id, retry_topic, producer, stop))
        finally:
            await producer.stop()

    async def _consume(
        self,
        topic: str,
        group_id: str,
        retry_topic: str,
        producer: AIOKafkaProducer,
        stop: asyncio.Event,
    ) -> None:
        consumer = AIOKafkaConsumer(
            topic,
            **self._security.client_options(),
            bootstrap_servers=self._bootstrap,
            group_id=group_id,
            client_id=self._client_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=20,
            **self._group_timing,
        )
        await consumer.start()
        try:
            while not stop.is_set():
                batches = await consumer.getmany(timeout_ms=200)
                for partition, records in batches.items():
                    for record in records:
                        if stop.is_set() or not await _wait_until_due(record, stop):
                            return  # the rest is handed back uncommitted
                        await self._handle(record, retry_topic, producer)
                        await consumer.commit({partition: record.offset + 1})
                        self.handled += 1
                        highwater = consumer.highwater(partition)
                        if highwater is not None:
                            lag = max(0, highwater - record.offset - 1)
                            self._lag_observer(partition.topic, partition.partition, lag)
        finally:
            await consumer.stop()  # leaves the group: its partitions go to the others

    async def _handle(
        self,
        record: ConsumerRecord[bytes, bytes],
        retry_topic: str,
        producer: AIOKafkaProducer,
    ) -> None:
        headers = list(record.headers or ())
        attempt = int(header(headers, ATTEMPT) or 1)
        trace_parent = header(headers, TRACEPARENT)
        try:
            with message_span(f"{record.topic} process", trace_parent, SpanKind.CONSUMER):
                job = job_from_payload(record.value or b"")
                await self._handler(job)
        except Exception as error:  # any failure: retry later, then dead-letter
            await self._forward_failure(record, headers, attempt, error, retry_topic, producer)

    async def _forward_failure(
        self,
        record: ConsumerRecord[bytes, bytes],
        headers: list[tuple[str, bytes]],
        attempt: int,
        error: Exception,
        retry_topic: str,
        producer: AIOKafkaProducer,
    ) -> None:
        kept = [(k, v) for k, v in headers if k not in (ATTEMPT, NOT_BEFORE, ERROR)]
        failure = f"{type(error).__name__}: {error}"[:2000].encode()
        if attempt >= self._max_attempts:
            log.error(
                "job message %s failed %d times; to the dead-letter topic: %s",
                header(headers, "ce_id"),
                attempt,
                failure.decode(),
            )
            topic = self._topics.jobs_dead_letter
            extra = [
                (ATTEMPT, str(attempt).encode()),
                (ERROR, failure),
                ("x-original-topic", record.topic.encode()),
            ]
        else:
            delay = timedelta(seconds=self._backoff_s * 2 ** (attempt - 1))
            due = (datetime.now(UTC) + delay).isoformat().encode()
            log.warning(
                "job message %s failed (attempt %d): %s; retrying in %s",
                header(headers, "ce_id"),
                attempt,
                failure.decode(),
                delay,
            )
            topic = retry_topic
            extra = [(ATTEMPT, str(attempt + 1).encode()), (NOT_BEFORE, due), (ERROR, failure)]
        await producer.send_and_wait(
            topic, value=record.value, key=record.key, headers=kept + extra
        )


async def _wait_until_due(record: ConsumerRecord[bytes, bytes], stop: asyncio.Event) -> bool:
    """Sleep until the record's not-before time; False if ``stop`` came first."""
    due = header(list(record.headers or ()), NOT_BEFORE)
    if due is None:
        return True
    delay_s = (datetime.fromisoformat(due) - datetime.now(UTC)).total_seconds()
    if delay_s <= 0:
        return True
    try:
        await asyncio.wait_for(stop.wait(), timeout=delay_s)
    except TimeoutError:
        return True
    return False
