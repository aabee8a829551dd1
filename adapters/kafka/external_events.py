"""Events of other services, consumed from a Kafka topic: the authentication service's
``user deleted`` CloudEvent asks for the erasure of everything of that user.

CloudEvents in binary mode (``ce_*`` headers, the data as the value) or structured mode (one
JSON document with ``specversion``, ``id``, ``type``, ``source`` and ``data``) are both read.
The user is ``data.userId`` (or ``data.user_id``), else the event's ``subject``. Other event
types are skipped; a malformed event is logged and skipped (it cannot block the partition).
The offset is committed after the erasure: a crash in between delivers the event again, and
the erasure, keyed by the event's id, is then harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError

from adapters.kafka.cloudevents import Headers, header
from adapters.kafka.security import PLAINTEXT, KafkaSecurity
from application.privacy import ErasureReceipt, ErasureRequest

log = logging.getLogger(__name__)

ErasureHandler = Callable[[ErasureRequest], Awaitable[ErasureReceipt]]
# CloudEvents ids are unique per source only: the request id is a UUIDv5 of both.
REQUEST_NAMESPACE = uuid.UUID("0b6d7c52-6f4e-4a57-9a3e-5f0f3a1c2d16")


class MalformedEvent(ValueError):
    """The message is not a CloudEvent this service can act on."""


def erasure_request_of(
    value: bytes | None, headers: Headers, *, deleted_type: str
) -> ErasureRequest | None:
    """The erasure asked for by one message, None if the event is of another type; raises
    ``MalformedEvent`` when it cannot be read."""
    attributes: dict[str, Any]
    if header(headers, "ce_specversion") is not None:
        attributes = {
            name: header(headers, f"ce_{name}") for name in ("id", "type", "source", "subject")
        }
        attributes["data"] = _json(value) if value else None
    else:
        document = _json(value)
        if not isinstance(document, dict) or "specversion" not in document:
            raise MalformedEvent("neither ce_* headers nor a structured CloudEvent")
        attributes = document
    if attributes.get("type") != deleted_type:
        return None
    event_id, source = attributes.get("id"), attributes.get("source")
    if not event_id or not source:
        raise MalformedEvent("a CloudEvent needs an id and a source")
    raw_data = attributes.get("data")
    data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
    raw_user = data.get("userId") or data.get("user_id") or attributes.get("subject")
    try:
        user_id = uuid.UUID(str(raw_user))
    except ValueError:
        raise MalformedEvent(f"the user id {raw_user!r} is not a UUID") from None
    return ErasureRequest(
        user_id=user_id,
        request_id=uuid.uuid5(REQUEST_NAMESPACE, f"{source}\n{event_id}"),
        source=str(source),
    )


def _json(value: bytes | None) -> Any:
    try:
        return json.loads(value or b"")
    except ValueError:
        raise MalformedEvent("the message is not JSON") from None


class KafkaUserEventConsumer:
    """Consumes ``topic`` in its own consumer group and erases the users it is told of."""

    def __init__(
        self,
        bootstrap: str,
        topic: str,
        erase: ErasureHandler,
        *,
        deleted_type: str,
        group_id: str = "avatar-service-user-events",
        client_id: str = "avatar-service-user-events",
        session_timeout_ms: int = 10_000,
        heartbeat_interval_ms: int = 3_000,
        security: KafkaSecurity = PLAINTEXT,
    ) -> None:
        self._bootstrap, self._topic, self._erase = bootstrap, topic, erase
        self._security = security
        self._deleted_type, self._group_id, self._client_id = deleted_type, group_id, client_id
        self._group_timing = {
            "session_timeout_ms": session_timeout_ms,
            "heartbeat_interval_ms": heartbeat_interval_ms,
        }
        self.receipts: list[ErasureReceipt] = []  # the latest ones, for tests and operators

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until ``stop`` is set; reconnects after a broker failure."""
        backoff_s = 0.5
        while not stop.is_set():
            try:
                await self._consume(stop)
                backoff_s = 0.5
            except (KafkaError, OSError) as error:
                log.warning("user events: lost the broker (%s); retry in %.1f s", error, backoff_s)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=backoff_s)
                backoff_s = min(10.0, backoff_s * 2)

    async def _consume(self, stop: asyncio.Event) -> None:
        consumer = AIOKafkaConsumer(
            self._topic,
            **self._security.client_options(),
            bootstrap_servers=self._bootstrap,
            group_id=self._group_id,
            client_id=self._client_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            **self._group_timing,
        )
        await consumer.start()
        try:
            while not stop.is_set():
                batches = await consumer.getmany(timeout_ms=200)
                for partition, records in batches.items():
                    for record in records:
                        await self.handle(record.value, list(record.headers or ()))
                        await consumer.commit({partition: record.offset + 1})
        finally:
            await consumer.stop()

    async def handle(self, value: bytes | None, headers: Headers) -> ErasureReceipt | None:
        """Act on one message; returns the erasure's receipt, None if there was none."""
        try:
            request = erasure_request_of(value, headers, deleted_type=self._deleted_type)
        except MalformedEvent as error:
            log.error("user events: skipped a malformed event on %s: %s", self._topic, error)
            return None
        if request is None:
            return None
        receipt = await self._erase(request)
        log.info(
            "user data erased at the request of %s: user %s, %d avatars, %d objects%s",
            receipt.requested_by,
            receipt.user_id,
            receipt.avatars_erased,
            receipt.objects_deleted,
            " (a replay: nothing more to erase in the database)" if receipt.replayed else "",
        )
        self.receipts = [*self.receipts[-99:], receipt]
        return receipt
