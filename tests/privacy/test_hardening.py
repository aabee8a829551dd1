"""Hardening (issue 16, item 8): security headers, CORS from the settings, no stack trace or
internal path in any answer, Kafka over TLS/SASL and PostgreSQL over TLS from the settings."""

from __future__ import annotations

import base64
import hashlib
import re
import ssl
import uuid
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from litestar.testing import TestClient

from adapters.kafka.security import KafkaSecurity
from adapters.sqlalchemy.engine import tls_connect_args
from domain.access import Role, Viewer
from entrypoints.container import Container
from entrypoints.http.app import create_app
from entrypoints.http.auth import issue_token
from entrypoints.http.security import VIEWER_PAGE
from entrypoints.settings import ConfigurationError
from tests.support.harness import container_for_tests, settings_for_tests

SECRET = "hardening-tests-secret-of-at-least-32-bytes"
ORIGIN = "https://app.perfit.example"


class Exploding:
    """A use case that fails the way a bug does, with an internal path in its message."""

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> object:
        raise RuntimeError(f"boom in {Path(__file__).resolve()} with secret=hunter2")


def _client(tmp_path: Path, **environ: str) -> Iterator[TestClient]:  # type: ignore[type-arg]
    settings = settings_for_tests(
        {
            "AVATAR_DATA_DIR": str(tmp_path),
            "AVATAR_RUN_WORKERS": "false",
            "AVATAR_JWT_SECRET": SECRET,
            "AVATAR_LOG_LEVEL": "CRITICAL",
            **environ,
        }
    )
    container = container_for_tests(settings=settings, get_avatar=Exploding())
    with TestClient(app=create_app(container, migrate_on_start=False)) as client:
        yield client


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    yield from _client(tmp_path)


def _token() -> dict[str, str]:
    settings = settings_for_tests({"AVATAR_JWT_SECRET": SECRET})
    return {"Authorization": f"Bearer {issue_token(settings, uuid.uuid4(), Role.USER)}"}


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:  # type: ignore[type-arg]
    for answer in (
        client.get("/api/v1/avatars", headers=_token()),
        client.get("/api/v1/avatars"),  # a refusal too
        client.get("/health"),
    ):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["x-frame-options"] == "DENY"
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert "strict-transport-security" not in answer.headers
    docs = client.get("/schema/openapi.json")
    assert docs.headers["content-security-policy"] == "frame-ancestors 'none'"


