"""The background loops of a process: the outbox relay and a job worker (in-process or Kafka)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

from application.ports import Closeable, WarmsUp
from application.read_cache import InvalidatingSink
from entrypoints.container import Container

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def background_loops(
    container: Container,
    *,
    relay: bool,
    in_process_worker: bool,
    kafka_worker: bool,
    sweeper: bool = False,
    photo_expiry: bool = False,
    live_feed: bool = False,
) -> AsyncIterator[asyncio.Event]:
    """Run the chosen loops while the block runs; setting the yielded event, or leaving the
    block, stops them (a Kafka worker finishes its current job first)."""
    settings = container.settings()
    stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []
    if relay:
        relay_loop = container.relay().run(idle_s=settings.relay_interval_s, stop=stop)
        tasks.append(asyncio.create_task(relay_loop, name="outbox-relay"))
    if live_feed:  # what the WebSocket and GraphQL subscriptions show (an API process)
        # Every avatar event also makes this process's read cache forget the avatar.
        sink = InvalidatingSink(container.live_updates(), container.read_cache())
        feed = container.live_feed().run(sink, stop)
        tasks.append(asyncio.create_task(feed, name="live-feed"))
    if in_process_worker:
        work = container.job_queue().run(container.job_handler())
        tasks.append(asyncio.create_task(work, name="job-worker"))
    if kafka_worker:
        tasks.append(asyncio.create_task(container.kafka_worker().run(stop), name="kafka-worker"))
        if settings.user_events_topic:  # the auth service's "user deleted" events
            consume = container.user_event_consumer().run(stop)
            tasks.append(asyncio.create_task(consume, name="user-events"))
    # The sweep and photo expiry run in one process of those sharing the database (the
    # leader); the others wait to take over (`serve --workers N`, several pods).
    leader_loops: list[Callable[[Container, asyncio.Event], Awaitable[None]]] = []
    if sweeper and settings.blob_sweep_interval_s > 0:
        leader_loops.append(_sweep_periodically)
    if photo_expiry and settings.photo_expiry_interval_s > 0:
        leader_loops.append(_delete_expired_photos_periodically)
    if leader_loops:
        lead = _as_leader(container, stop, leader_loops)
        tasks.append(asyncio.create_task(lead, name="leader-loops"))
    if in_process_worker or kafka_worker:
        # Build or load the body model now rather than in the first job; not awaited at
        # shutdown (a thread cannot be cancelled, and the process is leaving anyway).
        warm_up = asyncio.create_task(_warm_up_body_model(container), name="body-model")
        _DETACHED.add(warm_up)
        warm_up.add_done_callback(_DETACHED.discard)
    try:
        yield stop
    finally:
        stop.set()
        for task in tasks:
            if task.get_name() == "job-worker":
                task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                try:
                    await asyncio.wait_for(task, timeout=30)
                except TimeoutError:
                    log.warning("%s did not stop within 30 s", task.get_name())
        publisher = container.publisher()
        if isinstance(publisher, Closeable):  # Kafka's producer; the in-process one holds none
            await publisher.close()
        audit_log = container.audit_log()
        if isinstance(audit_log, Closeable):  # read entries waiting for their batch
            try:
                await audit_log.close()
            except Exception:
                log.exception("could not write the audit entries waiting at shutdown")


_DETACHED: set[asyncio.Task[None]] = set()  # tasks kept alive but not awaited at shutdown


async def _warm_up_body_model(container: Container) -> None:
    body_model = container.body_model()
    try:
        await body_model.warm_up()
        estimator = container.shape_estimator()
        if isinstance(estimator, WarmsUp):  # the photo regressor's session and refiner
            await asyncio.to_thread(estimator.warm_up)
    except Exception:  # the first job will try again and fail visibly
        log.exception("the body model could not be prepared")


LEADER_RETRY_S = 15.0


async def _as_leader(
    container: Container,
    stop: asyncio.Event,
    loops: list[Callable[[Container, asyncio.Event], Awaitable[None]]],
) -> None:
    """Run ``loops`` once this process leads (checking every LEADER_RETRY_S), until stop."""
    leadership = container.leadership()
    try:
        while not stop.is_set():
            try:
                if await leadership.try_lead():
                    log.info("this process leads: it runs the sweep and photo expiry")
                    await asyncio.gather(*(loop(container, stop) for loop in loops))
                    return
            except Exception:
                log.exception("leader election failed; trying again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=LEADER_RETRY_S)
    finally:
        await leadership.release()


async def _sweep_periodically(container: Container, stop: asyncio.Event) -> None:
    """Delete orphaned objects every ``blob_sweep_interval_s``; failures are logged."""
    settings = container.settings()
    grace = timedelta(hours=settings.blob_orphan_grace_hours)
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=settings.blob_sweep_interval_s)
        if stop.is_set():
            return
        try:
            report = await container.sweep_orphans()(grace=grace)
            if report.deleted:
                log.info("swept %d orphaned objects of %d", report.deleted, report.examined)
        except Exception:
            log.exception("the orphan sweep failed; it runs again later")


async def _delete_expired_photos_periodically(container: Container, stop: asyncio.Event) -> None:
    """Delete the photos whose autoDeleteAt has passed, now and every
    ``photo_expiry_interval_s``; failures are logged."""
    interval_s = container.settings().photo_expiry_interval_s
    while not stop.is_set():
        try:
            deleted = await container.delete_expired_photos()()
            if deleted:
                log.info("deleted %d expired photos", len(deleted))
        except Exception:
            log.exception("deleting expired photos failed; it runs again later")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval_s)
