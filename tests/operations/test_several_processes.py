"""Several API processes: one leader for the loops that must run once, and `serve --workers`."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.leadership import SqlLeadership
from tests.support.processes import free_port, service_command, service_environment


async def test_one_process_leads_and_another_takes_over_when_it_goes(tmp_path: Path) -> None:
    first = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}")
    second = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}")
    leader, follower = SqlLeadership(first), SqlLeadership(second)
    try:
        assert await leader.try_lead()
        assert not await follower.try_lead()
        await leader.release()
        assert await follower.try_lead()
    finally:
        await leader.release()
        await follower.release()
        await first.dispose()
        await second.dispose()


@pytest.mark.postgres
async def test_one_process_leads_on_postgresql(postgres_url: str) -> None:
    first, second = (
        create_engine(postgres_url, pool_size=2),
        create_engine(postgres_url, pool_size=2),
    )
    leader, follower = SqlLeadership(first), SqlLeadership(second)
    try:
        assert await leader.try_lead()
        assert not await follower.try_lead()
        await leader.release()
        assert await follower.try_lead()
    finally:
        await leader.release()
        await follower.release()
        await first.dispose()
        await second.dispose()


def _health(base: str) -> int:
    return httpx.get(f"{base}/health", timeout=10).status_code


@pytest.mark.slow
def test_serve_with_two_workers_answers_and_sums_its_metrics(tmp_path: Path) -> None:
    port = free_port()
    env = service_environment(
        AVATAR_DATA_DIR=str(tmp_path / "data"),
        AVATAR_RUN_WORKERS="false",
        AVATAR_LOG_LEVEL="WARNING",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
    )
    server = subprocess.Popen(
        service_command("serve", "--port", str(port), "--workers", "2"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1800):  # up to three minutes on loaded cores; not a timing assertion
            if server.poll() is not None:
                break
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        # The kernel hands each new connection to whichever process accepts first, so one busy
        # process may take a short run of requests alone: send concurrent batches until both
        # processes have answered (each writes its own histogram file on its first request).
        sent = 0
        with ThreadPoolExecutor(max_workers=8) as pool:
            for _ in range(50):
                codes = list(pool.map(_health, [base] * 40))
                assert codes == [200] * 40
                sent += len(codes)
                if len(list((tmp_path / "metrics").glob("histogram_*.db"))) >= 2:
                    break
        text = httpx.get(f"{base}/metrics", timeout=5).text
        line = next(
            line
            for line in text.splitlines()
            if line.startswith("avatar_http_request_duration_seconds_count")
            and 'route="/health"' in line
        )
        assert float(line.rsplit(" ", 1)[1]) >= sent  # both processes' requests, summed
        # Two process files: the multiprocess collector read both.
        assert len(list((tmp_path / "metrics").glob("histogram_*.db"))) >= 2
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
