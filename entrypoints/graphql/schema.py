"""The GraphQL schema of spec 4.3: queries, mutations and the processing subscription.

Resolvers call the application's use cases, as the REST handlers do, with the same viewer
(the API's JWT), so the same rules apply; a use case's error becomes a GraphQL error whose
message is REST's problem detail and whose ``extensions.code`` names its kind (NOT_FOUND,
INVALID_VALUE, NAME_TAKEN, ...). Avatars are loaded through a DataLoader: a page of 100
avatars with their measurements, analysis and models is one batched read.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncGenerator, Awaitable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import strawberry
from graphql import GraphQLError
from strawberry.dataloader import DataLoader
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.file_uploads import Upload
from strawberry.types import Info

from application.create_avatar import CreateAvatar, CreateAvatarCommand
from application.live_updates import FellBehind, LiveUpdates
from application.manage_avatar import (
    DeleteAvatar,
    DuplicateAvatar,
    UpdateAvatar,
    UpdateAvatarCommand,
)
from application.measurements import UpdateMeasurements, UpdateMeasurementsCommand
from application.model_files import GenerateAvatarModels
from application.photo_intake import IncomingPhoto, ListPhotos, PhotosRejected, UploadPhotos
from application.ports import AvatarQuery, AvatarUpdate, SortField, UpdateKind
from application.query_avatars import AvatarDetails, GetAvatars, ListAvatars
from application.versions import ListVersions
from domain.access import Viewer
from domain.avatar import AvatarStatus as DomainStatus
from domain.avatar import AvatarType as DomainType
from domain.avatar import Visibility as DomainVisibility
from domain.errors import DomainError
from domain.measurements import Gender as DomainGender
from domain.model_file import LodLevel as DomainLevel
from domain.model_file import ModelFormat as DomainFormat
from domain.model_file import main_model
from domain.photo import ViewType as DomainView
from domain.processing import stage_message
from domain.units import MeasurementUnit as DomainUnit
from entrypoints.graphql.types import (
    AvatarProcessingUpdate,
    AvatarStatus,
    AvatarType,
    AvatarVersion,
    BodyAnalysis,
    Gender,
    LodLevel,
    MeasurementProfile,
    MeasurementUnit,
    ModelFile,
    PhotoUpload,
    Processing,
    ViewType,
    Visibility,
)
from entrypoints.http import schemas
from entrypoints.http.auth import InvalidToken, TokenVerifier
from entrypoints.http.problems import DOMAIN_PROBLEMS, PHOTO_CHECK_STATUS

MAX_DEPTH = 8
MAX_TOKENS = 2000
MAX_ALIASES = 30
MAX_PAGE = 100

T = TypeVar("T")


@dataclasses.dataclass(frozen=True, slots=True)
class Services:
    """What the resolvers call: the container's use cases, the token verifier, the hub."""

    verifier: TokenVerifier
    get_avatars: GetAvatars
    list_avatars: ListAvatars
    list_versions: ListVersions
    list_photos: ListPhotos
    upload_photos: UploadPhotos
    max_photo_bytes: int
    create_avatar: CreateAvatar
    update_avatar: UpdateAvatar
    delete_avatar: DeleteAvatar
    update_measurements: UpdateMeasurements
    duplicate_avatar: DuplicateAvatar
    generate_avatar_models: GenerateAvatarModels
    live_updates: LiveUpdates


# -- errors, the viewer, the loaders ----------------------------------------------------------
def graphql_error(error: DomainError) -> GraphQLError:
    """The use case's error as REST would say it: the detail, and its kind as the code."""
    if isinstance(error, PhotosRejected):  # REST: photo-<check>, one entry per photo
        return GraphQLError(
            error.message,
            extensions={
                "code": f"PHOTO_{error.check.value.upper()}",
                "status": PHOTO_CHECK_STATUS[error.check],
                "field": error.field,
                "errors": [
                    {"field": r.field, "message": f"{r.label}: {r.rejection.reason}"}
                    for r in error.rejections
                ],
            },
        )
    for kind_of_error, status, kind, _ in DOMAIN_PROBLEMS:
        if isinstance(error, kind_of_error):
            extensions: dict[str, Any] = {
                "code": kind.upper().replace("-", "_"),
                "status": status,
            }
            if error.field:
                extensions["field"] = error.field
            return GraphQLError(error.message, extensions=extensions)
    raise AssertionError("DomainError is the last entry")  # pragma: no cover


