"""The live feed of an API process in production: it reads the events topic in a consumer
group of its own, so that every API process sees every avatar's processing events, whichever
process or worker produced them.

It starts at the end of the topic (a process shows what happens from now on; what happened
before is in the database), commits nothing, and skips what it cannot read.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError

from adapters.contract.messages import avatar_update_of
from adapters.kafka.cloudevents import header
from adapters.kafka.security import PLAINTEXT, KafkaSecurity
from application.ports import UpdateSink

log = logging.getLogger(__name__)


def process_group_id(prefix: str) -> str:
    """A consumer group of this process alone (host, pid and a random suffix)."""
    return f"{prefix}-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


class KafkaLiveFeed:
    def __init__(
        self,
        bootstrap: str,
        topic: str,
        *,
        group_id: str,
        session_timeout_ms: int = 10_000,
        heartbeat_interval_ms: int = 3_000,
        poll_ms: int = 100,
        fetch_max_wait_ms: int = 20,
        security: KafkaSecurity = PLAINTEXT,
    ) -> None:
        self._bootstrap, self._topic, self._group_id = bootstrap, topic, group_id
        self._security = security
        self._group_timing = {
            "session_timeout_ms": session_timeout_ms,
            "heartbeat_interval_ms": heartbeat_interval_ms,
        }
        # A fetch waits at most this long for new events: what a socket waits beyond the
        # relay (aiokafka's default, 500 ms, is for throughput, not for people watching).
        self._poll_ms, self._fetch_max_wait_ms = poll_ms, fetch_max_wait_ms
        self.assigned = asyncio.Event()  # set once the consumer reads its partitions

    async def run(self, sink: UpdateSink, stop: asyncio.Event) -> None:
        backoff_s = 0.5
        while not stop.is_set():
            try:
                await self._consume(sink, stop)
                backoff_s = 0.5
            except (KafkaError, OSError) as error:
                log.warning("live feed: lost the broker (%s); retry in %.1f s", error, backoff_s)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=backoff_s)
                backoff_s = min(10.0, backoff_s * 2)

    async def _consume(self, sink: UpdateSink, stop: asyncio.Event) -> None:
        consumer = AIOKafkaConsumer(
            self._topic,
            bootstrap_servers=self._bootstrap,
            group_id=self._group_id,
            client_id=self._group_id,
            enable_auto_commit=False,
            auto_offset_reset="latest",
            fetch_max_wait_ms=self._fetch_max_wait_ms,
            **self._group_timing,
            **self._security.client_options(),
        )
        await consumer.start()
        try:
            while not stop.is_set():
                batches = await consumer.getmany(timeout_ms=self._poll_ms)
                if consumer.assignment() and not self.assigned.is_set():
                    self.assigned.set()
                    log.info("live feed: reading %s in group %s", self._topic, self._group_id)
                for records in batches.values():
                    for record in records:
                        headers = list(record.headers or ())
                        event_id, event_type = header(headers, "ce_id"), header(headers, "ce_type")
                        if not event_id or not event_type or record.value is None:
                            continue
                        try:
                            update = avatar_update_of(event_id, event_type, record.value)
                        except ValueError as error:
                            log.error("live feed: skipped an unreadable %s: %s", event_type, error)
                            continue
                        if update is not None:
                            sink.publish(update)
        finally:
            await consumer.stop()
