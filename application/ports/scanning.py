"""Malware scanning of uploaded files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ScanResult:
    scanned: bool  # False: no scanner is configured, the file was not examined
    infected: bool
    engine: str  # e.g. "ClamAV 1.4.1/27400", or "none"
    signature: str | None = None  # what was found, when infected


class MalwareScanner(Protocol):
    async def scan(self, data: bytes) -> ScanResult:
        """Examine one uploaded file; raises ``ScannerUnavailable`` if the scanner cannot."""
        ...


class ScannerUnavailable(Exception):
    """The malware scanner did not answer; the upload cannot be accepted now."""