async def calling(awaitable: Awaitable[T]) -> T:
    try:
        return await awaitable
    except DomainError as error:
        raise graphql_error(error) from None


def unauthenticated(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "UNAUTHENTICATED", "status": 401})


def services_of(info: Info[Any, Any]) -> Services:
    services: Services = info.context["services"]
    return services


def viewer_of(info: Info[Any, Any]) -> Viewer:
    """The caller: the socket's (checked at connection_init) or the request's bearer token."""
    context = info.context
    viewer: Viewer | None = context.get("viewer")
    if viewer is not None:
        expires_at: float | None = context.get("expires_at")  # a socket's token
        if expires_at is not None and expires_at <= time.time():
            raise unauthenticated("the token has expired: reconnect with a fresh token")
        return viewer
    request = context.get("request")
    header = request.headers.get("authorization") if request is not None else None
    if not header:
        raise unauthenticated("send an 'Authorization: Bearer <token>' header")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthenticated("the Authorization header must be 'Bearer <token>'")
    try:
        viewer = services_of(info).verifier.verify(token.strip())
    except InvalidToken as error:
        raise unauthenticated(str(error)) from None
    context["viewer"] = viewer
    return viewer


def avatar_loader(info: Info[Any, Any]) -> DataLoader[UUID, AvatarDetails | None]:
    """One loader per request: every avatar the query asks for is read in one batch."""
    context = info.context
    loader: DataLoader[UUID, AvatarDetails | None] | None = context.get("avatar_loader")
    if loader is None:
        viewer, get_avatars = viewer_of(info), services_of(info).get_avatars

        async def load(ids: list[UUID]) -> Sequence[AvatarDetails | None]:
            found = await get_avatars(viewer, ids)
            return [found.get(avatar_id) for avatar_id in ids]

        loader = DataLoader(load_fn=load)
        context["avatar_loader"] = loader
    return loader


def uuid_of(value: strawberry.ID, field: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise GraphQLError(
            f"{field} must be a UUID", extensions={"code": "INVALID_VALUE", "field": field}
        ) from None


# -- the avatar -------------------------------------------------------------------------------
@strawberry.type
class Avatar:
    id: strawberry.ID
    user_id: strawberry.ID
    name: str
    description: str | None
    avatar_type: AvatarType
    status: AvatarStatus
    created_at: datetime
    updated_at: datetime
    version: int
    visibility: Visibility
    allow_export: bool
    tags: list[str]
    skin_tone: str | None
    measurements: MeasurementProfile | None
    body_analysis: BodyAnalysis | None
    models: list[ModelFile]
    processing: Processing | None
    processing_time: float | None
    job_id: strawberry.ID | None
    parent_avatar_id: strawberry.Private[UUID | None]

    @strawberry.field
    async def parent_avatar(self, info: Info[Any, Any]) -> Avatar | None:
        if self.parent_avatar_id is None:
            return None
        details = await avatar_loader(info).load(self.parent_avatar_id)
        return Avatar.of(details) if details else None

    @strawberry.field(description="Every version, oldest first (read per avatar).")
    async def versions(self, info: Info[Any, Any]) -> list[AvatarVersion]:
        found = await calling(services_of(info).list_versions(viewer_of(info), UUID(str(self.id))))
        return [AvatarVersion.of(v) for v in found]

    @strawberry.field(description="The photos, to their owner (read per avatar).")
    async def photos(self, info: Info[Any, Any]) -> list[PhotoUpload]:
        found = await calling(services_of(info).list_photos(viewer_of(info), UUID(str(self.id))))
        return [PhotoUpload.of(p) for p in found]

    @classmethod
    def of(cls, details: AvatarDetails) -> Avatar:
        body = schemas.details_body(details)
        return cls(
            id=strawberry.ID(str(body.id)),
            user_id=strawberry.ID(str(body.user_id)),
            name=body.name,
            description=body.description,
            avatar_type=AvatarType(body.avatar_type),
            status=AvatarStatus(body.status),
            created_at=body.created_at,
            updated_at=body.updated_at,
            version=body.version,
            visibility=Visibility(body.visibility),
            allow_export=body.allow_export,
            tags=list(body.tags),
            skin_tone=body.skin_tone,
            measurements=MeasurementProfile.of(body.measurements) if body.measurements else None,
            body_analysis=BodyAnalysis.of(body.body_analysis) if body.body_analysis else None,
            models=[ModelFile.of(m) for m in body.models],
            processing=Processing(
                stage=body.processing.stage,
                progress=body.processing.progress,
                message=body.processing.message,
                started_at=body.processing.started_at,
            )
            if body.processing
            else None,
            processing_time=body.processing_time,
            job_id=strawberry.ID(str(body.job_id)) if body.job_id else None,
            parent_avatar_id=body.parent_avatar_id,
        )


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class AvatarConnection:
    items: list[Avatar]
    page_info: PageInfo


@strawberry.input
class AvatarFilter:
    status: AvatarStatus | None = None
    avatar_type: AvatarType | None = None
    visibility: Visibility | None = None
    tag: str | None = None


@strawberry.input
class Pagination:
    limit: int = 20
    cursor: str | None = None
    sort: str = strawberry.field(
        default="-createdAt", description="createdAt, updatedAt or name; '-' for descending"
    )


@strawberry.input
class MeasurementInput:
    """Measurements in ``unit`` (metric: cm and kg; imperial: in and lb)."""

    height: float | None = None
    weight: float | None = None
    chest: float | None = None
    waist: float | None = None
    hips: float | None = None
    shoulder_width: float | None = None
    arm_length: float | None = None
    inseam: float | None = None
    neck_circumference: float | None = None
    bicep: float | None = None
    forearm: float | None = None
    thigh: float | None = None
    calf: float | None = None
    wrist: float | None = None
    ankle: float | None = None
    unit: MeasurementUnit | None = None

    def given(self) -> dict[str, float]:
        """The measurements present, by their API names (camelCase, as REST)."""
        values = {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)
            if field.name != "unit"
        }
        return {_camel(name): v for name, v in values.items() if v is not None}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@strawberry.input
