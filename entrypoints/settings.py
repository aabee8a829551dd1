"""Settings from environment variables (AVATAR_*), with the defaults of the embedded profile.

Every variable is listed with its default in the README's settings table. Only the composition
root (entrypoints/container.py) turns them into adapters.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from domain.model_file import LodLevel, ModelFormat

PREFIX = "AVATAR_"


class ConfigurationError(Exception):
    """The settings cannot start the service; the message says what to set."""


class Settings(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    profile: Literal["embedded", "production"] = "embedded"
    data_dir: Path = Path(".data")
    database_url: str | None = None  # default: SQLite file in data_dir (embedded)
    db_pool_size: int = 20
    blob_store: Literal["filesystem", "memory", "s3"] | None = None
    blob_dir: Path | None = None
    blob_url_secret: str | None = None  # filesystem store: key of its signed URLs
    blob_url_expiry_s: int = 300  # direct download/upload links (spec 6.2)
    max_photo_bytes: int = 10 * 1024 * 1024  # spec 8.3
    # Photo intake (docs/adr/0020-photo-intake.md).
    photo_min_side_px: int = 512
    photo_max_side_px: int = 4096
    max_photos_per_avatar: int = 10
    photo_retention_hours: float = 24.0  # a photo is deleted this long after processing
    photo_expiry_interval_s: float = 300.0  # how often serve deletes expired photos; 0: never
    photo_analysis_side_px: int = 1024  # detection, processed image and mask work at this size
    photo_thumbnail_side_px: int = 256
    photo_workers: int = 2  # photos decoded and analysed at once per process (bounds memory)
    malware_scanner: Literal["none", "clamav"] = "none"  # none: recorded as not scanned
    clamav_address: str = "127.0.0.1:3310"  # clamd: host:port, or the path of its socket
    clamav_timeout_s: float = 30.0
    blob_orphan_grace_hours: float = 24.0  # objects no row points to are swept after this
    blob_sweep_interval_s: float = 3600.0  # how often serve sweeps orphans; 0: never
    s3_bucket: str = "avatars"
    s3_prefix: str = ""
    s3_endpoint_url: str | None = None  # MinIO or another S3-compatible server
    s3_region: str = "us-east-1"
    s3_sse: Literal["AES256", "aws:kms"] = "AES256"
    s3_kms_key_id: str | None = None
    event_bus: Literal["inprocess", "kafka"] | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    jwt_secret: str | None = None
    jwt_jwks: str | None = None  # path to a JWKS file, or an https:// URL
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    max_json_body_bytes: int = 1_048_576
    log_level: str = "INFO"
    # Operations (docs/observability.md): logs as JSON lines or readable text (auto: JSON in
    # production), traces exported over OTLP (off by default; the endpoint and headers come
    # from the standard OTEL_EXPORTER_OTLP_* variables), the worker's /metrics port (0: none).
    log_format: Literal["auto", "json", "text"] = "auto"
    tracing: Literal["off", "otlp"] = "off"
    worker_metrics_port: int = 9100
    api_workers: int = 1  # `serve` processes sharing the port (serve --workers)
    run_workers: bool = True  # the embedded profile processes jobs in the API process
    event_loop: Literal["auto", "asyncio", "uvloop"] = "auto"  # auto: uvloop when installed
    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_topic_prefix: str = ""
    kafka_group_id: str = "avatar-service-workers"
    kafka_session_timeout_ms: int = 10_000
    kafka_heartbeat_interval_ms: int = 3_000
    job_max_attempts: int = 3
    job_retry_backoff_s: float = 1.0
    # External events (docs/privacy.md): the authentication service's CloudEvents topic (no
    # prefix added; empty: not consumed) and the type that asks for a user's erasure.
    user_events_topic: str = ""
    user_deleted_event_type: str = "com.perfit.auth.user.deleted.v1"
    user_events_group_id: str = "avatar-service-user-events"
    body_model_cache_dir: Path | None = None  # anny's data; default ~/.cache/avatar-service/anny
    # What processing generates for every avatar; the rest is made on request (POST
    # .../models/generate). Comma-separated.
    # Photo avatars: the shipped regressor (default), or HMR2 with the user's exported
    # network and SMPL file (README: "SMPL / SMPL-X and HMR2").
    shape_estimator: Literal["photo_regressor", "hmr2"] = "photo_regressor"
    # onnxruntime: providers wanted, best first (tensorrt, cuda, cpu; empty: the best
    # available), threads per session, TensorRT's engine cache and FP16.
    inference_providers: str = ""
    inference_threads: int = 1
    inference_trt_cache_dir: Path | None = None
    inference_fp16: bool = False
    hmr2_onnx: Path | None = None
    smpl_model_path: Path | None = None
    auto_model_formats: str = "glb,gltf,obj,fbx"
    auto_model_levels: str = "high,medium,low,mobile"
    model_link_expiry_s: int = 300  # production: model downloads redirect to links this long
    relay_batch_size: int = 500
    relay_interval_s: float = 0.05
    # Live updates (WebSocket /api/v1/ws, GraphQL subscriptions): a heartbeat frame this
    # often, how many recent events a reconnecting client can catch up from, how long a new
    # socket may take to authenticate, and the prefix of each API process's own consumer
    # group on the events topic (Kafka).
    live_heartbeat_s: float = 20.0
    live_recent_updates: int = 10_000
    live_auth_timeout_s: float = 10.0
    live_group_prefix: str = "avatar-service-live"
    # Read cache of GET one and each user's first page of the list (ADR 54), in each API
    # process's memory. auto: on where every process hears every write's events (Kafka, or
    # one process); off with the in-process bus and `serve --workers N`, whose processes do
    # not hear each other (memory there: another process's writes show after the TTL).
    read_cache: Literal["auto", "memory", "off"] = "auto"
    read_cache_ttl_s: float = 30.0
    read_cache_max_entries: int = 10_000
    # Audit entries of reads are written in batches at most this old (ADR 56): a process that
    # dies loses at most that much of them; changes are written at once. 0: one at a time.
    audit_batch_s: Annotated[float, msgspec.Meta(ge=0, le=60)] = 0.2
    # Encryption at rest (docs/privacy.md): key-ring keys as id=base64-of-32-bytes, comma-
    # separated; the first wraps new data keys, the others only unwrap until `keys rotate`
    # has run. Empty: the embedded profile makes one in data_dir/key-ring (production: required).
    key_ring: str = ""
    # Rate limits (spec 9.3, docs/privacy.md): requests per window per user by role, and per
    # client address without a valid token; counted in Redis (production) or in the process.
    # Behind a proxy, name the header it appends the client's address to (x-forwarded-for).
    # Redis counts are leased in blocks of this fraction of the limit (at most 100; 0: a round
    # trip a request, exact across processes; docs/adr/0052-encryption-at-rest-rate-limits.md).
    rate_limit_user: int = 100
    rate_limit_premium: int = 1000
    rate_limit_anonymous: int = 60
    rate_limit_window_s: int = 60
    rate_limit_store: Literal["memory", "redis"] | None = None
    rate_limit_forwarded_header: str = ""
    rate_limit_lease_fraction: Annotated[float, msgspec.Meta(ge=0, le=1)] = 0.1
    redis_url: str = "redis://127.0.0.1:6379/0"
    # Hardening (docs/privacy.md): browser origins allowed by CORS (comma-separated; none: no
    # CORS), Strict-Transport-Security's max-age behind TLS (0: not sent).
    cors_allow_origins: str = ""
    cors_max_age_s: int = 600
    hsts_max_age_s: int = 0
    # Kafka over TLS and/or SASL: the protocol, the SASL mechanism and credentials, and the CA,
    # client certificate and key files for TLS (none: the system's CAs, no client cert).
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "PLAIN"
    kafka_sasl_username: str = ""
    kafka_sasl_password: str = ""
    kafka_ssl_cafile: Path | None = None
    kafka_ssl_certfile: Path | None = None
    kafka_ssl_keyfile: Path | None = None
    # PostgreSQL over TLS: asyncpg's sslmode (none: the URL's ?ssl=, else prefer) and the CA
    # that verify-ca and verify-full check the server's certificate against.
    db_ssl: Literal["disable", "prefer", "require", "verify-ca", "verify-full"] | None = None
    db_ssl_root_cert: Path | None = None

    @property
    def resolved_log_format(self) -> str:
        if self.log_format != "auto":
            return self.log_format
        return "json" if self.profile == "production" else "text"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'avatars.db').resolve()}"

    @property
    def resolved_blob_store(self) -> str:
        return self.blob_store or ("s3" if self.profile == "production" else "filesystem")

    @property
    def resolved_blob_dir(self) -> Path:
        return self.blob_dir or self.data_dir / "blobs"

    @property
    def resolved_body_model_cache_dir(self) -> Path:
        return self.body_model_cache_dir or Path("~/.cache/avatar-service/anny").expanduser()

    @property
    def resolved_auto_models(self) -> tuple[tuple[ModelFormat, ...], tuple[LodLevel, ...]]:
        """The formats and levels processing generates (``ConfigurationError`` if unknown)."""
        try:
            formats = tuple(
                ModelFormat(f.strip()) for f in self.auto_model_formats.split(",") if f.strip()
            )
            levels = tuple(
                LodLevel(f.strip()) for f in self.auto_model_levels.split(",") if f.strip()
            )
        except ValueError as error:
            raise ConfigurationError(
                f"AVATAR_AUTO_MODEL_FORMATS / AVATAR_AUTO_MODEL_LEVELS: {error}"
            ) from error
        return formats, levels

    @property
    def resolved_rate_limit_store(self) -> str:
        return self.rate_limit_store or ("redis" if self.profile == "production" else "memory")

    @property
    def resolved_event_bus(self) -> str:
        return self.event_bus or ("kafka" if self.profile == "production" else "inprocess")

    @property
    def resolved_read_cache(self) -> str:
        if self.read_cache != "auto":
            return self.read_cache
        every_write_heard = self.resolved_event_bus == "kafka" or self.api_workers == 1
        return "memory" if every_write_heard else "off"

    @property
    def dev_secret_file(self) -> Path:
        return self.data_dir / "dev-jwt-secret"

    def blob_url_signing_key(self) -> bytes:
        """The key of the filesystem store's signed URLs (made once in the data folder)."""
        if self.blob_url_secret:
            return self.blob_url_secret.encode()
        return local_secret(self.data_dir / "blob-url-secret").encode()


