"""The fan-out of one process: watchers get their avatars' updates once, in order; the memory
of recent updates is bounded; a watcher that does not read is told it fell behind."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest

from application.live_updates import FellBehind, LiveUpdates
from application.ports import AvatarUpdate, UpdateKind

NOW = datetime(2026, 12, 5, tzinfo=UTC)


def update(avatar_id: uuid.UUID, number: int) -> AvatarUpdate:
    return AvatarUpdate(
        event_id=f"event-{number}",
        avatar_id=avatar_id,
        user_id=uuid.uuid4(),
        kind=UpdateKind.PROCESSING,
        occurred_at=NOW,
        stage="model_generation",
        progress=number,
    )


async def test_a_watcher_gets_its_avatars_updates_once_and_in_order() -> None:
    hub = LiveUpdates()
    mine, other = uuid.uuid4(), uuid.uuid4()
    watcher = hub.watcher()
    watcher.watch(mine)
    for number, avatar_id in enumerate([mine, other, mine, mine]):
        hub.publish(update(avatar_id, number))
    hub.publish(update(mine, 2))  # a redelivery
    got = [await watcher.next() for _ in range(3)]
    assert [u.event_id for u in got] == ["event-0", "event-2", "event-3"]
    watcher.close()
    assert hub.watched_avatars == 0


def test_recent_updates_are_bounded_and_replayed_after_a_known_event_only() -> None:
    hub = LiveUpdates(keep=3)
    mine, other = uuid.uuid4(), uuid.uuid4()
    for number, avatar_id in enumerate([mine, other, mine, mine, other]):
        hub.publish(update(avatar_id, number))
    assert hub.since("event-0", [mine]) is None  # forgotten: the client resyncs
    missed = hub.since("event-2", [mine])
    assert missed is not None
    assert [u.event_id for u in missed] == ["event-3"]
    assert hub.since("never-sent", [mine]) is None


async def test_a_watcher_that_does_not_read_is_told_it_fell_behind() -> None:
    hub = LiveUpdates(watcher_capacity=2)
    mine = uuid.uuid4()
    watcher = hub.watcher()
    watcher.watch(mine)
    for number in range(5):
        hub.publish(update(mine, number))
    with pytest.raises(FellBehind):
        await watcher.next()
    hub.publish(update(mine, 9))
    assert (await asyncio.wait_for(watcher.next(), 1)).event_id == "event-9"