class CreateAvatarInput:
    name: str
    avatar_type: AvatarType
    measurements: MeasurementInput | None = None
    preset_id: str | None = None
    description: str | None = None
    visibility: Visibility = Visibility.PRIVATE
    allow_export: bool = True
    allow_ai_training: bool = False
    tags: list[str] = strawberry.field(default_factory=list)
    gender: Gender | None = None
    skin_tone: str | None = None
    auto_process: bool = True


@strawberry.input
class UpdateAvatarInput:
    name: str | None = None
    description: str | None = None
    visibility: Visibility | None = None
    allow_export: bool | None = None
    allow_ai_training: bool | None = None
    tags: list[str] | None = None
    shared_with: list[strawberry.ID] | None = None


@strawberry.input
class PhotoUploadInput:
    """One photo (the GraphQL multipart request spec's file) and the view it shows."""

    file: Upload
    view_type: ViewType


MAX_PHOTOS_PER_UPLOAD = 10


async def submitted_photos(photos: list[PhotoUploadInput], max_bytes: int) -> list[IncomingPhoto]:
    """The uploads as the photo checks take them; each is read up to one byte over the
    limit, so the size check refuses it without holding more."""
    if len(photos) > MAX_PHOTOS_PER_UPLOAD:
        raise GraphQLError(
            f"at most {MAX_PHOTOS_PER_UPLOAD} photos per upload",
            extensions={"code": "INVALID_VALUE", "field": "photos"},
        )
    submitted = []
    for index, photo in enumerate(photos):
        upload: Any = photo.file
        if not hasattr(upload, "read"):
            raise GraphQLError(
                f"photos[{index}].file is not a file of the multipart request",
                extensions={"code": "INVALID_VALUE", "field": f"photos[{index}].file"},
            )
        data = await upload.read(max_bytes + 1)
        name = str(getattr(upload, "filename", None) or f"photo-{index}")
        submitted.append(
            IncomingPhoto(f"photos[{index}]", DomainView(photo.view_type.value), name, data)
        )
    return submitted


SORTS = {f"{p}{f.value}": (f, p == "-") for f in SortField for p in ("", "-")}