def test_the_viewer_page_may_run_its_own_scripts_only(client: TestClient) -> None:  # type: ignore[type-arg]
    page = client.get(f"/viewer/{uuid.uuid4()}")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    inline = re.search(r"<script type=\"importmap\">(.*?)</script>", page.text, re.DOTALL)
    assert inline is not None
    digest = base64.b64encode(hashlib.sha256(inline.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"].startswith("'self' 'sha256-")
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert VIEWER_PAGE.read_text() == page.text


def test_hsts_is_sent_when_set(tmp_path: Path) -> None:
    for client in _client(tmp_path, AVATAR_HSTS_MAX_AGE_S="31536000"):
        assert client.get("/health").headers["strict-transport-security"] == "max-age=31536000"


def test_cors_answers_only_the_origins_of_the_settings(tmp_path: Path) -> None:
    preflight = {
        "Origin": ORIGIN,
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    for client in _client(tmp_path / "off"):
        answer = client.get("/api/v1/avatars", headers={"Origin": ORIGIN, **_token()})
        assert "access-control-allow-origin" not in answer.headers
    for client in _client(
        tmp_path / "on", AVATAR_CORS_ALLOW_ORIGINS=f"{ORIGIN}/, https://b.example"
    ):
        allowed = client.options("/api/v1/avatars", headers=preflight)
        assert allowed.status_code in (200, 204)
        assert allowed.headers["access-control-allow-origin"] == ORIGIN
        assert "PUT" in allowed.headers["access-control-allow-methods"]
        assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
        simple = client.get("/api/v1/avatars", headers={"Origin": ORIGIN, **_token()})
        assert simple.headers["access-control-allow-origin"] == ORIGIN
        exposed = simple.headers["access-control-expose-headers"].lower()
        assert "ratelimit-remaining" in exposed and "retry-after" in exposed
        assert "access-control-allow-credentials" not in simple.headers
        other = client.get("/api/v1/avatars", headers={"Origin": "https://evil.example"})
        assert other.headers.get("access-control-allow-origin") not in (
            "https://evil.example",
            "*",
        )


def test_no_answer_shows_a_stack_trace_or_an_internal_path(client: TestClient) -> None:  # type: ignore[type-arg]
    token = _token()
    answers = [
        client.get(f"/api/v1/avatars/{uuid.uuid4()}", headers=token),  # a bug: 500
        client.post(
            "/api/v1/avatars",
            headers={**token, "Content-Type": "application/json"},
            content=b"{not json",
        ),
        client.get("/api/v1/avatars/not-a-uuid", headers=token),
        client.get("/api/v1/avatars?limit=abc", headers=token),
        client.put(f"/api/v1/avatars/{uuid.uuid4()}", headers=token, json={"name": 5}),
        client.get("/api/v1/" + "x" * 5000, headers=token),
        client.get("/api/v1/avatars", headers={"Authorization": "Bearer a.b.c"}),
        client.request("PATCH", "/api/v1/avatars", headers=token),
    ]
    assert answers[0].status_code == 500
    assert (
        answers[0].json()["detail"]
        == "the service failed to handle this request; it has been logged"
    )
    for answer in answers:
        assert answer.status_code >= 400
        assert answer.headers["content-type"].startswith("application/problem+json"), answer.text
        for leak in (
            "Traceback",
            'File "',
            str(Path.cwd()),
            "site-packages",
            "hunter2",
            "RuntimeError",
            ".py",
        ):
            assert leak not in answer.text, (answer.status_code, leak, answer.text[:300])


def test_kafka_over_tls_and_sasl_from_the_settings(tmp_path: Path) -> None:
    security = KafkaSecurity(
        protocol="SASL_SSL", sasl_mechanism="SCRAM-SHA-512", username="svc", password="pw"
    )
    options = security.client_options()
    assert options["security_protocol"] == "SASL_SSL"
    assert (options["sasl_mechanism"], options["sasl_plain_username"]) == ("SCRAM-SHA-512", "svc")
    assert isinstance(options["ssl_context"], ssl.SSLContext)
    assert options["ssl_context"].verify_mode is ssl.CERT_REQUIRED
    assert KafkaSecurity().client_options() == {"security_protocol": "PLAINTEXT"}
    for bad in (
        {"protocol": "SASL_PLAINTEXT", "username": "svc"},  # no password
        {"protocol": "TLS"},
        {"protocol": "SSL", "certfile": "client.pem"},  # a certificate without its key
    ):
        with pytest.raises(ValueError):
            KafkaSecurity(**bad)  # type: ignore[arg-type]

    def container_for(**environ: str) -> Container:
        settings = settings_for_tests(
            {"AVATAR_EVENT_BUS": "kafka", "AVATAR_DATA_DIR": str(tmp_path), **environ}
        )
        return Container(settings=settings)

    def publisher_security(**environ: str) -> object:
        return container_for(**environ).broker_publisher()._security  # type: ignore[attr-defined]

    sasl = {
        "AVATAR_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "AVATAR_KAFKA_SASL_USERNAME": "svc",
        "AVATAR_KAFKA_SASL_PASSWORD": "pw",
    }
    expected = KafkaSecurity(protocol="SASL_PLAINTEXT", username="svc", password="pw")
    assert publisher_security(**sasl) == expected
    # Every Kafka client of the service: the publisher, the job worker, the user events'
    # consumer and each API process's live feed.
    container = container_for(**sasl)
    for client in (
        container.broker_publisher(),
        container.kafka_worker(),
        container.user_event_consumer(),
        container.live_feed(),
    ):
        assert client._security == expected, type(client).__name__
    with pytest.raises(ConfigurationError, match="AVATAR_KAFKA_SECURITY_PROTOCOL"):
        publisher_security(AVATAR_KAFKA_SECURITY_PROTOCOL="SASL_SSL")


def test_postgres_tls_modes_from_the_settings(tmp_path: Path) -> None:
    assert tls_connect_args(None, None) == {}
    assert tls_connect_args("require", None) == {"ssl": "require"}
    full = tls_connect_args("verify-full", None)["ssl"]
    assert full.check_hostname and full.verify_mode is ssl.CERT_REQUIRED
    ca_only = tls_connect_args("verify-ca", None)["ssl"]
    assert not ca_only.check_hostname and ca_only.verify_mode is ssl.CERT_REQUIRED


def _self_signed(host: str = "127.0.0.1") -> tuple[bytes, bytes]:
    """A certificate for ``host`` and its key (PEM), for a server of the tests."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return (
        certificate.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


@pytest.mark.postgres
@pytest.mark.slow
async def test_postgres_connections_use_tls_and_check_the_server_as_set(tmp_path: Path) -> None:
    import sqlalchemy as sa

    from adapters.sqlalchemy.engine import create_engine
    from tests.support.postgres import throwaway_cluster

    certificate, key = _self_signed()
    (tmp_path / "ca.pem").write_bytes(certificate)
    (tmp_path / "other-ca.pem").write_bytes(_self_signed()[0])
    options = "-c ssl=on -c ssl_cert_file={folder}/server.crt -c ssl_key_file={folder}/server.key"
    with throwaway_cluster(options, {"server.crt": certificate, "server.key": key}) as url:

        async def encrypted(mode: str | None, root: str = "ca.pem") -> bool:
            engine = create_engine(url, pool_size=1, ssl_mode=mode, ssl_root_cert=tmp_path / root)
            try:
                async with engine.connect() as connection:
                    query = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
                    return bool((await connection.execute(sa.text(query))).scalar_one())
            finally:
                await engine.dispose()

        assert await encrypted("verify-full") is True
        assert await encrypted("require") is True
        assert await encrypted("disable") is False
        with pytest.raises(ssl.SSLCertVerificationError):
            await encrypted("verify-ca", root="other-ca.pem")
