"""The dead-letter topic read and replayed for admins (``avatar-service`` jobs that failed every
attempt: adapters/kafka/worker.py puts them there with their attempts and last error).

A letter's id is its place in the topic, ``partition-offset``. Reading assigns every partition
without a consumer group (nothing is committed, the topic is left as it is); a replay sends the
job again as a first attempt to the topic of its reason (``Topics.job_topic``: a photo job to
the photo jobs topic), and the letter stays in the topic.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition

from adapters.contract.messages import Topics, job_from_payload
from adapters.kafka.cloudevents import header
from adapters.kafka.security import PLAINTEXT, KafkaSecurity
from adapters.kafka.worker import ATTEMPT, ERROR, NOT_BEFORE
from application.ports import DeadLetter

_LETTER_ID = re.compile(r"^(\d{1,6})-(\d{1,19})$")
_DROPPED_HEADERS = (ATTEMPT, ERROR, NOT_BEFORE, "x-original-topic")


def _letter(record: ConsumerRecord[bytes, bytes]) -> DeadLetter:
    headers = list(record.headers or ())
    return DeadLetter(
        id=f"{record.partition}-{record.offset}",
        job=job_from_payload(record.value or b""),
        attempts=int(header(headers, ATTEMPT) or 1),
        error=header(headers, ERROR) or "",
        failed_at=datetime.fromtimestamp(record.timestamp / 1000, UTC),
    )


class KafkaDeadLetters:
    def __init__(
        self,
        bootstrap: str,
        topics: Topics,
        *,
        security: KafkaSecurity = PLAINTEXT,
        client_id: str = "avatar-service-admin",
        timeout_ms: int = 5_000,
    ) -> None:
        self._bootstrap, self._topics, self._security = bootstrap, topics, security
        self._client_id, self._timeout_ms = client_id, timeout_ms

    def _consumer(self) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            **self._security.client_options(),
            bootstrap_servers=self._bootstrap,
            client_id=self._client_id,
            group_id=None,
            enable_auto_commit=False,
            request_timeout_ms=self._timeout_ms,
        )

    async def _partitions(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        topic = self._topics.jobs_dead_letter
        if topic not in await consumer.topics():  # fetches the cluster's metadata
            return []
        found = consumer.partitions_for_topic(topic) or set()
        return [TopicPartition(topic, partition) for partition in sorted(found)]

    async def list(self, limit: int) -> list[DeadLetter]:
        consumer = self._consumer()
        await consumer.start()
        try:
            partitions = await self._partitions(consumer)
            if not partitions:
                return []
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
            letters: list[DeadLetter] = []

            async def unread() -> bool:
                return any([await consumer.position(p) < ends[p] for p in partitions])

            while len(letters) < limit and await unread():
                batches = await consumer.getmany(timeout_ms=self._timeout_ms)
                if not batches:
                    break
                for records in batches.values():
                    letters += [_letter(record) for record in records]
            letters.sort(key=lambda letter: (letter.failed_at or datetime.min, letter.id))
            return letters[:limit]
        finally:
            await consumer.stop()

    async def replay(self, letter_id: str) -> DeadLetter:
        match = _LETTER_ID.match(letter_id)
        if match is None:
            raise LookupError(letter_id)
        partition = TopicPartition(self._topics.jobs_dead_letter, int(match.group(1)))
        offset = int(match.group(2))
        consumer = self._consumer()
        await consumer.start()
        try:
            if partition not in await self._partitions(consumer):
                raise LookupError(letter_id)
            consumer.assign([partition])
            if offset >= (await consumer.end_offsets([partition]))[partition]:
                raise LookupError(letter_id)
            consumer.seek(partition, offset)
            record = await consumer.getone()
        finally:
            await consumer.stop()
        if record.offset != offset:  # compacted or deleted by retention
            raise LookupError(letter_id)
        letter = _letter(record)
        headers = [(k, v) for k, v in (record.headers or ()) if k not in _DROPPED_HEADERS]
        producer = AIOKafkaProducer(
            **self._security.client_options(),
            bootstrap_servers=self._bootstrap,
            client_id=self._client_id,
            acks="all",
            enable_idempotence=False,
        )
        await producer.start()
        try:
            await producer.send_and_wait(
                self._topics.job_topic(letter.job.reason),
                value=record.value,
                key=record.key,
                headers=headers,
            )
        finally:
            await producer.stop()
        return letter
