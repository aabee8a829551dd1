"""How the Kafka clients connect: in clear, over TLS, with SASL, or SASL over TLS
(``AVATAR_KAFKA_SECURITY_PROTOCOL`` and the settings beside it, README "Settings")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiokafka.helpers import create_ssl_context

PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
SASL_MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")


@dataclass(frozen=True, slots=True)
class KafkaSecurity:
    protocol: str = "PLAINTEXT"
    sasl_mechanism: str = "PLAIN"
    username: str = ""
    password: str = ""
    cafile: str | None = None  # TLS: the CA of the brokers' certificates (else the system's)
    certfile: str | None = None  # TLS client authentication (mTLS)
    keyfile: str | None = None

    def __post_init__(self) -> None:
        if self.protocol not in PROTOCOLS:
            raise ValueError(f"Kafka security protocol {self.protocol!r}: one of {PROTOCOLS}")
        if self.protocol.startswith("SASL"):
            if self.sasl_mechanism not in SASL_MECHANISMS:
                raise ValueError(f"SASL mechanism {self.sasl_mechanism!r}: {SASL_MECHANISMS}")
            if not (self.username and self.password):
                raise ValueError(f"{self.protocol} needs a SASL username and password")
        if (self.certfile is None) != (self.keyfile is None):
            raise ValueError("a TLS client certificate needs its key, and the key its certificate")

    @property
    def uses_tls(self) -> bool:
        return self.protocol in ("SSL", "SASL_SSL")

    def client_options(self) -> dict[str, Any]:
        """The keyword arguments of every aiokafka client for this connection."""
        options: dict[str, Any] = {"security_protocol": self.protocol}
        if self.uses_tls:
            options["ssl_context"] = create_ssl_context(
                cafile=self.cafile, certfile=self.certfile, keyfile=self.keyfile
            )
        if self.protocol.startswith("SASL"):
            options.update(
                sasl_mechanism=self.sasl_mechanism,
                sasl_plain_username=self.username,
                sasl_plain_password=self.password,
            )
        return options


PLAINTEXT = KafkaSecurity()
