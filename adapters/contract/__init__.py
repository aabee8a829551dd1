"""The wire contract of the service's messages: topics, CloudEvents types and payloads.

Shared by every messaging adapter (the outbox that stores messages, Kafka that carries them,
the in-process bus that delivers them in the embedded profile) and by the AsyncAPI document.
"""
