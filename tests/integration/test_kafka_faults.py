"""Fault tests of the job pipeline with real processes: workers killed with SIGKILL mid-stream.

`avatar-service worker` processes (relay + consumer group) are killed at random moments while
they work through a backlog of jobs: every other kill lands once the worker fits bodies (its
body model loaded), cutting a fit, its commit or its events short; the others land while it
starts, its relay publishing the outbox's backlog. In the end every job has been done once in
effect: each avatar completed, one processed-message record per job, one `completed` event
per avatar (a killed relay may publish a message twice under the same ce_id, which is what the
id is for).
"""

from __future__ import annotations

import asyncio
import random
import signal
import subprocess
import uuid
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from adapters.contract.messages import Topics
from adapters.kafka.cloudevents import header
from adapters.sqlalchemy.tables import avatars, processed_messages
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from adapters.system.clock_and_ids import SystemClock, UuidGenerator
from application.create_avatar import CreateAvatarCommand
from domain.access import Role, Viewer
from domain.avatar import AvatarType
from tests.support.bodies import anny_body_model
from tests.support.data import SPEC_MEASUREMENTS
from tests.support.encryption import TEST_KEY_RING
from tests.support.harness import container_for_tests
from tests.support.kafka import Broker, read_topic
from tests.support.processes import logged, service_command, service_environment

pytestmark = [pytest.mark.slow, pytest.mark.kafka, pytest.mark.postgres]
KILLS = 12
BACKLOG = 8  # jobs waiting before the first worker starts, so the first kills cut work short
ARRIVALS_PER_S = 0.25  # avatars created while the workers are being killed (each is a fit)
START_UP_S = 120  # a worker's start (imports, group join, body model) on a busy machine
STALL_S = 120  # the last worker fails the test when no job completes for this long


def _environment(
    postgres_url: str, kafka: Broker, topics_prefix: str, group: str, data_dir: Path
) -> dict[str, str]:
    timing = kafka.group_timing()
    environment = service_environment(
        AVATAR_DATABASE_URL=postgres_url,
        AVATAR_EVENT_BUS="kafka",
        AVATAR_KAFKA_BOOTSTRAP=kafka.bootstrap,
        AVATAR_KAFKA_TOPIC_PREFIX=topics_prefix,
        AVATAR_KAFKA_GROUP_ID=group,
        AVATAR_DATA_DIR=str(data_dir),
        # The jobs are created in this process through the SQL fixtures' key ring: the workers
        # must open the data keys that wrapped (the embedded profile would make its own ring).
        AVATAR_KEY_RING=TEST_KEY_RING,
        # One small model file per avatar: the test is about jobs done once, not about models.
        AVATAR_AUTO_MODEL_FORMATS="glb",
        AVATAR_AUTO_MODEL_LEVELS="mobile",
        AVATAR_KAFKA_SESSION_TIMEOUT_MS=str(timing["session_timeout_ms"]),
        AVATAR_KAFKA_HEARTBEAT_INTERVAL_MS=str(timing["heartbeat_interval_ms"]),
        AVATAR_JOB_RETRY_BACKOFF_S="0.1",
        AVATAR_LOG_LEVEL="INFO",
    )
    return environment


async def _status_counts(factory: SqlUnitOfWorkFactory) -> tuple[int, int]:
    async with factory.engine.connect() as connection:
        completed = (
            await connection.execute(
                sa.select(sa.func.count())
                .select_from(avatars)
                .where(avatars.c.status == "completed")
            )
        ).scalar_one()
        processed = (
            await connection.execute(sa.select(sa.func.count()).select_from(processed_messages))
        ).scalar_one()
    return int(completed), int(processed)


