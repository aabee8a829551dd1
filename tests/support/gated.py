"""A body model whose fits wait at a gate the test opens: processing held mid-stage."""

from __future__ import annotations

import asyncio
import threading

from application.ports import FitRequest, FittedBody
from tests.support.figure import FigureBodyModel


class GatedBodyModel(FigureBodyModel):
    """The figure, but ``fit`` (the measurement_fitting stage) waits until ``gate`` is set;
    ``fitting`` is set when a fit has started."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.fitting = threading.Event()

    async def fit(self, request: FitRequest) -> FittedBody:
        self.fitting.set()
        await asyncio.to_thread(self.gate.wait, 30)
        return await super().fit(request)
