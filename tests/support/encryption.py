"""The test profile's key ring: fixed keys, so that test databases open across fixtures."""

from __future__ import annotations

import base64

from adapters.aes_gcm.envelope import AesGcmEnvelope, parse_key_ring

OLD_KEY = base64.b64encode(bytes(range(32))).decode()
NEW_KEY = base64.b64encode(bytes(range(32, 64))).decode()
TEST_KEY_RING = f"test-1={OLD_KEY}"


def envelope_for_tests(key_ring: str = TEST_KEY_RING) -> AesGcmEnvelope:
    return AesGcmEnvelope(parse_key_ring(key_ring))
