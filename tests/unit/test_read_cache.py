"""The read cache of GET one and the first page of the list (ADR 54): kept after a read,
forgotten by the process's own writes as they commit and by the events of other processes'
writes, served to the avatar's owner only."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.memory.read_cache import MemoryAvatarReadCache
from adapters.memory.state import MemoryUnitOfWorkFactory
from application.create_avatar import CreateAvatarCommand
from application.ports import AvatarPage, AvatarQuery, AvatarUpdate, UpdateKind
from application.ports.read_cache import CachedAvatar
from application.read_cache import InvalidatingSink
from domain.access import Role, Viewer
from domain.avatar import Avatar, AvatarType, Visibility
from entrypoints.container import Container
from entrypoints.http.app import create_app
from entrypoints.http.auth import issue_token
from entrypoints.settings import Settings
from tests.support.harness import TEST_JWT_SECRET, container_for_tests, settings_for_tests

API = "/api/v1/avatars"
PRESET = "female_average"
MEASURED = {"height": 175, "weight": 70, "chest": 95, "waist": 80, "hips": 100}


# -- the memory adapter ---------------------------------------------------------------------


class Ticks:
    """A clock for the TTL that moves only when told."""

    def __init__(self) -> None:
        self.now_s = 0.0

    def __call__(self) -> float:
        return self.now_s


def entry(user_id: uuid.UUID | None = None) -> CachedAvatar:
    avatar = Avatar.create(
        avatar_id=uuid.uuid4(),
        user_id=user_id or uuid.uuid4(),
        name="Kept",
        avatar_type=AvatarType.MEASUREMENT_BASED,
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return CachedAvatar(avatar, ())


def test_a_kept_avatar_is_served_until_its_time_to_live_ends() -> None:
    ticks = Ticks()
    cache = MemoryAvatarReadCache(ttl_s=30, now=ticks)
    kept = entry()
    cache.keep_avatar(kept, cache.epoch())
    assert cache.avatar(kept.avatar.id) is kept
    ticks.now_s = 29.9
    assert cache.avatar(kept.avatar.id) is kept
    ticks.now_s = 30.0
    assert cache.avatar(kept.avatar.id) is None


def test_the_least_recently_read_entry_goes_first_when_the_cache_is_full() -> None:
    cache = MemoryAvatarReadCache(max_entries=2)
    first, second, third = entry(), entry(), entry()
    cache.keep_avatar(first, cache.epoch())
    cache.keep_avatar(second, cache.epoch())
    assert cache.avatar(first.avatar.id) is first  # read: now the most recent
    cache.keep_avatar(third, cache.epoch())
    assert cache.avatar(second.avatar.id) is None
    assert cache.avatar(first.avatar.id) is first and cache.avatar(third.avatar.id) is third


def test_a_read_that_began_before_an_invalidation_is_not_kept() -> None:
    cache = MemoryAvatarReadCache()
    stale = entry()
    read_since = cache.epoch()  # the read begins ...
    cache.invalidate([stale.avatar.id], [])  # ... a write commits meanwhile ...
    cache.keep_avatar(stale, read_since)  # ... and the read ends with what it replaced
    assert cache.avatar(stale.avatar.id) is None
    cache.keep_avatar(stale, cache.epoch())  # a read begun after it is kept
    assert cache.avatar(stale.avatar.id) is stale


def test_a_read_is_refused_when_the_record_of_invalidations_overflowed() -> None:
    cache = MemoryAvatarReadCache(max_entries=1)  # remembers 4 invalidations
    stale = entry()
    read_since = cache.epoch()
    cache.invalidate([stale.avatar.id], [])
    for _ in range(10):
        cache.invalidate([uuid.uuid4()], [])
    cache.keep_avatar(stale, read_since)
    assert cache.avatar(stale.avatar.id) is None


def test_invalidating_an_avatar_forgets_its_owners_pages_and_no_one_elses() -> None:
    cache = MemoryAvatarReadCache()
    alice, bob = uuid.uuid4(), uuid.uuid4()
    hers = entry(alice)
    query = AvatarQuery()
    cache.keep_avatar(hers, cache.epoch())
    cache.keep_first_page(alice, query, AvatarPage([], False), cache.epoch())
    cache.keep_first_page(bob, query, AvatarPage([], False), cache.epoch())
    cache.invalidate([hers.avatar.id], [])  # the owner is known from the kept avatar
    assert cache.avatar(hers.avatar.id) is None
    assert cache.first_page(alice, query) is None
    assert cache.first_page(bob, query) is not None


def test_the_feed_sink_invalidates_on_every_event_and_shows_only_processing_ones() -> None:
    cache = MemoryAvatarReadCache()
    kept = entry()
    cache.keep_avatar(kept, cache.epoch())
    shown: list[AvatarUpdate] = []

    class Hub:
        def publish(self, update: AvatarUpdate) -> None:
            shown.append(update)

    sink = InvalidatingSink(Hub(), cache)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    sink.publish(AvatarUpdate("e1", kept.avatar.id, kept.avatar.user_id, UpdateKind.CHANGED, now))
    assert cache.avatar(kept.avatar.id) is None and shown == []
    sink.publish(AvatarUpdate("e2", kept.avatar.id, kept.avatar.user_id, UpdateKind.FAILED, now))
    assert [u.event_id for u in shown] == ["e2"]


# -- through the use cases and the HTTP API ---------------------------------------------------


def cached_settings(tmp_path: Path) -> Settings:
    return settings_for_tests(
        {
            "AVATAR_DATA_DIR": str(tmp_path),
            "AVATAR_RUN_WORKERS": "false",
            "AVATAR_JWT_SECRET": TEST_JWT_SECRET,
            "AVATAR_LOG_LEVEL": "WARNING",
            "AVATAR_READ_CACHE": "memory",
        }
    )


@dataclass
class Service:
    client: TestClient  # type: ignore[type-arg]
    container: Container
    stored: MemoryUnitOfWorkFactory  # what another process writes through (no cache here)
    settings: Settings

    @property
    def cache(self) -> MemoryAvatarReadCache:
        cache = self.container.read_cache()
        assert isinstance(cache, MemoryAvatarReadCache)
        return cache

    def headers(self, user_id: uuid.UUID) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_token(self.settings, user_id, Role.USER)}"}

    def create(self, user_id: uuid.UUID, name: str, **preferences: Any) -> str:
        body = {
            "name": name,
            "avatarType": "measurement_based",
            "measurements": MEASURED,
            "preferences": {"autoProcess": False, **preferences},
        }
        response = self.client.post(API, json=body, headers=self.headers(user_id))
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def get(self, user_id: uuid.UUID, avatar_id: str) -> Any:
        return self.client.get(f"{API}/{avatar_id}", headers=self.headers(user_id))

    def names(self, user_id: uuid.UUID) -> list[str]:
        response = self.client.get(API, headers=self.headers(user_id))
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["items"]]

    def rename_elsewhere(
        self, avatar_id: str, name: str, visibility: Visibility | None = None
    ) -> None:
        """What another process does: a commit this process's cache hears nothing of (until
        its event is relayed)."""

        async def rename() -> None:
            async with self.stored() as uow:
                avatar = await uow.avatars.get(uuid.UUID(avatar_id), for_update=True)
                assert avatar is not None
                avatar.update_details(datetime.now(UTC), name=name, visibility=visibility)
                await uow.avatars.update(avatar)
                await uow.commit()

        asyncio.run(rename())


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    settings = cached_settings(tmp_path)
    stored = MemoryUnitOfWorkFactory()
    container = container_for_tests(settings=settings, uow_factory=stored)
    with TestClient(app=create_app(container, migrate_on_start=False)) as client:
        yield Service(client, container, stored, settings)


ALICE, BOB, CAROL = (uuid.UUID(int=n) for n in (0xA11CE, 0xB0B, 0xCA201))


def test_the_second_read_of_an_avatar_by_its_owner_is_a_hit(service: Service) -> None:
    avatar_id = service.create(ALICE, "Mine")
    first = service.get(ALICE, avatar_id)
    hits = service.cache.hits
    second = service.get(ALICE, avatar_id)
    assert service.cache.hits == hits + 1
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()


def test_an_update_in_this_process_is_read_back_at_once(service: Service) -> None:
    avatar_id = service.create(ALICE, "Before")
    assert service.get(ALICE, avatar_id).json()["name"] == "Before"
    assert service.names(ALICE) == ["Before"]
    renamed = service.client.put(
        f"{API}/{avatar_id}", json={"name": "After"}, headers=service.headers(ALICE)
    )
    assert renamed.status_code == 200, renamed.text
    assert service.get(ALICE, avatar_id).json()["name"] == "After"
    assert service.names(ALICE) == ["After"]


def test_a_deleted_avatar_is_not_found_at_once(service: Service) -> None:
    avatar_id = service.create(ALICE, "Gone soon")
    assert service.get(ALICE, avatar_id).status_code == 200
    assert service.names(ALICE) == ["Gone soon"]
    deleted = service.client.delete(f"{API}/{avatar_id}", headers=service.headers(ALICE))
    assert deleted.status_code == 204
    assert service.get(ALICE, avatar_id).status_code == 404
    assert service.names(ALICE) == []


def test_a_new_avatar_shows_in_the_first_page_at_once(service: Service) -> None:
    service.create(ALICE, "One")
    assert service.names(ALICE) == ["One"]
    service.create(ALICE, "Two")
    assert sorted(service.names(ALICE)) == ["One", "Two"]


def test_another_processs_write_is_read_once_its_event_arrives(service: Service) -> None:
    avatar_id = service.create(ALICE, "Here")
    assert service.get(ALICE, avatar_id).json()["name"] == "Here"
    assert service.names(ALICE) == ["Here"]
    service.rename_elsewhere(avatar_id, "There")
    # The app's relay sends the other process's outbox row to the bus; the live feed hears it.
    for _ in range(200):
        if (service.get(ALICE, avatar_id).json()["name"], service.names(ALICE)) == (
            "There",
            ["There"],
        ):
            break
        asyncio.run(asyncio.sleep(0.05))
    assert service.get(ALICE, avatar_id).json()["name"] == "There"
    assert service.names(ALICE) == ["There"]


def test_a_kept_avatar_is_served_until_the_event_of_another_processs_write_arrives(
    tmp_path: Path,
) -> None:
    stored = MemoryUnitOfWorkFactory()
    container = container_for_tests(settings=cached_settings(tmp_path), uow_factory=stored)
    viewer = Viewer(ALICE)

    async def names_read() -> list[str]:
        avatar = await container.create_avatar()(
            CreateAvatarCommand(
                viewer=viewer, name="Before", avatar_type=AvatarType.PRESET_BASED, preset_id=PRESET
            )
        )
        stop = asyncio.Event()
        sink = InvalidatingSink(container.live_updates(), container.read_cache())
        feed = asyncio.create_task(container.live_feed().run(sink, stop))
        await asyncio.sleep(0)  # the feed listens to the bus
        relay = container.relay()
        while await relay():  # the created event
            pass
        names = [(await container.get_avatar()(viewer, avatar.id)).avatar.name]
        async with stored() as uow:  # another process commits
            changed = await uow.avatars.get(avatar.id, for_update=True)
            assert changed is not None
            changed.update_details(datetime.now(UTC), name="After")
            await uow.avatars.update(changed)
            await uow.commit()
        names.append((await container.get_avatar()(viewer, avatar.id)).avatar.name)
        while await relay():  # its event reaches this process
            pass
        names.append((await container.get_avatar()(viewer, avatar.id)).avatar.name)
        stop.set()
        await feed
        return names

    assert asyncio.run(names_read()) == ["Before", "Before", "After"]


def test_another_users_read_is_decided_on_the_stored_avatar_not_the_kept_one(
    service: Service,
) -> None:
    avatar_id = service.create(ALICE, "Shared", visibility="shared", sharedWith=[str(BOB)])
    assert service.get(ALICE, avatar_id).json()["sharedWith"] == [str(BOB)]  # kept now
    seen_by_bob = service.get(BOB, avatar_id)
    assert seen_by_bob.status_code == 200
    assert not seen_by_bob.json().get("sharedWith")  # whom else it is shared with: hers alone
    assert service.get(CAROL, avatar_id).status_code == 404
    assert service.names(BOB) == [] and service.names(CAROL) == []
    # Made private by another process: until its event arrives Alice may read her kept copy,
    # but Bob is answered from the stored avatar, at once.
    service.rename_elsewhere(avatar_id, "Private", visibility=Visibility.PRIVATE)
    assert service.get(BOB, avatar_id).status_code == 404  # the kept copy would say 200


def test_with_the_cache_off_another_processs_write_is_read_at_once(tmp_path: Path) -> None:
    settings = settings_for_tests({"AVATAR_DATA_DIR": str(tmp_path), "AVATAR_READ_CACHE": "off"})
    stored = MemoryUnitOfWorkFactory()
    container = container_for_tests(settings=settings, uow_factory=stored)
    viewer = Viewer(ALICE)

    async def read_write_read() -> tuple[str, str]:
        avatar = await container.create_avatar()(
            CreateAvatarCommand(
                viewer=viewer, name="Before", avatar_type=AvatarType.PRESET_BASED, preset_id=PRESET
            )
        )
        before = (await container.get_avatar()(viewer, avatar.id)).avatar.name
        async with stored() as uow:  # another process: no event reaches this one
            changed = await uow.avatars.get(avatar.id, for_update=True)
            assert changed is not None
            changed.update_details(datetime.now(UTC), name="After")
            await uow.avatars.update(changed)
            await uow.commit()
        return before, (await container.get_avatar()(viewer, avatar.id)).avatar.name

    assert asyncio.run(read_write_read()) == ("Before", "After")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "memory"),
        ({"AVATAR_API_WORKERS": "2"}, "off"),
        ({"AVATAR_API_WORKERS": "2", "AVATAR_EVENT_BUS": "kafka"}, "memory"),
        ({"AVATAR_API_WORKERS": "2", "AVATAR_READ_CACHE": "memory"}, "memory"),
        ({"AVATAR_READ_CACHE": "off"}, "off"),
    ],
)
def test_the_cache_is_on_where_every_process_hears_every_write(
    environment: dict[str, str], expected: str
) -> None:
    settings = settings_for_tests({"AVATAR_READ_CACHE": "auto", **environment})
    assert settings.resolved_read_cache == expected