async def test_workers_killed_at_random_moments_do_every_job_once_in_effect(
    postgres_factory: SqlUnitOfWorkFactory,
    postgres_url: str,
    kafka: Broker,
    tmp_path: Path,
) -> None:
    prefix = f"f{uuid.uuid4().hex[:8]}."
    topics = Topics.with_prefix(prefix)
    kafka.create_topics(
        [
            topics.events,
            topics.jobs,
            topics.jobs_retry,
            topics.jobs_dead_letter,
            topics.photo_jobs,
            topics.photo_jobs_retry,
        ],
        partitions=3,
    )
    create = container_for_tests(
        uow_factory=postgres_factory,
        clock=SystemClock(),
        ids=UuidGenerator(),
        body_model=anny_body_model(),
    ).create_avatar()
    viewer = Viewer(uuid.uuid4(), Role.PREMIUM)
    created = 0
    arriving = asyncio.Event()

    async def create_one() -> None:
        nonlocal created
        await create(
            CreateAvatarCommand(
                viewer=viewer,
                name=f"fault {created}",
                avatar_type=AvatarType.MEASUREMENT_BASED,
                measurements=SPEC_MEASUREMENTS,
            )
        )
        created += 1

    async def arrivals() -> None:  # jobs keep coming, so kills land while work is in flight
        while not arriving.is_set():
            await create_one()
            await asyncio.sleep(1 / ARRIVALS_PER_S)

    for _ in range(BACKLOG):
        await create_one()
    feeder = asyncio.create_task(arrivals())
    environment = _environment(postgres_url, kafka, prefix, f"g-{uuid.uuid4().hex}", tmp_path)
    randomness = random.Random(20261122)
    logs: list[str] = []
    progress: list[tuple[int, int]] = []
    for kill in range(KILLS):
        log_path = tmp_path / f"worker-{kill}.log"
        with log_path.open("wb") as log:
            worker = subprocess.Popen(
                service_command("worker"),
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                if kill % 2 == 0:
                    # The body model loads on the first job: from then on the worker fits
                    # bodies, and the kill cuts a fit, its commit or its events short.
                    await logged(log_path, "anny ready", START_UP_S)
                    await asyncio.sleep(randomness.uniform(0.5, 5.0))
                else:  # while it starts: its relay publishes the outbox's backlog then
                    await asyncio.sleep(randomness.uniform(1.5, 4.0))
            finally:
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=10)
        logs.append(log_path.read_text(errors="replace"))
        progress.append(await _status_counts(postgres_factory))
    arriving.set()
    await feeder
    jobs = created
    # A last worker finishes the backlog and stops gracefully on SIGTERM; it may take as long as
    # it needs on a busy machine while jobs keep completing, and fails after STALL_S without one.
    log_path = tmp_path / "worker-last.log"
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            service_command("worker"), env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            await logged(log_path, "worker consuming", START_UP_S)
            loop = asyncio.get_running_loop()
            last_completed, last_change = -1, loop.time()
            while (done := (await _status_counts(postgres_factory))[0]) < jobs:
                if done != last_completed:
                    last_completed, last_change = done, loop.time()
                assert loop.time() - last_change < STALL_S, (
                    f"{done} of {jobs} jobs completed, none in {STALL_S} s:\n"
                    + log_path.read_text()[-3000:]
                )
                await asyncio.sleep(0.2)
            async with postgres_factory(read_only=True) as uow:
                while await uow.outbox.pending():
                    await asyncio.sleep(0.2)
        finally:
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=60) == 0, log_path.read_text()
    completed, processed = await _status_counts(postgres_factory)
    print(f"\nprogress (completed, processed) after each kill: {progress}")
    assert (completed, processed) == (jobs, jobs), log_path.read_text()[-3000:]
    assert progress[-1][0] > 0, "no job completed between the kills: they cut no work short"

    records = await read_topic(kafka.bootstrap, topics.events, timeout_s=120)
    seen = [
        (r.key, header(list(r.headers), "ce_type"), header(list(r.headers), "ce_id"))
        for r in records
    ]
    completed_ids: dict[bytes | None, set[str | None]] = {}
    for key, event_type, event_id in seen:
        if event_type == "com.perfit.avatar.completed.v1":
            completed_ids.setdefault(key, set()).add(event_id)
    assert len(completed_ids) == jobs
    assert all(len(ids) == 1 for ids in completed_ids.values())
    duplicates = sum(n - 1 for n in Counter(i for _, _, i in seen).values())
    skipped = sum(log.count("was done already") for log in logs)
    print(
        f"jobs: {jobs}, events seen: {len(seen)}, re-sent under the same ce_id: {duplicates}, "
        f"redelivered jobs skipped as done: {skipped}"
    )
