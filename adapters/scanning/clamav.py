"""The MalwareScanner over ClamAV's daemon, clamd, speaking its INSTREAM protocol.

The file goes to clamd in chunks (4-byte big-endian length, then the bytes; a zero length
ends it) over TCP (``host:port``) or a Unix socket (a path); clamd answers
``stream: OK``, ``stream: <signature> FOUND`` or ``... ERROR``. Commands use the ``z`` prefix:
requests and replies end with a NUL byte. The engine's version (``zVERSION``) is recorded
with every clean result.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct

from application.ports import ScannerUnavailable, ScanResult

CHUNK_BYTES = 64 * 1024


class ClamAvScanner:
    def __init__(self, address: str, *, timeout_s: float = 30.0) -> None:
        self._address = address
        self._timeout_s = timeout_s
        self._version: str | None = None

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._address.startswith("/"):
            return await asyncio.open_unix_connection(self._address)
        host, _, port = self._address.rpartition(":")
        return await asyncio.open_connection(host or "127.0.0.1", int(port))

    async def _exchange(self, command: bytes, payload: bytes | None = None) -> str:
        reader, writer = await self._connect()
        try:
            # Read while writing: clamd may answer (size limit) and hang up before the end.
            reply_task = asyncio.ensure_future(reader.readuntil(b"\0"))
            writer.write(b"z" + command + b"\0")
            try:
                if payload is not None:
                    view = memoryview(payload)
                    for start in range(0, len(view), CHUNK_BYTES):
                        if reply_task.done():
                            break
                        piece = view[start : start + CHUNK_BYTES]
                        writer.write(struct.pack(">I", len(piece)))
                        writer.write(piece)
                        await writer.drain()
                    else:
                        writer.write(struct.pack(">I", 0))
                await writer.drain()
            except ConnectionError:
                pass  # the reply, read meanwhile, says why
            reply = await reply_task
            return reply.rstrip(b"\0").decode("utf-8", "replace").strip()
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def version(self) -> str:
        """The engine and signature versions clamd reports (``ClamAV 1.4.1/27400/...``)."""
        if self._version is None:
            reply = await self._call(b"VERSION")
            self._version = "/".join(reply.split("/")[:2])
        return self._version

    async def _call(self, command: bytes, payload: bytes | None = None) -> str:
        try:
            return await asyncio.wait_for(self._exchange(command, payload), self._timeout_s)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
            raise ScannerUnavailable(
                f"the malware scanner at {self._address} did not answer: {error or 'timeout'}"
            ) from None

    async def scan(self, data: bytes) -> ScanResult:
        engine = await self.version()
        reply = await self._call(b"INSTREAM", data)
        verdict = reply.split(":", 1)[-1].strip()
        if verdict == "OK":
            return ScanResult(scanned=True, infected=False, engine=engine)
        if verdict.endswith(" FOUND"):
            signature = verdict.removesuffix(" FOUND").strip()
            return ScanResult(scanned=True, infected=True, engine=engine, signature=signature)
        raise ScannerUnavailable(f"the malware scanner could not scan the file: {reply}")

    async def check(self) -> None:
        """Readiness: clamd answers PING with PONG."""
        reply = await self._call(b"PING")
        if reply != "PONG":
            raise ScannerUnavailable(f"clamd answered {reply!r} to PING")
