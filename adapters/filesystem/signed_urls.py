"""Signed, expiring URLs served by the API itself, so the filesystem store offers the same
direct download/upload contract as S3 presigned URLs (HMAC-SHA256 over method, key, expiry
and, for uploads, the content type and size)."""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import quote, urlencode

BLOB_ROUTE = "/api/v1/blobs"


class UrlSigner:
    def __init__(self, secret: bytes, base_path: str = BLOB_ROUTE) -> None:
        self._secret = secret
        self.base_path = base_path

    def _signature(self, method: str, key: str, expires: int, extra: str) -> str:
        message = f"{method}\n{key}\n{expires}\n{extra}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def url(self, method: str, key: str, expires: int, **extra: str | int) -> str:
        """The URL path and query for ``method`` on ``key`` until ``expires`` (unix time)."""
        fields = {name: str(value) for name, value in sorted(extra.items())}
        signature = self._signature(method, key, expires, urlencode(fields))
        query = urlencode({**fields, "expires": expires, "signature": signature})
        return f"{self.base_path}/{quote(key)}?{query}"

    def verify(
        self,
        method: str,
        key: str,
        expires: str,
        signature: str,
        now: float | None = None,
        **extra: str,
    ) -> str | None:
        """None if the URL is valid now; otherwise why it is not."""
        try:
            deadline = int(expires)
        except ValueError:
            return "the link's expiry is not a number"
        fields = {name: value for name, value in sorted(extra.items())}
        expected = self._signature(method, key, deadline, urlencode(fields))
        # As bytes: compare_digest refuses str with non-ASCII characters (a 500 before).
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            return "the link's signature is invalid"
        if (now if now is not None else time.time()) > deadline:
            return "the link has expired"
        return None
