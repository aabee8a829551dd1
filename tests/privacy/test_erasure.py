"""Erasure that reaches everything (GDPR art. 17): at the user's request or on the
authentication service's ``user deleted`` CloudEvent; afterwards the database tables and the
object store hold nothing of the user, and a replayed request is harmless."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer

from adapters.kafka.external_events import (
    KafkaUserEventConsumer,
    MalformedEvent,
    erasure_request_of,
)
from adapters.memory.state import MemoryUnitOfWorkFactory
from adapters.sqlalchemy.tables import metadata
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from application.create_avatar import CreateAvatarCommand
from application.manage_avatar import UpdateAvatarCommand
from application.ports import UnitOfWorkFactory
from application.privacy import ErasureRequest
from domain.access import Viewer
from domain.avatar import AvatarType
from domain.fit_preferences import FitFeedback, FitFeel
from domain.size_charts import GarmentCategory
from entrypoints.container import Container
from tests.privacy.stored_photos import store_processed_photo
from tests.support.harness import container_for_tests
from tests.support.kafka import Broker

ALICE = Viewer(uuid.UUID("aaaaaaaa-0000-4000-8000-000000000001"))
BOB = Viewer(uuid.UUID("bbbbbbbb-0000-4000-8000-000000000002"))
DELETED = "com.perfit.auth.user.deleted.v1"
DATA_ERASED = "com.perfit.user.data_erased.v1"


async def _give_everything(container: Container, viewer: Viewer, name: str) -> list[uuid.UUID]:
    """Two avatars with versions and analyses, a consent change, a processed photo (five
    objects), a model object and a fit feedback; returns the avatars' ids."""
    created = []
    for n in (1, 2):
        avatar = await container.create_avatar()(
            CreateAvatarCommand(
                viewer=viewer,
                name=f"{name} {n}",
                avatar_type=AvatarType.MEASUREMENT_BASED,
                measurements={"height": 170.0, "chest": 92.0, "waist": 76.0, "hips": 98.0},
            )
        )
        created.append(avatar.id)
    await container.update_avatar()(
        UpdateAvatarCommand(viewer=viewer, avatar_id=created[0], allow_ai_training=True)
    )
    uow_factory, blobs, now = container.uow_factory(), container.blobs(), container.clock().now()
    await store_processed_photo(uow_factory, blobs, viewer.user_id, created[0], now)
    await blobs.put(f"users/{viewer.user_id}/avatars/{created[1]}/models/m-high.glb", b"g", "x")
    async with uow_factory() as uow:
        await uow.fit.add_feedback(
            FitFeedback(
                id=uuid.uuid4(),
                user_id=viewer.user_id,
                avatar_id=created[0],
                brand="Acme",
                category=GarmentCategory.TOPS,
                size_worn="M",
                areas={"chest": FitFeel.TOO_TIGHT},
                created_at=now,
            )
        )
        await uow.commit()
    return created


async def _relay(container: Container) -> list[str]:
    relay = container.relay()
    while await relay():
        pass
    return [m.type for m in container.event_bus().published]


async def _traces_of(uow_factory: UnitOfWorkFactory, marks: list[str]) -> list[str]:
    """Where any of ``marks`` (ids as text) is still stored: every table, every column."""
    found = []
    if isinstance(uow_factory, MemoryUnitOfWorkFactory):
        tables = uow_factory.database.tables
        for name in tables.__dataclass_fields__:
            if name == "outbox":  # messages kept as sent: the memory broker's history
                continue
            text = repr(getattr(tables, name))
            found += [f"{name}: {mark}" for mark in marks if mark in text]
        return found
    assert isinstance(uow_factory, SqlUnitOfWorkFactory)
    async with uow_factory.engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name == "audit_log":  # append-only ids, kept by design (docs/privacy.md)
                continue
            rows = (await connection.execute(sa.select(table))).all()
            text = repr(rows)
            found += [f"{table.name}: {mark}" for mark in marks if mark in text]
    return found


async def test_erasure_leaves_no_row_and_no_object_of_the_user(
    uow_factory: UnitOfWorkFactory,
) -> None:
    container = container_for_tests(uow_factory=uow_factory)
    mine = await _give_everything(container, ALICE, "alice")
    theirs = await _give_everything(container, BOB, "bob")
    blobs = container.blobs()
    assert len(await blobs.list_objects(f"users/{ALICE.user_id}/")) == 6

    receipt = await container.erase_user_data()(ALICE)

    assert (receipt.avatars_erased, receipt.objects_deleted, receipt.replayed) == (2, 6, False)
    assert await blobs.list_objects(f"users/{ALICE.user_id}/") == []
    events = await _relay(container)
    assert events.count(DATA_ERASED) == 1
    marks = [str(ALICE.user_id), *(str(i) for i in mine)]
    assert await _traces_of(uow_factory, marks) == []
    # Bob keeps everything.
    assert len(await blobs.list_objects(f"users/{BOB.user_id}/")) == 6
    assert len(await _traces_of(uow_factory, [str(i) for i in theirs])) > 0


