"""The ports of the service: what the application needs from the outside world, one module a
concern.

Adapters in ``adapters/`` implement them; ``entrypoints/container.py`` chooses which.
Every port has one contract test suite in ``tests/contract`` run against every adapter.
Every name of every module is re-exported here: ``from application.ports import BlobStore``.
"""

from application.ports.body import (
    BodyMesh,
    BodyModel,
    BodyShape,
    FitRequest,
    FittedBody,
    Gender,
    MeasurementAnomaly,
    ModelReadiness,
)
from application.ports.capabilities import (
    Closeable,
    ReadsPhotoPixels,
    ReportsInference,
    WarmsUp,
    inference_of,
    reads_photo_pixels,
)
from application.ports.clock_and_ids import Clock, IdGenerator
from application.ports.dead_letters import DeadLetter, DeadLetterQueue
from application.ports.encryption import (
    ClearRows,
    DataKeyRepository,
    Envelope,
    KeyNotInRing,
    SealBroken,
    WrappedDataKey,
)
from application.ports.estimation import (
    EstimationProgress,
    ProcessedView,
    ShapeEstimate,
    ShapeEstimator,
)
from application.ports.export import Appearance, ExportedModel, MeshExporter
from application.ports.imaging import (
    CleanImage,
    GrayImage,
    ImageInspector,
    PersonAnalysis,
    PersonDetector,
    PhotoPreprocessor,
    PhotoRenditions,
    RgbImage,
)
from application.ports.keypoints import KeypointsFormat, PhotoKeypoints
from application.ports.live import AvatarUpdate, LiveFeed, UpdateKind, UpdateSink
from application.ports.messaging import (
    Channel,
    MessagePublisher,
    Outbox,
    OutboxMessage,
    ProcessAvatarJob,
    ProcessedMessages,
)
from application.ports.persistence import (
    AvatarPage,
    AvatarQuery,
    AvatarRepository,
    AvatarSummary,
    AvatarVersionRepository,
    HealthCheck,
    Keyset,
    ModelFileRepository,
    PhotoRepository,
    Repository,
    SortField,
    UnitOfWork,
    UnitOfWorkFactory,
)
from application.ports.privacy import AuditLog, ConsentRepository
from application.ports.rate_limits import CounterUnavailable, RequestCounter
from application.ports.scanning import MalwareScanner, ScannerUnavailable, ScanResult
from application.ports.sizing import FitRepository, SizeChartRepository, SizeChartSource
from application.ports.storage import (
    BlobCorrupted,
    BlobInfo,
    BlobNotFound,
    BlobStore,
    BlobTooLarge,
    InvalidKey,
    PresignedUpload,
)

__all__ = [
    "Appearance",
    "AuditLog",
    "AvatarPage",
    "AvatarQuery",
    "AvatarRepository",
    "AvatarSummary",
    "AvatarUpdate",
    "AvatarVersionRepository",
    "BlobCorrupted",
    "BlobInfo",
    "BlobNotFound",
    "BlobStore",
    "BlobTooLarge",
    "BodyMesh",
    "BodyModel",
    "BodyShape",
    "Channel",
    "CleanImage",
    "ClearRows",
    "Clock",
    "Closeable",
    "ConsentRepository",
    "CounterUnavailable",
    "DataKeyRepository",
    "DeadLetter",
    "DeadLetterQueue",
    "Envelope",
    "EstimationProgress",
    "ExportedModel",
    "FitRepository",
    "FitRequest",
    "FittedBody",
    "Gender",
    "GrayImage",
    "HealthCheck",
    "IdGenerator",
    "ImageInspector",
    "InvalidKey",
    "KeyNotInRing",
    "KeypointsFormat",
    "Keyset",
    "LiveFeed",
    "MalwareScanner",
    "MeasurementAnomaly",
    "MeshExporter",
    "MessagePublisher",
    "ModelFileRepository",
    "ModelReadiness",
    "Outbox",
    "OutboxMessage",
    "PersonAnalysis",
    "PersonDetector",
    "PhotoKeypoints",
    "PhotoPreprocessor",
    "PhotoRenditions",
    "PhotoRepository",
    "PresignedUpload",
    "ProcessAvatarJob",
    "ProcessedMessages",
    "ProcessedView",
    "ReadsPhotoPixels",
    "ReportsInference",
    "Repository",
    "RequestCounter",
    "RgbImage",
    "ScanResult",
    "ScannerUnavailable",
    "SealBroken",
    "ShapeEstimate",
    "ShapeEstimator",
    "SizeChartRepository",
    "SizeChartSource",
    "SortField",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UpdateKind",
    "UpdateSink",
    "WarmsUp",
    "WrappedDataKey",
    "inference_of",
    "reads_photo_pixels",
]
