"""Bearer JWT authentication: HS256 with a shared secret, or RS256 with a JWKS file or URL.

The subject (``sub``) is the user id (a UUID); ``roles`` (a list) or ``role`` (a string) gives
user | premium | admin, the highest one winning. Verified tokens are cached until they expire,
so a client's repeated calls cost one signature check.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any
from uuid import UUID

import jwt

from domain.access import Role, Viewer
from entrypoints.settings import ConfigurationError, Settings, local_secret

ROLE_RANK = {Role.USER: 0, Role.PREMIUM: 1, Role.ADMIN: 2}
ROLE_NAMES = frozenset(role.value for role in Role)


class InvalidToken(Exception):
    """The token is missing, malformed, forged, expired or lacks a usable subject."""


def dev_secret(settings: Settings) -> str:
    """The embedded profile's token signing secret, made once and kept in the data folder."""
    return local_secret(settings.dev_secret_file)


def signing_secret(settings: Settings) -> str | None:
    if settings.jwt_secret:
        return settings.jwt_secret
    if settings.jwt_jwks:
        return None
    if settings.profile == "production":
        raise ConfigurationError("set AVATAR_JWT_SECRET or AVATAR_JWT_JWKS in production")
    return dev_secret(settings)


def issue_token(settings: Settings, user_id: UUID, role: Role, ttl_s: int = 24 * 3600) -> str:
    """A development token signed with the HS256 secret of these settings."""
    secret = signing_secret(settings)
    if secret is None:
        raise ConfigurationError("tokens can be issued only with an HS256 secret, not a JWKS")
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": str(user_id),
        "roles": [role.value],
        "iat": now,
        "exp": now + ttl_s,
    }
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    return jwt.encode(claims, secret, algorithm="HS256")


class TokenVerifier:
    def __init__(self, settings: Settings, cache_size: int = 10_000) -> None:
        self._issuer = settings.jwt_issuer
        self._audience = settings.jwt_audience
        self._secret = signing_secret(settings)
        self._jwks_client: jwt.PyJWKClient | None = None
        self._jwk_set: jwt.PyJWKSet | None = None
        if self._secret is None and settings.jwt_jwks:
            source = settings.jwt_jwks
            if source.startswith(("https://", "http://")):
                self._jwks_client = jwt.PyJWKClient(source, cache_keys=True)
            else:
                try:
                    self._jwk_set = jwt.PyJWKSet.from_dict(json.loads(Path(source).read_text()))
                except (OSError, ValueError, jwt.PyJWKSetError) as error:
                    raise ConfigurationError(f"AVATAR_JWT_JWKS {source!r}: {error}") from None
        self._cache: OrderedDict[str, tuple[Viewer, float]] = OrderedDict()
        self._cache_size = cache_size

    def verify(self, token: str) -> Viewer:
        return self.verify_until(token)[0]

    def verify_until(self, token: str) -> tuple[Viewer, float]:
        """The viewer and when the token expires (seconds since the epoch); ``InvalidToken``
        if it is not valid now. Long-lived connections close when it expires."""
        cached = self._cache.get(token)
        if cached is not None and cached[1] > time.time():
            return cached
        viewer, expires_at = self._decode(token)
        self._cache[token] = (viewer, expires_at)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return viewer, expires_at

    def _key_for(self, token: str) -> tuple[Any, list[str]]:
        if self._secret is not None:
            return self._secret, ["HS256"]
        try:
            if self._jwks_client is not None:
                return self._jwks_client.get_signing_key_from_jwt(token).key, ["RS256"]
            kid = jwt.get_unverified_header(token).get("kid")
            assert self._jwk_set is not None
            keys = [k for k in self._jwk_set.keys if kid is None or k.key_id == kid]
            if not keys:
                raise InvalidToken("the token was signed by a key this service does not know")
            return keys[0].key, ["RS256"]
        except (jwt.PyJWTError, jwt.PyJWKClientError) as error:
            raise InvalidToken(f"cannot find the token's signing key: {error}") from None

    def _decode(self, token: str) -> tuple[Viewer, float]:
        key, algorithms = self._key_for(token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                issuer=self._issuer,
                audience=self._audience,
                options={"require": ["exp", "sub"], "verify_aud": self._audience is not None},
            )
        except jwt.ExpiredSignatureError:
            raise InvalidToken("the token has expired") from None
        except jwt.InvalidSignatureError:
            raise InvalidToken("the token's signature is invalid") from None
        except jwt.PyJWTError as error:
            raise InvalidToken(f"the token is invalid: {error}") from None
        try:
            user_id = UUID(str(claims["sub"]))
        except ValueError:
            raise InvalidToken("the token's subject (sub) is not a user id (UUID)") from None
        raw_roles = claims.get("roles", claims.get("role", Role.USER.value))
        names = [raw_roles] if isinstance(raw_roles, str) else list(raw_roles or [])
        roles = [Role(n) for n in names if n in ROLE_NAMES] or [Role.USER]
        role = max(roles, key=ROLE_RANK.__getitem__)
        return Viewer(user_id=user_id, role=role), float(claims["exp"])
