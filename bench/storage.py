"""Benchmark of the blob stores: upload and download throughput, and memory while streaming.

For the filesystem store and the S3 store (against moto's S3 server, or
AVATAR_TEST_S3_ENDPOINT): MB/s to put and to get objects of 1 KB, 1 MB and 10 MB, and the
peak of Python memory (tracemalloc) above idle while a 10 MB object is streamed in
(put_stream) and out (stream). Target of issue 9: under 30 MB above idle.

    python bench/storage.py [--repeat 20]

Prints a table and writes bench/results/storage.json.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.filesystem.blob_store import FilesystemBlobStore  # noqa: E402
from application.ports import BlobStore  # noqa: E402
from bench.report import write_report  # noqa: E402
from tests.support.s3 import s3_blob_store, s3_server  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "storage.json"
SIZES = {"1KB": 1024, "1MB": 1024 * 1024, "10MB": 10 * 1024 * 1024}
TARGET_STREAM_PEAK_MB = 30.0
CHUNK = 256 * 1024


async def _chunks(total: int) -> AsyncIterator[bytes]:
    block = os.urandom(CHUNK)
    sent = 0
    while sent < total:
        piece = block[: min(CHUNK, total - sent)]
        sent += len(piece)
        yield piece


async def throughput(store: BlobStore, size: int, repeat: int) -> dict[str, float]:
    data = os.urandom(size)
    keys = [f"users/bench/avatars/a/models/{size}-{n}.bin" for n in range(repeat)]
    began = time.perf_counter()
    for key in keys:
        await store.put(key, data, "application/octet-stream")
    put_s = time.perf_counter() - began
    began = time.perf_counter()
    for key in keys:
        assert len(await store.get(key)) == size
    get_s = time.perf_counter() - began
    for key in keys:
        await store.delete(key)
    megabytes = size * repeat / 1e6
    return {
        "put_mb_per_s": round(megabytes / put_s, 2),
        "get_mb_per_s": round(megabytes / get_s, 2),
        "put_ms_each": round(1000 * put_s / repeat, 2),
        "get_ms_each": round(1000 * get_s / repeat, 2),
    }


async def streaming_peak(store: BlobStore) -> dict[str, float]:
    """Peak Python memory above idle while 10 MB are streamed in, then out."""
    key = "users/bench/avatars/a/models/streamed.bin"
    size = SIZES["10MB"]
    tracemalloc.start()
    try:
        idle, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        await store.put_stream(key, _chunks(size), "application/octet-stream")
        _, peak_in = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        received = 0
        async for chunk in store.stream(key, chunk_size=CHUNK):
            received += len(chunk)
        _, peak_out = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        await store.delete(key)
    assert received == size
    return {
        "put_stream_peak_mb": round((peak_in - idle) / 1e6, 2),
        "stream_peak_mb": round((peak_out - idle) / 1e6, 2),
    }


async def measure(store: BlobStore, repeat: int) -> dict[str, Any]:
    sizes = {}
    for name, size in SIZES.items():
        sizes[name] = await throughput(
            store, size, repeat if size < SIZES["10MB"] else max(3, repeat // 4)
        )
    return {"throughput": sizes, "memory": await streaming_peak(store)}


async def main_async(repeat: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="avatar-bench-blobs-") as folder:
        results["filesystem"] = await measure(FilesystemBlobStore(Path(folder)), repeat)
    with s3_server(own_process=True) as endpoint:  # moto keeps objects in its own memory
        async with s3_blob_store(endpoint) as store:
            results["s3 (moto server)"] = await measure(store, repeat)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="objects per size")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    results = asyncio.run(main_async(args.repeat))
    print(f"\nblob stores on {os.cpu_count()} CPUs")
    print(f"{'store':18} {'size':>5} {'put MB/s':>9} {'get MB/s':>9} {'put ms':>8} {'get ms':>8}")
    met = True
    for store, measured in results.items():
        for size, figures in measured["throughput"].items():
            print(
                f"{store:18} {size:>5} {figures['put_mb_per_s']:>9} {figures['get_mb_per_s']:>9}"
                f" {figures['put_ms_each']:>8} {figures['get_ms_each']:>8}"
            )
        memory = measured["memory"]
        ok = max(memory.values()) < TARGET_STREAM_PEAK_MB
        met &= ok
        print(
            f"{store:18} streaming 10 MB: peak {memory['put_stream_peak_mb']} MB in, "
            f"{memory['stream_peak_mb']} MB out above idle "
            f"(target < {TARGET_STREAM_PEAK_MB:.0f} MB: {'met' if ok else 'MISSED'})"
        )
    write_report(
        "storage",
        args.output,
        settings={"repeat": args.repeat, "chunk_bytes": CHUNK},
        target={"stream_peak_mb_below": TARGET_STREAM_PEAK_MB, "met": met},
        results=results,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
