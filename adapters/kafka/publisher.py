"""Sends outbox messages to Kafka with aiokafka: acks from all in-sync replicas, keyed by avatar.

The producer is not idempotent (``enable_idempotence=False``): some Kafka-protocol brokers
(Tansu) refuse InitProducerId, and the outbox already gives at-least-once delivery with ids
consumers can deduplicate on. Per-avatar order holds: one relay sends one batch at a time,
aiokafka keeps one batch in flight per partition, and only the unbroken prefix of a batch
is marked sent. A job goes to its reason's topic (``Topics.job_topic``): an upload's photo job
to a topic of its own, so it never waits behind a measurement (ADR 58); the avatar's next job
is queued only when the photo job ends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer
from opentelemetry.trace import SpanKind

from adapters.contract.messages import Topics, job_from_payload, message_span
from adapters.kafka.cloudevents import headers_for
from adapters.kafka.security import PLAINTEXT, KafkaSecurity
from application.ports import Channel, OutboxMessage

log = logging.getLogger(__name__)


class KafkaPublisher:
    def __init__(
        self,
        bootstrap: str,
        topics: Topics,
        *,
        client_id: str = "avatar-service",
        request_timeout_ms: int = 10_000,
        security: KafkaSecurity = PLAINTEXT,
    ) -> None:
        self._bootstrap, self._topics, self._client_id = bootstrap, topics, client_id
        self._security = security
        self._request_timeout_ms = request_timeout_ms
        self._producer: AIOKafkaProducer | None = None
        self._lock = asyncio.Lock()

    def _topic(self, message: OutboxMessage) -> str:
        if message.channel is Channel.JOBS:  # by its reason: photo jobs have their own
            return self._topics.job_topic(job_from_payload(message.payload).reason)
        return self._topics.events

    async def _started(self) -> AIOKafkaProducer:
        async with self._lock:
            if self._producer is None:
                producer = AIOKafkaProducer(
                    **self._security.client_options(),
                    bootstrap_servers=self._bootstrap,
                    client_id=self._client_id,
                    acks="all",
                    enable_idempotence=False,
                    linger_ms=2,
                    request_timeout_ms=self._request_timeout_ms,
                    retry_backoff_ms=200,
                )
                await producer.start()  # fails if the broker is away: the relay retries
                self._producer = producer
            return self._producer

    async def publish(self, messages: Sequence[OutboxMessage]) -> int:
        producer = await self._started()
        futures = []
        for m in messages:
            topic = self._topic(m)
            with message_span(f"{topic} publish", m.trace_parent, SpanKind.PRODUCER) as parent:
                headers = headers_for(m, parent)
                futures.append(
                    await producer.send(topic, value=m.payload, key=m.key.encode(), headers=headers)
                )
        results = await asyncio.gather(*futures, return_exceptions=True)
        delivered = 0
        for result in results:  # only the unbroken prefix counts, to keep the order
            if isinstance(result, BaseException):
                log.warning("kafka refused a message: %s", result)
                break
            delivered += 1
        if delivered < len(messages):
            await self.close()  # start afresh next time: the connection may be broken
        return delivered

    async def close(self) -> None:
        async with self._lock:
            producer, self._producer = self._producer, None
        if producer is not None:
            await producer.stop()
