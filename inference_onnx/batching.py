"""Micro-batching: concurrent requests gathered into one run of the model.

Requests wait at most ``max_wait_ms`` for company, up to ``max_batch_size`` samples; each
caller gets its own slice of the outputs, in order. Inputs are checked one by one before they
join a batch; if a batch still fails, its samples are run one at a time, so a bad input
fails only its own request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

Arrays = Mapping[str, np.ndarray]


class Runner(Protocol):
    def validate(self, inputs: Arrays) -> None: ...
    def run(self, inputs: Arrays) -> dict[str, np.ndarray]: ...


@dataclass
class _Request:
    inputs: Arrays
    size: int
    done: asyncio.Future[dict[str, np.ndarray]] = field(repr=False)


class MicroBatcher:
    def __init__(
        self, runner: Runner, *, max_batch_size: int = 16, max_wait_ms: float = 5.0
    ) -> None:
        self._runner = runner
        self._max_batch_size, self._max_wait_s = max_batch_size, max_wait_ms / 1000
        self._queue: asyncio.Queue[_Request] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.batches_run = 0

    async def infer(self, inputs: Arrays) -> dict[str, np.ndarray]:
        """The outputs for ``inputs`` (a batch of one or more samples along axis 0)."""
        self._runner.validate(inputs)  # InvalidInput goes back to this caller only
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._serve(), name="micro-batcher")
        size = int(next(iter(inputs.values())).shape[0])
        request = _Request(inputs, size, asyncio.get_running_loop().create_future())
        await self._queue.put(request)
        return await request.done

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _serve(self) -> None:
        while True:
            batch = [await self._queue.get()]
            deadline = asyncio.get_running_loop().time() + self._max_wait_s
            while sum(r.size for r in batch) < self._max_batch_size:
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    break
                try:
                    batch.append(await asyncio.wait_for(self._queue.get(), remaining))
                except TimeoutError:
                    break
            await self._run(batch)

    async def _run(self, batch: list[_Request]) -> None:
        self.batches_run += 1
        try:
            joined = {
                name: np.concatenate([r.inputs[name] for r in batch]) for name in batch[0].inputs
            }
            outputs = await asyncio.to_thread(self._runner.run, joined)
        except Exception as error:
            if len(batch) == 1:
                _settle(batch[0], error=error)
                return
            log.warning(
                "a batch of %d failed (%s); running its requests one by one", len(batch), error
            )
            for request in batch:
                await self._run([request])
            return
        start = 0
        for request in batch:
            _settle(
                request,
                result={
                    name: value[start : start + request.size] for name, value in outputs.items()
                },
            )
            start += request.size


def _settle(
    request: _Request,
    *,
    result: dict[str, np.ndarray] | None = None,
    error: BaseException | None = None,
) -> None:
    if request.done.done():
        return
    if error is not None:
        request.done.set_exception(error)
    else:
        request.done.set_result(result or {})