@strawberry.type
class Query:
    @strawberry.field
    async def avatar(self, info: Info[Any, Any], id: strawberry.ID) -> Avatar | None:
        details = await avatar_loader(info).load(uuid_of(id, "id"))
        return Avatar.of(details) if details else None

    @strawberry.field
    async def avatars(
        self,
        info: Info[Any, Any],
        filter: AvatarFilter | None = None,
        pagination: Pagination | None = None,
    ) -> AvatarConnection:
        wanted, page = filter or AvatarFilter(), pagination or Pagination()
        if page.sort not in SORTS:
            raise GraphQLError(
                f"sort must be one of {', '.join(sorted(SORTS))}",
                extensions={"code": "INVALID_VALUE", "field": "pagination.sort"},
            )
        sort, descending = SORTS[page.sort]
        query = AvatarQuery(
            limit=page.limit,
            status=DomainStatus(wanted.status.value) if wanted.status else None,
            avatar_type=DomainType(wanted.avatar_type.value) if wanted.avatar_type else None,
            visibility=DomainVisibility(wanted.visibility.value) if wanted.visibility else None,
            tag=wanted.tag,
            sort=sort,
            descending=descending,
        )
        found = await calling(
            services_of(info).list_avatars(viewer_of(info), query, cursor=page.cursor)
        )
        details = await avatar_loader(info).load_many([s.id for s in found.items])
        return AvatarConnection(
            items=[Avatar.of(d) for d in details if d is not None],
            page_info=PageInfo(
                has_next_page=found.next_cursor is not None, end_cursor=found.next_cursor
            ),
        )

    @strawberry.field
    async def avatar_versions(
        self, info: Info[Any, Any], avatar_id: strawberry.ID
    ) -> list[AvatarVersion]:
        found = await calling(
            services_of(info).list_versions(viewer_of(info), uuid_of(avatar_id, "avatarId"))
        )
        return [AvatarVersion.of(v) for v in found]


async def _reloaded(info: Info[Any, Any], avatar_id: UUID) -> Avatar:
    details = await services_of(info).get_avatars(viewer_of(info), [avatar_id])
    return Avatar.of(details[avatar_id])


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_avatar(self, info: Info[Any, Any], input: CreateAvatarInput) -> Avatar:
        measurements = input.measurements
        unit = measurements.unit if measurements and measurements.unit else MeasurementUnit.METRIC
        avatar = await calling(
            services_of(info).create_avatar(
                CreateAvatarCommand(
                    viewer=viewer_of(info),
                    name=input.name,
                    avatar_type=DomainType(input.avatar_type.value),
                    measurements=measurements.given() if measurements else None,
                    unit=DomainUnit(unit.value),
                    preset_id=input.preset_id,
                    description=input.description,
                    visibility=DomainVisibility(input.visibility.value),
                    allow_export=input.allow_export,
                    allow_ai_training=input.allow_ai_training,
                    tags=tuple(input.tags),
                    shared_with=(),
                    auto_process=input.auto_process,
                    gender=DomainGender(input.gender.value) if input.gender else None,
                    skin_tone=input.skin_tone,
                    hints=None,
                )
            )
        )
        return await _reloaded(info, avatar.id)

    @strawberry.mutation
    async def update_avatar(
        self, info: Info[Any, Any], id: strawberry.ID, input: UpdateAvatarInput
    ) -> Avatar:
        shared = input.shared_with
        avatar = await calling(
            services_of(info).update_avatar(
                UpdateAvatarCommand(
                    viewer=viewer_of(info),
                    avatar_id=uuid_of(id, "id"),
                    name=input.name,
                    description=input.description,
                    visibility=DomainVisibility(input.visibility.value)
                    if input.visibility
                    else None,
                    allow_export=input.allow_export,
                    allow_ai_training=input.allow_ai_training,
                    tags=tuple(input.tags) if input.tags is not None else None,
                    shared_with=tuple(uuid_of(u, "sharedWith") for u in shared)
                    if shared is not None
                    else None,
                )
            )
        )
        return await _reloaded(info, avatar.id)

    @strawberry.mutation
    async def delete_avatar(self, info: Info[Any, Any], id: strawberry.ID) -> bool:
        await calling(services_of(info).delete_avatar(viewer_of(info), uuid_of(id, "id")))
        return True

    @strawberry.mutation(
        description="Photos by the GraphQL multipart request spec, checked as REST's are "
        "(nothing of any is stored when one fails) and queued for processing."
    )
    async def upload_photos(
        self, info: Info[Any, Any], avatar_id: strawberry.ID, photos: list[PhotoUploadInput]
    ) -> list[PhotoUpload]:
        services = services_of(info)
        submitted = await submitted_photos(photos, services.max_photo_bytes)
        stored = await calling(
            services.upload_photos(viewer_of(info), uuid_of(avatar_id, "avatarId"), submitted)
        )
        return [PhotoUpload.of(p) for p in stored]

    @strawberry.mutation(description="A new version; the model is generated again.")
    async def update_measurements(
        self, info: Info[Any, Any], avatar_id: strawberry.ID, measurements: MeasurementInput
    ) -> MeasurementProfile:
        avatar = await calling(
            services_of(info).update_measurements(
                UpdateMeasurementsCommand(
                    viewer=viewer_of(info),
                    avatar_id=uuid_of(avatar_id, "avatarId"),
                    measurements=measurements.given(),
                    unit=DomainUnit(measurements.unit.value) if measurements.unit else None,
                    regenerate_model=True,
                    change_description=None,
                )
            )
        )
        assert avatar.measurements is not None
        return MeasurementProfile.of(schemas.measurements_body(avatar.measurements))

    @strawberry.mutation(description="Generate the GLB at lodLevel (default high) now.")
    async def regenerate_model(
        self, info: Info[Any, Any], avatar_id: strawberry.ID, lod_level: LodLevel | None = None
    ) -> ModelFile:
        files = await calling(
            services_of(info).generate_avatar_models(
                viewer_of(info),
                uuid_of(avatar_id, "avatarId"),
                formats=[DomainFormat.GLB],
                levels=[DomainLevel((lod_level or LodLevel.HIGH).value)],
                skin_tone=None,
            )
        )
        return ModelFile.of(schemas.model_file_body(main_model(files)))

    @strawberry.mutation
    async def duplicate_avatar(self, info: Info[Any, Any], id: strawberry.ID, name: str) -> Avatar:
        copy = await calling(
            services_of(info).duplicate_avatar(viewer_of(info), uuid_of(id, "id"), name)
        )
        return await _reloaded(info, copy.id)


