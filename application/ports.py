"""The ports of the service: what the application needs from the outside world.

Adapters in ``adapters/`` implement them; ``entrypoints/container.py`` chooses which.
Every port has one contract test suite in ``tests/contract`` run against every adapter.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterable, AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from domain.avatar import Avatar, AvatarStatus, AvatarType, AvatarVersion, Visibility
from domain.body_analysis import BodyType
from domain.events import DomainEvent
from domain.measurements import Gender as Gender  # re-exported: part of the ports
from domain.model_file import LodLevel, ModelFile, ModelFormat
from domain.photo import PhotoUpload, ViewType
from domain.photo_checks import BodyHints, ImageFormat, Keypoint, PersonFindings, PhotoLimits


# -- time and identity --------------------------------------------------------------------
class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class IdGenerator(Protocol):
    def new_id(self) -> UUID:
        """A new unique identifier."""
        ...


# -- persistence ----------------------------------------------------------------------------
class SortField(StrEnum):
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class AvatarQuery:
    """A filtered, sorted page of one user's avatars; ``after`` is the keyset of the last row."""

    user_id: UUID
    limit: int = 20
    status: AvatarStatus | None = None
    avatar_type: AvatarType | None = None
    visibility: Visibility | None = None
    tag: str | None = None
    sort: SortField = SortField.CREATED_AT
    descending: bool = True
    after: tuple[datetime | str, UUID] | None = None


@dataclass(frozen=True, slots=True)
class AvatarSummary:
    """What a list shows of an avatar: a read model, cheaper to load than the aggregate."""

    id: UUID
    user_id: UUID
    name: str
    avatar_type: AvatarType
    status: AvatarStatus
    version: int
    visibility: Visibility
    tags: tuple[str, ...]
    body_type: BodyType | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, avatar: Avatar) -> AvatarSummary:
        return cls(
            avatar.id,
            avatar.user_id,
            avatar.name,
            avatar.avatar_type,
            avatar.status,
            avatar.version,
            avatar.visibility,
            avatar.tags,
            avatar.body_type,
            avatar.created_at,
            avatar.updated_at,
        )


@dataclass(frozen=True, slots=True)
class AvatarPage:
    items: list[AvatarSummary]
    has_more: bool


class AvatarRepository(Protocol):
    """Avatars with their measurement profile and body analysis (one aggregate)."""

    async def add(self, avatar: Avatar) -> None:
        """Store a new avatar; raises ``AvatarNameTaken`` if the owner already uses the name."""
        ...

    async def get(self, avatar_id: UUID, *, for_update: bool = False) -> Avatar | None:
        """The avatar, or None. ``for_update`` holds it against concurrent writers until the
        unit of work ends (read-check-write use cases)."""
        ...

    async def lock_owner(self, user_id: UUID) -> None:
        """Serialise, until the unit of work ends, the writers that add avatars for
        ``user_id``, so quota and name checks cannot race."""
        ...

    async def update(self, avatar: Avatar) -> None:
        """Store the avatar's current state (details, status, measurements, analysis)."""
        ...

    async def delete(self, avatar_id: UUID) -> None:
        """Remove the avatar and everything that belongs to it (versions, photos, models)."""
        ...

    async def list(self, query: AvatarQuery) -> AvatarPage:
        """One page of the user's avatars matching ``query``, in its sort order."""
        ...

    async def count_for_user(self, user_id: UUID) -> int:
        """How many avatars ``user_id`` owns."""
        ...

    async def ids_for_user(self, user_id: UUID) -> builtins.list[UUID]:
        """The ids of every avatar ``user_id`` owns, oldest first."""
        ...

    async def name_taken(self, user_id: UUID, name: str, *, excluding: UUID | None = None) -> bool:
        """Whether ``user_id`` has another avatar called ``name``."""
        ...


class AvatarVersionRepository(Protocol):
    async def add(self, version: AvatarVersion) -> None:
        """Append a version; ``ConcurrentModification`` if that number already exists."""
        ...

    async def list_for_avatar(self, avatar_id: UUID) -> list[AvatarVersion]:
        """Every version of the avatar, oldest first."""
        ...

    async def get(self, avatar_id: UUID, version: int) -> AvatarVersion | None:
        """One version, or None."""
        ...


