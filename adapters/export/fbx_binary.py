"""The binary FBX container (version 7.4), written from its public description.

A file is a 27-byte header, a tree of nodes and a footer. A node (32-bit offsets before 7.5):
``end offset, property count, property bytes`` (uint32 each), a name (uint8 length, bytes),
its properties, its children, and a 13-byte zero record closing the children (also written
for a node with neither properties nor children). A property is a one-letter type code
and its value: ``C`` bool, ``Y`` int16, ``I`` int32, ``L`` int64, ``F`` float32,
``D`` float64, ``S`` string and ``R`` raw bytes (uint32 length first), and the arrays
``b i l f d`` (uint32 count, uint32 encoding, 1 = zlib, uint32 byte length, data).

This module knows nothing of scenes; ``adapters.export.fbx`` builds the body's.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

VERSION = 7400
HEADER = b"Kaydara FBX Binary  \x00\x1a\x00" + struct.pack("<I", VERSION)
NULL_RECORD = b"\0" * 13
# Arrays longer than this are deflated; shorter ones are not worth the header.
COMPRESS_FROM_BYTES = 128
# The fixed file id and creation time every writer outside Autodesk's SDK uses, with the
# footer id that goes with them (readers that check the footer accept this triple).
FILE_ID = bytes.fromhex("28b32aebb624ccc2bfc8b02aa92bfcf1")
CREATION_TIME = "1970-01-01 10:00:00:000"
FOOTER_ID = bytes.fromhex("fabcab09d0c8d466b176fb831cf7267e")
FOOTER_MAGIC = bytes.fromhex("f85a8c6adef5d97eece90ce3758f290b")

_ARRAY_TYPES = {"b": np.uint8, "i": np.int32, "l": np.int64, "f": np.float32, "d": np.float64}
_SCALARS = {"C": "<?", "Y": "<h", "I": "<i", "L": "<q", "F": "<f", "D": "<d"}


@dataclass
class Node:
    """One FBX node: a name, typed properties, children."""

    name: str
    properties: list[tuple[str, Any]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def add(self, name: str, *properties: tuple[str, Any]) -> Node:
        """Append and return a child node."""
        child = Node(name, list(properties))
        self.children.append(child)
        return child


def string(value: str | bytes) -> tuple[str, bytes]:
    return ("S", value.encode() if isinstance(value, str) else value)


def integer(value: int) -> tuple[str, int]:
    return ("I", value)


def long(value: int) -> tuple[str, int]:
    return ("L", value)


def double(value: float) -> tuple[str, float]:
    return ("D", float(value))


def boolean(value: bool) -> tuple[str, bool]:
    return ("C", value)


def raw(value: bytes) -> tuple[str, bytes]:
    return ("R", value)


def array(code: str, values: Sequence[float] | np.ndarray[Any, Any]) -> tuple[str, Any]:
    """An array property: ``code`` is one of b i l f d."""
    return (code, np.ascontiguousarray(values, dtype=_ARRAY_TYPES[code]).ravel())


def object_name(name: str, kind: str) -> tuple[str, bytes]:
    """The ``Name\\x00\\x01Class`` form binary FBX gives objects' names."""
    return string(name.encode() + b"\x00\x01" + kind.encode())


def _property(code: str, value: Any, compression_level: int) -> bytes:
    if code in _SCALARS:
        return code.encode() + struct.pack(_SCALARS[code], value)
    if code in ("S", "R"):
        return code.encode() + struct.pack("<I", len(value)) + value
    if code in _ARRAY_TYPES:
        data = value.tobytes()
        encoding = 0
        if len(data) >= COMPRESS_FROM_BYTES:
            data, encoding = zlib.compress(data, compression_level), 1
        return code.encode() + struct.pack("<III", len(value), encoding, len(data)) + data
    raise ValueError(f"unknown FBX property type {code!r}")


def _node(node: Node, offset: int, compression_level: int) -> bytes:
    properties = b"".join(_property(c, v, compression_level) for c, v in node.properties)
    name = node.name.encode()
    start = 13 + len(name) + len(properties)
    body = bytearray()
    for child in node.children:
        body += _node(child, offset + start + len(body), compression_level)
    if node.children or not node.properties:
        body += NULL_RECORD
    end = offset + start + len(body)
    head = struct.pack("<IIIB", end, len(node.properties), len(properties), len(name))
    return head + name + properties + bytes(body)


def encode(nodes: Sequence[Node], compression_level: int = 6) -> bytes:
    """A whole binary FBX 7.4 file of these top-level nodes."""
    out = bytearray(HEADER)
    for node in nodes:
        out += _node(node, len(out), compression_level)
    out += NULL_RECORD
    out += FOOTER_ID
    out += b"\0" * (-len(out) % 16 or 16)
    out += struct.pack("<I", VERSION)
    out += b"\0" * 120
    out += FOOTER_MAGIC
    return bytes(out)