def processing_update(update: AvatarUpdate, avatar: Avatar | None) -> AvatarProcessingUpdate:
    status = {
        UpdateKind.PROCESSING: AvatarStatus.PROCESSING,
        UpdateKind.COMPLETED: AvatarStatus.COMPLETED,
        UpdateKind.FAILED: AvatarStatus.FAILED,
    }[update.kind]
    stage = update.stage or "queued" if update.kind is UpdateKind.PROCESSING else None
    return AvatarProcessingUpdate(
        event_id=update.event_id,
        avatar_id=strawberry.ID(str(update.avatar_id)),
        status=status,
        stage=stage,
        progress=update.progress,
        message=stage_message(stage) if stage else None,
        processing_time=update.processing_time_s,
        error=update.error,
        retryable=update.retryable,
        avatar=avatar,
    )


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Spec 4.4's messages for one avatar the caller may read, until it is "
        "completed or failed."
    )
    async def avatar_processing_status(
        self, info: Info[Any, Any], avatar_id: strawberry.ID
    ) -> AsyncGenerator[AvatarProcessingUpdate, None]:
        wanted = uuid_of(avatar_id, "avatarId")
        viewer, services = viewer_of(info), services_of(info)
        watcher = services.live_updates.watcher()
        watcher.watch(wanted)  # first, so nothing between the read and the watch is lost
        try:
            found = await services.get_avatars(viewer, [wanted])
            if wanted not in found:
                raise GraphQLError(
                    f"avatar {wanted} not found",
                    extensions={"code": "NOT_FOUND", "status": 404, "field": "avatarId"},
                )
            while True:
                try:
                    update = await watcher.next()
                except FellBehind as error:
                    raise GraphQLError(str(error), extensions={"code": "RESYNC"}) from None
                avatar = None
                if update.kind is UpdateKind.COMPLETED:
                    loaded = await services.get_avatars(viewer, [wanted])
                    avatar = Avatar.of(loaded[wanted]) if wanted in loaded else None
                yield processing_update(update, avatar)
                if update.kind is not UpdateKind.PROCESSING:
                    return
        finally:
            watcher.close()


class _DepthLimit(QueryDepthLimiter):
    def __init__(self) -> None:
        super().__init__(max_depth=MAX_DEPTH)


class _TokenLimit(MaxTokensLimiter):
    def __init__(self) -> None:
        super().__init__(max_token_count=MAX_TOKENS)


class _AliasLimit(MaxAliasesLimiter):
    def __init__(self) -> None:
        super().__init__(max_alias_count=MAX_ALIASES)


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    # Classes, so each request gets extensions of its own (strawberry deprecates shared
    # instances); the limits are the classes' own arguments.
    extensions=[_DepthLimit, _TokenLimit, _AliasLimit],
)