class PhotoRepository(Protocol):
    async def add(self, photo: PhotoUpload) -> None: ...
    async def get(self, photo_id: UUID) -> PhotoUpload | None: ...
    async def update(self, photo: PhotoUpload) -> None: ...
    async def list_for_avatar(self, avatar_id: UUID) -> list[PhotoUpload]:
        """The avatar's photos, oldest first, deleted ones included."""
        ...

    async def keys_in_use(self, candidates: Sequence[str]) -> set[str]:
        """Which of these object keys a photo row that is not deleted points to (original,
        processed, thumbnail, keypoints, mask)."""
        ...

    async def expired(self, now: datetime, limit: int) -> list[PhotoUpload]:
        """Photos not deleted yet whose ``auto_delete_at`` is at or before ``now``, the
        oldest deadline first, at most ``limit``."""
        ...

    async def save_hints(self, avatar_id: UUID, hints: BodyHints) -> None:
        """Keep (replace) what the user said about the body in the avatar's photos."""
        ...

    async def hints_for(self, avatar_id: UUID) -> BodyHints | None:
        """The avatar's body hints, or None if none were given."""
        ...


class ModelFileRepository(Protocol):
    async def add(self, model_file: ModelFile) -> None: ...
    async def get(self, model_file_id: UUID) -> ModelFile | None: ...
    async def delete(self, model_file_id: UUID) -> None: ...
    async def list_for_avatar(self, avatar_id: UUID) -> list[ModelFile]:
        """The avatar's model files, oldest first."""
        ...

    async def keys_in_use(self, candidates: Sequence[str]) -> set[str]:
        """Which of these object keys a model file row points to."""
        ...


class UnitOfWork(Protocol):
    """One transaction over every repository. Leaving the block without ``commit`` rolls back."""

    avatars: AvatarRepository
    versions: AvatarVersionRepository
    photos: PhotoRepository
    model_files: ModelFileRepository
    outbox: Outbox
    processed: ProcessedMessages

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None:
        """Make every change of this unit durable at once."""
        ...

    async def rollback(self) -> None:
        """Discard every change of this unit."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        """A new unit of work. A read-only one may skip the transaction (reads may then see
        commits made between its statements) and refuses ``commit``."""
        ...


class HealthCheck(Protocol):
    async def check(self) -> None:
        """Return if the backing service answers; raise with a reason otherwise."""
        ...


# -- messaging --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ProcessAvatarJob:
    """Background work: bring an avatar in ``processing`` to ``completed`` or ``failed``.

    ``id`` identifies the job across redeliveries and retries, so it is done once in effect.
    """

    id: UUID
    avatar_id: UUID
    # "created", "measurements_updated", "duplicated", "regeneration"; photo avatars:
    # "photos" (preprocess), "photos_measured", "measurements_extract" (measure again)
    reason: str


class Channel(StrEnum):
    EVENTS = "events"  # lifecycle events, for whoever listens
    JOBS = "jobs"  # background work, for the workers


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A message written with the state change that caused it, sent after the commit."""

    id: UUID
    channel: Channel
    key: str  # the avatar id: one avatar's messages stay in order
    type: str  # the CloudEvents type, e.g. com.perfit.avatar.completed.v1
    payload: bytes  # JSON
    occurred_at: datetime
    position: int | None = None  # commit order, assigned by the store


class Outbox(Protocol):
    """Messages stored in the unit of work's transaction: sent if and only if it commits."""

    async def add_events(self, events: Sequence[DomainEvent]) -> None:
        """Store the events, in order, for publication."""
        ...

    async def add_job(self, job: ProcessAvatarJob, now: datetime) -> None:
        """Store a job command for the workers."""
        ...

    async def unsent(self, limit: int) -> list[OutboxMessage]:
        """The oldest messages not yet sent, in the order they were stored."""
        ...

    async def mark_sent(self, message_ids: Sequence[UUID], now: datetime) -> None:
        """Record that these messages reached the broker."""
        ...

    async def pending(self) -> int:
        """How many messages wait to be sent."""
        ...

    async def lead_relay(self) -> bool:
        """Become the only relay until this unit of work ends; False if another one is."""
        ...


