"""The composition root: the only place that knows which adapter serves which port.

Swapping an adapter is one line, here or in a test:
``container.uow_factory.override(providers.Object(MemoryUnitOfWorkFactory()))``.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.contract.messages import Topics
from adapters.filesystem.blob_store import FilesystemBlobStore
from adapters.filesystem.signed_urls import UrlSigner
from adapters.kafka.publisher import KafkaPublisher
from adapters.kafka.worker import KafkaJobWorker
from adapters.memory.blob_store import MemoryBlobStore
from adapters.memory.messaging import InProcessEventBus, InProcessJobQueue, InProcessPublisher
from adapters.s3.blob_store import S3BlobStore
from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from adapters.system.clock_and_ids import SystemClock, UuidGenerator
from application.create_avatar import CreateAvatar
from application.manage_avatar import DeleteAvatar, DuplicateAvatar, UpdateAvatar
from application.measurements import GetMeasurements, UpdateMeasurements
from application.photos import RequestPhotoUpload
from application.privacy import EraseUserData, ExportUserData
from application.process_avatar import ProcessAvatar
from application.query_avatars import GetAvatar, ListAvatars
from application.relay import OutboxBacklog, RelayOutbox
from application.storage import SweepOrphans
from application.versions import CompareAvatars, ExportAvatar, ListVersions
from entrypoints.settings import Settings, check_production_ready


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    # -- adapters ---------------------------------------------------------------------------
    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(UuidGenerator)
    engine = providers.Singleton(
        lambda s: create_engine(s.resolved_database_url, pool_size=s.db_pool_size), settings
    )
    uow_factory = providers.Singleton(SqlUnitOfWorkFactory, engine)
    database_health = uow_factory
    blobs = providers.Selector(
        providers.Callable(lambda s: s.resolved_blob_store, settings),
        filesystem=providers.Singleton(
            lambda s: FilesystemBlobStore(s.resolved_blob_dir, UrlSigner(s.blob_url_signing_key())),
            settings,
        ),
        memory=providers.Singleton(MemoryBlobStore),
        s3=providers.Singleton(
            lambda s: S3BlobStore(
                s.s3_bucket,
                prefix=s.s3_prefix,
                endpoint_url=s.s3_endpoint_url,
                region=s.s3_region,
                sse=s.s3_sse,
                kms_key_id=s.s3_kms_key_id,
            ),
            settings,
        ),
    )
    # Every blob store can say whether it answers (HeadBucket, a writable folder).
    blob_health = blobs
    topics = providers.Singleton(lambda s: Topics.with_prefix(s.kafka_topic_prefix), settings)
    # The embedded profile's broker: events to an in-process bus, jobs to an in-process queue.
    event_bus = providers.Singleton(InProcessEventBus)
    job_queue = providers.Singleton(
        lambda s: InProcessJobQueue(
            max_attempts=s.job_max_attempts,
            backoff_s=s.job_retry_backoff_s,
        ),
        settings,
    )
    publisher = providers.Selector(
        providers.Callable(lambda s: s.resolved_event_bus, settings),
        inprocess=providers.Singleton(InProcessPublisher, event_bus, job_queue),
        kafka=providers.Singleton(
            lambda s, topics: KafkaPublisher(s.kafka_bootstrap, topics), settings, topics
        ),
    )

    # -- use cases --------------------------------------------------------------------------
    create_avatar = providers.Singleton(CreateAvatar, uow_factory, clock, ids)
    get_avatar = providers.Singleton(GetAvatar, uow_factory)
    list_avatars = providers.Singleton(ListAvatars, uow_factory)
    update_avatar = providers.Singleton(UpdateAvatar, uow_factory, clock)
    delete_avatar = providers.Singleton(DeleteAvatar, uow_factory, clock, blobs)
    duplicate_avatar = providers.Singleton(DuplicateAvatar, uow_factory, clock, ids)
    get_measurements = providers.Singleton(GetMeasurements, uow_factory)
    update_measurements = providers.Singleton(UpdateMeasurements, uow_factory, clock, ids)
    list_versions = providers.Singleton(ListVersions, uow_factory)
    compare_avatars = providers.Singleton(CompareAvatars, uow_factory)
    export_avatar = providers.Singleton(ExportAvatar, uow_factory)
    process_avatar = providers.Singleton(ProcessAvatar, uow_factory, clock, ids)
    outbox_backlog = providers.Singleton(OutboxBacklog, uow_factory)
    sweep_orphans = providers.Singleton(SweepOrphans, uow_factory, blobs, clock)
    export_user_data = providers.Singleton(ExportUserData, uow_factory)
    erase_user_data = providers.Singleton(EraseUserData, uow_factory, blobs, clock)
    request_photo_upload = providers.Singleton(
        lambda u, b, i, s: RequestPhotoUpload(
            u, b, i, max_photo_bytes=s.max_photo_bytes, link_expiry_s=s.blob_url_expiry_s
        ),
        uow_factory,
        blobs,
        ids,
        settings,
    )
    relay = providers.Singleton(
        lambda u, p, c, s: RelayOutbox(u, p, c, batch_size=s.relay_batch_size),
        uow_factory,
        publisher,
        clock,
        settings,
    )
    kafka_worker = providers.Singleton(
        lambda s, topics, process: KafkaJobWorker(
            s.kafka_bootstrap,
            topics,
            process,
            group_id=s.kafka_group_id,
            max_attempts=s.job_max_attempts,
            backoff_s=s.job_retry_backoff_s,
            session_timeout_ms=s.kafka_session_timeout_ms,
            heartbeat_interval_ms=s.kafka_heartbeat_interval_ms,
        ),
        settings,
        topics,
        process_avatar,
    )


# The use cases and ports the HTTP edge asks for by name.
HTTP_DEPENDENCIES = (
    "clock",
    "database_health",
    "blob_health",
    "outbox_backlog",
    "request_photo_upload",
    "export_user_data",
    "erase_user_data",
    "create_avatar",
    "get_avatar",
    "list_avatars",
    "update_avatar",
    "delete_avatar",
    "duplicate_avatar",
    "get_measurements",
    "update_measurements",
    "list_versions",
    "compare_avatars",
    "export_avatar",
)


def build_container(settings: Settings) -> Container:
    """A container for ``settings``; ``ConfigurationError`` if they name adapters not built yet."""
    check_production_ready(settings)
    return Container(settings=settings)
