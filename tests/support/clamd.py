"""A stand-in for ClamAV's daemon speaking its protocol (PING, VERSION, INSTREAM), for tests.

A real clamd needs its signature database, which is downloaded (freshclam): not possible
offline. This one finds the EICAR test string, as every real engine does, and answers in the
exact formats of clamd 1.x with z-prefixed (NUL-terminated) commands.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
import threading
from collections.abc import Iterator

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
VERSION = "ClamAV 1.4.1/27437/Fri Nov 21 09:30:00 2026"


class FakeClamd:
    def __init__(self, *, stream_max_bytes: int = 25 * 1024 * 1024) -> None:
        self.stream_max_bytes = stream_max_bytes
        self.scanned: list[int] = []  # sizes of the streams scanned

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            command = (await reader.readuntil(b"\0")).rstrip(b"\0")
            if command == b"zPING":
                writer.write(b"PONG\0")
            elif command == b"zVERSION":
                writer.write(VERSION.encode() + b"\0")
            elif command == b"zINSTREAM":
                writer.write(await self._instream(reader))
            else:
                writer.write(b"UNKNOWN COMMAND\0")
            await writer.drain()
        finally:
            writer.close()

    async def _instream(self, reader: asyncio.StreamReader) -> bytes:
        data = bytearray()
        while True:
            (length,) = struct.unpack(">I", await reader.readexactly(4))
            if length == 0:
                break
            data += await reader.readexactly(length)
        # (clamd answers as soon as the limit passes; reading on first keeps the test free of
        # the TCP reset that closing a socket with unread data causes)
        if len(data) > self.stream_max_bytes:
            return b"INSTREAM size limit exceeded. ERROR\0"
        self.scanned.append(len(data))
        if EICAR in data:
            return b"stream: Eicar-Test-Signature FOUND\0"
        return b"stream: OK\0"


@contextlib.contextmanager
def fake_clamd() -> Iterator[tuple[FakeClamd, str]]:
    """A fake clamd on a free 127.0.0.1 port, in a thread; yields it and its address."""
    clamd = FakeClamd()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    address: list[str] = []

    async def serve() -> asyncio.base_events.Server:
        server = await asyncio.start_server(clamd.handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        address.append(f"127.0.0.1:{port}")
        return server

    def run() -> None:
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(serve())
        started.set()
        loop.run_forever()
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()

    thread = threading.Thread(target=run, name="fake-clamd", daemon=True)
    thread.start()
    started.wait(10)
    try:
        yield clamd, address[0]
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