class ProcessedMessages(Protocol):
    async def first_time(self, message_id: UUID, now: datetime) -> bool:
        """Record ``message_id`` as handled in this unit of work; False if it already was
        (a redelivery, which must then change nothing)."""
        ...


class MessagePublisher(Protocol):
    async def publish(self, messages: Sequence[OutboxMessage]) -> int:
        """Deliver the messages in order; returns how many of the first ones were delivered
        (the rest, if any, are tried again later)."""
        ...


# -- storage ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BlobInfo:
    key: str
    size: int
    content_type: str
    sha256: str  # hex digest of the content, checked again on every read
    modified_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PresignedUpload:
    """Where and how a client uploads one object directly (spec 6.2)."""

    url: str
    method: str  # "PUT"
    headers: Mapping[str, str]  # to send exactly as given (Content-Type, Content-Length...)
    expires_at: datetime


class BlobNotFound(Exception):
    """No object under that key."""


class BlobCorrupted(Exception):
    """The stored bytes do not match the checksum recorded when they were written."""


class BlobTooLarge(Exception):
    """A streamed upload went over its size limit; nothing was stored."""


class BlobStore(Protocol):
    """Objects (photos, model files, exports) under '/'-separated keys.

    Layout (docs/storage.md): ``users/{user}/avatars/{avatar}/{photos|processed|models|
    exports}/{name}``. Keys that are absolute or climb (``..``) are refused with ValueError.
    """

    async def put(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        """Store ``data`` under ``key`` atomically, replacing what was there."""
        ...

    async def put_stream(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        content_type: str,
        *,
        max_bytes: int | None = None,
    ) -> BlobInfo:
        """Store a stream without holding it in memory; ``BlobTooLarge`` (and nothing stored)
        once it passes ``max_bytes``."""
        ...

    async def get(self, key: str) -> bytes:
        """The object's bytes; ``BlobNotFound``, or ``BlobCorrupted`` if they changed."""
        ...

    def stream(self, key: str, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]:
        """The object in chunks; the checksum is verified at the end (``BlobCorrupted``)."""
        ...

    async def info(self, key: str) -> BlobInfo:
        """Size, type, checksum and time of the object; ``BlobNotFound``."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; removing a missing key is not an error."""
        ...

    async def exists(self, key: str) -> bool: ...

    async def list_objects(self, prefix: str) -> list[BlobInfo]:
        """The objects whose keys start with ``prefix``, sorted by key."""
        ...

    async def download_url(self, key: str, expires_s: int) -> str:
        """A URL that serves the object to anyone holding it, until it expires."""
        ...

    async def upload_url(
        self, key: str, content_type: str, size_bytes: int, expires_s: int
    ) -> PresignedUpload:
        """A signed direct upload of exactly ``size_bytes`` of ``content_type``."""
        ...


# -- photo intake (docs/adr/0020-photo-intake.md) ------------------------------------------
@dataclass(frozen=True, slots=True)
class RgbImage:
    """Decoded pixels: ``height`` rows of ``width`` RGB triples (8 bits each), row-major."""

    width: int
    height: int
    pixels: bytes | bytearray | memoryview


@dataclass(frozen=True, slots=True)
class GrayImage:
    """One 8-bit channel, row-major (a person mask: 255 on the person, 0 elsewhere)."""

    width: int
    height: int
    pixels: bytes | bytearray | memoryview


@dataclass(frozen=True, slots=True)
class CleanImage:
    """A photo that decoded within bounds, re-encoded without any metadata, upright."""

    image_format: ImageFormat  # of ``data``, the bytes to store
    data: bytes
    width: int  # after the EXIF orientation
    height: int
    capture_date: datetime | None  # from EXIF; naive times are taken as UTC
    device_info: str | None  # make and model of the camera, from EXIF
    preview: RgbImage  # the same picture, longer side at most the analysis size
    focal_length_35mm: float | None = None  # the lens, 35 mm-equivalent, from EXIF


class ImageInspector(Protocol):
    """Reads untrusted image files. Every method is CPU-bound and synchronous: run it in a
    worker thread."""

    def sniff(self, head: bytes) -> ImageFormat:
        """The format of a file from its first bytes (magic numbers, never its name);
        ``PhotoRejected`` (format) naming what the file is when it is not an accepted image."""
        ...

    def clean(
        self, data: bytes, image_format: ImageFormat, limits: PhotoLimits, preview_side_px: int
    ) -> CleanImage:
        """Decode within bounds (no bombs, truncation, trailing payloads or broken headers),
        turn upright, check the resolution, read the capture date, device and focal length,
        and re-encode without metadata; ``PhotoRejected`` (decoding or resolution)
        otherwise."""
        ...

    def decode(self, data: bytes, max_side_px: int) -> RgbImage:
        """A photo this inspector cleaned, reduced so its longer side is at most
        ``max_side_px``."""
        ...


@dataclass(frozen=True, slots=True)
class PersonAnalysis:
    findings: PersonFindings
    mask: GrayImage | None  # the person's segmentation, same size as the analysed image


class PersonDetector(Protocol):
    """Finds people, their body landmarks and face, and segments the person."""

    @property
    def name(self) -> str:
        """The models and their version, as recorded with the keypoints."""
        ...

    def detect(self, image: RgbImage, *, with_mask: bool = False) -> PersonAnalysis:
        """People, faces and the main person's keypoints; the mask when asked. Synchronous
        and CPU-bound: run it in a worker thread."""
        ...


@dataclass(frozen=True, slots=True)
class PhotoRenditions:
    processed_png: bytes  # the person on a transparent background (RGBA)
    thumbnail_jpeg: bytes


class PhotoPreprocessor(Protocol):
    """Files made from a photo and its person mask. Synchronous and CPU-bound."""

    def renditions(
        self, image: RgbImage, mask: GrayImage, thumbnail_side_px: int
    ) -> PhotoRenditions:
        """The person cut out with ``mask`` (its background removed) and a thumbnail."""
        ...

    def mask_png(self, mask: GrayImage) -> bytes:
        """The mask as an 8-bit grey PNG (255 on the person)."""
        ...

    def mask_from_png(self, data: bytes) -> GrayImage:
        """A mask stored by ``mask_png``."""
        ...


@dataclass(frozen=True, slots=True)
class ScanResult:
    scanned: bool  # False: no scanner is configured, the file was not examined
    infected: bool
    engine: str  # e.g. "ClamAV 1.4.1/27400", or "none"
    signature: str | None = None  # what was found, when infected


class MalwareScanner(Protocol):
    async def scan(self, data: bytes) -> ScanResult:
        """Examine one uploaded file; raises ``ScannerUnavailable`` if the scanner cannot."""
        ...


class ScannerUnavailable(Exception):
    """The malware scanner did not answer; the upload cannot be accepted now."""


# -- body model, estimation and export ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BodyShape:
    """The parameters of a parametric body model: enough to rebuild the same body.

    ``model_name`` / ``model_version`` name the model (and its data) that reads
    ``parameters``; a shape is only meaningful to the model that made it.
    """

    model_name: str
    model_version: str
    parameters: Mapping[str, float]


class BodyMesh(Protocol):
    """One built body: a rigged, skinned triangle mesh with texture coordinates.

    The geometry itself (arrays) stays in the adapters; the application only needs to pass
    it from the body model to the exporter and to know its size. Convention shared by every
    adapter: metres, Z up, the body facing -Y, its left side on +X, the soles on z = 0.
    """

    @property
    def vertex_count(self) -> int: ...

    @property
    def face_count(self) -> int: ...

    @property
    def bone_count(self) -> int: ...


@dataclass(frozen=True, slots=True)
class FitRequest:
    """Measurements a body should have (cm, kg); any subset with at least the height.

    ``gender`` also says which girth ``chest`` is: the bust of a woman, the chest girth under
    the armpits otherwise (``domain.measurements.chest_girth_for``, ADR 42).
    """

    measurements: Mapping[str, float]
    gender: Gender | None = None


@dataclass(frozen=True, slots=True)
class FittedBody:
    """A body fitted to a request, with every measurement taken on it.

    ``measurements`` holds every measurement the engine takes (cm, kg); ``confidence`` is in
    [0, 1] per measurement: high for a given value the fit matched, lower for a value filled
    from the population, from the spread of its conditional distribution; ``given`` names
    the measurements that came from the request.
    """

    shape: BodyShape
    measurements: Mapping[str, float]
    confidence: Mapping[str, float]
    given: frozenset[str]
    fit_residuals: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MeasurementAnomaly:
    """A measurement that disagrees with the rest of the vector: no human body is like that."""

    name: str
    value: float
    expected: float  # the value the other measurements predict
    spread: float  # one standard deviation of that prediction
    disagrees_with: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ModelReadiness:
    """Whether the body model can serve a request now, or must first build its data."""

    ready: bool
    detail: str


class BodyModel(Protocol):
    """A parametric body model with its measurement engine and population statistics."""

    @property
    def name(self) -> str: ...

    def readiness(self) -> ModelReadiness:
        """Cheap: never builds anything."""
        ...

    async def warm_up(self) -> None:
        """Build or load the model's data now, so no request waits for it later."""
        ...

    async def fit(self, request: FitRequest) -> FittedBody:
        """A body whose measurements match the request; the missing ones from the population."""
        ...

    async def build(self, shape: BodyShape) -> BodyMesh:
        """The body of ``shape``, in the measurement stance."""
        ...

    async def measure(self, shape: BodyShape, gender: Gender | None = None) -> Mapping[str, float]:
        """Every measurement (cm, kg) taken on the body of ``shape``; ``gender`` says which
        girth ``chest`` is (``domain.measurements.chest_girth_for``)."""
        ...

    async def anomalies(
        self, measurements: Mapping[str, float], gender: Gender | None = None
    ) -> Sequence[MeasurementAnomaly]:
        """The measurements of the vector that no body of the population would have together."""
        ...


@dataclass(frozen=True, slots=True)
class ShapeEstimate:
    shape: BodyShape
    measurements: Mapping[str, float]
    confidence: Mapping[str, float]
    metadata: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProcessedView:
    """One processed photo as the measurement step reads it (docs/storage.md): the person
    mask and keypoints the photo intake stored, at the analysed picture's size."""

    view_type: ViewType
    mask: GrayImage  # the person's segmentation, 0 (background) to 255 (person)
    keypoints: Sequence[Keypoint]  # x, y as fractions of the analysed picture
    focal_length_px: float | None = None  # in pixels of the analysed picture, from EXIF
    image: RgbImage | None = None  # the photo itself, for estimators that read pixels


class EstimationProgress(Protocol):
    def __call__(self, stage: str, progress: float) -> None:
        """``stage``: photo_processing, measurement_extraction or model_generation;
        ``progress`` in [0, 1] within the stage."""
        ...


class ShapeEstimator(Protocol):
    async def estimate(
        self,
        views: Sequence[ProcessedView],
        hints: BodyHints,
        progress: EstimationProgress | None = None,
    ) -> ShapeEstimate:
        """A body, every measurement and its confidence from a front and a side view and
        the optional height and weight. The chest is the one of ``hints.gender``
        (``domain.measurements.chest_girth_for``). Raises ``PhotoMeasurementFailed`` (with a
        reason a user can act on, and whether a new photo would help) when the views cannot
        be measured."""
        ...


@dataclass(frozen=True, slots=True)
class Appearance:
    """How the avatar looks beyond its shape."""

    skin_tone: str = "#c8a58c"  # sRGB hex, the material's base colour


@dataclass(frozen=True, slots=True)
class ExportedModel:
    data: bytes
    content_type: str
    file_extension: str
    vertex_count: int
    face_count: int
    texture_count: int


class MeshExporter(Protocol):
    async def export(
        self,
        mesh: BodyMesh,
        model_format: ModelFormat,
        lod_level: LodLevel,
        appearance: Appearance,
    ) -> ExportedModel:
        """The body as one file of ``model_format`` at ``lod_level``."""
        ...
