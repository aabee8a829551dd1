"""Live updates in one process: who watches which avatar, and the latest events for clients
that reconnect.

``LiveUpdates`` is fed by a ``LiveFeed`` (the in-process bus, or the broker) and read by the
WebSocket and GraphQL subscriptions. Each watcher has a bounded queue: one that does not
read falls behind, and is told to resync instead of holding memory without bound.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable
from uuid import UUID

from application.ports import AvatarUpdate, UpdateKind

RECENT_UPDATES = 10_000  # reconnecting clients get what they missed from this many
WATCHER_QUEUE = 256


class FellBehind(Exception):
    """The watcher did not read its updates fast enough; some were dropped."""


class Watcher:
    """One client's view: the avatars it watches and the updates of those, in order."""

    def __init__(self, hub: LiveUpdates, capacity: int) -> None:
        self._hub = hub
        self._queue: asyncio.Queue[AvatarUpdate] = asyncio.Queue(capacity)
        self.avatar_ids: set[UUID] = set()
        self.fell_behind = False

    def watch(self, avatar_id: UUID) -> None:
        self.avatar_ids.add(avatar_id)
        self._hub.attach(self, avatar_id)

    def unwatch(self, avatar_id: UUID) -> None:
        self.avatar_ids.discard(avatar_id)
        self._hub.detach(self, avatar_id)

    def close(self) -> None:
        for avatar_id in list(self.avatar_ids):
            self.unwatch(avatar_id)

    def offer(self, update: AvatarUpdate) -> None:
        try:
            self._queue.put_nowait(update)
        except asyncio.QueueFull:
            self.fell_behind = True

    async def next(self) -> AvatarUpdate:
        """The next update of a watched avatar; ``FellBehind`` once one was dropped."""
        if self.fell_behind:
            self.fell_behind = False
            while not self._queue.empty():
                self._queue.get_nowait()
            raise FellBehind("updates were dropped: read the avatars again")
        return await self._queue.get()


class LiveUpdates:
    """Fan-out of avatar updates to the watchers of this process, and a bounded memory of
    the latest ones (by event id) for clients that reconnect."""

    def __init__(self, keep: int = RECENT_UPDATES, watcher_capacity: int = WATCHER_QUEUE) -> None:
        self._recent: OrderedDict[str, AvatarUpdate] = OrderedDict()
        self._keep, self._capacity = keep, watcher_capacity
        self._watchers: dict[UUID, set[Watcher]] = {}

    def watcher(self) -> Watcher:
        return Watcher(self, self._capacity)

    def attach(self, watcher: Watcher, avatar_id: UUID) -> None:
        self._watchers.setdefault(avatar_id, set()).add(watcher)

    def detach(self, watcher: Watcher, avatar_id: UUID) -> None:
        watchers = self._watchers.get(avatar_id)
        if watchers is not None:
            watchers.discard(watcher)
            if not watchers:
                del self._watchers[avatar_id]

    def publish(self, update: AvatarUpdate) -> None:
        """Remember the update and hand it to the watchers of its avatar. An event already
        seen (a redelivery) is dropped, and so is one that is no processing event (``CHANGED``:
        for the read cache)."""
        if update.event_id in self._recent or update.kind is UpdateKind.CHANGED:
            return
        self._recent[update.event_id] = update
        if len(self._recent) > self._keep:
            self._recent.popitem(last=False)
        for watcher in self._watchers.get(update.avatar_id, ()):
            watcher.offer(update)

    def since(self, event_id: str, avatar_ids: Iterable[UUID]) -> list[AvatarUpdate] | None:
        """The remembered updates of ``avatar_ids`` after ``event_id``, oldest first; None
        when ``event_id`` is no longer (or never was) remembered: the client must resync."""
        if event_id not in self._recent:
            return None
        wanted = set(avatar_ids)
        after, found = [], False
        for key, update in self._recent.items():
            if found and update.avatar_id in wanted:
                after.append(update)
            found = found or key == event_id
        return after

    @property
    def watched_avatars(self) -> int:
        return len(self._watchers)