async def test_a_replayed_erasure_request_changes_nothing_and_publishes_nothing() -> None:
    container = container_for_tests()
    await _give_everything(container, ALICE, "alice")
    erase = container.erase_user_data()
    request = ErasureRequest(user_id=ALICE.user_id, request_id=uuid.uuid4(), source="/auth")
    first = await erase.on_request(request)
    assert (first.avatars_erased, first.requested_by, first.replayed) == (2, "/auth", False)
    # An object written meanwhile (a crash between the rows and the objects) goes too.
    await container.blobs().put(f"users/{ALICE.user_id}/late.bin", b"x", "x")
    again = await erase.on_request(request)
    assert (again.avatars_erased, again.objects_deleted, again.replayed) == (0, 1, True)
    assert (await _relay(container)).count(DATA_ERASED) == 1


def _binary(user_id: uuid.UUID, event_id: str = "e-1", kind: str = DELETED) -> dict[str, object]:
    return {
        "value": json.dumps({"userId": str(user_id)}).encode(),
        "headers": [
            ("ce_specversion", b"1.0"),
            ("ce_id", event_id.encode()),
            ("ce_source", b"/auth-service"),
            ("ce_type", kind.encode()),
            ("content-type", b"application/json"),
        ],
    }


def test_user_deleted_events_are_read_in_binary_and_structured_mode() -> None:
    binary = _binary(ALICE.user_id)
    request = erasure_request_of(
        binary["value"],  # type: ignore[arg-type]
        binary["headers"],  # type: ignore[arg-type]
        deleted_type=DELETED,
    )
    structured = json.dumps(
        {
            "specversion": "1.0",
            "id": "e-1",
            "source": "/auth-service",
            "type": DELETED,
            "subject": str(ALICE.user_id),
            "time": datetime.now(UTC).isoformat(),
        }
    ).encode()
    same = erasure_request_of(structured, [], deleted_type=DELETED)
    assert request is not None and request == same
    assert request.user_id == ALICE.user_id and request.source == "/auth-service"
    other = _binary(ALICE.user_id, kind="com.perfit.auth.user.created.v1")
    assert erasure_request_of(other["value"], other["headers"], deleted_type=DELETED) is None  # type: ignore[arg-type]
    for bad in (
        b"not json",
        b'{"no": "specversion"}',
        json.dumps(
            {
                "specversion": "1.0",
                "id": "1",
                "source": "/a",
                "type": DELETED,
                "data": {"userId": "x"},
            }
        ).encode(),
    ):
        with pytest.raises(MalformedEvent):
            erasure_request_of(bad, [], deleted_type=DELETED)


@pytest.mark.kafka
async def test_the_auth_services_user_deleted_event_erases_the_user_once(kafka: Broker) -> None:
    topic = f"auth.user-events.{uuid.uuid4().hex[:8]}"
    kafka.create_topics([topic], partitions=1)
    container = container_for_tests()
    await _give_everything(container, ALICE, "alice")
    consumer = KafkaUserEventConsumer(
        kafka.bootstrap,
        topic,
        container.erase_user_data().on_request,
        deleted_type=DELETED,
        group_id=f"user-events-{uuid.uuid4().hex[:8]}",
        **kafka.group_timing(),
    )
    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap)
    await producer.start()
    try:
        for _ in range(2):  # the event, then a replay of it
            event = _binary(ALICE.user_id, event_id="evt-42")
            await producer.send_and_wait(topic, value=event["value"], headers=event["headers"])  # type: ignore[arg-type]
        await producer.send_and_wait(topic, value=b"garbage")
        stop = asyncio.Event()
        running = asyncio.create_task(consumer.run(stop))
        for _ in range(300):
            if len(consumer.receipts) == 2:
                break
            await asyncio.sleep(0.1)
        stop.set()
        await running
    finally:
        await producer.stop()
    first, replay = consumer.receipts
    assert (first.avatars_erased, first.replayed, replay.replayed) == (2, False, True)
    assert await container.blobs().list_objects(f"users/{ALICE.user_id}/") == []
    assert (await _relay(container)).count(DATA_ERASED) == 1
