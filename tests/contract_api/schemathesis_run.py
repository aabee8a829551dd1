"""One schemathesis run over the whole OpenAPI document of a live server (issue 18).

Every phase (examples, coverage, fuzzing, stateful), every check, a fixed seed and a bounded
number of examples, so a CI run is repeatable and takes about a minute. The signed blob links
are the only operations whose credential is not a bearer token: the run is given one valid
download link and one valid upload link, so those operations are reached too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEED = 18
MAX_EXAMPLES = 10
MAX_STATEFUL_STEPS = 20
# schemathesis' default answers to schema-valid data (a 404 or 409 may be right for it).
POSITIVE_DATA_EXPECTED = ["2xx", "3xx", "401", "403", "404", "409", "429"]


@dataclass(frozen=True)
class RunReport:
    cases: int
    failures: list[dict[str, Any]]
    errors: list[Any]
    warnings: dict[str, list[str]]
    output: str
    seconds: float

    @property
    def warning_count(self) -> int:
        return sum(len(v) for v in self.warnings.values())


def _toml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def _toml_pair(name: str, value: str) -> str:
    return f"{_toml_string(name)} = {_toml_string(value)}"


@dataclass(frozen=True)
class OperationSettings:
    """Settings of one operation in the run: fixed parameter values (a real id, a signed
    link's fields) and answers that are right for schema-valid data (a 422 for a rule across
    fields that JSON Schema cannot state, as the document's description says)."""

    method: str
    path: str
    operation_id: str
    parameters: dict[str, str] = field(default_factory=dict)
    also_expected: tuple[int, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    checks_off: tuple[str, ...] = ()


def write_config(folder: Path, operations: list[OperationSettings]) -> Path:
    """The run's schemathesis.toml."""
    lines = [
        f"seed = {SEED}",
        "workers = 1",
        "[generation]",
        f"max-examples = {MAX_EXAMPLES}",
        "[phases.stateful]",
        f"max-steps = {MAX_STATEFUL_STEPS}",
    ]
    for operation in operations:
        # By operation id alone: schemathesis ORs its include-* filters, so a path and a
        # method would also select every other operation with that method.
        lines += [
            "[[operations]]",
            f"include-operation-id = {_toml_string(operation.operation_id)}",
        ]
        if operation.also_expected:
            statuses = [*POSITIVE_DATA_EXPECTED, *map(str, operation.also_expected)]
            lines += [
                "[operations.checks.positive_data_acceptance]",
                f"expected-statuses = {json.dumps(statuses)}",
            ]
        for check in operation.checks_off:
            lines += [f"[operations.checks.{check}]", "enabled = false"]
        if operation.headers:
            lines.append("[operations.headers]")
            lines += [
                f"{_toml_string(k)} = {_toml_string(v)}" for k, v in operation.headers.items()
            ]
        if operation.parameters:
            lines.append("[operations.parameters]")
            lines += [
                f"{_toml_string(k)} = {_toml_string(v)}" for k, v in operation.parameters.items()
            ]
    path = folder / "schemathesis.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def schemathesis_command() -> list[str]:
    found = shutil.which("st") or shutil.which("schemathesis")
    if found:
        return [found]
    return [sys.executable, "-m", "schemathesis.cli"]


def run(document: Path, base_url: str, token: str, config: Path, report_dir: Path) -> RunReport:
    report = report_dir / "schemathesis.json"
    command = [
        *schemathesis_command(),
        "--config-file",
        str(config),
        "run",
        str(document),
        "--url",
        base_url,
        "-H",
        f"Authorization: Bearer {token}",
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--no-color",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    started = time.monotonic()
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
        cwd=report_dir,
    )
    seconds = time.monotonic() - started
    if not report.exists():
        raise RuntimeError(f"schemathesis wrote no report:\n{result.stdout}\n{result.stderr}")
    data = json.loads(report.read_text())
    return RunReport(
        cases=int(data["test_cases"]["generated"]),
        failures=list(data["failures"]),
        errors=list(data["errors"]),
        warnings={k: v for k, v in data["warnings"].items() if v},
        output=result.stdout + result.stderr,
        seconds=seconds,
    )
