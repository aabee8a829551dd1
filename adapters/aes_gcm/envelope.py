"""Envelope encryption with AES-256-GCM (the ``cryptography`` package): a data key per user,
wrapped by a key of the key ring (``AVATAR_KEY_RING``); the key id is stored beside it.

Sealed bytes: a version byte, a 96-bit random nonce, the ciphertext and the 128-bit tag. The
associated data binds each seal to its user and context (the table and row id, or the object
key and segment), so sealed bytes copied to another row or user do not open.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections import OrderedDict
from collections.abc import Mapping
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from application.ports import KeyNotInRing, SealBroken, WrappedDataKey

SEAL_VERSION = b"\x01"
NONCE_BYTES = 12
TAG_BYTES = 16
OVERHEAD_BYTES = len(SEAL_VERSION) + NONCE_BYTES + TAG_BYTES
KEY_BYTES = 32  # AES-256


class InvalidKeyRing(ValueError):
    """``AVATAR_KEY_RING`` is not ``id=base64-of-32-bytes[,id=...]``."""


def parse_key_ring(text: str) -> dict[str, bytes]:
    """``"2026-12=BASE64,2026-06=BASE64"`` -> ids and keys, in order (the first one wraps)."""
    ring: dict[str, bytes] = {}
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        key_id, separator, encoded = entry.partition("=")
        key_id = key_id.strip()
        if not separator or not key_id or len(key_id) > 64:
            raise InvalidKeyRing(f"key ring entry {key_id[:64]!r}: expected id=base64-key")
        try:
            key = base64.b64decode(encoded.strip() + "=" * (-len(encoded.strip()) % 4))
        except (binascii.Error, ValueError):
            raise InvalidKeyRing(f"key ring entry {key_id!r}: the key is not base64") from None
        if len(key) != KEY_BYTES:
            raise InvalidKeyRing(
                f"key ring entry {key_id!r}: {len(key)} bytes, AES-256 needs {KEY_BYTES}"
            )
        if key_id in ring:
            raise InvalidKeyRing(f"key ring entry {key_id!r} appears twice")
        ring[key_id] = key
    if not ring:
        raise InvalidKeyRing("the key ring is empty")
    return ring


def new_key_ring_entry(key_id: str) -> str:
    """A fresh ``id=base64`` entry (``avatar-service keys new``)."""
    return f"{key_id}={base64.b64encode(os.urandom(KEY_BYTES)).decode()}"


class AesGcmEnvelope:
    """The ``Envelope`` port: AES-256-GCM for data keys and for data.

    Unwrapped data keys are cached by their wrapped bytes (``cache_size`` of them): a cache hit
    needs the wrapped key from the database anyway, so erasing it (crypto-shredding) takes
    effect at once in every process.
    """

    def __init__(self, key_ring: Mapping[str, bytes], *, cache_size: int = 10_000) -> None:
        if not key_ring:
            raise InvalidKeyRing("the key ring is empty")
        self._ring = {key_id: AESGCM(key) for key_id, key in key_ring.items()}
        self._current = next(iter(key_ring))
        self._cache: OrderedDict[bytes, AESGCM] = OrderedDict()
        self._cache_size = cache_size

    @property
    def current_key_id(self) -> str:
        return self._current

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._ring)

    def new_data_key(self, user_id: UUID) -> WrappedDataKey:
        return self._wrap(user_id, AESGCM.generate_key(bit_length=256))

    def rewrap(self, user_id: UUID, key: WrappedDataKey) -> WrappedDataKey:
        if key.key_id == self._current:
            return key
        return self._wrap(user_id, self._unwrap(user_id, key))

    def seal(self, user_id: UUID, key: WrappedDataKey, plaintext: bytes, context: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._data_cipher(user_id, key).encrypt(
            nonce, plaintext, _associated(user_id, context)
        )
        return SEAL_VERSION + nonce + sealed

    def open(self, user_id: UUID, key: WrappedDataKey, sealed: bytes, context: bytes) -> bytes:
        if len(sealed) < OVERHEAD_BYTES or sealed[:1] != SEAL_VERSION:
            raise SealBroken("not sealed bytes of this service")
        nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        try:
            return self._data_cipher(user_id, key).decrypt(
                nonce, body, _associated(user_id, context)
            )
        except InvalidTag:
            raise SealBroken("sealed bytes do not open: changed, or another key") from None

    # -- data keys ----------------------------------------------------------------------------
    def _wrap(self, user_id: UUID, data_key: bytes) -> WrappedDataKey:
        nonce = os.urandom(NONCE_BYTES)
        wrapped = self._ring[self._current].encrypt(
            nonce, data_key, _key_associated(user_id, self._current)
        )
        return WrappedDataKey(self._current, SEAL_VERSION + nonce + wrapped)

    def _unwrap(self, user_id: UUID, key: WrappedDataKey) -> bytes:
        ring_key = self._ring.get(key.key_id)
        if ring_key is None:
            raise KeyNotInRing(
                f"a data key is wrapped by key {key.key_id!r}, which the key ring "
                "(AVATAR_KEY_RING) does not hold; add it back, then run `avatar-service keys "
                "rotate`"
            )
        raw = key.wrapped
        if len(raw) < OVERHEAD_BYTES or raw[:1] != SEAL_VERSION:
            raise SealBroken("not a wrapped data key")
        try:
            return ring_key.decrypt(
                raw[1 : 1 + NONCE_BYTES],
                raw[1 + NONCE_BYTES :],
                _key_associated(user_id, key.key_id),
            )
        except InvalidTag:
            raise SealBroken("the wrapped data key does not open") from None

    def _data_cipher(self, user_id: UUID, key: WrappedDataKey) -> AESGCM:
        cached = self._cache.get(key.wrapped)
        if cached is not None:
            self._cache.move_to_end(key.wrapped)
            return cached
        cipher = AESGCM(self._unwrap(user_id, key))
        self._cache[key.wrapped] = cipher
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return cipher


def _associated(user_id: UUID, context: bytes) -> bytes:
    return user_id.bytes + context


def _key_associated(user_id: UUID, key_id: str) -> bytes:
    return b"data-key:" + user_id.bytes + key_id.encode()
