"""The composition root: the only place that knows which adapter serves which port.

Swapping an adapter is one line, here or in a test:
``container.uow_factory.override(providers.Object(MemoryUnitOfWorkFactory()))``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.aes_gcm.blob_store import SealedBlobStore, every_user_object, keypoints_files
from adapters.aes_gcm.envelope import AesGcmEnvelope, parse_key_ring
from adapters.body.anny_space import AnnySpace
from adapters.body.parametric import ParametricBodyModel
from adapters.body.population import Population, population_path
from adapters.contract.messages import Topics
from adapters.estimation.photo_estimator import PhotoShapeEstimator
from adapters.export.exporter import BodyMeshExporter
from adapters.filesystem.blob_store import FilesystemBlobStore
from adapters.filesystem.signed_urls import UrlSigner
from adapters.imaging.pillow_inspector import PillowImageInspector
from adapters.imaging.renditions import OpenCvPhotoPreprocessor
from adapters.json_files.keypoints import JsonKeypointsFormat
from adapters.kafka.dead_letters import KafkaDeadLetters
from adapters.kafka.external_events import KafkaUserEventConsumer
from adapters.kafka.live_feed import KafkaLiveFeed, process_group_id
from adapters.kafka.publisher import KafkaPublisher
from adapters.kafka.security import KafkaSecurity
from adapters.kafka.worker import KafkaJobWorker
from adapters.memory.audit import MemoryAuditLog
from adapters.memory.blob_store import MemoryBlobStore
from adapters.memory.dead_letters import InProcessDeadLetters
from adapters.memory.messaging import (
    InProcessEventBus,
    InProcessJobQueue,
    InProcessLiveFeed,
    InProcessPublisher,
)
from adapters.memory.rate_counter import MemoryRequestCounter
from adapters.memory.read_cache import MemoryAvatarReadCache
from adapters.redis.rate_counter import RedisRequestCounter
from adapters.s3.blob_store import S3BlobStore
from adapters.scanning.clamav import ClamAvScanner
from adapters.scanning.noop import NoMalwareScanner
from adapters.size_charts.shipped import ShippedSizeCharts
from adapters.sqlalchemy.audit import SqlAuditLog
from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.leadership import SqlLeadership
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from adapters.system.clock_and_ids import SystemClock, UuidGenerator
from adapters.vision.mediapipe_detector import MediaPipePersonDetector
from application.admin import ListDeadLetters, ListUserAvatars, ReplayDeadLetter, ReprocessAvatar
from application.analysis import (
    ExportFitData,
    GetAnalysis,
    GetSizeRecommendations,
    RecordFitFeedback,
    RegenerateAnalysis,
)
from application.audit import ReadAuditLog, RecordAccess
from application.create_avatar import CreateAvatar
from application.encryption import RotateDataKeys, UserDataKeys
from application.extract_measurements import ExtractMeasurements
from application.job_status import GetJob
from application.jobs import JobRouter
from application.live_updates import LiveUpdates
from application.manage_avatar import DeleteAvatar, DuplicateAvatar, UpdateAvatar
from application.measurements import (
    CheckMeasurements,
    GetMeasurements,
    UpdateMeasurements,
    ValidateMeasurements,
)
from application.model_files import (
    DownloadModelFile,
    GenerateAvatarModels,
    GenerateModelFiles,
    GetModelFile,
    ListModelFiles,
    NoModelFiles,
)
from application.photo_intake import (
    PHOTOS_JOB,
    CreatePhotoAvatar,
    DeleteExpiredPhotos,
    DeletePhoto,
    IntakeSettings,
    ListPhotos,
    PhotoChecker,
    ProcessAvatarPhotos,
    ProcessPhotos,
    StorePhotos,
    UploadPhotos,
)
from application.photos import RequestPhotoUpload
from application.ports import (
    AuditLog,
    BlobStore,
    ShapeEstimator,
    UnitOfWorkFactory,
    reads_photo_pixels,
)
from application.privacy import (
    EraseUserData,
    ExportAnonymousAvatar,
    ExportUserData,
    ListConsents,
)
from application.process_avatar import PhotoMeasurement, ProcessAvatar
from application.query_avatars import GetAvatar, GetAvatars, ListAvatars
from application.rate_limits import CheckRateLimit
from application.read_cache import CacheInvalidatingUnitOfWorkFactory, NoReadCache
from application.relay import OutboxBacklog, RelayOutbox
from application.size_charts import DeleteSizeChart, ListSizeCharts, PutSizeChart
from application.storage import SweepOrphans
from application.versions import CompareAvatars, ExportAvatar, ListVersions
from domain.photo_checks import PhotoLimits
from domain.rate_limits import RateLimit, RateLimits
from entrypoints.http.blobs import SelfServedLinkStore
from entrypoints.settings import (
    ConfigurationError,
    Settings,
    check_production_ready,
    key_ring_text,
)
from entrypoints.telemetry import instrument, metrics


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    # -- adapters ---------------------------------------------------------------------------
    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(UuidGenerator)
    engine = providers.Singleton(lambda s: _watched_engine(s), settings)
    # Envelope encryption of body data (docs/privacy.md): the key ring from AVATAR_KEY_RING.
    envelope = providers.Singleton(
        lambda s: AesGcmEnvelope(parse_key_ring(key_ring_text(s))), settings
    )
    stored_uow_factory = providers.Singleton(SqlUnitOfWorkFactory, engine, envelope)
    # GET one and first pages of the list, after decryption, in this process only (ADR 54).
    read_cache = providers.Selector(
        providers.Callable(lambda s: s.resolved_read_cache, settings),
        memory=providers.Singleton(
            lambda s: MemoryAvatarReadCache(
                max_entries=s.read_cache_max_entries, ttl_s=s.read_cache_ttl_s
            ),
            settings,
        ),
        off=providers.Singleton(NoReadCache),
    )
    # What every use case writes through: a commit that changed avatars forgets them.
    uow_factory = providers.Singleton(
        CacheInvalidatingUnitOfWorkFactory, stored_uow_factory, read_cache
    )
    user_data_keys = providers.Singleton(UserDataKeys, uow_factory, envelope)
    leadership = providers.Singleton(SqlLeadership, engine)  # sweep and expiry run once
    migrate_database = providers.Coroutine(upgrade, engine)
    # Append-only, beside the database of the units of work (reads written in batches).
    audit_log = providers.Singleton(
        lambda u, s: _audit_log_beside(u, s.audit_batch_s), stored_uow_factory, settings
    )
    database_health = stored_uow_factory
    blob_store = providers.Selector(
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
    # Sealed under the owner's data key: every object on the filesystem, keypoints elsewhere.
    sealed_blob_store = providers.Singleton(
        lambda s, b, k: SealedBlobStore(
            b, k, every_user_object if s.resolved_blob_store == "filesystem" else keypoints_files
        ),
        settings,
        blob_store,
        user_data_keys,
    )
    blobs = providers.Singleton(instrument.CountingBlobStore, sealed_blob_store)  # bytes written
    # The filesystem store's signed links point to the API, which serves them (through the
    # sealed store, which opens what it serves); S3 serves its own.
    self_served_blob_links = providers.Callable(
        lambda raw, sealed: _self_served_links(raw, sealed), blob_store, sealed_blob_store.provider
    )
    # Every blob store can say whether it answers (HeadBucket, a writable folder).
    blob_health = blobs
    # What ModelFile.storage_bucket records: the S3 bucket, else the kind of store.
    storage_bucket = providers.Callable(
        lambda s: s.s3_bucket if s.resolved_blob_store == "s3" else s.resolved_blob_store, settings
    )
    anny_space = providers.Singleton(lambda s: AnnySpace(s.resolved_body_model_cache_dir), settings)
    body_model = providers.Singleton(
        lambda space: ParametricBodyModel(
            space, Population.load(population_path(AnnySpace.model_name))
        ),
        anny_space,
    )
    mesh_exporter = providers.Singleton(BodyMeshExporter)
    keypoints_format = providers.Singleton(JsonKeypointsFormat)  # beside each processed photo
    topics = providers.Singleton(lambda s: Topics.with_prefix(s.kafka_topic_prefix), settings)
    # The embedded profile's broker: events to an in-process bus, jobs to an in-process queue.
    event_bus = providers.Singleton(InProcessEventBus)
    job_queue = providers.Singleton(
        lambda s: InProcessJobQueue(
            max_attempts=s.job_max_attempts,
            backoff_s=s.job_retry_backoff_s,
            own_lane=(PHOTOS_JOB,),  # an upload's preprocessing never waits behind a fit
        ),
        settings,
    )
    broker_publisher = providers.Selector(
        providers.Callable(lambda s: s.resolved_event_bus, settings),
        inprocess=providers.Singleton(InProcessPublisher, event_bus, job_queue),
        kafka=providers.Singleton(
            lambda s, topics: KafkaPublisher(
                s.kafka_bootstrap, topics, security=_kafka_security(s)
            ),
            settings,
            topics,
        ),
    )

    publisher = providers.Singleton(instrument.ObservedPublisher, broker_publisher)
    # Live updates (WebSocket, GraphQL subscriptions): every avatar's processing events reach
    # this process through the in-process bus, or the events topic in a group of its own.
    live_updates = providers.Singleton(lambda s: LiveUpdates(keep=s.live_recent_updates), settings)
    live_feed = providers.Selector(
        providers.Callable(lambda s: s.resolved_event_bus, settings),
        inprocess=providers.Singleton(InProcessLiveFeed, event_bus),
        kafka=providers.Singleton(
            lambda s, topics: KafkaLiveFeed(
                s.kafka_bootstrap,
                topics.events,
                group_id=process_group_id(s.live_group_prefix),
                session_timeout_ms=s.kafka_session_timeout_ms,
                heartbeat_interval_ms=s.kafka_heartbeat_interval_ms,
                security=_kafka_security(s),
            ),
            settings,
            topics,
        ),
    )
    # Processing stages, timed (entrypoints/telemetry): what ProcessAvatar is given.
    timed_body_model = providers.Singleton(instrument.TimedBodyModel, body_model)

    # -- use cases --------------------------------------------------------------------------
    check_measurements = providers.Singleton(CheckMeasurements, body_model)
    create_avatar = providers.Singleton(CreateAvatar, uow_factory, clock, ids, check_measurements)
    get_avatar = providers.Singleton(GetAvatar, uow_factory, read_cache)
    get_job = providers.Singleton(GetJob, uow_factory)
    get_avatars = providers.Singleton(GetAvatars, uow_factory)  # batched: GraphQL's loaders
    list_avatars = providers.Singleton(ListAvatars, uow_factory, read_cache)
    update_avatar = providers.Singleton(UpdateAvatar, uow_factory, clock, ids)
    delete_avatar = providers.Singleton(DeleteAvatar, uow_factory, clock, blobs)
    duplicate_avatar = providers.Singleton(DuplicateAvatar, uow_factory, clock, ids)
    get_measurements = providers.Singleton(GetMeasurements, uow_factory)
    update_measurements = providers.Singleton(
        UpdateMeasurements, uow_factory, clock, ids, check_measurements
    )
    validate_measurements = providers.Singleton(
        ValidateMeasurements, uow_factory, check_measurements
    )
    extract_measurements = providers.Singleton(ExtractMeasurements, uow_factory, clock, ids)
    list_versions = providers.Singleton(ListVersions, uow_factory)
    compare_avatars = providers.Singleton(CompareAvatars, uow_factory)
    export_avatar = providers.Singleton(ExportAvatar, uow_factory)
    outbox_backlog = providers.Singleton(OutboxBacklog, uow_factory)
    sweep_orphans = providers.Singleton(SweepOrphans, uow_factory, blobs, clock)
    export_user_data = providers.Singleton(ExportUserData, uow_factory)
    list_consents = providers.Singleton(ListConsents, uow_factory)
    export_anonymous_avatar = providers.Singleton(ExportAnonymousAvatar, uow_factory)
    record_access = providers.Singleton(RecordAccess, audit_log, clock, ids)
    read_audit_log = providers.Singleton(ReadAuditLog, audit_log)
    erase_user_data = providers.Singleton(EraseUserData, uow_factory, blobs, clock)
    rotate_data_keys = providers.Singleton(RotateDataKeys, uow_factory, envelope)
    # Admin (issue 16, item 7): any user's avatars, reprocessing, the dead-letter queue.
    list_user_avatars = providers.Singleton(ListUserAvatars, list_avatars)
    reprocess_avatar = providers.Singleton(ReprocessAvatar, uow_factory, clock, ids)
    dead_letter_queue = providers.Selector(
        providers.Callable(lambda s: s.resolved_event_bus, settings),
        inprocess=providers.Singleton(InProcessDeadLetters, job_queue),
        kafka=providers.Singleton(
            lambda s, topics: KafkaDeadLetters(
                s.kafka_bootstrap, topics, security=_kafka_security(s)
            ),
            settings,
            topics,
        ),
    )
    list_dead_letters = providers.Singleton(ListDeadLetters, dead_letter_queue)
    replay_dead_letter = providers.Singleton(ReplayDeadLetter, dead_letter_queue)
    # Rate limits (spec 9.3): counters in Redis in production, in the process when embedded.
    request_counter = providers.Selector(
        providers.Callable(lambda s: s.resolved_rate_limit_store, settings),
        memory=providers.Singleton(MemoryRequestCounter),
        redis=providers.Singleton(
            lambda s: RedisRequestCounter(s.redis_url, lease_fraction=s.rate_limit_lease_fraction),
            settings,
        ),
    )
    check_rate_limit = providers.Singleton(
        lambda c, s: CheckRateLimit(c, _rate_limits(s)), request_counter, settings
    )
    shipped_size_charts = providers.Singleton(ShippedSizeCharts)
    get_analysis = providers.Singleton(GetAnalysis, uow_factory, shipped_size_charts)
    regenerate_analysis = providers.Singleton(
        RegenerateAnalysis, uow_factory, clock, ids, blobs, shipped_size_charts, keypoints_format
    )
    get_size_recommendations = providers.Singleton(
        GetSizeRecommendations, uow_factory, shipped_size_charts
    )
    record_fit_feedback = providers.Singleton(
        RecordFitFeedback, uow_factory, clock, ids, shipped_size_charts
    )
    export_fit_data = providers.Singleton(ExportFitData, uow_factory)
    list_size_charts = providers.Singleton(ListSizeCharts, uow_factory, shipped_size_charts)
    put_size_chart = providers.Singleton(PutSizeChart, uow_factory, clock)
    delete_size_chart = providers.Singleton(DeleteSizeChart, uow_factory)
    request_photo_upload = providers.Singleton(
        lambda u, b, i, s: RequestPhotoUpload(
            u, b, i, max_photo_bytes=s.max_photo_bytes, link_expiry_s=s.blob_url_expiry_s
        ),
        uow_factory,
        blobs,
        ids,
        settings,
    )
    generate_model_files = providers.Singleton(
        lambda m, e, b, c, i, bucket: GenerateModelFiles(m, e, b, c, i, storage_bucket=bucket),
        body_model,
        mesh_exporter,
        blobs,
        clock,
        ids,
        storage_bucket,
    )
    generate_avatar_models = providers.Singleton(
        GenerateAvatarModels, uow_factory, body_model, generate_model_files
    )
    list_model_files = providers.Singleton(ListModelFiles, uow_factory)
    get_model_file = providers.Singleton(GetModelFile, uow_factory)
    # Object stores that sign links (S3) serve downloads themselves: the API redirects.
    download_model_file = providers.Singleton(
        lambda u, b, s: DownloadModelFile(
            u, b, link_expiry_s=s.model_link_expiry_s, redirect=s.resolved_blob_store == "s3"
        ),
        uow_factory,
        blobs,
        settings,
    )
    # -- photo intake ------------------------------------------------------------------------
    image_inspector = providers.Singleton(PillowImageInspector)
    person_detector = providers.Singleton(
        lambda s: MediaPipePersonDetector(instances=s.photo_workers), settings
    )
    photo_preprocessor = providers.Singleton(OpenCvPhotoPreprocessor)
    malware_scanner = providers.Selector(
        providers.Callable(lambda s: s.malware_scanner, settings),
        none=providers.Singleton(NoMalwareScanner),
        clamav=providers.Singleton(
            lambda s: ClamAvScanner(s.clamav_address, timeout_s=s.clamav_timeout_s), settings
        ),
    )
    intake_settings = providers.Singleton(
        lambda s, bucket: IntakeSettings(
            limits=PhotoLimits(s.max_photo_bytes, s.photo_min_side_px, s.photo_max_side_px),
            analysis_side_px=s.photo_analysis_side_px,
            thumbnail_side_px=s.photo_thumbnail_side_px,
            retention=timedelta(hours=s.photo_retention_hours),
            max_photos_per_avatar=s.max_photos_per_avatar,
            max_concurrent_checks=s.photo_workers,
            storage_bucket=bucket,
        ),
        settings,
        storage_bucket,
    )
    photo_checker = providers.Singleton(
        PhotoChecker,
        image_inspector,
        person_detector,
        malware_scanner,
        photo_preprocessor,
        intake_settings,
    )
    store_photos = providers.Singleton(
        StorePhotos, uow_factory, blobs, clock, ids, intake_settings, keypoints_format
    )
    upload_photos = providers.Singleton(UploadPhotos, photo_checker, store_photos)
    create_photo_avatar = providers.Singleton(
        CreatePhotoAvatar, create_avatar, photo_checker, store_photos, uow_factory
    )
    process_avatar_photos = providers.Singleton(
        ProcessAvatarPhotos, uow_factory, blobs, clock, ids, photo_checker, store_photos
    )
    list_photos = providers.Singleton(ListPhotos, uow_factory)
    delete_photo = providers.Singleton(DeletePhoto, uow_factory, blobs, clock)
    delete_expired_photos = providers.Singleton(DeleteExpiredPhotos, uow_factory, blobs, clock)
    process_photos = providers.Singleton(
        ProcessPhotos,
        uow_factory,
        blobs,
        clock,
        image_inspector,
        person_detector,
        photo_preprocessor,
        intake_settings,
        ids,
        keypoints_format,
    )
    # Photo avatars: the shipped regressor + silhouette refinement on the anny body.
    shape_estimator = providers.Singleton(
        lambda space, s: _shape_estimator(space, s), anny_space, settings
    )
    timed_shape_estimator = providers.Singleton(instrument.TimedShapeEstimator, shape_estimator)
    timed_model_generation = providers.Singleton(
        instrument.TimedModelGeneration, generate_model_files
    )
    # The timed wrapper delegates by __getattr__, which isinstance on a Protocol does not see.
    photo_measurement = providers.Singleton(
        lambda e, raw, b, m, k, i: PhotoMeasurement(
            e, b, m, k, i if reads_photo_pixels(raw) else None
        ),
        timed_shape_estimator,
        shape_estimator,
        blobs,
        photo_preprocessor,
        keypoints_format,
        image_inspector,
    )
    # What processing generates: the configured files, or none (AVATAR_AUTO_MODEL_FORMATS="").
    processing_model_files = providers.Callable(
        lambda s, g: g() if s.resolved_auto_models[0] else NoModelFiles(),
        settings,
        timed_model_generation.provider,
    )
    process_avatar = providers.Singleton(
        lambda u, c, i, b, g, p, s: ProcessAvatar(
            u,
            c,
            i,
            b,
            g,
            p,
            formats=s.resolved_auto_models[0],
            levels=s.resolved_auto_models[1],
        ),
        uow_factory,
        clock,
        ids,
        timed_body_model,
        processing_model_files,
        photo_measurement,
        settings,
    )
    # Background jobs: photo preprocessing, else the avatar processing of ProcessAvatar.
    job_handler = providers.Singleton(
        lambda avatars, photos, u: instrument.ObservedJobs(
            JobRouter(avatars, {PHOTOS_JOB: instrument.TimedStage(photos, "photo_preprocessing")}),
            u,
        ),
        process_avatar,
        process_photos,
        uow_factory,
    )

    relay = providers.Singleton(
        lambda u, p, c, s: RelayOutbox(u, p, c, batch_size=s.relay_batch_size),
        uow_factory,
        publisher,
        clock,
        settings,
    )
    # The authentication service's "user deleted" events (AVATAR_USER_EVENTS_TOPIC).
    user_event_consumer = providers.Singleton(
        lambda s, erase: KafkaUserEventConsumer(
            s.kafka_bootstrap,
            s.user_events_topic,
            erase.on_request,
            deleted_type=s.user_deleted_event_type,
            group_id=s.user_events_group_id,
            session_timeout_ms=s.kafka_session_timeout_ms,
            heartbeat_interval_ms=s.kafka_heartbeat_interval_ms,
            security=_kafka_security(s),
        ),
        settings,
        erase_user_data,
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
            lag_observer=metrics.observe_consumer_lag,
            security=_kafka_security(s),
        ),
        settings,
        topics,
        job_handler,
    )


# The use cases and ports the HTTP edge asks for by name.
HTTP_DEPENDENCIES = (
    "clock",
    "body_model",
    "validate_measurements",
    "shape_estimator",
    "database_health",
    "blob_health",
    "outbox_backlog",
    "request_photo_upload",
    "blobs",
    "photo_checker",
    "store_photos",
    "upload_photos",
    "create_photo_avatar",
    "process_avatar_photos",
    "list_photos",
    "delete_photo",
    "export_user_data",
    "erase_user_data",
    "list_consents",
    "export_anonymous_avatar",
    "read_audit_log",
    "list_user_avatars",
    "reprocess_avatar",
    "list_dead_letters",
    "replay_dead_letter",
    "create_avatar",
    "get_avatar",
    "get_job",
    "list_avatars",
    "update_avatar",
    "delete_avatar",
    "duplicate_avatar",
    "get_measurements",
    "update_measurements",
    "extract_measurements",
    "list_versions",
    "compare_avatars",
    "export_avatar",
    "generate_avatar_models",
    "list_model_files",
    "get_model_file",
    "download_model_file",
    "get_analysis",
    "regenerate_analysis",
    "get_size_recommendations",
    "record_fit_feedback",
    "export_fit_data",
    "list_size_charts",
    "put_size_chart",
    "delete_size_chart",
)


def _shape_estimator(space: AnnySpace, settings: Settings) -> ShapeEstimator:
    providers = [p.strip() for p in settings.inference_providers.split(",") if p.strip()]
    trt_cache_dir, fp16 = settings.inference_trt_cache_dir, settings.inference_fp16
    if settings.shape_estimator == "photo_regressor":
        return PhotoShapeEstimator.from_package(
            space,
            threads=settings.inference_threads,
            providers=providers or None,
            trt_cache_dir=trt_cache_dir,
            fp16=fp16,
        )
    from adapters.body.smplx_space import SmplxSpace
    from adapters.estimation.hmr2 import Hmr2Estimator, Hmr2ShapeEstimator
    from inference_onnx.engine import OnnxEngine

    _check_hmr2_files(settings)
    assert settings.hmr2_onnx is not None and settings.smpl_model_path is not None
    engine = OnnxEngine(
        settings.hmr2_onnx,
        intra_op_threads=settings.inference_threads,
        providers=providers or None,
        trt_cache_dir=trt_cache_dir,
        fp16=fp16,
    )
    return Hmr2ShapeEstimator(Hmr2Estimator(engine, SmplxSpace(settings.smpl_model_path)))


def _kafka_security(settings: Settings) -> KafkaSecurity:
    """``ConfigurationError`` for a protocol without what it needs (SASL credentials...)."""
    try:
        return KafkaSecurity(
            protocol=settings.kafka_security_protocol,
            sasl_mechanism=settings.kafka_sasl_mechanism,
            username=settings.kafka_sasl_username,
            password=settings.kafka_sasl_password,
            cafile=str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None,
            certfile=str(settings.kafka_ssl_certfile) if settings.kafka_ssl_certfile else None,
            keyfile=str(settings.kafka_ssl_keyfile) if settings.kafka_ssl_keyfile else None,
        )
    except ValueError as error:
        raise ConfigurationError(f"AVATAR_KAFKA_SECURITY_PROTOCOL: {error}") from None


def _rate_limits(settings: Settings) -> RateLimits:
    window_s = settings.rate_limit_window_s
    return RateLimits(
        user=RateLimit("user", settings.rate_limit_user, window_s),
        premium=RateLimit("premium", settings.rate_limit_premium, window_s),
        anonymous=RateLimit("anonymous", settings.rate_limit_anonymous, window_s),
    )


def _audit_log_beside(uow_factory: UnitOfWorkFactory, batch_s: float) -> AuditLog:
    if isinstance(uow_factory, SqlUnitOfWorkFactory):
        return SqlAuditLog(uow_factory.engine, batch_s=batch_s)
    return MemoryAuditLog()  # the memory units of work of the tests


def _self_served_links(
    raw: BlobStore, sealed: Callable[[], SealedBlobStore]
) -> SelfServedLinkStore | None:
    return sealed() if isinstance(raw, FilesystemBlobStore) else None


def _check_hmr2_files(settings: Settings) -> None:
    for name, path in (
        ("AVATAR_HMR2_ONNX", settings.hmr2_onnx),
        ("AVATAR_SMPL_MODEL_PATH", settings.smpl_model_path),
    ):
        if path is None or not Path(path).exists():
            raise ConfigurationError(
                f"AVATAR_SHAPE_ESTIMATOR=hmr2 needs {name} pointing at an existing file "
                f"(got {path}); see the README section 'SMPL / SMPL-X and HMR2'"
            )


def _watched_engine(settings: Settings) -> AsyncEngine:
    engine = create_engine(
        settings.resolved_database_url,
        pool_size=settings.db_pool_size,
        ssl_mode=settings.db_ssl,
        ssl_root_cert=settings.db_ssl_root_cert,
    )
    if engine.dialect.name == "postgresql":  # SQLite opens a connection per use: no pool
        metrics.watch_pool(engine, capacity=2 * settings.db_pool_size)
    return engine


def build_container(settings: Settings) -> Container:
    """A container for ``settings``; ``ConfigurationError`` if they name adapters not built yet."""
    check_production_ready(settings)
    if settings.shape_estimator == "hmr2":
        _check_hmr2_files(settings)
    return Container(settings=settings)
