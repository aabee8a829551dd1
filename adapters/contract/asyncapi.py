"""The AsyncAPI 3.0 document of the service's topics, generated from the message contract.

`avatar-service asyncapi` prints it; docs/asyncapi.json is the checked-in copy, and a test
fails when the two differ.
"""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec

from adapters.contract.messages import (
    CONTENT_TYPE,
    EVENT_TYPES,
    JOB_TYPE,
    SOURCE,
    SPEC_VERSION,
    ProcessAvatarCommandV1,
    Topics,
)

REF = "#/components/schemas/{name}"


def _message_name(cloud_event_type: str) -> str:
    words = re.split(r"[._]", cloud_event_type.removeprefix("com.perfit."))
    return words[0] + "".join(w.title() for w in words[1:])


def _headers_schema() -> dict[str, Any]:
    def string(description: str, **extra: Any) -> dict[str, Any]:
        return {"type": "string", "description": description, **extra}

    return {
        "type": "object",
        "description": "CloudEvents 1.0 attributes in Kafka binary content mode.",
        "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time"],
        "properties": {
            "ce_specversion": string("CloudEvents version", const=SPEC_VERSION),
            "ce_id": string("unique per message; deduplicate on it", format="uuid"),
            "ce_source": string("the producing service", const=SOURCE),
            "ce_type": string("the versioned event type, e.g. com.perfit.avatar.created.v1"),
            "ce_time": string("when it happened (RFC 3339)", format="date-time"),
            "ce_subject": string("the avatar id (also the Kafka key)", format="uuid"),
            "content-type": string("payload media type", const=CONTENT_TYPE),
            "x-attempt": string("job messages on retry and dead-letter topics: the attempt"),
            "x-not-before": string("retry topic: not to be handled before (RFC 3339)"),
            "x-error": string("retry and dead-letter topics: the last failure"),
        },
    }


def asyncapi_document(topics: Topics | None = None) -> dict[str, Any]:
    topics = topics or Topics()
    kinds = [(t, p) for t, p in EVENT_TYPES.values()] + [(JOB_TYPE, ProcessAvatarCommandV1)]
    _, schemas = msgspec.json.schema_components([p for _, p in kinds], ref_template=REF)
    schemas["CloudEventsHeaders"] = _headers_schema()
    key_binding = {
        "kafka": {
            "key": {
                "type": "string",
                "format": "uuid",
                "description": "the avatar id: one avatar, one partition",
            },
            "bindingVersion": "0.5.0",
        }
    }
    messages = {
        _message_name(event_type): {
            "name": event_type,
            "title": event_type,
            "contentType": CONTENT_TYPE,
            "headers": {"$ref": REF.format(name="CloudEventsHeaders")},
            "payload": {"$ref": REF.format(name=payload.__name__)},
            "bindings": key_binding,
        }
        for event_type, payload in kinds
    }
    event_refs = {
        _message_name(t): {"$ref": f"#/components/messages/{_message_name(t)}"}
        for t, _ in EVENT_TYPES.values()
    }
    job_refs = {
        _message_name(JOB_TYPE): {"$ref": f"#/components/messages/{_message_name(JOB_TYPE)}"}
    }

    def channel(address: str, refs: dict[str, Any], description: str) -> dict[str, Any]:
        return {"address": address, "description": description, "messages": refs}

    channels = {
        "avatarEvents": channel(
            topics.events,
            event_refs,
            "Avatar lifecycle events keyed by avatar id (ordered per avatar), and user "
            "events keyed by user id. Delivery is at least once: deduplicate on ce_id.",
        ),
        "avatarJobs": channel(
            topics.jobs, job_refs, "Background work for the worker group, keyed by avatar id."
        ),
        "avatarJobsRetry": channel(
            topics.jobs_retry, job_refs, "Failed jobs waiting for another attempt (x-not-before)."
        ),
        "avatarJobsDeadLetter": channel(
            topics.jobs_dead_letter, job_refs, "Jobs that failed every attempt, with x-error."
        ),
        "avatarPhotoJobs": channel(
            topics.photo_jobs,
            job_refs,
            "An upload's photo jobs (reason photos), consumed beside the other jobs so that "
            "they never wait behind a measurement (ADR 58).",
        ),
        "avatarPhotoJobsRetry": channel(
            topics.photo_jobs_retry,
            job_refs,
            "Failed photo jobs waiting for another attempt (x-not-before).",
        ),
    }

    def operation(action: str, name: str, refs: dict[str, Any], summary: str) -> dict[str, Any]:
        return {
            "action": action,
            "channel": {"$ref": f"#/channels/{name}"},
            "summary": summary,
            "messages": [{"$ref": f"#/channels/{name}/messages/{m}"} for m in refs],
        }

    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Avatar Service messages",
            "version": "1.0.0",
            "description": "Lifecycle events the avatar service publishes and the job "
            "commands its workers consume. Generated from "
            "adapters/contract/messages.py by `avatar-service asyncapi`.",
        },
        "defaultContentType": CONTENT_TYPE,
        "servers": {
            "kafka": {
                "host": "localhost:9092",
                "protocol": "kafka",
                "description": "docker-compose.yml's broker",
            }
        },
        "channels": channels,
        "operations": {
            "publishAvatarEvents": operation(
                "send", "avatarEvents", event_refs, "The outbox relay publishes lifecycle events."
            ),
            "sendJobs": operation(
                "send", "avatarJobs", job_refs, "The outbox relay publishes job commands."
            ),
            "receiveJobs": operation(
                "receive", "avatarJobs", job_refs, "`avatar-service worker` consumes job commands."
            ),
            "retryJobs": operation(
                "receive",
                "avatarJobsRetry",
                job_refs,
                "Workers retry failed jobs after their backoff.",
            ),
            "deadLetterJobs": operation(
                "send",
                "avatarJobsDeadLetter",
                job_refs,
                "Workers set aside jobs that failed every attempt.",
            ),
            "sendPhotoJobs": operation(
                "send", "avatarPhotoJobs", job_refs, "The outbox relay publishes photo jobs."
            ),
            "receivePhotoJobs": operation(
                "receive",
                "avatarPhotoJobs",
                job_refs,
                "`avatar-service worker` consumes photo jobs in a loop of their own.",
            ),
            "retryPhotoJobs": operation(
                "receive",
                "avatarPhotoJobsRetry",
                job_refs,
                "Workers retry failed photo jobs after their backoff.",
            ),
        },
        "components": {"messages": messages, "schemas": schemas},
    }


def render() -> str:
    return json.dumps(asyncapi_document(), indent=2, sort_keys=True) + "\n"
