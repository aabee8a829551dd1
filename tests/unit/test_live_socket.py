"""WebSocket /api/v1/ws over the embedded profile's in-process bus: authentication (subprotocol
or first frame), subscriptions to readable avatars only, the spec 4.4 messages, heartbeats,
catching up after a reconnect (or a resync), and clear answers to bad frames."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import WebSocketTestSession

from application.live_updates import LiveUpdates
from application.ports.live import AvatarUpdate, UpdateKind
from application.query_avatars import GetAvatar
from tests.support.live_service import API, MEASURED, LiveService, live_service

WS = "/api/v1/ws"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[LiveService]:
    yield from live_service(tmp_path, {"AVATAR_LIVE_HEARTBEAT_S": "0.3"})


def frames_until(socket: WebSocketTestSession, wanted: str, timeout_s: float = 10) -> list[Any]:
    """Every frame (heartbeats left out) up to and including the first of type ``wanted``."""
    seen: list[Any] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        frame = socket.receive_json(timeout=deadline - time.monotonic())
        if frame["type"] == "heartbeat":
            continue
        seen.append(frame)
        if frame["type"] == wanted:
            return seen
    raise AssertionError(f"no {wanted} frame within {timeout_s} s; got {seen}")


def connect(service: LiveService, user: uuid.UUID) -> WebSocketTestSession:
    return service.client.websocket_connect(
        WS, subprotocols=["avatar-events.v1", f"bearer.{service.token(user)}"]
    )


def create(service: LiveService, user: uuid.UUID, name: str = "Live") -> dict[str, Any]:
    created = service.client.post(
        API, json={**MEASURED, "name": name}, headers=service.headers(user)
    )
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


def test_a_subscriber_sees_each_stage_then_the_completed_avatar_as_get_shows_it(
    service: LiveService,
) -> None:
    owner = uuid.uuid4()
    avatar = create(service, owner)
    with connect(service, owner) as socket:
        ready = socket.receive_json(timeout=5)
        assert ready == {"type": "ready", "userId": str(owner), "heartbeatS": 0.3}
        socket.send_json({"type": "subscribe", "avatarId": avatar["id"]})
        subscribed = frames_until(socket, "subscribed")[-1]
        assert subscribed["status"] == "processing"
        assert subscribed["processing"]["stage"] in ("queued", "measurement_fitting")

        running = service.start_next_job()
        assert service.body_model.fitting.wait(10)
        fitting = frames_until(socket, "avatar:processing")[-1]
        while fitting["data"]["stage"] == "queued":  # the creation's own event, if it came late
            fitting = frames_until(socket, "avatar:processing")[-1]
        assert fitting["data"] == {
            "avatarId": avatar["id"],
            "status": "processing",
            "stage": "measurement_fitting",
            "progress": 10,
            "message": "Fitting the body model to the measurements...",
        }
        service.body_model.gate.set()
        running.result(timeout=30)
        rest = frames_until(socket, "avatar:completed")
        generation, completed = rest[0], rest[-1]
        assert (generation["data"]["stage"], generation["data"]["progress"]) == (
            "model_generation",
            60,
        )
        assert completed["data"]["status"] == "completed"
        assert completed["data"]["processingTime"] > 0
        got = service.client.get(f"{API}/{avatar['id']}", headers=service.headers(owner)).json()
        assert completed["data"]["avatar"] == got
        assert set(completed) == {"type", "eventId", "occurredAt", "data"}

        time.sleep(0.4)
        assert socket.receive_json(timeout=2)["type"] == "heartbeat"


def test_the_token_may_come_as_the_first_frame_and_a_bad_one_closes_with_1008(
    service: LiveService,
) -> None:
    owner = uuid.uuid4()
    with service.client.websocket_connect(WS) as socket:
        socket.send_json({"type": "auth", "token": service.token(owner)})
        assert socket.receive_json(timeout=5)["type"] == "ready"
        socket.send_json({"type": "ping"})
        assert frames_until(socket, "pong")[-1] == {"type": "pong"}

    with service.client.websocket_connect(WS) as socket:
        socket.send_json({"type": "auth", "token": "not.a.token"})
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json(timeout=5)
    assert closed.value.code == 1008
    assert "invalid" in (closed.value.detail or "")

    with service.client.websocket_connect(WS) as socket:
        socket.send_json({"type": "subscribe", "avatarId": str(uuid.uuid4())})
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json(timeout=5)
    assert closed.value.code == 1008


def test_a_socket_whose_token_expires_is_closed_with_1008(service: LiveService) -> None:
    owner = uuid.uuid4()
    token = service.token(owner, ttl_s=1)
    with service.client.websocket_connect(WS, subprotocols=[f"bearer.{token}"]) as socket:
        assert socket.receive_json(timeout=5)["type"] == "ready"
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                socket.receive_json(timeout=5)
    assert closed.value.code == 1008
    assert closed.value.detail == "the token has expired"


def test_another_users_private_avatar_gets_an_error_frame_and_no_updates(
    service: LiveService,
) -> None:
    owner, stranger = uuid.uuid4(), uuid.uuid4()
    avatar = create(service, owner)
    with connect(service, stranger) as socket:
        socket.receive_json(timeout=5)
        socket.send_json({"type": "subscribe", "avatarId": avatar["id"]})
        error = frames_until(socket, "error")[-1]
        assert error == {
            "type": "error",
            "code": "not-found",
            "message": f"avatar {avatar['id']} not found",
            "avatarId": avatar["id"],
        }
        service.body_model.gate.set()
        service.start_next_job().result(timeout=30)
        socket.send_json({"type": "ping"})
        assert frames_until(socket, "pong") == [{"type": "pong"}]  # nothing of the avatar


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "malformed-frame"),
        ("[1, 2]", "malformed-frame"),
        ('{"type": "dance"}', "unknown-type"),
        ('{"type": "subscribe"}', "invalid-frame"),
        ('{"type": "subscribe", "avatarId": "nope"}', "invalid-frame"),
        ('{"type": "unsubscribe", "avatarId": 5}', "invalid-frame"),
        ('{"type": "ping", "pad": "' + "x" * 5000 + '"}', "frame-too-large"),
    ],
)
def test_a_bad_frame_gets_an_error_frame_and_the_socket_stays_open(
    service: LiveService, frame: str, code: str
) -> None:
    with connect(service, uuid.uuid4()) as socket:
        socket.receive_json(timeout=5)
        socket.send_text(frame)
        assert frames_until(socket, "error")[-1]["code"] == code
        socket.send_bytes(b"\x00")
        assert frames_until(socket, "error")[-1]["code"] == "malformed-frame"
        socket.send_json({"type": "ping"})
        assert frames_until(socket, "pong")[-1] == {"type": "pong"}


def test_a_client_that_reconnects_gets_what_it_missed_or_a_resync(service: LiveService) -> None:
    owner = uuid.uuid4()
    avatar = create(service, owner)
    with connect(service, owner) as socket:
        socket.receive_json(timeout=5)
        socket.send_json({"type": "subscribe", "avatarId": avatar["id"]})
        frames_until(socket, "subscribed")
        running = service.start_next_job()
        assert service.body_model.fitting.wait(10)
        fitting = frames_until(socket, "avatar:processing")[-1]
        while fitting["data"]["stage"] != "measurement_fitting":
            fitting = frames_until(socket, "avatar:processing")[-1]
    # Gone while the rest of the run happens.
    service.body_model.gate.set()
    running.result(timeout=30)
    time.sleep(0.3)  # the relay delivers the last events
    with connect(service, owner) as socket:
        socket.receive_json(timeout=5)
        socket.send_json(
            {"type": "subscribe", "avatarId": avatar["id"], "lastEventId": fitting["eventId"]}
        )
        missed = frames_until(socket, "avatar:completed")
        assert [f["type"] for f in missed] == [
            "subscribed",
            "avatar:processing",
            "avatar:completed",
        ]
        assert missed[0]["status"] == "completed"
        assert missed[1]["data"]["stage"] == "model_generation"

        socket.send_json(
            {"type": "subscribe", "avatarId": avatar["id"], "lastEventId": str(uuid.uuid4())}
        )
        resync = frames_until(socket, "resync")[-1]
        assert resync["avatarIds"] == [avatar["id"]]
        assert "no longer kept" in resync["reason"]


class DatabaseAway:
    """GetAvatar while the database does not answer."""

    async def __call__(self, viewer: object, avatar_id: uuid.UUID) -> object:
        raise OSError("connection refused")


def test_a_subscription_the_database_cannot_answer_gets_an_error_frame_and_the_socket_stays(
    tmp_path: Path,
) -> None:
    for service in live_service(tmp_path, get_avatar=DatabaseAway()):
        with connect(service, uuid.uuid4()) as socket:
            socket.receive_json(timeout=5)
            avatar_id = str(uuid.uuid4())
            socket.send_json({"type": "subscribe", "avatarId": avatar_id})
            error = frames_until(socket, "error")[-1]
            assert (error["code"], error["avatarId"]) == ("unavailable", avatar_id)
            socket.send_json({"type": "ping"})
            assert frames_until(socket, "pong")[-1] == {"type": "pong"}


class UpdatedDuringTheRead:
    """GetAvatar that sees the avatar change while it reads: an update is published to the
    hub before the read answers (a slow database under a busy worker)."""

    def __init__(self) -> None:
        self.inner: GetAvatar | None = None
        self.hub: LiveUpdates | None = None

    async def __call__(self, viewer: Any, avatar_id: uuid.UUID) -> object:
        assert self.inner is not None and self.hub is not None
        self.hub.publish(
            AvatarUpdate(
                event_id=str(uuid.uuid4()),
                avatar_id=avatar_id,
                user_id=viewer.user_id,
                kind=UpdateKind.PROCESSING,
                occurred_at=datetime.now(UTC),
                stage="measurement_fitting",
                progress=10,
            )
        )
        await asyncio.sleep(0.2)  # the update waits in the socket's queue meanwhile
        return await self.inner(viewer, avatar_id)


def test_an_update_that_comes_while_a_subscription_reads_the_avatar_follows_its_subscribed_frame(
    tmp_path: Path,
) -> None:
    get_avatar = UpdatedDuringTheRead()
    for service in live_service(tmp_path, get_avatar=get_avatar):
        get_avatar.inner = GetAvatar(
            service.container.uow_factory(), service.container.read_cache()
        )
        get_avatar.hub = service.container.live_updates()
        owner = uuid.uuid4()
        avatar = create(service, owner)
        with connect(service, owner) as socket:
            socket.receive_json(timeout=5)
            socket.send_json({"type": "subscribe", "avatarId": avatar["id"]})
            frames = frames_until(socket, "avatar:processing")
            assert [f["type"] for f in frames] == ["subscribed", "avatar:processing"]
            assert frames[1]["data"]["stage"] == "measurement_fitting"
