"""WebSocket /api/v1/ws: live processing updates of avatars (spec 4.4).

Frames are JSON text, each with a ``type``. The client authenticates with the API's JWT,
either as a subprotocol (``Sec-WebSocket-Protocol: avatar-events.v1, bearer.<token>``) or
as its first frame ``{"type": "auth", "token": ...}``; the token is never logged nor echoed.
Then:

- client: ``subscribe`` {avatarId, lastEventId?}, ``unsubscribe`` {avatarId}, ``ping``,
  ``auth`` {token} (a fresh token of the same user, before the first one expires);
- server: ``ready`` {userId, heartbeatS}, ``subscribed`` {avatarId, status, processing},
  ``unsubscribed``, the spec's ``avatar:processing``, ``avatar:completed`` and
  ``avatar:failed`` (each ``{type, eventId, occurredAt, data}``), ``heartbeat``, ``pong``,
  ``resync`` {avatarIds, reason} when missed events cannot be replayed, and ``error``
  {code, message}.

A socket that does not authenticate in time, or whose token is invalid or expires, is closed
with 1008 (policy violation). Events reach every API process through the live feed
(the in-process bus, or Kafka with a consumer group per process).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import WebSocket, websocket
from litestar.exceptions import WebSocketDisconnect
from litestar.handlers import WebsocketRouteHandler

from application.errors import AvatarNotFound
from application.live_updates import FellBehind, LiveUpdates, Watcher
from application.ports import AvatarUpdate, UpdateKind
from application.query_avatars import GetAvatar
from domain.access import Viewer
from domain.processing import stage_message
from entrypoints.http import schemas
from entrypoints.http.auth import InvalidToken, TokenVerifier

log = logging.getLogger(__name__)

PATH = "/api/v1/ws"
SUBPROTOCOL = "avatar-events.v1"
BEARER_PREFIX = "bearer."
POLICY_VIOLATION = 1008
MAX_FRAME_CHARS = 4096
MAX_SUBSCRIPTIONS = 100
READS_AT_ONCE = 8  # avatar reads of all sockets together: the HTTP requests keep the pool
REMEMBERED_SENT = 512  # event ids sent lately: a replay and the live stream may overlap

encode = msgspec.json.encode


class LiveSettings(msgspec.Struct, frozen=True):
    heartbeat_s: float
    auth_timeout_s: float


class Closed(Exception):
    """The socket is gone, or was closed by the session."""


def update_frame(update: AvatarUpdate, avatar: schemas.AvatarBody | None) -> dict[str, Any]:
    """The spec 4.4 message of ``update`` (``avatar``: the avatar's GET body, for completed)."""
    data: dict[str, Any] = {"avatarId": str(update.avatar_id), "status": update.kind.value}
    if update.kind is UpdateKind.PROCESSING:
        stage = update.stage or "queued"
        data |= {"stage": stage, "progress": update.progress, "message": stage_message(stage)}
    elif update.kind is UpdateKind.COMPLETED:
        data |= {"processingTime": update.processing_time_s, "avatar": avatar}
    else:
        data |= {"error": update.error, "retryable": update.retryable}
    return {
        "type": f"avatar:{update.kind.value}",
        "eventId": update.event_id,
        "occurredAt": update.occurred_at.isoformat(),  # when it happened (latency, ordering)
        "data": data,
    }


class LiveSession:
    """One socket: authentication, subscriptions, updates, heartbeats, token expiry."""

    def __init__(
        self,
        socket: WebSocket[Any, Any, Any],
        verifier: TokenVerifier,
        get_avatar: GetAvatar,
        hub: LiveUpdates,
        settings: LiveSettings,
        reads: asyncio.Semaphore,
    ) -> None:
        self._socket, self._verifier, self._get_avatar = socket, verifier, get_avatar
        self._reads = reads
        self._hub, self._settings = hub, settings
        self._send_lock = asyncio.Lock()
        self._viewer: Viewer | None = None
        self._expires_at = 0.0
        self._watcher: Watcher = hub.watcher()
        self._sent: deque[str] = deque(maxlen=REMEMBERED_SENT)
        # Avatars being subscribed: their updates wait for the ``subscribed`` frame.
        self._subscribing: dict[UUID, asyncio.Event] = {}

    async def run(self) -> None:
        offered = list(self._socket.scope.get("subprotocols") or [])
        token = next(
            (p[len(BEARER_PREFIX) :] for p in offered if p.startswith(BEARER_PREFIX)), None
        )
        await self._socket.accept(subprotocols=SUBPROTOCOL if SUBPROTOCOL in offered else None)
        try:
            if not await self._authenticate(token):
                return
            await self._serve()
        except Closed:
            pass
        finally:
            self._watcher.close()

    # -- authentication ---------------------------------------------------------------------
    async def _authenticate(self, token: str | None) -> bool:
        if token is None:
            try:
                frame = await asyncio.wait_for(self._receive(), self._settings.auth_timeout_s)
            except TimeoutError:
                await self._close_for_policy("authenticate first: send {type: auth, token}")
                return False
            if not isinstance(frame, dict) or frame.get("type") != "auth":
                await self._close_for_policy("the first frame must be {type: auth, token}")
                return False
            token = frame.get("token")
            if not isinstance(token, str) or not token:
                await self._close_for_policy("the auth frame needs a token")
                return False
        try:
            self._viewer, self._expires_at = self._verifier.verify_until(token)
        except InvalidToken as error:
            await self._close_for_policy(str(error))
            return False
        await self._send(
            {
                "type": "ready",
                "userId": str(self._viewer.user_id),
                "heartbeatS": self._settings.heartbeat_s,
            }
        )
        return True

    async def _close_for_policy(self, reason: str) -> None:
        with contextlib.suppress(Exception):
            await self._socket.close(code=POLICY_VIOLATION, reason=reason[:120])
        raise Closed(reason)

    # -- the loops ----------------------------------------------------------------------------
    async def _serve(self) -> None:
        tasks = [
            asyncio.create_task(self._read_frames(), name="ws-read"),
            asyncio.create_task(self._forward_updates(), name="ws-updates"),
            asyncio.create_task(self._beat(), name="ws-heartbeat"),
        ]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                error = task.exception()
                if error is not None and not isinstance(error, Closed):
                    raise error
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Closed):
                    await task

    async def _read_frames(self) -> None:
        while True:
            frame = await self._receive()
            await self._handle(frame)

    async def _forward_updates(self) -> None:
        while True:
            try:
                update = await self._watcher.next()
            except FellBehind as error:
                await self._send(
                    {
                        "type": "resync",
                        "avatarIds": sorted(str(a) for a in self._watcher.avatar_ids),
                        "reason": str(error),
                    }
                )
                continue
            await self._deliver(update)

    async def _beat(self) -> None:
        while True:
            left_s = self._expires_at - time.time()
            if left_s <= 0:
                await self._close_for_policy("the token has expired")
            await asyncio.sleep(min(self._settings.heartbeat_s, left_s + 0.05))
            if self._expires_at > time.time():
                await self._send({"type": "heartbeat", "at": datetime.now(UTC).isoformat()})

    # -- frames -------------------------------------------------------------------------------
    async def _receive(self) -> object:
        """The next frame, decoded; an error frame answers what cannot be read (and the
        next frame is awaited)."""
        while True:
            try:
                message = await self._socket.receive()
            except WebSocketDisconnect:
                raise Closed("the client left") from None
            if message["type"] == "websocket.disconnect":
                raise Closed("the client left")
            text = message.get("text")
            if not isinstance(text, str):
                await self._error("malformed-frame", "frames are JSON text, not binary")
                continue
            if len(text) > MAX_FRAME_CHARS:
                await self._error("frame-too-large", f"frames are at most {MAX_FRAME_CHARS} chars")
                continue
            try:
                return msgspec.json.decode(text)
            except msgspec.DecodeError:
                await self._error("malformed-frame", "a frame is one JSON object")

    async def _handle(self, frame: object) -> None:
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self._error("malformed-frame", "a frame is a JSON object with a type")
            return
        handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "subscribe": self._subscribe,
            "unsubscribe": self._unsubscribe,
            "ping": self._pong,
            "auth": self._refresh,
        }
        handler = handlers.get(frame["type"])
        if handler is None:
            await self._error(
                "unknown-type",
                f"unknown frame type {frame['type'][:40]!r}: {', '.join(sorted(handlers))}",
            )
            return
        await handler(frame)

    async def _pong(self, frame: dict[str, Any]) -> None:
        await self._send({"type": "pong"})

    async def _refresh(self, frame: dict[str, Any]) -> None:
        token = frame.get("token")
        assert self._viewer is not None
        try:
            viewer, expires_at = self._verifier.verify_until(
                token if isinstance(token, str) else ""
            )
        except InvalidToken as error:
            await self._close_for_policy(str(error))
            return
        if viewer.user_id != self._viewer.user_id:
            await self._close_for_policy("a socket stays with the user it was opened by")
        self._viewer, self._expires_at = viewer, expires_at
        await self._send({"type": "ready", "userId": str(viewer.user_id)})

    def _avatar_id(self, frame: dict[str, Any]) -> UUID | None:
        raw = frame.get("avatarId")
        try:
            return UUID(raw) if isinstance(raw, str) else None
        except ValueError:
            return None

    async def _subscribe(self, frame: dict[str, Any]) -> None:
        avatar_id = self._avatar_id(frame)
        if avatar_id is None:
            await self._error("invalid-frame", "subscribe needs an avatarId (a UUID)")
            return
        last_event_id = frame.get("lastEventId")
        if last_event_id is not None and not isinstance(last_event_id, str):
            await self._error("invalid-frame", "lastEventId is the eventId of a frame", avatar_id)
            return
        if (
            avatar_id not in self._watcher.avatar_ids
            and len(self._watcher.avatar_ids) >= MAX_SUBSCRIPTIONS
        ):
            await self._error(
                "too-many-subscriptions", f"at most {MAX_SUBSCRIPTIONS} avatars per socket"
            )
            return
        # Watch first, then read: nothing that happens in between is lost, and it is sent
        # after the ``subscribed`` frame, never before it.
        answered = self._subscribing.setdefault(avatar_id, asyncio.Event())
        try:
            self._watcher.watch(avatar_id)
            body = await self._avatar_body(avatar_id)
            if body is None:
                return
            await self._send(
                {
                    "type": "subscribed",
                    "avatarId": str(avatar_id),
                    "status": body.status,
                    "processing": body.processing,
                }
            )
        finally:
            answered.set()
            self._subscribing.pop(avatar_id, None)
        if last_event_id is None:
            return
        missed = self._hub.since(last_event_id, [avatar_id])
        if missed is None:
            await self._send(
                {
                    "type": "resync",
                    "avatarIds": [str(avatar_id)],
                    "reason": f"event {last_event_id[:64]} is no longer kept: GET the avatar",
                }
            )
            return
        for update in missed:
            await self._deliver(update)

    async def _unsubscribe(self, frame: dict[str, Any]) -> None:
        avatar_id = self._avatar_id(frame)
        if avatar_id is None:
            await self._error("invalid-frame", "unsubscribe needs an avatarId (a UUID)")
            return
        self._watcher.unwatch(avatar_id)
        await self._send({"type": "unsubscribed", "avatarId": str(avatar_id)})

    async def _avatar_body(self, avatar_id: UUID) -> schemas.AvatarBody | None:
        """The avatar as GET shows it to this viewer; None (after an error frame, and no
        longer watched) if the viewer may not read it."""
        assert self._viewer is not None
        try:
            async with self._reads:
                return schemas.details_body(await self._get_avatar(self._viewer, avatar_id))
        except AvatarNotFound as error:
            self._watcher.unwatch(avatar_id)
            await self._error("not-found", str(error), avatar_id)
            return None
        except Exception:  # the database is away or saturated: say so, keep the socket
            log.exception("live updates: could not read avatar %s", avatar_id)
            self._watcher.unwatch(avatar_id)
            await self._error(
                "unavailable", "the avatar cannot be read now: subscribe again later", avatar_id
            )
            return None

    async def _deliver(self, update: AvatarUpdate) -> None:
        answered = self._subscribing.get(update.avatar_id)
        if answered is not None:
            await answered.wait()
        if update.event_id in self._sent or update.avatar_id not in self._watcher.avatar_ids:
            return
        self._sent.append(update.event_id)
        avatar = None
        if update.kind is UpdateKind.COMPLETED:
            avatar = await self._avatar_body(update.avatar_id)
            if avatar is None:
                return
        await self._send(update_frame(update, avatar))

    async def _error(self, code: str, message: str, avatar_id: UUID | None = None) -> None:
        frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
        if avatar_id is not None:
            frame["avatarId"] = str(avatar_id)
        await self._send(frame)

    async def _send(self, frame: dict[str, Any]) -> None:
        async with self._send_lock:
            try:
                await self._socket.send_data(encode(frame).decode(), mode="text")
            except Exception as error:  # the client went away mid-send
                raise Closed(str(error)) from None


def live_routes(
    verifier: TokenVerifier, get_avatar: GetAvatar, hub: LiveUpdates, settings: LiveSettings
) -> list[WebsocketRouteHandler]:
    reads = asyncio.Semaphore(READS_AT_ONCE)

    @websocket(PATH)
    async def live(socket: WebSocket[Any, Any, Any]) -> None:
        await LiveSession(socket, verifier, get_avatar, hub, settings, reads).run()

    return [live]