def key_ring_text(settings: Settings) -> str:
    """``AVATAR_KEY_RING``, or the embedded profile's key ring made once in the data folder."""
    if settings.key_ring:
        return settings.key_ring
    path = settings.data_dir / "key-ring"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = f"local-1={base64.b64encode(secrets.token_bytes(32)).decode()}"
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it meanwhile
            return path.read_text().strip()
        with os.fdopen(descriptor, "w") as handle:
            handle.write(entry)
    return path.read_text().strip()


def local_secret(path: Path) -> str:
    """A random secret made once and kept (mode 0600) in ``path``: the embedded profile's."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret)
    return secret


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``environ`` (default ``os.environ``); ``ConfigurationError`` if invalid."""
    environ = os.environ if environ is None else environ
    raw = {
        key[len(PREFIX) :].lower(): value
        for key, value in environ.items()
        if key.startswith(PREFIX) and key[len(PREFIX) :].lower() in Settings.__struct_fields__
    }
    try:
        return msgspec.convert(raw, Settings, strict=False, dec_hook=_decode_path)
    except msgspec.ValidationError as error:
        field = str(error).rsplit("$.", 1)[-1].rstrip("`") if "$." in str(error) else ""
        name = f"{PREFIX}{field.upper()}" if field else "an AVATAR_* variable"
        raise ConfigurationError(f"{name} is invalid: {error}") from None


def _decode_path(kind: type, value: object) -> object:
    if kind is Path and isinstance(value, str):
        return Path(value).expanduser()
    raise NotImplementedError(kind)


def check_production_ready(settings: Settings) -> None:
    """Refuse, in one clear message, a production profile whose adapters do not exist yet."""
    missing: list[str] = []
    if settings.profile == "production":
        if not settings.resolved_database_url.startswith("postgresql"):
            missing.append(
                "AVATAR_DATABASE_URL must point at PostgreSQL "
                "(postgresql+asyncpg://user:password@host/database)"
            )
        if not (settings.jwt_secret or settings.jwt_jwks):
            missing.append("AVATAR_JWT_SECRET or AVATAR_JWT_JWKS must be set (no dev tokens)")
        if not settings.key_ring:
            missing.append(
                "AVATAR_KEY_RING must be set (id=base64 of 32 random bytes; "
                "`avatar-service keys new ID` prints one)"
            )
    if missing:
        raise ConfigurationError(
            f"the {settings.profile} profile cannot start:\n  - " + "\n  - ".join(missing)
        )
