"""Which model produced a result: name, version, file hash and signature of each model."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inference_onnx.engine import OnnxEngine


@dataclass(frozen=True, slots=True)
class ModelRecord:
    name: str
    version: str
    path: Path
    sha256: str
    provider: str
    inputs: list[dict[str, Any]]
    outputs: list[dict[str, Any]]

    def provenance(self) -> dict[str, Any]:
        """What to store with a result (generationParameters, confidence metadata)."""
        return {
            "model": self.name,
            "version": self.version,
            "sha256": self.sha256,
            "provider": self.provider,
        }


class ModelRegistry:
    def __init__(self) -> None:
        self._records: dict[str, ModelRecord] = {}
        self._engines: dict[str, OnnxEngine] = {}

    def register(self, name: str, version: str, engine: OnnxEngine) -> ModelRecord:
        """Record a loaded model; its file is hashed once here."""
        digest = hashlib.sha256()
        with engine.model_path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        record = ModelRecord(
            name,
            version,
            engine.model_path,
            digest.hexdigest(),
            engine.provider,
            [s.as_dict() for s in engine.inputs],
            [s.as_dict() for s in engine.outputs],
        )
        self._records[name], self._engines[name] = record, engine
        return record

    def record(self, name: str) -> ModelRecord:
        return self._records[name]

    def engine(self, name: str) -> OnnxEngine:
        return self._engines[name]

    def records(self) -> list[ModelRecord]:
        return sorted(self._records.values(), key=lambda r: r.name)
