"""The JSON every benchmark writes: its figures, the machine they were measured on, when."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def write_report(benchmark: str, output: Path, **sections: Any) -> dict[str, Any]:
    """Write ``sections`` with a timestamp and machine facts to ``output``; returns the report."""
    report = {
        "benchmark": benchmark,
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        **sections,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {output}")
    return report
